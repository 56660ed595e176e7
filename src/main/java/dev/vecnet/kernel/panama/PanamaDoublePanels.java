// GENERATED from PanamaFloatPanels.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.panama;

import dev.vecnet.kernel.simd.PanamaSpecies;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rows times a packed matrix (see {@link dev.vecnet.kernel.PackedDoubleMatrix}): y = x·B one row of x at a time, for
 * inference and the training run's evaluation. B's panels live in 64-byte aligned native memory, so
 * every vector load of a panel row lies in one cache line. Wide panels skip the zeros of x (an image
 * on a blank background is mostly zeros): the positions of a row's nonzeros are listed first, then
 * each listed row of B is added into a panel's worth of accumulators, in ascending order, as a dense
 * loop would. Narrow panels (a few columns, like a classifier's outputs) run dense.
 */
public final class PanamaDoublePanels {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Bytes of one vector. */
    private static final long V = (long) L * Double.BYTES;
    /** Panel widths: 8 vectors (eight FMA chains); 2 for a few columns; 4 and 7 for 3-4 and 5-7 vectors of columns. */
    static final int WIDE = 8 * L, NARROW = 2 * L, FOUR = 4 * L, SEVEN = 7 * L;
    /** int lanes matching the double lanes, for listing nonzeros by vector compress. */
    private static final VectorSpecies<Integer> INDEX = VectorSpecies.of(int.class, VectorShape.forBitSize(L * Integer.SIZE));
    /**
     * Lists nonzeros by compress (one instruction per vector with AVX-512), or else by the byte table
     * of {@link PanamaNonzeros} (AVX2 has no compress; the Vector API would run it in Java). Both
     * give the same list.
     */
    private static final boolean COMPRESS = S.vectorBitSize() >= 512
            && VectorShape.preferredShape().vectorBitSize() >= 512;
    private static final int[] IOTA = java.util.stream.IntStream.range(0, L).toArray();
    /**
     * Rows of x taken together over the union of their nonzeros by the 4-vector panel, where there are
     * registers for four rows' accumulators (16) besides the panel row's four vectors.
     */
    static final boolean GROUPS = COMPRESS && PanamaSpecies.REGISTERS >= 32;
    /**
     * Rows of B per slab when several rows of x meet a wide panel of more rows: 64 KB of panel (128 rows
     * of 8 vectors at 512 bits), which the rows of x read in turn from the near caches instead of the
     * whole panel each from L2; the sizes measured are in docs/design-notes.md ("Inference: skipping
     * zeros").
     */
    static final int SLAB = Math.max(16, 64 * 1024 / (WIDE * Double.BYTES));
    /** Rows of x taken through the slabs together (their nonzero lists and accumulators in scratch). */
    static final int SLAB_ROWS = 32;

    private PanamaDoublePanels() {}

    /** Columns per panel of a packed n-column matrix: padding columns cost loads and FMAs like real ones. */
    static int panelWidth(int n) {
        int vectors = (n + L - 1) / L;
        return vectors <= 2 ? NARROW : vectors <= 4 ? FOUR : vectors <= 7 ? SEVEN : WIDE;
    }

    /** y rows = x rows·B, for {@code rows} rows of x (ldx apart) into rows of y (ldy apart). */
    static void rowsTimes(int rows, int k, int n, double[] x, int xOff, int ldx, MemorySegment packed, int panelWidth,
                          double[] y, int yOff, int ldy) {
        double[] out = PanamaDoubleScratch.panel();
        if (panelWidth == NARROW) {
            int i = 0;
            for (; i <= rows - 4; i += 4) { // four rows share each load of the panel
                denseRowsTimesNarrowPanel(k, x, xOff + i * ldx, ldx, packed, out);
                for (int r = 0; r < 4; r++) {
                    System.arraycopy(out, r * NARROW, y, yOff + (i + r) * ldy, n);
                }
            }
            for (; i < rows; i++) {
                denseRowTimesNarrowPanel(k, x, xOff + i * ldx, packed, out);
                System.arraycopy(out, 0, y, yOff + i * ldy, n);
            }
            return;
        }
        long panelBytes = (long) k * panelWidth * Double.BYTES;
        int i = 0;
        if (panelWidth == WIDE && k > SLAB) {
            for (; i <= rows - 2; i += SLAB_ROWS) {
                int group = Math.min(SLAB_ROWS, rows - i);
                rowsTimesWidePanelsBySlab(group, k, n, x, xOff + i * ldx, ldx, packed, panelBytes, y, yOff + i * ldy, ldy);
            }
            i = Math.min(i, rows);
        }
        int[] list = PanamaDoubleScratch.nonzeros(k + 2 * WIDE);
        if (GROUPS && panelWidth == FOUR) {
            double[] group = PanamaDoubleScratch.row(4 * FOUR);
            for (; i <= rows - 4; i += 4) {
                int xi = xOff + i * ldx, count = unionOfFour(x, xi, ldx, k, list);
                long base = 0;
                for (int col = 0; col < n; base += panelBytes, col += FOUR) {
                    sparseRowGroupTimesFourVectorPanel(count, list, x, xi, ldx, packed, base, group);
                    int w = Math.min(FOUR, n - col);
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(group, r * FOUR, y, yOff + (i + r) * ldy + col, w);
                    }
                }
            }
        }
        for (; i < rows; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            int count = nonzeroRows(x, xi, xi + k, list);
            long base = 0;
            for (int col = 0; col < n; base += panelBytes, col += panelWidth) {
                if (panelWidth == FOUR) {
                    sparseRowTimesFourVectorPanel(count, list, x, xi, packed, base, out);
                } else if (panelWidth == SEVEN) {
                    sparseRowTimesSevenVectorPanel(count, list, x, xi, packed, base, out);
                } else {
                    java.util.Arrays.fill(out, 0, WIDE, 0.0);
                    wideSlab(list, 0, count, Integer.MAX_VALUE, x, xi, packed, base, out, 0); // the whole panel as one slab
                }
                System.arraycopy(out, 0, y, yi + col, Math.min(panelWidth, n - col));
            }
        }
    }

    /**
     * {@code rows} rows of x through wide panels, a slab of {@link #SLAB} rows of B at a time: for each
     * slab, every row's nonzeros in it, each row's eight accumulators carried over in scratch between
     * slabs. Each element is still one FMA chain over its row's nonzeros in ascending order, from
     * zero: the bits of one row through the whole panel as a single slab.
     */
    private static void rowsTimesWidePanelsBySlab(int rows, int k, int n, double[] x, int xOff, int ldx, MemorySegment packed,
                                                  long panelBytes, double[] y, int yOff, int ldy) {
        int stride = k + 2 * WIDE;
        int[] lists = PanamaDoubleScratch.nonzeros(rows * stride + 2 * rows);
        int ends = rows * stride, at = ends + rows;
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            lists[ends + r] = r * stride + nonzeroRows(x, xi, xi + k, lists, r * stride);
        }
        double[] acc = PanamaDoubleScratch.block(rows * WIDE);
        long base = 0;
        for (int col = 0; col < n; base += panelBytes, col += WIDE) {
            for (int r = 0; r < rows; r++) {
                lists[at + r] = r * stride;
            }
            java.util.Arrays.fill(acc, 0, rows * WIDE, 0.0);
            for (int k0 = 0; k0 < k; k0 += SLAB) {
                int k1 = Math.min(k, k0 + SLAB);
                for (int r = 0; r < rows; r++) {
                    lists[at + r] = wideSlab(lists, lists[at + r], lists[ends + r], k1, x, xOff + r * ldx, packed, base, acc,
                            r * WIDE);
                }
            }
            int w = Math.min(WIDE, n - col);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(acc, r * WIDE, y, yOff + r * ldy + col, w);
            }
        }
    }

    /**
     * One row's listed nonzeros below {@code k1}, from list[at] (before {@code end}), through an
     * 8-vector panel into its eight accumulators acc[accOff..) (zeros before the first slab): eight
     * independent FMA chains, one load per FMA. Returns where the row's list goes on. A single row
     * takes the whole panel as one slab.
     */
    private static int wideSlab(int[] list, int at, int end, int k1, double[] x, int xOff, MemorySegment packed,
                                long base, double[] acc, int accOff) {
        if (at == end || list[at] >= k1) {
            return at;
        }
        // always loaded (the caller zeroes them before the first slab): one path, no merge of a zero
        // vector with a loaded one
        DoubleVector a0 = DoubleVector.fromArray(S, acc, accOff);
        DoubleVector a1 = DoubleVector.fromArray(S, acc, accOff + L);
        DoubleVector a2 = DoubleVector.fromArray(S, acc, accOff + 2 * L);
        DoubleVector a3 = DoubleVector.fromArray(S, acc, accOff + 3 * L);
        DoubleVector a4 = DoubleVector.fromArray(S, acc, accOff + 4 * L);
        DoubleVector a5 = DoubleVector.fromArray(S, acc, accOff + 5 * L);
        DoubleVector a6 = DoubleVector.fromArray(S, acc, accOff + 6 * L);
        DoubleVector a7 = DoubleVector.fromArray(S, acc, accOff + 7 * L);
        for (; at < end && list[at] < k1; at++) {
            int row = list[at];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            long r = base + row * 8 * V;
            a0 = load(packed, r).fma(v, a0);
            a1 = load(packed, r + V).fma(v, a1);
            a2 = load(packed, r + 2 * V).fma(v, a2);
            a3 = load(packed, r + 3 * V).fma(v, a3);
            a4 = load(packed, r + 4 * V).fma(v, a4);
            a5 = load(packed, r + 5 * V).fma(v, a5);
            a6 = load(packed, r + 6 * V).fma(v, a6);
            a7 = load(packed, r + 7 * V).fma(v, a7);
        }
        a0.intoArray(acc, accOff);
        a1.intoArray(acc, accOff + L);
        a2.intoArray(acc, accOff + 2 * L);
        a3.intoArray(acc, accOff + 3 * L);
        a4.intoArray(acc, accOff + 4 * L);
        a5.intoArray(acc, accOff + 5 * L);
        a6.intoArray(acc, accOff + 6 * L);
        a7.intoArray(acc, accOff + 7 * L);
        return at;
    }

    /**
     * Writes to {@code list} the offsets from {@code from} of the nonzero values (NaN included) of
     * x[from..to), ascending, and returns how many; {@code list} needs room for to - from + 2·WIDE.
     */
    static int nonzeroRows(double[] x, int from, int to, int[] list) {
        return nonzeroRows(x, from, to, list, 0);
    }

    /** {@link #nonzeroRows(double[], int, int, int[])} written from list[listOff]. */
    static int nonzeroRows(double[] x, int from, int to, int[] list, int listOff) {
        int n = listOff, i = from;
        if (COMPRESS) {
            IntVector iota = IntVector.fromArray(INDEX, IOTA, 0);
            for (; i <= to - L; i += L) {
                VectorMask<Double> nonzero = DoubleVector.fromArray(S, x, i).compare(VectorOperators.NE, 0.0);
                iota.add(i - from).compress(nonzero.cast(INDEX)).intoArray(list, n);
                n += nonzero.trueCount();
            }
        } else {
            for (; i <= to - L; i += L) {
                long bits = DoubleVector.fromArray(S, x, i).compare(VectorOperators.NE, 0.0).toLong();
                n = PanamaNonzeros.append(bits, L, i - from, list, n);
            }
        }
        if (i < to) {
            n = PanamaNonzeros.append(nonzeroBits(x, i, to - i), to - i, i - from, list, n);
        }
        return n - listOff;
    }

    /** Bit j set where x[off + j] != 0 (NaN included), for the len &lt; L values of a row's tail. */
    private static long nonzeroBits(double[] x, int off, int len) {
        long bits = 0;
        for (int j = 0; j < len; j++) {
            if (x[off + j] != 0.0) {
                bits |= 1L << j;
            }
        }
        return bits;
    }

    private static DoubleVector load(MemorySegment packed, long offset) {
        return DoubleVector.fromMemorySegment(S, packed, offset, ORDER);
    }

    /** out[0..NARROW) = x·(the one narrow panel), every row of x: one FMA chain per column vector, rows ascending. */
    private static void denseRowTimesNarrowPanel(int k, double[] x, int xOff, MemorySegment packed, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0;
        for (int row = 0; row < k; row++) {
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            long r = row * 2 * V;
            a0 = load(packed, r).fma(v, a0);
            a1 = load(packed, r + V).fma(v, a1);
        }
        a0.intoArray(out, 0);
        a1.intoArray(out, L);
    }

    /**
     * {@link #denseRowTimesNarrowPanel} for four rows (xOff, ldx apart) into out[r·NARROW..): the same
     * chain per row, so the same bits, and each load of the panel used by all four; eight chains in
     * flight hide the FMA latency that one row's two would expose.
     */
    private static void denseRowsTimesNarrowPanel(int k, double[] x, int xOff, int ldx, MemorySegment packed,
                                                  double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int x1 = xOff + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
        for (int row = 0; row < k; row++) {
            long r = row * 2 * V;
            DoubleVector w0 = load(packed, r), w1 = load(packed, r + V);
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            a0 = w0.fma(v, a0);
            a1 = w1.fma(v, a1);
            v = DoubleVector.broadcast(S, x[x1 + row]);
            b0 = w0.fma(v, b0);
            b1 = w1.fma(v, b1);
            v = DoubleVector.broadcast(S, x[x2 + row]);
            c0 = w0.fma(v, c0);
            c1 = w1.fma(v, c1);
            v = DoubleVector.broadcast(S, x[x3 + row]);
            d0 = w0.fma(v, d0);
            d1 = w1.fma(v, d1);
        }
        a0.intoArray(out, 0);
        a1.intoArray(out, L);
        b0.intoArray(out, NARROW);
        b1.intoArray(out, NARROW + L);
        c0.intoArray(out, 2 * NARROW);
        c1.intoArray(out, 2 * NARROW + L);
        d0.intoArray(out, 3 * NARROW);
        d1.intoArray(out, 3 * NARROW + L);
    }

    /**
     * out[0..FOUR) = x·(the 4-vector panel at base) over the listed rows: one accumulator per column
     * vector, each row one FMA into each, in ascending order of rows: the order
     * {@link #sparseRowGroupTimesFourVectorPanel} follows for each row of a group, so either gives the
     * same bits.
     */
    private static void sparseRowTimesFourVectorPanel(int count, int[] list, double[] x, int xOff, MemorySegment packed,
                                                      long base, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < count; i++) {
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + list[i]]);
            long r = base + list[i] * 4 * V;
            a0 = load(packed, r).fma(v, a0);
            a1 = load(packed, r + V).fma(v, a1);
            a2 = load(packed, r + 2 * V).fma(v, a2);
            a3 = load(packed, r + 3 * V).fma(v, a3);
        }
        a0.intoArray(out, 0);
        a1.intoArray(out, L);
        a2.intoArray(out, 2 * L);
        a3.intoArray(out, 3 * L);
    }

    /**
     * Four rows of x (at xOff, ldx apart) times the 4-vector panel at base, into out[0..4·FOUR): over
     * the union of their nonzeros, so a row of the panel that several of them need is loaded once
     * (neighbouring images of one kind share many of theirs). Each row of x keeps its own four
     * accumulators and adds every row of the union in ascending order; a row's zero adds 0·w, which
     * leaves a sum unchanged for finite w, so each row gets the bits of
     * {@link #sparseRowTimesFourVectorPanel}. The union comes from {@link #unionOfFour}.
     */
    private static void sparseRowGroupTimesFourVectorPanel(int count, int[] list, double[] x, int xOff, int ldx,
                                                           MemorySegment packed, long base, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        DoubleVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        int x1 = xOff + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
        for (int i = 0; i < count; i++) {
            int p = list[i];
            long r = base + p * 4 * V;
            DoubleVector w0 = load(packed, r), w1 = load(packed, r + V);
            DoubleVector w2 = load(packed, r + 2 * V), w3 = load(packed, r + 3 * V);
            DoubleVector u = DoubleVector.broadcast(S, x[xOff + p]);
            a0 = w0.fma(u, a0);
            a1 = w1.fma(u, a1);
            a2 = w2.fma(u, a2);
            a3 = w3.fma(u, a3);
            u = DoubleVector.broadcast(S, x[x1 + p]);
            b0 = w0.fma(u, b0);
            b1 = w1.fma(u, b1);
            b2 = w2.fma(u, b2);
            b3 = w3.fma(u, b3);
            u = DoubleVector.broadcast(S, x[x2 + p]);
            c0 = w0.fma(u, c0);
            c1 = w1.fma(u, c1);
            c2 = w2.fma(u, c2);
            c3 = w3.fma(u, c3);
            u = DoubleVector.broadcast(S, x[x3 + p]);
            d0 = w0.fma(u, d0);
            d1 = w1.fma(u, d1);
            d2 = w2.fma(u, d2);
            d3 = w3.fma(u, d3);
        }
        a0.intoArray(out, 0);
        a1.intoArray(out, L);
        a2.intoArray(out, 2 * L);
        a3.intoArray(out, 3 * L);
        b0.intoArray(out, FOUR);
        b1.intoArray(out, FOUR + L);
        b2.intoArray(out, FOUR + 2 * L);
        b3.intoArray(out, FOUR + 3 * L);
        c0.intoArray(out, 2 * FOUR);
        c1.intoArray(out, 2 * FOUR + L);
        c2.intoArray(out, 2 * FOUR + 2 * L);
        c3.intoArray(out, 2 * FOUR + 3 * L);
        d0.intoArray(out, 3 * FOUR);
        d1.intoArray(out, 3 * FOUR + L);
        d2.intoArray(out, 3 * FOUR + 2 * L);
        d3.intoArray(out, 3 * FOUR + 3 * L);
    }

    /**
     * The union of the nonzeros (NaN included) of four rows of x, k values each from xOff, ldx apart:
     * positions ascending into {@code list} (room for k + L), by vector compress, so only where
     * {@link #COMPRESS}. Returns the union's size. The kernels read the four rows' values at those
     * positions from x itself.
     */
    static int unionOfFour(double[] x, int xOff, int ldx, int k, int[] list) {
        IntVector iota = IntVector.fromArray(INDEX, IOTA, 0);
        int n = 0, i = 0;
        int x1 = xOff + ldx, x2 = xOff + 2 * ldx, x3 = xOff + 3 * ldx;
        for (; i <= k - L; i += L) {
            VectorMask<Double> any = DoubleVector.fromArray(S, x, xOff + i).compare(VectorOperators.NE, 0.0)
                    .or(DoubleVector.fromArray(S, x, x1 + i).compare(VectorOperators.NE, 0.0))
                    .or(DoubleVector.fromArray(S, x, x2 + i).compare(VectorOperators.NE, 0.0))
                    .or(DoubleVector.fromArray(S, x, x3 + i).compare(VectorOperators.NE, 0.0));
            iota.add(i).compress(any.cast(INDEX)).intoArray(list, n);
            n += any.trueCount();
        }
        for (; i < k; i++) {
            if (x[xOff + i] != 0.0 || x[x1 + i] != 0.0 || x[x2 + i] != 0.0 || x[x3 + i] != 0.0) {
                list[n++] = i;
            }
        }
        return n;
    }

    /**
     * out[0..SEVEN) = x·(the 7-vector panel at base) over the listed rows: the wide kernel less one
     * column vector, fewer bytes per row where 5-7 vectors of columns are real (two sets of seven
     * would need more than AVX2's 16 registers).
     */
    private static void sparseRowTimesSevenVectorPanel(int count, int[] list, double[] x, int xOff, MemorySegment packed,
                                                       long base, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0;
        for (int i = 0; i < count; i++) {
            int row = list[i];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            long r = base + row * 7 * V;
            a0 = load(packed, r).fma(v, a0);
            a1 = load(packed, r + V).fma(v, a1);
            a2 = load(packed, r + 2 * V).fma(v, a2);
            a3 = load(packed, r + 3 * V).fma(v, a3);
            a4 = load(packed, r + 4 * V).fma(v, a4);
            a5 = load(packed, r + 5 * V).fma(v, a5);
            a6 = load(packed, r + 6 * V).fma(v, a6);
        }
        a0.intoArray(out, 0);
        a1.intoArray(out, L);
        a2.intoArray(out, 2 * L);
        a3.intoArray(out, 3 * L);
        a4.intoArray(out, 4 * L);
        a5.intoArray(out, 5 * L);
        a6.intoArray(out, 6 * L);
    }
}
