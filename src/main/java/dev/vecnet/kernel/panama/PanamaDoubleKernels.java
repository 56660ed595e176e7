// GENERATED from PanamaFloatKernels.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.panama;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.DoubleKernelsImpl;
import dev.vecnet.kernel.PackedDoubleMatrix;
import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.gemm.PanamaDoubleGemm;
import dev.vecnet.kernel.scalar.ScalarDoubleKernels;
import dev.vecnet.kernel.scalar.ScalarMath;
import dev.vecnet.kernel.simd.PanamaMath;
import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 kernels on the Vector API: the elementwise ones here (whole vectors, then a scalar tail
 * with the same roundings, Math.fma where the body uses a vector FMA); GEMM in {@link PanamaDoubleGemm},
 * softmax and losses in {@link PanamaDoubleSoftmax}, rows times packed matrices in
 * {@link PanamaDoublePanels}, the sparse Xᵀ·D in {@link PanamaDoubleSparse}, exp in {@link PanamaMath}
 * (whose tail goes through the vector polynomial as well).
 */
public final class PanamaDoubleKernels implements DoubleKernelsImpl {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    private static final ScalarDoubleKernels SCALAR = new ScalarDoubleKernels();
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
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc,
                     double[] bias, int biasOff, Activation act, int threads) {
        PanamaDoubleGemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                bias, biasOff, act, threads);
    }

    @Override
    public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
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
    private static void add(int len, double[] x, int xOff, double[] y, int yOff) {
        if (x == null) {
            addZero(len, y, yOff);
            return;
        }
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector.fromArray(S, y, yOff + i).add(DoubleVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    /** y += +0. */
    private static void addZero(int len, double[] y, int yOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector.fromArray(S, y, yOff + i).add(0.0).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += 0.0;
        }
    }

    @Override
    public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
        PanamaMath.exp(x, xOff, y, yOff, len);
    }

    /** 1 / (1 + exp(−x)), −x, exp and 1/(1+e) in one pass per vector. exp(−x) = +Inf for very negative x gives 0. */
    @Override
    public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
        PanamaMath.sigmoid(x, xOff, y, yOff, len);
    }

    @Override
    public void sigmoidBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, y, yOff + i);
            PanamaMath.flush(DoubleVector.fromArray(S, dout, dOff + i).mul(v.neg().add(1.0)).mul(v)).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = ScalarMath.flush(dout[dOff + i] * (1.0 - v) * v);
        }
    }

    @Override
    public void relu(int len, double[] x, int xOff, double[] y, int yOff) {
        PanamaMath.relu(len, x, xOff, y, yOff);
    }

    @Override
    public void tanh(int len, double[] x, int xOff, double[] y, int yOff) {
        PanamaMath.tanh(x, xOff, y, yOff, len);
    }

    @Override
    public void tanhBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, y, yOff + i);
            PanamaMath.flush(DoubleVector.fromArray(S, dout, dOff + i).mul(v.mul(v).neg().add(1.0))).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = ScalarMath.flush(dout[dOff + i] * (1.0 - v * v));
        }
    }

    @Override
    public void leakyRelu(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        PanamaMath.leakyRelu(len, alpha, x, xOff, y, yOff);
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

    @Override
    public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
        PanamaDoubleSoftmax.softmaxRows(m, n, x, xOff, ldx, y, yOff, ldy);
    }

    @Override
    public double crossEntropyLogits(int m, int n, double[] logits, int off, int ld, int[] labels, int labelsOff) {
        return PanamaDoubleSoftmax.crossEntropyLogits(m, n, logits, off, ld, labels, labelsOff);
    }

    @Override
    public double crossEntropyBook(int m, int n, double[] probs, int off, int ld, int[] labels, int labelsOff) {
        return SCALAR.crossEntropyBook(m, n, probs, off, ld, labels, labelsOff);
    }

    @Override
    public void softmaxLossBackward(int m, int n, double[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    double[] dx, int dxOff, int lddx) {
        PanamaDoubleSoftmax.softmaxLossBackward(m, n, y, yOff, ldy, labels, labelsOff, dx, dxOff, lddx);
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
            PanamaMath.flush(DoubleVector.fromArray(S, x, xOff + i).fma(av, DoubleVector.fromArray(S, y, yOff + i)))
                    .intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] = ScalarMath.flush(Math.fma(x[xOff + i], alpha, y[yOff + i]));
        }
    }

    @Override
    public void sgdStep(int len, double lr, double[] g, int gOff, double[] w, int wOff) {
        DoubleVector nlr = DoubleVector.broadcast(S, -lr);
        int i = 0;
        for (; i <= len - L; i += L) {
            PanamaMath.flushParameter(DoubleVector.fromArray(S, g, gOff + i).fma(nlr, DoubleVector.fromArray(S, w, wOff + i)))
                    .intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(g[gOff + i], -lr, w[wOff + i]));
        }
    }

    @Override
    public void momentumStep(int len, double lr, double momentum, double[] g, int gOff, double[] v, int vOff, double[] w, int wOff) {
        DoubleVector nlr = DoubleVector.broadcast(S, -lr);
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector vi = PanamaMath.flush(DoubleVector.fromArray(S, g, gOff + i)
                    .fma(nlr, DoubleVector.fromArray(S, v, vOff + i).mul(momentum)));
            vi.intoArray(v, vOff + i);
            PanamaMath.flushParameter(DoubleVector.fromArray(S, w, wOff + i).add(vi)).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            double vi = ScalarMath.flush(Math.fma(g[gOff + i], -lr, v[vOff + i] * momentum));
            v[vOff + i] = vi;
            w[wOff + i] = ScalarMath.flushParameter(w[wOff + i] + vi);
        }
    }

    @Override
    public void adagradStep(int len, double lr, double[] g, int gOff, double[] h, int hOff, double[] w, int wOff) {
        DoubleVector nlr = DoubleVector.broadcast(S, -lr);
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector gi = DoubleVector.fromArray(S, g, gOff + i);
            DoubleVector hi = PanamaMath.flush(gi.fma(gi, DoubleVector.fromArray(S, h, hOff + i)));
            hi.intoArray(h, hOff + i);
            DoubleVector q = gi.div(hi.sqrt().add(1e-7));
            PanamaMath.flushParameter(q.fma(nlr, DoubleVector.fromArray(S, w, wOff + i))).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            double gi = g[gOff + i];
            double hi = ScalarMath.flush(Math.fma(gi, gi, h[hOff + i]));
            h[hOff + i] = hi;
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(gi / ((double) Math.sqrt(hi) + 1e-7), -lr, w[wOff + i]));
        }
    }

    @Override
    public void adamStep(int len, double lr, double c1, double c2, double[] g, int gOff, double[] m, int mOff,
                         double[] v, int vOff, double[] w, int wOff) {
        DoubleVector nlr = DoubleVector.broadcast(S, -lr), c1v = DoubleVector.broadcast(S, c1), c2v = DoubleVector.broadcast(S, c2);
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector gi = DoubleVector.fromArray(S, g, gOff + i);
            DoubleVector mi = DoubleVector.fromArray(S, m, mOff + i);
            DoubleVector vi = DoubleVector.fromArray(S, v, vOff + i);
            mi = PanamaMath.flush(gi.sub(mi).fma(c1v, mi));
            vi = PanamaMath.flush(PanamaMath.square(gi).sub(vi).fma(c2v, vi));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            DoubleVector q = mi.div(vi.sqrt().add(1e-7));
            PanamaMath.flushParameter(q.fma(nlr, DoubleVector.fromArray(S, w, wOff + i))).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            double gi = g[gOff + i];
            double mi = ScalarMath.flush(Math.fma(gi - m[mOff + i], c1, m[mOff + i]));
            double vi = ScalarMath.flush(Math.fma(ScalarMath.square(gi) - v[vOff + i], c2, v[vOff + i]));
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(mi / ((double) Math.sqrt(vi) + 1e-7), -lr, w[wOff + i]));
        }
    }

    @Override
    public void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out, int outOff) {
        SCALAR.argmaxRows(m, n, x, off, ld, out, outOff);
    }

    @Override
    public int panelWidth(int n) {
        return PanamaDoublePanels.panelWidth(n);
    }

    /** Native 64-byte aligned panels where a vector is a cache line (see {@link PackedDoubleMatrix}). */
    @Override
    public boolean nativePanels() {
        return NATIVE_PANELS;
    }

    @Override
    public void vecMatRows(int rows, double[] x, int xOff, int ldx, PackedDoubleMatrix b, double[] y, int yOff, int ldy) {
        PanamaDoublePanels.rowsTimes(rows, b.rows(), b.columns(), x, xOff, ldx, segment(b), b.panelWidth(), y, yOff, ldy);
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
        // NaN is the one value unequal to itself: a compare C2 always intrinsifies (test(IS_NAN) at 512
        // bits fell back to Java in some compilations and allocated a vector a call)
        if (!acc.compare(VectorOperators.NE, acc).anyTrue() && !Double.isNaN(tail)) {
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

    @Override
    public void sparseTransposeTimes(int m, int k, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                                     double[] c, int cOff, int ldc, int k0, int k1) {
        PanamaDoubleSparse.transposeTimes(m, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc, k0, k1);
    }

    /** B's panels as a segment, over its native buffer or its array: made on first use and kept with it. */
    private static java.lang.foreign.MemorySegment segment(PackedDoubleMatrix b) {
        Object v = b.view();
        if (v == null) {
            v = b.data() != null ? java.lang.foreign.MemorySegment.ofArray(b.data())
                    : java.lang.foreign.MemorySegment.ofBuffer(b.nativePanels());
            b.view(v);
        }
        return (java.lang.foreign.MemorySegment) v;
    }
}
