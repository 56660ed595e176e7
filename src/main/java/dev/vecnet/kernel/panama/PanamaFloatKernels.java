package dev.vecnet.kernel.panama;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.FloatKernelsImpl;
import dev.vecnet.kernel.PackedFloatMatrix;
import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.gemm.PanamaFloatGemm;
import dev.vecnet.kernel.scalar.ScalarFloatKernels;
import dev.vecnet.kernel.scalar.ScalarMath;
import dev.vecnet.kernel.simd.PanamaMath;
import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels on the Vector API: the elementwise ones here (whole vectors, then a scalar tail
 * with the same roundings, Math.fma where the body uses a vector FMA); GEMM in {@link PanamaFloatGemm},
 * softmax and losses in {@link PanamaFloatSoftmax}, rows times packed matrices in
 * {@link PanamaFloatPanels}, the sparse Xᵀ·D in {@link PanamaFloatSparse}, exp in {@link PanamaMath}
 * (whose tail goes through the vector polynomial as well).
 */
public final class PanamaFloatKernels implements FloatKernelsImpl {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final ScalarFloatKernels SCALAR = new ScalarFloatKernels();
    /**
     * 512-bit vectors: every load from a Java array's panel row would span two cache lines. At 256 bits
     * half do, and there the heap array measures faster than a native segment (docs/design-notes.md,
     * "Inference: skipping zeros").
     */
    private static final boolean NATIVE_PANELS = S.vectorBitSize() >= 512;

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
            for (int i = 0; i < m; i++) {
                add(n, bias, biasOff, c, cOff + i * n);
            }
            PanamaMath.activate(c, cOff, m * n, act);
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            add(n, bias, biasOff, c, ci);
            PanamaMath.activate(c, ci, n, act);
        }
    }

    /** y += x, or y += +0 without an x (docs/kernel-contract.md: a -0 sum becomes +0 as with a bias of zeros). */
    private static void add(int len, float[] x, int xOff, float[] y, int yOff) {
        if (x == null) {
            addZero(len, y, yOff);
            return;
        }
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    /** y += +0. */
    private static void addZero(int len, float[] y, int yOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(0f).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += 0f;
        }
    }

    @Override
    public void exp(int len, float[] x, int xOff, float[] y, int yOff) {
        PanamaMath.exp(x, xOff, y, yOff, len);
    }

    /** 1 / (1 + exp(−x)), −x, exp and 1/(1+e) in one pass per vector. exp(−x) = +Inf for very negative x gives 0. */
    @Override
    public void sigmoid(int len, float[] x, int xOff, float[] y, int yOff) {
        PanamaMath.sigmoid(x, xOff, y, yOff, len);
    }

    @Override
    public void sigmoidBackward(int len, float[] dout, int dOff, float[] y, int yOff, float[] dx, int dxOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            PanamaMath.flush(FloatVector.fromArray(S, dout, dOff + i).mul(v.neg().add(1f)).mul(v)).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = ScalarMath.flush(dout[dOff + i] * (1f - v) * v);
        }
    }

    @Override
    public void relu(int len, float[] x, int xOff, float[] y, int yOff) {
        PanamaMath.relu(len, x, xOff, y, yOff);
    }

    @Override
    public void tanh(int len, float[] x, int xOff, float[] y, int yOff) {
        PanamaMath.tanh(x, xOff, y, yOff, len);
    }

    @Override
    public void tanhBackward(int len, float[] dout, int dOff, float[] y, int yOff, float[] dx, int dxOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            PanamaMath.flush(FloatVector.fromArray(S, dout, dOff + i).mul(v.mul(v).neg().add(1f))).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = ScalarMath.flush(dout[dOff + i] * (1f - v * v));
        }
    }

    @Override
    public void leakyRelu(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        PanamaMath.leakyRelu(len, alpha, x, xOff, y, yOff);
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

    @Override
    public void softmaxRows(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        PanamaFloatSoftmax.softmaxRows(m, n, x, xOff, ldx, y, yOff, ldy);
    }

    @Override
    public double crossEntropyLogits(int m, int n, float[] logits, int off, int ld, int[] labels, int labelsOff) {
        return PanamaFloatSoftmax.crossEntropyLogits(m, n, logits, off, ld, labels, labelsOff);
    }

    @Override
    public double crossEntropyBook(int m, int n, float[] probs, int off, int ld, int[] labels, int labelsOff) {
        return SCALAR.crossEntropyBook(m, n, probs, off, ld, labels, labelsOff);
    }

    @Override
    public void softmaxLossBackward(int m, int n, float[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    float[] dx, int dxOff, int lddx) {
        PanamaFloatSoftmax.softmaxLossBackward(m, n, y, yOff, ldy, labels, labelsOff, dx, dxOff, lddx);
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
            PanamaMath.flush(FloatVector.fromArray(S, x, xOff + i).fma(av, FloatVector.fromArray(S, y, yOff + i)))
                    .intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] = ScalarMath.flush(Math.fma(x[xOff + i], alpha, y[yOff + i]));
        }
    }

    @Override
    public void sgdStep(int len, float lr, float[] g, int gOff, float[] w, int wOff) {
        FloatVector nlr = FloatVector.broadcast(S, -lr);
        int i = 0;
        for (; i <= len - L; i += L) {
            PanamaMath.flushParameter(FloatVector.fromArray(S, g, gOff + i).fma(nlr, FloatVector.fromArray(S, w, wOff + i)))
                    .intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(g[gOff + i], -lr, w[wOff + i]));
        }
    }

    @Override
    public void momentumStep(int len, float lr, float momentum, float[] g, int gOff, float[] v, int vOff, float[] w, int wOff) {
        FloatVector nlr = FloatVector.broadcast(S, -lr);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector vi = PanamaMath.flush(FloatVector.fromArray(S, g, gOff + i)
                    .fma(nlr, FloatVector.fromArray(S, v, vOff + i).mul(momentum)));
            vi.intoArray(v, vOff + i);
            PanamaMath.flushParameter(FloatVector.fromArray(S, w, wOff + i).add(vi)).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            float vi = ScalarMath.flush(Math.fma(g[gOff + i], -lr, v[vOff + i] * momentum));
            v[vOff + i] = vi;
            w[wOff + i] = ScalarMath.flushParameter(w[wOff + i] + vi);
        }
    }

    @Override
    public void adagradStep(int len, float lr, float[] g, int gOff, float[] h, int hOff, float[] w, int wOff) {
        FloatVector nlr = FloatVector.broadcast(S, -lr);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            FloatVector hi = PanamaMath.flush(gi.fma(gi, FloatVector.fromArray(S, h, hOff + i)));
            hi.intoArray(h, hOff + i);
            FloatVector q = gi.div(hi.sqrt().add(1e-7f));
            PanamaMath.flushParameter(q.fma(nlr, FloatVector.fromArray(S, w, wOff + i))).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            float gi = g[gOff + i];
            float hi = ScalarMath.flush(Math.fma(gi, gi, h[hOff + i]));
            h[hOff + i] = hi;
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(gi / ((float) Math.sqrt(hi) + 1e-7f), -lr, w[wOff + i]));
        }
    }

    @Override
    public void adamStep(int len, float lr, float c1, float c2, float[] g, int gOff, float[] m, int mOff,
                         float[] v, int vOff, float[] w, int wOff) {
        FloatVector nlr = FloatVector.broadcast(S, -lr), c1v = FloatVector.broadcast(S, c1), c2v = FloatVector.broadcast(S, c2);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i);
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i);
            mi = PanamaMath.flush(gi.sub(mi).fma(c1v, mi));
            vi = PanamaMath.flush(PanamaMath.square(gi).sub(vi).fma(c2v, vi));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector q = mi.div(vi.sqrt().add(1e-7f));
            PanamaMath.flushParameter(q.fma(nlr, FloatVector.fromArray(S, w, wOff + i))).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            float gi = g[gOff + i];
            float mi = ScalarMath.flush(Math.fma(gi - m[mOff + i], c1, m[mOff + i]));
            float vi = ScalarMath.flush(Math.fma(ScalarMath.square(gi) - v[vOff + i], c2, v[vOff + i]));
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(mi / ((float) Math.sqrt(vi) + 1e-7f), -lr, w[wOff + i]));
        }
    }

    @Override
    public void argmaxRows(int m, int n, float[] x, int off, int ld, int[] out, int outOff) {
        SCALAR.argmaxRows(m, n, x, off, ld, out, outOff);
    }

    @Override
    public int panelWidth(int n) {
        return PanamaFloatPanels.panelWidth(n);
    }

    /** Native 64-byte aligned panels where a vector is a cache line (see {@link PackedFloatMatrix}). */
    @Override
    public boolean nativePanels() {
        return NATIVE_PANELS;
    }

    @Override
    public void vecMatRows(int rows, float[] x, int xOff, int ldx, PackedFloatMatrix b, float[] y, int yOff, int ldy) {
        PanamaFloatPanels.rowsTimes(rows, b.rows(), b.columns(), x, xOff, ldx, segment(b), b.panelWidth(), y, yOff, ldy);
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
        // NaN is the one value unequal to itself: a compare C2 always intrinsifies (test(IS_NAN) at 512
        // bits fell back to Java in some compilations and allocated a vector a call)
        if (!acc.compare(VectorOperators.NE, acc).anyTrue() && !Float.isNaN(tail)) {
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

    @Override
    public void sparseTransposeTimes(int m, int k, int n, float[] x, int xOff, int ldx, float[] d, int dOff, int ldd,
                                     float[] c, int cOff, int ldc, int k0, int k1) {
        PanamaFloatSparse.transposeTimes(m, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc, k0, k1);
    }

    /** B's panels as a segment, over its native buffer or its array: made on first use and kept with it. */
    private static java.lang.foreign.MemorySegment segment(PackedFloatMatrix b) {
        Object v = b.view();
        if (v == null) {
            v = b.data() != null ? java.lang.foreign.MemorySegment.ofArray(b.data())
                    : java.lang.foreign.MemorySegment.ofBuffer(b.nativePanels());
            b.view(v);
        }
        return (java.lang.foreign.MemorySegment) v;
    }
}
