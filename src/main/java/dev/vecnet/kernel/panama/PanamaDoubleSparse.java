// GENERATED from PanamaFloatSparse.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.panama;

import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = Xᵀ·D with the zeros of X skipped: the first layer's weight gradient, where X is a batch of
 * mostly-zero inputs (images on a blank background). A sum of outer products, rows of X in order, each element of C one FMA
 * chain over the rows of X. C's rows wait in per-thread scratch, padded to a panel of columns, and are
 * copied out at the end.
 *
 * <p>Where vector compress lists nonzeros and there are 32 registers ({@link PanamaDoublePanels#GROUPS}),
 * four rows of X go together over the union of their nonzeros through 4-vector panels: their four
 * rows of D stay in 16 registers, and each row of C in the union is loaded and stored once for four
 * FMAs per vector instead of one. A row whose X is 0 there adds 0·d, which leaves the sum unchanged
 * for finite D but for the sign of a zero, which the final + 0 makes +0 either way; so each element
 * keeps the bits of the one-row chain (the variants measured:
 * docs/design-notes.md, "Training's first layer").
 */
public final class PanamaDoubleSparse {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    private static final int WIDE = PanamaDoublePanels.WIDE, FOUR = PanamaDoublePanels.FOUR;
    /** Columns of D per pass: four vectors with the grouped rows, else eight. */
    private static final int PANEL = PanamaDoublePanels.GROUPS ? FOUR : WIDE;

    private PanamaDoubleSparse() {}

    /**
     * Rows of C per pass over the rows of X: their accumulators (SLAB x PANEL floats, 32 KB) stay in L1
     * while every row of X adds into them.
     */
    static final int SLAB = 32 * 1024 / (PANEL * Double.BYTES);

    /** Rows [k0, k1) of C, a slab of rows at a time. */
    static void transposeTimes(int m, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                               double[] c, int cOff, int ldc, int k0, int k1) {
        for (int s = k0; s < k1; s += SLAB) {
            slab(m, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc, s, Math.min(k1, s + SLAB));
        }
    }

    /** Rows [k0, k1) of C. */
    private static void slab(int m, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                             double[] c, int cOff, int ldc, int k0, int k1) {
        int rows = k1 - k0;
        double[] acc = PanamaDoubleScratch.block(rows * PANEL);
        double[] dRows = PanamaDoubleScratch.row(4 * PANEL);
        int[] list = PanamaDoubleScratch.nonzeros(rows + 2 * WIDE);
        for (int col = 0; col < n; col += PANEL) {
            int w = Math.min(PANEL, n - col);
            java.util.Arrays.fill(acc, 0, rows * PANEL, 0.0);
            java.util.Arrays.fill(dRows, 0.0);
            int i = 0;
            if (PanamaDoublePanels.GROUPS) {
                for (; i <= m - 4; i += 4) {
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(d, dOff + (i + r) * ldd + col, dRows, r * FOUR, w);
                    }
                    int xi = xOff + i * ldx + k0;
                    outerGroup(PanamaDoublePanels.unionOfFour(x, xi, ldx, rows, list), list, x, xi, ldx, dRows, acc);
                }
            }
            for (; i < m; i++) {
                System.arraycopy(d, dOff + i * ldd + col, dRows, 0, w);
                int xi = xOff + i * ldx + k0;
                int count = PanamaDoublePanels.nonzeroRows(x, xi, xi + rows, list);
                if (PANEL == FOUR) {
                    outerRowFour(count, list, x, xi, dRows, acc);
                } else {
                    outerRowWide(count, list, x, xi, dRows, acc);
                }
            }
            for (int r = 0; r < rows; r++) {
                plusZero(acc, r * PANEL, c, cOff + (k0 + r) * ldc + col, w);
            }
        }
    }

    /**
     * c[to..to+w) = acc[from..from+w) + 0: a zero sum is +0 whichever zero products were added or skipped
     * (docs/kernel-contract.md), so the union of four rows gives the one-row chain's bits, signed zeros too.
     */
    private static void plusZero(double[] acc, int from, double[] c, int to, int w) {
        int j = 0;
        for (; j <= w - L; j += L) {
            DoubleVector.fromArray(S, acc, from + j).add(0.0).intoArray(c, to + j);
        }
        for (; j < w; j++) {
            c[to + j] = acc[from + j] + 0.0;
        }
    }

    /**
     * acc row r += the four rows' values at r (x from xOff, ldx apart) times their rows of D (dRows,
     * FOUR apart), in row order, for each position r of the union ({@link PanamaDoublePanels#unionOfFour}).
     */
    private static void outerGroup(int count, int[] list, double[] x, int xOff, int ldx, double[] dRows, double[] acc) {
        DoubleVector p0 = DoubleVector.fromArray(S, dRows, 0), p1 = DoubleVector.fromArray(S, dRows, L);
        DoubleVector p2 = DoubleVector.fromArray(S, dRows, 2 * L), p3 = DoubleVector.fromArray(S, dRows, 3 * L);
        DoubleVector q0 = DoubleVector.fromArray(S, dRows, FOUR), q1 = DoubleVector.fromArray(S, dRows, FOUR + L);
        DoubleVector q2 = DoubleVector.fromArray(S, dRows, FOUR + 2 * L), q3 = DoubleVector.fromArray(S, dRows, FOUR + 3 * L);
        DoubleVector r0 = DoubleVector.fromArray(S, dRows, 2 * FOUR), r1 = DoubleVector.fromArray(S, dRows, 2 * FOUR + L);
        DoubleVector r2 = DoubleVector.fromArray(S, dRows, 2 * FOUR + 2 * L), r3 = DoubleVector.fromArray(S, dRows, 2 * FOUR + 3 * L);
        DoubleVector s0 = DoubleVector.fromArray(S, dRows, 3 * FOUR), s1 = DoubleVector.fromArray(S, dRows, 3 * FOUR + L);
        DoubleVector s2 = DoubleVector.fromArray(S, dRows, 3 * FOUR + 2 * L), s3 = DoubleVector.fromArray(S, dRows, 3 * FOUR + 3 * L);
        int x1 = xOff + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
        for (int j = 0; j < count; j++) {
            int p = list[j], a = p * FOUR;
            DoubleVector u = DoubleVector.broadcast(S, x[xOff + p]);
            DoubleVector c0 = p0.fma(u, DoubleVector.fromArray(S, acc, a));
            DoubleVector c1 = p1.fma(u, DoubleVector.fromArray(S, acc, a + L));
            DoubleVector c2 = p2.fma(u, DoubleVector.fromArray(S, acc, a + 2 * L));
            DoubleVector c3 = p3.fma(u, DoubleVector.fromArray(S, acc, a + 3 * L));
            u = DoubleVector.broadcast(S, x[x1 + p]);
            c0 = q0.fma(u, c0);
            c1 = q1.fma(u, c1);
            c2 = q2.fma(u, c2);
            c3 = q3.fma(u, c3);
            u = DoubleVector.broadcast(S, x[x2 + p]);
            c0 = r0.fma(u, c0);
            c1 = r1.fma(u, c1);
            c2 = r2.fma(u, c2);
            c3 = r3.fma(u, c3);
            u = DoubleVector.broadcast(S, x[x3 + p]);
            s0.fma(u, c0).intoArray(acc, a);
            s1.fma(u, c1).intoArray(acc, a + L);
            s2.fma(u, c2).intoArray(acc, a + 2 * L);
            s3.fma(u, c3).intoArray(acc, a + 3 * L);
        }
    }

    /** acc row r += x[xOff + r]·dRow for the listed nonzeros r of x, through a 4-vector panel. */
    private static void outerRowFour(int count, int[] list, double[] x, int xOff, double[] dRow, double[] acc) {
        DoubleVector d0 = DoubleVector.fromArray(S, dRow, 0), d1 = DoubleVector.fromArray(S, dRow, L);
        DoubleVector d2 = DoubleVector.fromArray(S, dRow, 2 * L), d3 = DoubleVector.fromArray(S, dRow, 3 * L);
        for (int j = 0; j < count; j++) {
            int r = list[j];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + r]);
            int a = r * FOUR;
            d0.fma(v, DoubleVector.fromArray(S, acc, a)).intoArray(acc, a);
            d1.fma(v, DoubleVector.fromArray(S, acc, a + L)).intoArray(acc, a + L);
            d2.fma(v, DoubleVector.fromArray(S, acc, a + 2 * L)).intoArray(acc, a + 2 * L);
            d3.fma(v, DoubleVector.fromArray(S, acc, a + 3 * L)).intoArray(acc, a + 3 * L);
        }
    }

    /** acc row r += x[xOff + r]·dRow for the listed nonzeros r of x, through an 8-vector panel. */
    private static void outerRowWide(int count, int[] list, double[] x, int xOff, double[] dRow, double[] acc) {
        DoubleVector d0 = DoubleVector.fromArray(S, dRow, 0), d1 = DoubleVector.fromArray(S, dRow, L);
        DoubleVector d2 = DoubleVector.fromArray(S, dRow, 2 * L), d3 = DoubleVector.fromArray(S, dRow, 3 * L);
        DoubleVector d4 = DoubleVector.fromArray(S, dRow, 4 * L), d5 = DoubleVector.fromArray(S, dRow, 5 * L);
        DoubleVector d6 = DoubleVector.fromArray(S, dRow, 6 * L), d7 = DoubleVector.fromArray(S, dRow, 7 * L);
        for (int j = 0; j < count; j++) {
            int r = list[j];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + r]);
            int a = r * WIDE;
            d0.fma(v, DoubleVector.fromArray(S, acc, a)).intoArray(acc, a);
            d1.fma(v, DoubleVector.fromArray(S, acc, a + L)).intoArray(acc, a + L);
            d2.fma(v, DoubleVector.fromArray(S, acc, a + 2 * L)).intoArray(acc, a + 2 * L);
            d3.fma(v, DoubleVector.fromArray(S, acc, a + 3 * L)).intoArray(acc, a + 3 * L);
            d4.fma(v, DoubleVector.fromArray(S, acc, a + 4 * L)).intoArray(acc, a + 4 * L);
            d5.fma(v, DoubleVector.fromArray(S, acc, a + 5 * L)).intoArray(acc, a + 5 * L);
            d6.fma(v, DoubleVector.fromArray(S, acc, a + 6 * L)).intoArray(acc, a + 6 * L);
            d7.fma(v, DoubleVector.fromArray(S, acc, a + 7 * L)).intoArray(acc, a + 7 * L);
        }
    }
}
