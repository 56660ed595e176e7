package dev.vecnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels on the Vector API: whole vectors, then a scalar tail with the same roundings
 * (Math.fma where the body uses a vector FMA). exp runs in {@link PanamaMath}, whose tail goes
 * through the vector polynomial as well.
 */
final class PanamaFloatKernels implements FloatKernelsImpl {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final ScalarFloatKernels SCALAR = new ScalarFloatKernels();
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
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, Activation act, int threads) {
        PanamaFloatGemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                bias, biasOff, act, threads);
    }

    @Override
    public void biasActivation(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation act) {
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
    static void activate(float[] x, int off, int len, Activation act) {
        switch (act) {
            case NONE -> { }
            case SIGMOID -> PanamaMath.sigmoid(x, off, x, off, len);
            case RELU -> reluInto(len, x, off, x, off);
        }
    }

    /** y += x. */
    private static void add(int len, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    @Override
    public void exp(int len, float[] x, int xOff, float[] y, int yOff) {
        PanamaMath.exp(x, xOff, y, yOff, len);
    }

    /** 1 / (1 + exp(−x)), −x, exp and 1/(1+e) in one pass per vector. exp(−x) = +Inf for x &lt; −88 gives 0. */
    @Override
    public void sigmoid(int len, float[] x, int xOff, float[] y, int yOff) {
        PanamaMath.sigmoid(x, xOff, y, yOff, len);
    }

    @Override
    public void sigmoidBackward(int len, float[] dout, int dOff, float[] y, int yOff, float[] dx, int dxOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dout, dOff + i).mul(v.neg().add(1f)).mul(v).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dout[dOff + i] * (1f - v) * v;
        }
    }

    @Override
    public void relu(int len, float[] x, int xOff, float[] y, int yOff) {
        reluInto(len, x, xOff, y, yOff);
    }

    private static void reluInto(int len, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            PanamaMath.relu(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v <= 0f ? 0f : v;
        }
    }

    @Override
    public void reluBackward(int len, float[] dout, int dOff, float[] x, int xOff, float[] dx, int dxOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector.fromArray(S, dout, dOff + i).blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            dx[dxOff + i] = x[xOff + i] <= 0f ? 0f : dout[dOff + i];
        }
    }

    /** Row maximum by compare-and-blend; a NaN never wins here, and exp then spreads it over the row. */
    private static float rowMax(int n, float[] x, int xi) {
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (n >= L) {
            FloatVector mv = FloatVector.fromArray(S, x, xi);
            for (j = L; j <= n - L; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xi + j);
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
    private static void expShiftedRows(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            float max = rowMax(n, x, xi);
            int j = 0;
            for (; j <= n - L; j += L) {
                FloatVector.fromArray(S, x, xi + j).sub(max).intoArray(y, yi + j);
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
    private static float rowSum(int n, float[] y, int yi, float[] lanes) {
        float sum = 0f;
        int j = 0;
        if (n >= L) {
            FloatVector sv = FloatVector.fromArray(S, y, yi);
            for (j = L; j <= n - L; j += L) {
                sv = sv.add(FloatVector.fromArray(S, y, yi + j));
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
    public void softmaxRows(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        expShiftedRows(m, n, x, xOff, ldx, y, yOff, ldy);
        float[] lanes = PanamaFloatLanes.scratch();
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy;
            float inv = 1f / rowSum(n, y, yi, lanes);
            int j = 0;
            for (; j <= n - L; j += L) {
                FloatVector.fromArray(S, y, yi + j).mul(inv).intoArray(y, yi + j);
            }
            for (; j < n; j++) {
                y[yi + j] *= inv;
            }
        }
    }

    @Override
    public double crossEntropyLogits(int m, int n, float[] logits, int off, int ld, int[] labels, int labelsOff) {
        float[] e = PanamaFloatLanes.row(m * n);
        expShiftedRows(m, n, logits, off, ld, e, 0, n);
        float[] lanes = PanamaFloatLanes.scratch();
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld, label = labels[labelsOff + i];
            total += Math.log(rowSum(n, e, i * n, lanes)) + rowMax(n, logits, xi) - logits[xi + label];
        }
        return total / m;
    }

    @Override
    public double crossEntropyBook(int m, int n, float[] probs, int off, int ld, int[] labels, int labelsOff) {
        return SCALAR.crossEntropyBook(m, n, probs, off, ld, labels, labelsOff);
    }

    @Override
    public void softmaxLossBackward(int m, int n, float[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    float[] dx, int dxOff, int lddx) {
        float batch = m;
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy, di = dxOff + i * lddx;
            int j = 0;
            for (; j <= n - L; j += L) {
                FloatVector.fromArray(S, y, yi + j).div(batch).intoArray(dx, di + j);
            }
            for (; j < n; j++) {
                dx[di + j] = y[yi + j] / batch;
            }
            int label = labels[labelsOff + i];
            dx[di + label] = (y[yi + label] - 1f) / batch;
        }
    }

    @Override
    public void columnSums(int m, int n, float[] x, int xOff, int ldx, float[] out, int outOff) {
        int j = 0;
        for (; j <= n - L; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                acc = acc.add(FloatVector.fromArray(S, x, xOff + i * ldx + j));
            }
            acc.intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            float acc = 0f;
            for (int i = 0; i < m; i++) {
                acc += x[xOff + i * ldx + j];
            }
            out[outOff + j] = acc;
        }
    }

    @Override
    public void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(av, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    @Override
    public void argmaxRows(int m, int n, float[] x, int off, int ld, int[] out, int outOff) {
        SCALAR.argmaxRows(m, n, x, off, ld, out, outOff);
    }

    @Override
    public int panelWidth(int n) {
        int vectors = (n + L - 1) / L; // padding columns cost loads and FMAs like real ones
        return vectors <= 2 ? NARROW : vectors <= 4 ? QUAD : vectors <= 7 ? SEVEN : PANEL;
    }

    @Override
    public void vecMat(int k, int n, float[] x, int xOff, float[] packed, int panelWidth, float[] y, int yOff) {
        float[] out = PanamaFloatLanes.panel();
        if (panelWidth == NARROW) {
            narrowPanelTimes(k, x, xOff, packed, out);
            System.arraycopy(out, 0, y, yOff, n);
            return;
        }
        int[] rows = PanamaFloatLanes.nonzeros(k + 2 * PANEL);
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
    public void vecMatRows(int rows, int k, int n, float[] x, int xOff, int ldx, float[] packed, int panelWidth,
                           float[] y, int yOff, int ldy) {
        if (panelWidth != NARROW) {
            FloatKernelsImpl.super.vecMatRows(rows, k, n, x, xOff, ldx, packed, panelWidth, y, yOff, ldy);
            return;
        }
        float[] out = PanamaFloatLanes.panel();
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
    private static int nonzeroRows(float[] x, int from, int to, int[] rows) {
        int n = 0, i = from;
        for (; i <= to - L; i += L) {
            long bits = FloatVector.fromArray(S, x, i).compare(VectorOperators.NE, 0f).toLong();
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
    private static void narrowPanelTimes(int k, float[] x, int xOff, float[] packed, float[] out) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
        int row = 0;
        for (; row < k - 1; row += 2) {
            FloatVector v = FloatVector.broadcast(S, x[xOff + row]), u = FloatVector.broadcast(S, x[xOff + row + 1]);
            int r = row * NARROW;
            a0 = FloatVector.fromArray(S, packed, r).fma(v, a0);
            a1 = FloatVector.fromArray(S, packed, r + L).fma(v, a1);
            b0 = FloatVector.fromArray(S, packed, r + NARROW).fma(u, b0);
            b1 = FloatVector.fromArray(S, packed, r + NARROW + L).fma(u, b1);
        }
        if (row < k) {
            FloatVector v = FloatVector.broadcast(S, x[xOff + row]);
            a0 = FloatVector.fromArray(S, packed, row * NARROW).fma(v, a0);
            a1 = FloatVector.fromArray(S, packed, row * NARROW + L).fma(v, a1);
        }
        a0.add(b0).intoArray(out, 0);
        a1.add(b1).intoArray(out, L);
    }

    /**
     * {@link #narrowPanelTimes} for two rows, x from xOff into out[0..NARROW) and from zOff into
     * out[NARROW..2·NARROW), with the same chains and order of adds per row (so the same bits), and
     * each load of the panel used by both rows.
     */
    private static void narrowPanelTimes2(int k, float[] x, int xOff, int zOff, float[] packed, float[] out) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int row = 0;
        for (; row < k - 1; row += 2) {
            int r = row * NARROW;
            FloatVector w0 = FloatVector.fromArray(S, packed, r), w1 = FloatVector.fromArray(S, packed, r + L);
            FloatVector u0 = FloatVector.fromArray(S, packed, r + NARROW);
            FloatVector u1 = FloatVector.fromArray(S, packed, r + NARROW + L);
            FloatVector v = FloatVector.broadcast(S, x[xOff + row]);
            a0 = w0.fma(v, a0);
            a1 = w1.fma(v, a1);
            v = FloatVector.broadcast(S, x[xOff + row + 1]);
            b0 = u0.fma(v, b0);
            b1 = u1.fma(v, b1);
            v = FloatVector.broadcast(S, x[zOff + row]);
            c0 = w0.fma(v, c0);
            c1 = w1.fma(v, c1);
            v = FloatVector.broadcast(S, x[zOff + row + 1]);
            d0 = u0.fma(v, d0);
            d1 = u1.fma(v, d1);
        }
        if (row < k) {
            int r = row * NARROW;
            FloatVector w0 = FloatVector.fromArray(S, packed, r), w1 = FloatVector.fromArray(S, packed, r + L);
            FloatVector v = FloatVector.broadcast(S, x[xOff + row]);
            a0 = w0.fma(v, a0);
            a1 = w1.fma(v, a1);
            v = FloatVector.broadcast(S, x[zOff + row]);
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
    private static void quadPanelTimes(int count, int[] rows, float[] x, int xOff, float[] packed, int base,
                                       float[] out) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int i = 0;
        for (; i < count - 1; i += 2) {
            int row = rows[i], next = rows[i + 1];
            FloatVector v = FloatVector.broadcast(S, x[xOff + row]), u = FloatVector.broadcast(S, x[xOff + next]);
            int r = base + row * QUAD, q = base + next * QUAD;
            a0 = FloatVector.fromArray(S, packed, r).fma(v, a0);
            a1 = FloatVector.fromArray(S, packed, r + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, packed, r + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, packed, r + 3 * L).fma(v, a3);
            b0 = FloatVector.fromArray(S, packed, q).fma(u, b0);
            b1 = FloatVector.fromArray(S, packed, q + L).fma(u, b1);
            b2 = FloatVector.fromArray(S, packed, q + 2 * L).fma(u, b2);
            b3 = FloatVector.fromArray(S, packed, q + 3 * L).fma(u, b3);
        }
        if (i < count) {
            int row = rows[i];
            FloatVector v = FloatVector.broadcast(S, x[xOff + row]);
            int r = base + row * QUAD;
            a0 = FloatVector.fromArray(S, packed, r).fma(v, a0);
            a1 = FloatVector.fromArray(S, packed, r + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, packed, r + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, packed, r + 3 * L).fma(v, a3);
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
    private static void sevenPanelTimes(int count, int[] rows, float[] x, int xOff, float[] packed, int base,
                                        float[] out) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            FloatVector v = FloatVector.broadcast(S, x[xOff + row]);
            int r = base + row * SEVEN;
            a0 = FloatVector.fromArray(S, packed, r).fma(v, a0);
            a1 = FloatVector.fromArray(S, packed, r + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, packed, r + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, packed, r + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(S, packed, r + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(S, packed, r + 5 * L).fma(v, a5);
            a6 = FloatVector.fromArray(S, packed, r + 6 * L).fma(v, a6);
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
    private static void panelTimes(int count, int[] rows, float[] x, int xOff, float[] packed, int base, float[] out) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            FloatVector v = FloatVector.broadcast(S, x[xOff + row]);
            int r = base + row * PANEL;
            a0 = FloatVector.fromArray(S, packed, r).fma(v, a0);
            a1 = FloatVector.fromArray(S, packed, r + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, packed, r + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, packed, r + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(S, packed, r + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(S, packed, r + 5 * L).fma(v, a5);
            a6 = FloatVector.fromArray(S, packed, r + 6 * L).fma(v, a6);
            a7 = FloatVector.fromArray(S, packed, r + 7 * L).fma(v, a7);
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
    private static long nonzeroBits(float[] x, int off, int len) {
        long bits = 0;
        for (int j = 0; j < len; j++) {
            if (x[off + j] != 0f) {
                bits |= 1L << j;
            }
        }
        return bits;
    }

    /** v·0 is 0 for finite v and NaN otherwise: one FMA per vector, no branch; the index only when needed. */
    @Override
    public int firstNonFinite(int len, float[] x, int off) {
        FloatVector zero = FloatVector.zero(S), acc = zero;
        int i = 0;
        for (; i <= len - L; i += L) {
            acc = FloatVector.fromArray(S, x, off + i).fma(zero, acc);
        }
        float tail = 0f;
        for (; i < len; i++) {
            tail += x[off + i] * 0f;
        }
        if (!acc.test(VectorOperators.IS_NAN).anyTrue() && !Float.isNaN(tail)) {
            return -1;
        }
        return SCALAR.firstNonFinite(len, x, off);
    }

    @Override
    public void scaleBytes(int len, byte[] src, int srcOff, float divisor, float[] dst, int dstOff) {
        PanamaBytes.scale(len, src, srcOff, divisor, dst, dstOff);
    }

    @Override
    public int countNonZero(int len, float[] x, int off) {
        int count = 0, i = 0;
        for (; i <= len - L; i += L) {
            count += FloatVector.fromArray(S, x, off + i).compare(VectorOperators.NE, 0f).trueCount();
        }
        for (; i < len; i++) {
            count += x[off + i] != 0f ? 1 : 0;
        }
        return count;
    }

    /**
     * Xᵀ·D as a sum of outer products, one row of X at a time: that row of D (a panel's worth, eight
     * vectors) stays in registers while each listed nonzero of the X row adds v·D into its row of C,
     * kept padded to the panel width in per-thread scratch and copied out at the end.
     */
    @Override
    public void sparseTransposeTimes(int m, int k, int n, float[] x, int xOff, int ldx, float[] d, int dOff, int ldd,
                                     float[] c, int cOff, int ldc, int k0, int k1) {
        int rows = k1 - k0;
        float[] acc = PanamaFloatLanes.block(rows * PANEL);
        float[] dRow = PanamaFloatLanes.panel();
        int[] list = PanamaFloatLanes.nonzeros(rows + 2 * PANEL);
        for (int col = 0; col < n; col += PANEL) {
            int w = Math.min(PANEL, n - col);
            java.util.Arrays.fill(acc, 0, rows * PANEL, 0f);
            java.util.Arrays.fill(dRow, w, PANEL, 0f);
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
    private static void outerRow(int count, int[] list, float[] x, int xOff, float[] dRow, float[] acc) {
        FloatVector d0 = FloatVector.fromArray(S, dRow, 0), d1 = FloatVector.fromArray(S, dRow, L);
        FloatVector d2 = FloatVector.fromArray(S, dRow, 2 * L), d3 = FloatVector.fromArray(S, dRow, 3 * L);
        FloatVector d4 = FloatVector.fromArray(S, dRow, 4 * L), d5 = FloatVector.fromArray(S, dRow, 5 * L);
        FloatVector d6 = FloatVector.fromArray(S, dRow, 6 * L), d7 = FloatVector.fromArray(S, dRow, 7 * L);
        for (int j = 0; j < count; j++) {
            int r = list[j];
            FloatVector v = FloatVector.broadcast(S, x[xOff + r]);
            int a = r * PANEL;
            d0.fma(v, FloatVector.fromArray(S, acc, a)).intoArray(acc, a);
            d1.fma(v, FloatVector.fromArray(S, acc, a + L)).intoArray(acc, a + L);
            d2.fma(v, FloatVector.fromArray(S, acc, a + 2 * L)).intoArray(acc, a + 2 * L);
            d3.fma(v, FloatVector.fromArray(S, acc, a + 3 * L)).intoArray(acc, a + 3 * L);
            d4.fma(v, FloatVector.fromArray(S, acc, a + 4 * L)).intoArray(acc, a + 4 * L);
            d5.fma(v, FloatVector.fromArray(S, acc, a + 5 * L)).intoArray(acc, a + 5 * L);
            d6.fma(v, FloatVector.fromArray(S, acc, a + 6 * L)).intoArray(acc, a + 6 * L);
            d7.fma(v, FloatVector.fromArray(S, acc, a + 7 * L)).intoArray(acc, a + 7 * L);
        }
    }
}
