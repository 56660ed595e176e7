// GENERATED from FloatKernelsImpl.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;

/**
 * The float64 kernel contract that each provider (Scalar, Panama) implements. Arguments are already
 * checked by {@link DoubleKernels}; implementations may rely on every index being in bounds.
 * Matrices are row-major with an offset and a leading dimension.
 */
public interface DoubleKernelsImpl {

    String name();

    /** Lanes of the vector species used (1 for scalar). */
    int lanes();

    /** Whether these are the scalar provider's kernels. */
    default boolean scalar() {
        return false;
    }

    /** C = act(alpha·op(A)·op(B) + beta·C + 1·bias), bias may be null; beta = 0 never reads C. */
    void gemm(Transpose ta, Transpose tb, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc,
              double[] bias, int biasOff, Activation act, int threads);

    /** C = act(C + 1·bias) for an m x n block. */
    void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act);

    void exp(int len, double[] x, int xOff, double[] y, int yOff);

    void sigmoid(int len, double[] x, int xOff, double[] y, int yOff);

    /** dx = dout·(1 − y)·y. */
    void sigmoidBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff);

    void relu(int len, double[] x, int xOff, double[] y, int yOff);

    /** dx = x &lt;= 0 ? 0 : dout (the book's mask: x = 0 is off, NaN passes). x may be the forward input or output. */
    void reluBackward(int len, double[] dout, int dOff, double[] x, int xOff, double[] dx, int dxOff);

    /** y = tanh(x) as 2 / (1 + exp(−2x)) − 1. */
    void tanh(int len, double[] x, int xOff, double[] y, int yOff);

    /** dx = dout·(1 − y·y), y being tanh's output. */
    void tanhBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff);

    /** y = x &lt; 0 ? alpha·x : x (NaN passes). */
    void leakyRelu(int len, double alpha, double[] x, int xOff, double[] y, int yOff);

    void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy);

    /** Mean over rows of logsumexp(row) − row[label]. */
    double crossEntropyLogits(int m, int n, double[] logits, int off, int ld, int[] labels, int labelsOff);

    /** Mean over rows of −log(p[label] + 1e-7), the book's form on probabilities. */
    double crossEntropyBook(int m, int n, double[] probs, int off, int ld, int[] labels, int labelsOff);

    /** dx = (y − onehot(label)) / m. */
    void softmaxLossBackward(int m, int n, double[] y, int yOff, int ldy, int[] labels, int labelsOff,
                             double[] dx, int dxOff, int lddx);

    /** out[j] = Σ_i x[i][j]. */
    void columnSums(int m, int n, double[] x, int xOff, int ldx, double[] out, int outOff);

    /** y = flush(y + alpha·x), one FMA. */
    void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff);

    /**
     * w = param(fma(g, −lr, w)). The update kernels follow docs/kernel-contract.md ("Updates"):
     * flush() makes a subnormal zero, param() makes zero whatever is below 2^-63 (f32) in magnitude.
     */
    void sgdStep(int len, double lr, double[] g, int gOff, double[] w, int wOff);

    /** v = flush(fma(g, −lr, v·momentum)); w = param(w + v). */
    void momentumStep(int len, double lr, double momentum, double[] g, int gOff, double[] v, int vOff, double[] w, int wOff);

    /** h = flush(fma(g, g, h)); w = param(fma(g / (√h + 1e-7), −lr, w)). */
    void adagradStep(int len, double lr, double[] g, int gOff, double[] h, int hOff, double[] w, int wOff);

    /** m = flush(fma(g − m, c1, m)); v = flush(fma(flush(g·g) − v, c2, v)); w = param(fma(m / (√v + 1e-7), −lr, w)). */
    void adamStep(int len, double lr, double c1, double c2, double[] g, int gOff, double[] m, int mOff,
                  double[] v, int vOff, double[] w, int wOff);

    /** out[i] = index of the first maximum of row i. */
    void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out, int outOff);

    /** Columns per panel of a packed n-column matrix (see {@link PackedDoubleMatrix}). */
    int panelWidth(int n);

    /** Whether packed matrices keep their panels in 64-byte aligned native memory (see {@link PackedDoubleMatrix}). */
    default boolean nativePanels() {
        return false;
    }

    /**
     * y = x·B for {@code rows} rows of x (ldx apart) into rows of y (ldy apart), B packed by this
     * provider; elements of x equal to zero may be skipped (adding 0·b changes nothing for finite b).
     * Each row's result is the same bits whatever {@code rows} is.
     */
    void vecMatRows(int rows, double[] x, int xOff, int ldx, PackedDoubleMatrix b, double[] y, int yOff, int ldy);

    /** The index of the first NaN or infinite value of x[off..off+len), or -1 when all are finite. */
    int firstNonFinite(int len, double[] x, int off);

    /** How many of x[off..off+len) are not zero (NaN counts as not zero). */
    int countNonZero(int len, double[] x, int off);

    /** dst[dstOff + i] = (src[srcOff + i] &amp; 0xff) / divisor for i &lt; len. */
    void scaleBytes(int len, byte[] src, int srcOff, double divisor, double[] dst, int dstOff);

    /**
     * Rows [k0, k1) of C (k x n, ldc) = Xᵀ·D for X m x k (ldx) and D m x n (ldd), beta = 0; zeros of X
     * are skipped. Each element sums over the rows of X in order.
     */
    void sparseTransposeTimes(int m, int k, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                              double[] c, int cOff, int ldc, int k0, int k1);
}
