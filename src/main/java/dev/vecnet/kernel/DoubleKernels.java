// GENERATED from FloatKernels.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;


/**
 * float64 kernels: the public face of the kernel layer. Checks every argument (sizes, offsets,
 * leading dimensions, labels) and delegates to the provider chosen by {@link Kernels}. Matrices
 * are row-major: element (i, j) of a matrix at {@code off} with leading dimension {@code ld} is
 * {@code x[off + i * ld + j]}. Instances are immutable and safe to share between threads; the
 * kernels keep their scratch space per thread and allocate nothing in steady state.
 */
public final class DoubleKernels {
    private final DoubleKernelsImpl impl;

    private DoubleKernels(DoubleKernelsImpl impl) {
        this.impl = impl;
    }

    /** The checked face of a provider's kernels (the lookup's, or the run-time's that switch between two). */
    public static DoubleKernels of(DoubleKernelsImpl impl) {
        return new DoubleKernels(java.util.Objects.requireNonNull(impl, "kernels"));
    }

    /** The provider's kernels behind this face, unchecked: for another provider that delegates to them. */
    public DoubleKernelsImpl implementation() {
        return impl;
    }

    /** "panama-512", "scalar", ... */
    public String provider() {
        return impl.name();
    }

    /** Whether these are the scalar provider's kernels (not SIMD, and never switching to it). */
    public boolean scalar() {
        return impl.scalar();
    }

    /** double lanes per vector (1 for the scalar provider). */
    public int lanes() {
        return impl.lanes();
    }

    /** C = alpha·op(A)·op(B) + beta·C with op(A) m x k, op(B) k x n; beta = 0 never reads C. */
    public void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0, Activation.NONE, 1);
    }

    /**
     * C = act(alpha·op(A)·op(B) + beta·C + 1·biasᵀ), split over {@code threads} threads. The bias row
     * (n values at {@code biasOff}) may be null. Results are bitwise identical for every thread count.
     */
    public void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc,
                     double[] bias, int biasOff, Activation act, int threads) {
        Checks.positive("m", m);
        Checks.positive("n", n);
        Checks.positive("k", k);
        Checks.notNull("A", a);
        Checks.notNull("B", b);
        Checks.notNull("C", c);
        Checks.notNull("transpose of A", ta);
        Checks.notNull("transpose of B", tb);
        Checks.notNull("activation", act);
        Checks.threads(threads);
        Checks.matrix("A", a.length, aOff, ta == Transpose.NO ? m : k, ta == Transpose.NO ? k : m, lda);
        Checks.matrix("B", b.length, bOff, tb == Transpose.NO ? k : n, tb == Transpose.NO ? n : k, ldb);
        Checks.matrix("C", c.length, cOff, m, n, ldc);
        if (bias != null) {
            Checks.vector("bias", bias.length, biasOff, n);
        }
        impl.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act, threads);
    }

    /** C = act(C + 1·biasᵀ) over an m x n block; bias may be null. */
    public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
        checkMatrix("C", m, n, c, cOff, ldc);
        Checks.notNull("activation", act);
        if (bias != null) {
            Checks.vector("bias", bias.length, biasOff, n);
        }
        impl.biasActivation(m, n, c, cOff, ldc, bias, biasOff, act);
    }

    /** y = exp(x), vectorised (see the provider's accuracy bound); y may be x at the same offset. */
    public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
        checkVectors(len, x, xOff, y, yOff);
        Checks.sameOrDisjoint(x, xOff, y, yOff, len);
        impl.exp(len, x, xOff, y, yOff);
    }

    /** y = 1 / (1 + exp(−x)); y may be x at the same offset. */
    public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
        checkVectors(len, x, xOff, y, yOff);
        Checks.sameOrDisjoint(x, xOff, y, yOff, len);
        impl.sigmoid(len, x, xOff, y, yOff);
    }

    /** dx = dout·(1 − y)·y, y being the sigmoid's output. */
    public void sigmoidBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        checkVectors(len, dout, dOff, y, yOff);
        checkVector("dx", len, dx, dxOff);
        impl.sigmoidBackward(len, dout, dOff, y, yOff, dx, dxOff);
    }

    /** y = x &lt;= 0 ? 0 : x (NaN passes through, as with the book's mask). */
    public void relu(int len, double[] x, int xOff, double[] y, int yOff) {
        checkVectors(len, x, xOff, y, yOff);
        impl.relu(len, x, xOff, y, yOff);
    }

    /** dx = x &lt;= 0 ? 0 : dout: x = 0 counts as off, as in the book's Relu layer. */
    public void reluBackward(int len, double[] dout, int dOff, double[] x, int xOff, double[] dx, int dxOff) {
        checkVectors(len, dout, dOff, x, xOff);
        checkVector("dx", len, dx, dxOff);
        impl.reluBackward(len, dout, dOff, x, xOff, dx, dxOff);
    }

    /** y = tanh(x), computed as 2 / (1 + exp(−2x)) − 1 (see {@link Activation#TANH}); y may be x at the same offset. */
    public void tanh(int len, double[] x, int xOff, double[] y, int yOff) {
        checkVectors(len, x, xOff, y, yOff);
        Checks.sameOrDisjoint(x, xOff, y, yOff, len);
        impl.tanh(len, x, xOff, y, yOff);
    }

    /** dx = dout·(1 − y·y), y being tanh's output. */
    public void tanhBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        checkVectors(len, dout, dOff, y, yOff);
        checkVector("dx", len, dx, dxOff);
        impl.tanhBackward(len, dout, dOff, y, yOff, dx, dxOff);
    }

    /** y = x &lt; 0 ? alpha·x : x, ONNX's LeakyRelu (NaN passes); y may be x at the same offset. */
    public void leakyRelu(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        checkVectors(len, x, xOff, y, yOff);
        Checks.sameOrDisjoint(x, xOff, y, yOff, len);
        impl.leakyRelu(len, alpha, x, xOff, y, yOff);
    }

    /** Row-wise softmax with the row maximum subtracted first; y may be x. */
    public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
        checkMatrix("x", m, n, x, xOff, ldx);
        checkMatrix("y", m, n, y, yOff, ldy);
        impl.softmaxRows(m, n, x, xOff, ldx, y, yOff, ldy);
    }

    /** Mean cross-entropy of m rows of logits against class indices, by log-sum-exp: exact, never log(0). */
    public double crossEntropyLogits(int m, int n, double[] logits, int off, int ld, int[] labels, int labelsOff) {
        checkMatrix("logits", m, n, logits, off, ld);
        Checks.labels(labels, labelsOff, m, n);
        return impl.crossEntropyLogits(m, n, logits, off, ld, labels, labelsOff);
    }

    /** The book's cross-entropy on probabilities: mean of −log(p[label] + 1e-7). */
    public double crossEntropyBook(int m, int n, double[] probs, int off, int ld, int[] labels, int labelsOff) {
        checkMatrix("probabilities", m, n, probs, off, ld);
        Checks.labels(labels, labelsOff, m, n);
        return impl.crossEntropyBook(m, n, probs, off, ld, labels, labelsOff);
    }

    /** dx = (y − onehot(labels)) / m, the backward pass of softmax-with-loss. */
    public void softmaxLossBackward(int m, int n, double[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    double[] dx, int dxOff, int lddx) {
        checkMatrix("y", m, n, y, yOff, ldy);
        checkMatrix("dx", m, n, dx, dxOff, lddx);
        Checks.labels(labels, labelsOff, m, n);
        impl.softmaxLossBackward(m, n, y, yOff, ldy, labels, labelsOff, dx, dxOff, lddx);
    }

    /** out[j] = Σ_i x[i][j] (the bias gradient). */
    public void columnSums(int m, int n, double[] x, int xOff, int ldx, double[] out, int outOff) {
        checkMatrix("x", m, n, x, xOff, ldx);
        checkVector("out", n, out, outOff);
        impl.columnSums(m, n, x, xOff, ldx, out, outOff);
    }

    /**
     * y += alpha·x, one FMA per element, the result flushed (a subnormal becomes zero; see
     * docs/kernel-contract.md): e.g. the weight decay's λ·W added to a gradient.
     */
    public void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        checkVectors(len, x, xOff, y, yOff);
        impl.axpy(len, alpha, x, xOff, y, yOff);
    }

    /*
     * The optimizers' steps (the book's chapter 6) over len parameters w and their gradient g. Each
     * state value is flushed (a subnormal becomes zero) and each parameter is set to zero when it falls
     * below 2^-63 in magnitude, the square root of the smallest normal double: x86 takes a microcode
     * assist of a hundred cycles and more for every instruction that reads or makes a subnormal, and
     * weight decay drives unused weights down through that range (docs/kernel-contract.md, "Updates").
     */

    /** SGD: w −= lr·g, one FMA. */
    public void sgdStep(int len, double lr, double[] g, int gOff, double[] w, int wOff) {
        checkUpdate(len, g, gOff, w, wOff);
        impl.sgdStep(len, lr, g, gOff, w, wOff);
    }

    /** Momentum SGD: v = momentum·v − lr·g, then w += v. */
    public void momentumStep(int len, double lr, double momentum, double[] g, int gOff, double[] v, int vOff, double[] w, int wOff) {
        checkUpdate(len, g, gOff, w, wOff);
        checkVector("velocity", len, v, vOff);
        impl.momentumStep(len, lr, momentum, g, gOff, v, vOff, w, wOff);
    }

    /** AdaGrad: h += g·g, then w −= lr·g / (√h + 1e-7). */
    public void adagradStep(int len, double lr, double[] g, int gOff, double[] h, int hOff, double[] w, int wOff) {
        checkUpdate(len, g, gOff, w, wOff);
        checkVector("squared sums", len, h, hOff);
        impl.adagradStep(len, lr, g, gOff, h, hOff, w, wOff);
    }

    /**
     * Adam as the book writes it: m += c1·(g − m), v += c2·(g·g − v), then w −= lr·m / (√v + 1e-7),
     * with c1 = 1 − β1, c2 = 1 − β2 and lr the step's rate with the bias corrections folded in
     * (lr·√(1 − β2^t) / (1 − β1^t)).
     */
    public void adamStep(int len, double lr, double c1, double c2, double[] g, int gOff, double[] m, int mOff,
                         double[] v, int vOff, double[] w, int wOff) {
        checkUpdate(len, g, gOff, w, wOff);
        checkVector("first moments", len, m, mOff);
        checkVector("second moments", len, v, vOff);
        impl.adamStep(len, lr, c1, c2, g, gOff, m, mOff, v, vOff, w, wOff);
    }

    private static void checkUpdate(int len, double[] g, int gOff, double[] w, int wOff) {
        Checks.positive("length", len);
        checkVector("gradient", len, g, gOff);
        checkVector("parameters", len, w, wOff);
    }

    /** out[i] = index of the first maximum of row i. */
    public void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out, int outOff) {
        checkMatrix("x", m, n, x, off, ld);
        Checks.notNull("out", out);
        Checks.vector("out", out.length, outOff, m);
        impl.argmaxRows(m, n, x, off, ld, out, outOff);
    }

    /**
     * B (k x n at {@code bOff}, leading dimension ldb) packed for {@link #vecMat}: done once, e.g. when
     * a model is loaded, so that every later product streams B contiguously.
     */
    public PackedDoubleMatrix pack(int k, int n, double[] b, int bOff, int ldb) {
        checkMatrix("B", k, n, b, bOff, ldb);
        PackedDoubleMatrix p = new PackedDoubleMatrix(k, n, impl.panelWidth(n), impl.getClass(), impl.nativePanels());
        p.fill(b, bOff, ldb);
        return p;
    }

    /** Packs B again into {@code into} (same rows and columns), reusing its storage: for weights that change every step. */
    public void pack(double[] b, int bOff, int ldb, PackedDoubleMatrix into) {
        checkPacked(into);
        checkMatrix("B", into.rows, into.columns, b, bOff, ldb);
        PackedDoubleMatrix twin = into.twin;
        if (twin != null) { // the SIMD panels are in use, and a switch to them is for good: only they are read
            twin.fill(b, bOff, ldb);
        } else {
            into.fill(b, bOff, ldb);
        }
    }

    /**
     * y = act(x·B + bias) for one row x of B.rows() values and a packed B; bias (B.columns() values)
     * may be null. Zero elements of x are skipped (for B of more than a few columns), so sparse rows
     * (images with a blank background) cost less; for finite B this is exact.
     */
    public void vecMat(double[] x, int xOff, PackedDoubleMatrix b, double[] bias, int biasOff, Activation act,
                       double[] y, int yOff) {
        checkPacked(b);
        checkVector("x", b.rows, x, xOff);
        checkVector("y", b.columns, y, yOff);
        checkBiasAndActivation(b, bias, biasOff, act);
        rows(0, 1, x, xOff, b.rows, b, bias, biasOff, act, y, yOff, b.columns);
    }

    /**
     * Rows per thread below which {@link #vecMatRows} does not split: a hand-off to a spinning worker
     * costs under a µs, but a parked one takes 15-25 µs to wake, about 15 rows' work (see Parallel).
     */
    public static final int VEC_MAT_MIN_ROWS_PER_THREAD = 32;

    /**
     * {@link #vecMat} for each of m rows of x (leading dimension ldx) into the rows of y (ldy), the
     * rows split over up to {@code threads} threads, at least {@link #VEC_MAT_MIN_ROWS_PER_THREAD}
     * rows each; each row's result is bitwise that of vecMat.
     */
    public void vecMatRows(int m, double[] x, int xOff, int ldx, PackedDoubleMatrix b, double[] bias, int biasOff,
                           Activation act, double[] y, int yOff, int ldy, int threads) {
        checkPacked(b);
        checkMatrix("x", m, b.rows, x, xOff, ldx);
        checkMatrix("y", m, b.columns, y, yOff, ldy);
        checkBiasAndActivation(b, bias, biasOff, act);
        if (KernelThreads.parts(m, threads, VEC_MAT_MIN_ROWS_PER_THREAD) == 1) { // no task object on this path
            rows(0, m, x, xOff, ldx, b, bias, biasOff, act, y, yOff, ldy);
            return;
        }
        KernelThreads.run(m, threads, VEC_MAT_MIN_ROWS_PER_THREAD,
                (part, from, to) -> rows(from, to, x, xOff, ldx, b, bias, biasOff, act, y, yOff, ldy));
    }

    private void rows(int from, int to, double[] x, int xOff, int ldx, PackedDoubleMatrix b, double[] bias, int biasOff,
                      Activation act, double[] y, int yOff, int ldy) {
        impl.vecMatRows(to - from, x, xOff + from * ldx, ldx, b, y, yOff + from * ldy, ldy);
        impl.biasActivation(to - from, b.columns, y, yOff + from * ldy, ldy, bias, biasOff, act);
    }

    private void checkPacked(PackedDoubleMatrix b) {
        Checks.notNull("packed B", b);
        if (b.provider != impl.getClass()) {
            throw new IllegalArgumentException("B was packed by " + b.provider.getSimpleName() + ", these kernels are "
                    + impl.name());
        }
    }

    private static void checkBiasAndActivation(PackedDoubleMatrix b, double[] bias, int biasOff, Activation act) {
        Checks.notNull("activation", act);
        if (bias != null) {
            Checks.vector("bias", bias.length, biasOff, b.columns);
        }
    }

    /** The index of the first NaN or infinite value of x[off..off+len), or -1 when all are finite. */
    public int firstNonFinite(int len, double[] x, int off) {
        Checks.positive("length", len);
        checkVector("x", len, x, off);
        return impl.firstNonFinite(len, x, off);
    }

    /** How many of x[off..off+len) are not zero (NaN counts as not zero): e.g. to choose between GEMM and vecMatRows. */
    public int countNonZero(int len, double[] x, int off) {
        Checks.positive("length", len);
        checkVector("x", len, x, off);
        return impl.countNonZero(len, x, off);
    }

    /**
     * dst[dstOff + i] = (src[srcOff + i] &amp; 0xff) / divisor for i &lt; len: unsigned bytes (pixels)
     * to floats, an IEEE division each, so bitwise {@code (b & 0xff) / divisor} in this precision.
     */
    public void scaleBytes(int len, byte[] src, int srcOff, double divisor, double[] dst, int dstOff) {
        Checks.positive("length", len);
        Checks.notNull("src", src);
        Checks.vector("src", src.length, srcOff, len);
        checkVector("dst", len, dst, dstOff);
        impl.scaleBytes(len, src, srcOff, divisor, dst, dstOff);
    }

    /**
     * C (k x n) = Xᵀ·D for X (m x k) and D (m x n), beta = 0, skipping the zeros of X (exact for finite
     * D): the weight gradient of a layer whose input is mostly zeros. Split over {@code threads}
     * threads by rows of C; each element sums over the rows of X in order, so results do not depend
     * on the thread count.
     */
    public void sparseTransposeTimes(int m, int k, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                                     double[] c, int cOff, int ldc, int threads) {
        checkMatrix("X", m, k, x, xOff, ldx);
        checkMatrix("D", m, n, d, dOff, ldd);
        checkMatrix("C", k, n, c, cOff, ldc);
        Checks.threads(threads);
        if (threads == 1) {
            impl.sparseTransposeTimes(m, k, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc, 0, k);
            return;
        }
        int[] starts = new int[threads + 1];
        int parts = Parallel.split(k, threads, SPLIT_ROWS, starts);
        Parallel.run(parts, part -> impl.sparseTransposeTimes(m, k, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc,
                starts[part], starts[part + 1]));
    }

    /** Rows of C per part of a split {@link #sparseTransposeTimes} come in multiples of this. */
    private static final int SPLIT_ROWS = 16;

    private static void checkMatrix(String name, int m, int n, double[] x, int off, int ld) {
        Checks.dimensions(name, m, n);
        Checks.notNull(name, x);
        Checks.matrix(name, x.length, off, m, n, ld);
    }

    private static void checkVector(String name, int len, double[] x, int off) {
        Checks.notNull(name, x);
        Checks.vector(name, x.length, off, len);
    }

    private static void checkVectors(int len, double[] x, int xOff, double[] y, int yOff) {
        Checks.positive("length", len);
        checkVector("input", len, x, xOff);
        checkVector("output", len, y, yOff);
    }
}
