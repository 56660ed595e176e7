// GENERATED from PanamaFloatKernels.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 kernels on the Vector API: whole vectors, then a scalar tail with the same roundings
 * (Math.fma where the body uses a vector FMA). exp runs in {@link PanamaMath}, whose tail goes
 * through the vector polynomial as well.
 */
final class PanamaDoubleKernels implements DoubleKernelsImpl {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    private static final ScalarDoubleKernels SCALAR = new ScalarDoubleKernels();
    /** Panel width of packed matrices: 8 vectors, eight accumulators, enough FMA chains to hide the latency. */
    static final int PANEL = 8 * L;
    /** Panel width for matrices of at most this many columns: 2 vectors, dense rows, no zero skipping. */
    static final int NARROW = 2 * L;
    /** Panel widths for 3-4 and 5-7 vectors of columns (the hidden 50: 4 vectors on AVX-512, 7 on AVX2). */
    static final int QUAD = 4 * L, SEVEN = 7 * L;

    @Override
    public String name() {
        return "panama-" + S.vectorBitSize();
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc,
                     double[] bias, int biasOff, Activation act, int threads) {
        PanamaDoubleGemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                bias, biasOff, act, threads);
    }

    @Override
    public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
        if (ldc == n) { // contiguous rows: one activation pass over the block, not a short one per row
            if (bias != null) {
                for (int i = 0; i < m; i++) {
                    add(n, bias, biasOff, c, cOff + i * n);
                }
            }
            activate(c, cOff, m * n, act);
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (bias != null) {
                add(n, bias, biasOff, c, ci);
            }
            activate(c, ci, n, act);
        }
    }

    /** x[off..off+len) = act(x[off..off+len)) in place. */
    static void activate(double[] x, int off, int len, Activation act) {
        switch (act) {
            case NONE -> { }
            case SIGMOID -> PanamaMath.sigmoid(x, off, x, off, len);
            case RELU -> reluInto(len, x, off, x, off);
        }
    }

    /** y += x. */
    private static void add(int len, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector.fromArray(S, y, yOff + i).add(DoubleVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    @Override
    public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
        PanamaMath.exp(x, xOff, y, yOff, len);
    }

    /** 1 / (1 + exp(−x)), −x, exp and 1/(1+e) in one pass per vector. exp(−x) = +Inf for x &lt; −709 gives 0. */
    @Override
    public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
        PanamaMath.sigmoid(x, xOff, y, yOff, len);
    }

    @Override
    public void sigmoidBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, y, yOff + i);
            DoubleVector.fromArray(S, dout, dOff + i).mul(v.neg().add(1.0)).mul(v).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = dout[dOff + i] * (1.0 - v) * v;
        }
    }

    @Override
    public void relu(int len, double[] x, int xOff, double[] y, int yOff) {
        reluInto(len, x, xOff, y, yOff);
    }

    private static void reluInto(int len, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            PanamaMath.relu(DoubleVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            double v = x[xOff + i];
            y[yOff + i] = v <= 0.0 ? 0.0 : v;
        }
    }

    @Override
    public void reluBackward(int len, double[] dout, int dOff, double[] x, int xOff, double[] dx, int dxOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
            DoubleVector.fromArray(S, dout, dOff + i).blend(0.0, v.compare(VectorOperators.LE, 0.0)).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            dx[dxOff + i] = x[xOff + i] <= 0.0 ? 0.0 : dout[dOff + i];
        }
    }

    /** Row maximum by compare-and-blend; a NaN never wins here, and exp then spreads it over the row. */
    private static double rowMax(int n, double[] x, int xi) {
        double max = Double.NEGATIVE_INFINITY;
        int j = 0;
        if (n >= L) {
            DoubleVector mv = DoubleVector.fromArray(S, x, xi);
            for (j = L; j <= n - L; j += L) {
                DoubleVector v = DoubleVector.fromArray(S, x, xi + j);
                mv = mv.blend(v, v.compare(VectorOperators.GT, mv));
            }
            max = mv.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) {
            max = x[xi + j] > max ? x[xi + j] : max;
        }
        return max;
    }

    /**
     * y = exp(x − rowmax) for an m x n block (y may alias x): the shift row by row, then one exp pass
     * over the whole block when its rows are contiguous (narrow rows, like the network's 10 classes,
     * would otherwise pay a tail per row).
     */
    private static void expShiftedRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            double max = rowMax(n, x, xi);
            int j = 0;
            for (; j <= n - L; j += L) {
                DoubleVector.fromArray(S, x, xi + j).sub(max).intoArray(y, yi + j);
            }
            for (; j < n; j++) {
                y[yi + j] = x[xi + j] - max;
            }
        }
        if (ldy == n) {
            PanamaMath.exp(y, yOff, y, yOff, m * n);
        } else {
            for (int i = 0; i < m; i++) {
                PanamaMath.exp(y, yOff + i * ldy, y, yOff + i * ldy, n);
            }
        }
    }

    /**
     * Lane partial sums, then the lanes added in order, lane 0 first. Not reduceLanes(ADD): its order
     * is unspecified, and interpreted, C1 and C2 code do differ, which made a training run's weights
     * depend on how warm the JIT was (the same seed twice in one JVM gave different last bits).
     * {@code lanes}: a vector's worth of scratch, looked up once per call by the caller, not per row.
     */
    private static double rowSum(int n, double[] y, int yi, double[] lanes) {
        double sum = 0.0;
        int j = 0;
        if (n >= L) {
            DoubleVector sv = DoubleVector.fromArray(S, y, yi);
            for (j = L; j <= n - L; j += L) {
                sv = sv.add(DoubleVector.fromArray(S, y, yi + j));
            }
            sv.intoArray(lanes, 0);
            for (int l = 0; l < L; l++) {
                sum += lanes[l];
            }
        }
        for (; j < n; j++) {
            sum += y[yi + j];
        }
        return sum;
    }

    @Override
    public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
        expShiftedRows(m, n, x, xOff, ldx, y, yOff, ldy);
        double[] lanes = PanamaDoubleLanes.scratch();
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy;
            double inv = 1.0 / rowSum(n, y, yi, lanes);
            int j = 0;
            for (; j <= n - L; j += L) {
                DoubleVector.fromArray(S, y, yi + j).mul(inv).intoArray(y, yi + j);
            }
            for (; j < n; j++) {
                y[yi + j] *= inv;
            }
        }
    }

    @Override
    public double crossEntropyLogits(int m, int n, double[] logits, int off, int ld, int[] labels, int labelsOff) {
        double[] e = PanamaDoubleLanes.row(m * n);
        expShiftedRows(m, n, logits, off, ld, e, 0, n);
        double[] lanes = PanamaDoubleLanes.scratch();
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld, label = labels[labelsOff + i];
            total += Math.log(rowSum(n, e, i * n, lanes)) + rowMax(n, logits, xi) - logits[xi + label];
        }
        return total / m;
    }

    @Override
    public double crossEntropyBook(int m, int n, double[] probs, int off, int ld, int[] labels, int labelsOff) {
        return SCALAR.crossEntropyBook(m, n, probs, off, ld, labels, labelsOff);
    }

    @Override
    public void softmaxLossBackward(int m, int n, double[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    double[] dx, int dxOff, int lddx) {
        double batch = m;
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy, di = dxOff + i * lddx;
            int j = 0;
            for (; j <= n - L; j += L) {
                DoubleVector.fromArray(S, y, yi + j).div(batch).intoArray(dx, di + j);
            }
            for (; j < n; j++) {
                dx[di + j] = y[yi + j] / batch;
            }
            int label = labels[labelsOff + i];
            dx[di + label] = (y[yi + label] - 1.0) / batch;
        }
    }

    @Override
    public void columnSums(int m, int n, double[] x, int xOff, int ldx, double[] out, int outOff) {
        int j = 0;
        for (; j <= n - L; j += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int i = 0; i < m; i++) {
                acc = acc.add(DoubleVector.fromArray(S, x, xOff + i * ldx + j));
            }
            acc.intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            double acc = 0.0;
            for (int i = 0; i < m; i++) {
                acc += x[xOff + i * ldx + j];
            }
            out[outOff + j] = acc;
        }
    }

    @Override
    public void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector av = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).fma(av, DoubleVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    @Override
    public void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out, int outOff) {
        SCALAR.argmaxRows(m, n, x, off, ld, out, outOff);
    }

    @Override
    public int panelWidth(int n) {
        int vectors = (n + L - 1) / L; // padding columns cost loads and FMAs like real ones
        return vectors <= 2 ? NARROW : vectors <= 4 ? QUAD : vectors <= 7 ? SEVEN : PANEL;
    }

    @Override
    public void vecMat(int k, int n, double[] x, int xOff, double[] packed, int panelWidth, double[] y, int yOff) {
        double[] out = PanamaDoubleLanes.panel();
        if (panelWidth == NARROW) {
            narrowPanelTimes(k, x, xOff, packed, out);
            System.arraycopy(out, 0, y, yOff, n);
            return;
        }
        int[] rows = PanamaDoubleLanes.nonzeros(k + 2 * PANEL);
        int count = nonzeroRows(x, xOff, xOff + k, rows);
        for (int base = 0, col = 0; col < n; base += k * panelWidth, col += panelWidth) {
            if (panelWidth == QUAD) {
                quadPanelTimes(count, rows, x, xOff, packed, base, out);
            } else if (panelWidth == SEVEN) {
                sevenPanelTimes(count, rows, x, xOff, packed, base, out);
            } else {
                panelTimes(count, rows, x, xOff, packed, base, out);
            }
            System.arraycopy(out, 0, y, yOff + col, Math.min(panelWidth, n - col));
        }
    }

    @Override
    public void vecMatRows(int rows, int k, int n, double[] x, int xOff, int ldx, double[] packed, int panelWidth,
                           double[] y, int yOff, int ldy) {
        if (panelWidth != NARROW) {
            DoubleKernelsImpl.super.vecMatRows(rows, k, n, x, xOff, ldx, packed, panelWidth, y, yOff, ldy);
            return;
        }
        double[] out = PanamaDoubleLanes.panel();
        int i = 0;
        for (; i < rows - 1; i += 2) { // two rows share each load of the panel
            narrowPanelTimes2(k, x, xOff + i * ldx, xOff + (i + 1) * ldx, packed, out);
            System.arraycopy(out, 0, y, yOff + i * ldy, n);
            System.arraycopy(out, NARROW, y, yOff + (i + 1) * ldy, n);
        }
        if (i < rows) {
            narrowPanelTimes(k, x, xOff + i * ldx, packed, out);
            System.arraycopy(out, 0, y, yOff + i * ldy, n);
        }
    }

    /**
     * Writes to {@code rows} the offsets from {@code from} of the nonzero values (NaN included) of
     * x[from..to), ascending, and returns how many; {@code rows} needs room for to - from + 2·PANEL.
     */
    private static int nonzeroRows(double[] x, int from, int to, int[] rows) {
        int n = 0, i = from;
        for (; i <= to - L; i += L) {
            long bits = DoubleVector.fromArray(S, x, i).compare(VectorOperators.NE, 0.0).toLong();
            n = PanamaNonzeros.append(bits, L, i - from, rows, n);
        }
        if (i < to) {
            n = PanamaNonzeros.append(nonzeroBits(x, i, to - i), to - i, i - from, rows, n);
        }
        return n;
    }

    /**
     * out[0..NARROW) = x·(the one narrow panel): few columns (the network's 10 outputs), so two sets
     * of two accumulators, for even and odd rows, keep four FMA chains going instead of a panel of 8
     * vectors that would be mostly padding.
     */
    private static void narrowPanelTimes(int k, double[] x, int xOff, double[] packed, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
        int row = 0;
        for (; row < k - 1; row += 2) {
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]), u = DoubleVector.broadcast(S, x[xOff + row + 1]);
            int r = row * NARROW;
            a0 = DoubleVector.fromArray(S, packed, r).fma(v, a0);
            a1 = DoubleVector.fromArray(S, packed, r + L).fma(v, a1);
            b0 = DoubleVector.fromArray(S, packed, r + NARROW).fma(u, b0);
            b1 = DoubleVector.fromArray(S, packed, r + NARROW + L).fma(u, b1);
        }
        if (row < k) {
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            a0 = DoubleVector.fromArray(S, packed, row * NARROW).fma(v, a0);
            a1 = DoubleVector.fromArray(S, packed, row * NARROW + L).fma(v, a1);
        }
        a0.add(b0).intoArray(out, 0);
        a1.add(b1).intoArray(out, L);
    }

    /**
     * {@link #narrowPanelTimes} for two rows, x from xOff into out[0..NARROW) and from zOff into
     * out[NARROW..2·NARROW), with the same chains and order of adds per row (so the same bits), and
     * each load of the panel used by both rows.
     */
    private static void narrowPanelTimes2(int k, double[] x, int xOff, int zOff, double[] packed, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int row = 0;
        for (; row < k - 1; row += 2) {
            int r = row * NARROW;
            DoubleVector w0 = DoubleVector.fromArray(S, packed, r), w1 = DoubleVector.fromArray(S, packed, r + L);
            DoubleVector u0 = DoubleVector.fromArray(S, packed, r + NARROW);
            DoubleVector u1 = DoubleVector.fromArray(S, packed, r + NARROW + L);
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            a0 = w0.fma(v, a0);
            a1 = w1.fma(v, a1);
            v = DoubleVector.broadcast(S, x[xOff + row + 1]);
            b0 = u0.fma(v, b0);
            b1 = u1.fma(v, b1);
            v = DoubleVector.broadcast(S, x[zOff + row]);
            c0 = w0.fma(v, c0);
            c1 = w1.fma(v, c1);
            v = DoubleVector.broadcast(S, x[zOff + row + 1]);
            d0 = u0.fma(v, d0);
            d1 = u1.fma(v, d1);
        }
        if (row < k) {
            int r = row * NARROW;
            DoubleVector w0 = DoubleVector.fromArray(S, packed, r), w1 = DoubleVector.fromArray(S, packed, r + L);
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            a0 = w0.fma(v, a0);
            a1 = w1.fma(v, a1);
            v = DoubleVector.broadcast(S, x[zOff + row]);
            c0 = w0.fma(v, c0);
            c1 = w1.fma(v, c1);
        }
        a0.add(b0).intoArray(out, 0);
        a1.add(b1).intoArray(out, L);
        c0.add(d0).intoArray(out, NARROW);
        c1.add(d1).intoArray(out, NARROW + L);
    }

    /**
     * out[0..QUAD) = x·(the 4-vector panel at base) over the listed rows: two sets of four
     * accumulators, for the list's even and odd entries, so eight FMA chains hide the latency as
     * the 8-vector panel's do, with half its loads per row.
     */
    private static void quadPanelTimes(int count, int[] rows, double[] x, int xOff, double[] packed, int base,
                                       double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int i = 0;
        for (; i < count - 1; i += 2) {
            int row = rows[i], next = rows[i + 1];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]), u = DoubleVector.broadcast(S, x[xOff + next]);
            int r = base + row * QUAD, q = base + next * QUAD;
            a0 = DoubleVector.fromArray(S, packed, r).fma(v, a0);
            a1 = DoubleVector.fromArray(S, packed, r + L).fma(v, a1);
            a2 = DoubleVector.fromArray(S, packed, r + 2 * L).fma(v, a2);
            a3 = DoubleVector.fromArray(S, packed, r + 3 * L).fma(v, a3);
            b0 = DoubleVector.fromArray(S, packed, q).fma(u, b0);
            b1 = DoubleVector.fromArray(S, packed, q + L).fma(u, b1);
            b2 = DoubleVector.fromArray(S, packed, q + 2 * L).fma(u, b2);
            b3 = DoubleVector.fromArray(S, packed, q + 3 * L).fma(u, b3);
        }
        if (i < count) {
            int row = rows[i];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            int r = base + row * QUAD;
            a0 = DoubleVector.fromArray(S, packed, r).fma(v, a0);
            a1 = DoubleVector.fromArray(S, packed, r + L).fma(v, a1);
            a2 = DoubleVector.fromArray(S, packed, r + 2 * L).fma(v, a2);
            a3 = DoubleVector.fromArray(S, packed, r + 3 * L).fma(v, a3);
        }
        a0.add(b0).intoArray(out, 0);
        a1.add(b1).intoArray(out, L);
        a2.add(b2).intoArray(out, 2 * L);
        a3.add(b3).intoArray(out, 3 * L);
    }

    /**
     * out[0..SEVEN) = x·(the 7-vector panel at base) over the listed rows: the 8-vector kernel less
     * one column vector, 12 % fewer bytes per row where 5-7 vectors of columns are real (two sets of
     * seven would need more than AVX2's 16 registers).
     */
    private static void sevenPanelTimes(int count, int[] rows, double[] x, int xOff, double[] packed, int base,
                                        double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            int r = base + row * SEVEN;
            a0 = DoubleVector.fromArray(S, packed, r).fma(v, a0);
            a1 = DoubleVector.fromArray(S, packed, r + L).fma(v, a1);
            a2 = DoubleVector.fromArray(S, packed, r + 2 * L).fma(v, a2);
            a3 = DoubleVector.fromArray(S, packed, r + 3 * L).fma(v, a3);
            a4 = DoubleVector.fromArray(S, packed, r + 4 * L).fma(v, a4);
            a5 = DoubleVector.fromArray(S, packed, r + 5 * L).fma(v, a5);
            a6 = DoubleVector.fromArray(S, packed, r + 6 * L).fma(v, a6);
        }
        a0.intoArray(out, 0);
        a1.intoArray(out, L);
        a2.intoArray(out, 2 * L);
        a3.intoArray(out, 3 * L);
        a4.intoArray(out, 4 * L);
        a5.intoArray(out, 5 * L);
        a6.intoArray(out, 6 * L);
    }

    /**
     * out[0..PANEL) = x·(the panel at base), over the nonzero rows of x listed in rows[0..count)
     * only (an MNIST digit is 80% background): each adds its packed row into eight accumulators,
     * eight independent FMA chains, one load per FMA, in ascending order of rows, as a dense loop
     * would.
     */
    private static void panelTimes(int count, int[] rows, double[] x, int xOff, double[] packed, int base, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + row]);
            int r = base + row * PANEL;
            a0 = DoubleVector.fromArray(S, packed, r).fma(v, a0);
            a1 = DoubleVector.fromArray(S, packed, r + L).fma(v, a1);
            a2 = DoubleVector.fromArray(S, packed, r + 2 * L).fma(v, a2);
            a3 = DoubleVector.fromArray(S, packed, r + 3 * L).fma(v, a3);
            a4 = DoubleVector.fromArray(S, packed, r + 4 * L).fma(v, a4);
            a5 = DoubleVector.fromArray(S, packed, r + 5 * L).fma(v, a5);
            a6 = DoubleVector.fromArray(S, packed, r + 6 * L).fma(v, a6);
            a7 = DoubleVector.fromArray(S, packed, r + 7 * L).fma(v, a7);
        }
        a0.intoArray(out, 0);
        a1.intoArray(out, L);
        a2.intoArray(out, 2 * L);
        a3.intoArray(out, 3 * L);
        a4.intoArray(out, 4 * L);
        a5.intoArray(out, 5 * L);
        a6.intoArray(out, 6 * L);
        a7.intoArray(out, 7 * L);
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

    /** v·0 is 0 for finite v and NaN otherwise: one FMA per vector, no branch; the index only when needed. */
    @Override
    public int firstNonFinite(int len, double[] x, int off) {
        DoubleVector zero = DoubleVector.zero(S), acc = zero;
        int i = 0;
        for (; i <= len - L; i += L) {
            acc = DoubleVector.fromArray(S, x, off + i).fma(zero, acc);
        }
        double tail = 0.0;
        for (; i < len; i++) {
            tail += x[off + i] * 0.0;
        }
        if (!acc.test(VectorOperators.IS_NAN).anyTrue() && !Double.isNaN(tail)) {
            return -1;
        }
        return SCALAR.firstNonFinite(len, x, off);
    }

    @Override
    public void scaleBytes(int len, byte[] src, int srcOff, double divisor, double[] dst, int dstOff) {
        PanamaBytes.scale(len, src, srcOff, divisor, dst, dstOff);
    }

    @Override
    public int countNonZero(int len, double[] x, int off) {
        int count = 0, i = 0;
        for (; i <= len - L; i += L) {
            count += DoubleVector.fromArray(S, x, off + i).compare(VectorOperators.NE, 0.0).trueCount();
        }
        for (; i < len; i++) {
            count += x[off + i] != 0.0 ? 1 : 0;
        }
        return count;
    }

    /**
     * Xᵀ·D as a sum of outer products, one row of X at a time: that row of D (a panel's worth, eight
     * vectors) stays in registers while each listed nonzero of the X row adds v·D into its row of C,
     * kept padded to the panel width in per-thread scratch and copied out at the end.
     */
    @Override
    public void sparseTransposeTimes(int m, int k, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                                     double[] c, int cOff, int ldc, int k0, int k1) {
        int rows = k1 - k0;
        double[] acc = PanamaDoubleLanes.block(rows * PANEL);
        double[] dRow = PanamaDoubleLanes.panel();
        int[] list = PanamaDoubleLanes.nonzeros(rows + 2 * PANEL);
        for (int col = 0; col < n; col += PANEL) {
            int w = Math.min(PANEL, n - col);
            java.util.Arrays.fill(acc, 0, rows * PANEL, 0.0);
            java.util.Arrays.fill(dRow, w, PANEL, 0.0);
            for (int i = 0; i < m; i++) {
                System.arraycopy(d, dOff + i * ldd + col, dRow, 0, w);
                int xi = xOff + i * ldx + k0;
                outerRow(nonzeroRows(x, xi, xi + rows, list), list, x, xi, dRow, acc);
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(acc, r * PANEL, c, cOff + (k0 + r) * ldc + col, w);
            }
        }
    }

    /** acc row r += x[xOff + r]·dRow for the listed nonzeros r of x (see {@link #nonzeroRows}). */
    private static void outerRow(int count, int[] list, double[] x, int xOff, double[] dRow, double[] acc) {
        DoubleVector d0 = DoubleVector.fromArray(S, dRow, 0), d1 = DoubleVector.fromArray(S, dRow, L);
        DoubleVector d2 = DoubleVector.fromArray(S, dRow, 2 * L), d3 = DoubleVector.fromArray(S, dRow, 3 * L);
        DoubleVector d4 = DoubleVector.fromArray(S, dRow, 4 * L), d5 = DoubleVector.fromArray(S, dRow, 5 * L);
        DoubleVector d6 = DoubleVector.fromArray(S, dRow, 6 * L), d7 = DoubleVector.fromArray(S, dRow, 7 * L);
        for (int j = 0; j < count; j++) {
            int r = list[j];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + r]);
            int a = r * PANEL;
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
