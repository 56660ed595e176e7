package dev.vecnet.nn;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.DoubleKernels;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.PackedDoubleMatrix;
import dev.vecnet.kernel.PackedFloatMatrix;
import dev.vecnet.kernel.Transpose;
import dev.vecnet.runtime.KernelRuntime;
import java.util.random.RandomGenerator;

/**
 * A precision for the network: its array type {@code A} (float[] or double[]) and the kernel calls
 * the layers make on it. The layers and the network are written once against this; only this
 * class knows float from double. Matrices are row-major and start at offset 0.
 */
public abstract sealed class Precision<A> {
    public static final Precision<float[]> F32 = new F32(KernelRuntime.f32());
    public static final Precision<double[]> F64 = new F64(KernelRuntime.f64());

    private Precision() {}

    /** The two precisions by name, for settings and command lines. */
    public enum Type {
        F32, F64
    }

    /** float32 on the given kernels (e.g. a provider other than this JVM's default). */
    public static Precision<float[]> f32(FloatKernels kernels) {
        return new F32(java.util.Objects.requireNonNull(kernels, "kernels"));
    }

    /** float64 on the given kernels. */
    public static Precision<double[]> f64(DoubleKernels kernels) {
        return new F64(java.util.Objects.requireNonNull(kernels, "kernels"));
    }

    /** "f32" or "f64". */
    public abstract String name();

    /** Which of the two precisions this is. */
    public abstract Type type();

    /** Whether the kernels this precision runs on are the scalar provider's (they compile in a moment). */
    public abstract boolean scalarKernels();

    /** The provider of the kernels this precision runs on ("panama-512", "scalar"). */
    public abstract String kernels();

    public abstract A alloc(int n);

    public abstract double get(A a, int i);

    public abstract void set(A a, int i, double v);

    /**
     * The first n values with every subnormal one set to the zero of its sign (the kernel contract's
     * flush, which every update applies); returns how many. For parameters that come from a file.
     */
    public abstract int flushSubnormals(A a, int n);

    /** The index of the first NaN or infinity among the first n values of a, or -1. */
    public abstract int firstNonFinite(A a, int n);

    /** dst[i] = std · N(0, 1), in order, from {@code random}. */
    public abstract void gaussian(A dst, double std, RandomGenerator random);

    /** dst[dstOff + i] = float32(src[srcOff + i] &amp; 0xff) / divisor, widened to this precision: pixels scaled as the book's load_mnist. */
    public abstract void scaleBytes(int len, byte[] src, int srcOff, float divisor, A dst, int dstOff);

    /**
     * Adds a[i]² (in float64) into stripes[i mod 16] for the first n values, in order: the weight
     * decay's penalty, in 16 independent sums (one running sum waits on each addition's latency, a
     * third of a deep network's forward pass).
     */
    public abstract void addSquares(A a, int n, double[] stripes);

    /** Stripes of {@link #addSquares}. */
    public static final int STRIPES = 16;

    /** C(m x n) = act(op(A)·op(B) + beta·C + bias) with leading dimensions from the shapes. */
    public abstract void gemm(Transpose ta, Transpose tb, int m, int n, int k, A a, A b, double beta, A c,
                              A bias, Activation act, int threads);

    public abstract void activate(Activation act, A x, A y, int len);

    /**
     * float32 skips the zeros of the first layer's input, in the forward x·W (four rows sharing each
     * row of W they need) and in the weight gradient xᵀ·dout, where at most this share of the batch is
     * nonzero: below it the zero-skipping kernels beat the GEMM, warm, and a cold run compiles fewer
     * kernels (docs/design-notes.md, "Training's first layer").
     */
    public static final double SPARSE_MAX_DENSITY = 0.6;

    /**
     * float64's {@link #SPARSE_MAX_DENSITY}: with half the lanes per vector the zero-skipping kernels
     * win at a lower density.
     */
    public static final double SPARSE_MAX_DENSITY_F64 = 0.4;

    /** Where this precision skips zeros; see {@link #SPARSE_MAX_DENSITY}. */
    public abstract double sparseMaxDensity();

    /** Storage for a k x n matrix packed for {@link #sparseTimes}. */
    public abstract Object newPacked(int k, int n);

    /**
     * y = x·W + bias for m rows of x (m x k) and W (k x n): when x is mostly zeros (pixels of a blank
     * background; see {@link #sparseMaxDensity()}) by the packed kernel that skips them (W packed into
     * {@code packed} first), else by the GEMM. Both are thread-count invariant; the choice depends on
     * the data only. Returns whether it skipped zeros (the weight gradient then does too).
     */
    public final boolean sparseTimes(int m, int k, int n, A x, A w, Object packed, A bias, A y, int threads) {
        if (countNonZero(m * k, x) > sparseMaxDensity() * m * k) {
            gemm(Transpose.NO, Transpose.NO, m, n, k, x, w, 0, y, bias, Activation.NONE, threads);
            return false;
        }
        packedTimes(m, k, n, x, w, packed, bias, y, threads);
        return true;
    }

    /** How many of x[0..len) are not zero. */
    abstract int countNonZero(int len, A x);

    /** y = x·W + bias by the zero-skipping kernel, W packed into {@code packed} first. */
    abstract void packedTimes(int m, int k, int n, A x, A w, Object packed, A bias, A y, int threads);

    /** dW (k x n) = xᵀ·dout for m rows, skipping the zeros of x: the backward of a {@link #sparseTimes} that skipped. */
    public abstract void sparseTransposeTimes(int m, int k, int n, A x, A dout, A dw, int threads);

    /** dx = dout·f'(x) from the activation's output (sigmoid, tanh, and ReLU, whose output is &lt;= 0 exactly where x is). */
    public abstract void activationBackward(Activation act, A dout, A saved, A dx, int len);

    public abstract void softmaxRows(int m, int n, A x, A y);

    public abstract double crossEntropyLogits(int m, int n, A logits, int[] labels);

    public abstract void softmaxLossBackward(int m, int n, A y, int[] labels, A dx);

    public abstract void columnSums(int m, int n, A x, A out);

    public abstract void axpy(int len, double alpha, A x, A y);

    public abstract void argmaxRows(int m, int n, A x, int[] out);

    /** SGD: w −= lr·g (docs/kernel-contract.md, "Updates", for what is flushed). */
    public abstract void sgdStep(int n, A w, A g, double lr);

    /** Momentum (book ch. 6): v = momentum·v − lr·g; w += v. */
    public abstract void momentumStep(int n, A w, A g, A v, double lr, double momentum);

    /** AdaGrad: h += g²; w −= lr·g / (√h + 1e-7). */
    public abstract void adagradStep(int n, A w, A g, A h, double lr);

    /** Adam: m += (1−β1)(g − m); v += (1−β2)(g² − v); w −= lrT·m / (√v + 1e-7). */
    public abstract void adamStep(int n, A w, A g, A m, A v, double lrT, double beta1, double beta2);

    private static final class F32 extends Precision<float[]> {
        private final FloatKernels k;

        F32(FloatKernels k) {
            this.k = k;
        }

        @Override public String name() { return "f32"; }
        @Override public Type type() { return Type.F32; }
        @Override public boolean scalarKernels() { return k.scalar(); }
        @Override public double sparseMaxDensity() { return SPARSE_MAX_DENSITY; }
        @Override public String kernels() { return k.provider(); }
        @Override public float[] alloc(int n) { return new float[n]; }
        @Override public double get(float[] a, int i) { return a[i]; }
        @Override public void set(float[] a, int i, double v) { a[i] = (float) v; }
        @Override public int firstNonFinite(float[] a, int n) { return k.firstNonFinite(n, a, 0); }

        @Override
        public int flushSubnormals(float[] a, int n) {
            int flushed = 0;
            for (int i = 0; i < n; i++) {
                int bits = Float.floatToRawIntBits(a[i]);
                if ((bits & 0x7f800000) == 0 && (bits & 0x7fffffff) != 0) {
                    a[i] = Float.intBitsToFloat(bits & 0x80000000);
                    flushed++;
                }
            }
            return flushed;
        }

        @Override
        public void gaussian(float[] dst, double std, RandomGenerator random) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (float) (std * random.nextGaussian());
            }
        }

        @Override
        public void scaleBytes(int len, byte[] src, int srcOff, float divisor, float[] dst, int dstOff) {
            k.scaleBytes(len, src, srcOff, divisor, dst, dstOff);
        }

        @Override
        public void addSquares(float[] a, int n, double[] stripes) {
            int i = 0;
            for (; i <= n - STRIPES; i += STRIPES) {
                for (int s = 0; s < STRIPES; s++) {
                    double v = a[i + s];
                    stripes[s] += v * v;
                }
            }
            for (int s = 0; i < n; i++, s++) {
                double v = a[i];
                stripes[s] += v * v;
            }
        }

        @Override
        public void gemm(Transpose ta, Transpose tb, int m, int n, int kk, float[] a, float[] b, double beta,
                         float[] c, float[] bias, Activation act, int threads) {
            k.gemm(ta, tb, m, n, kk, 1f, a, 0, ta == Transpose.NO ? kk : m, b, 0, tb == Transpose.NO ? n : kk,
                    (float) beta, c, 0, n, bias, 0, act, threads);
        }

        @Override
        public Object newPacked(int kk, int n) {
            return k.pack(kk, n, new float[kk * n], 0, n);
        }

        @Override
        int countNonZero(int len, float[] x) {
            return k.countNonZero(len, x, 0);
        }

        @Override
        void packedTimes(int m, int kk, int n, float[] x, float[] w, Object packed, float[] bias, float[] y, int threads) {
            PackedFloatMatrix pw = (PackedFloatMatrix) packed;
            k.pack(w, 0, n, pw);
            k.vecMatRows(m, x, 0, kk, pw, bias, 0, Activation.NONE, y, 0, n, threads);
        }

        @Override
        public void sparseTransposeTimes(int m, int kk, int n, float[] x, float[] dout, float[] dw, int threads) {
            k.sparseTransposeTimes(m, kk, n, x, 0, kk, dout, 0, n, dw, 0, n, threads);
        }

        @Override
        public void activate(Activation act, float[] x, float[] y, int len) {
            switch (act.kind()) {
                case SIGMOID -> k.sigmoid(len, x, 0, y, 0);
                case RELU -> k.relu(len, x, 0, y, 0);
                case TANH -> k.tanh(len, x, 0, y, 0);
                case NONE -> System.arraycopy(x, 0, y, 0, len);
                case LEAKY_RELU -> throw new IllegalArgumentException("training takes no leaky ReLU");
            }
        }

        @Override
        public void activationBackward(Activation act, float[] dout, float[] saved, float[] dx, int len) {
            switch (act.kind()) {
                case SIGMOID -> k.sigmoidBackward(len, dout, 0, saved, 0, dx, 0);
                case RELU -> k.reluBackward(len, dout, 0, saved, 0, dx, 0);
                case TANH -> k.tanhBackward(len, dout, 0, saved, 0, dx, 0);
                case NONE -> System.arraycopy(dout, 0, dx, 0, len);
                case LEAKY_RELU -> throw new IllegalArgumentException("training takes no leaky ReLU");
            }
        }

        @Override public void softmaxRows(int m, int n, float[] x, float[] y) { k.softmaxRows(m, n, x, 0, n, y, 0, n); }
        @Override public double crossEntropyLogits(int m, int n, float[] x, int[] t) { return k.crossEntropyLogits(m, n, x, 0, n, t, 0); }
        @Override public void softmaxLossBackward(int m, int n, float[] y, int[] t, float[] dx) { k.softmaxLossBackward(m, n, y, 0, n, t, 0, dx, 0, n); }
        @Override public void columnSums(int m, int n, float[] x, float[] out) { k.columnSums(m, n, x, 0, n, out, 0); }
        @Override public void axpy(int len, double alpha, float[] x, float[] y) { k.axpy(len, (float) alpha, x, 0, y, 0); }
        @Override public void argmaxRows(int m, int n, float[] x, int[] out) { k.argmaxRows(m, n, x, 0, n, out, 0); }

        @Override
        public void sgdStep(int n, float[] w, float[] g, double lr) {
            k.sgdStep(n, (float) lr, g, 0, w, 0);
        }

        @Override
        public void momentumStep(int n, float[] w, float[] g, float[] v, double lr, double momentum) {
            k.momentumStep(n, (float) lr, (float) momentum, g, 0, v, 0, w, 0);
        }

        @Override
        public void adagradStep(int n, float[] w, float[] g, float[] h, double lr) {
            k.adagradStep(n, (float) lr, g, 0, h, 0, w, 0);
        }

        @Override
        public void adamStep(int n, float[] w, float[] g, float[] m, float[] v, double lrT, double beta1, double beta2) {
            k.adamStep(n, (float) lrT, (float) (1 - beta1), (float) (1 - beta2), g, 0, m, 0, v, 0, w, 0);
        }
    }

    private static final class F64 extends Precision<double[]> {
        private final DoubleKernels k;

        F64(DoubleKernels k) {
            this.k = k;
        }

        @Override public String name() { return "f64"; }
        @Override public Type type() { return Type.F64; }
        @Override public boolean scalarKernels() { return k.scalar(); }
        @Override public double sparseMaxDensity() { return SPARSE_MAX_DENSITY_F64; }
        @Override public String kernels() { return k.provider(); }
        @Override public double[] alloc(int n) { return new double[n]; }
        @Override public double get(double[] a, int i) { return a[i]; }
        @Override public void set(double[] a, int i, double v) { a[i] = v; }
        @Override public int firstNonFinite(double[] a, int n) { return k.firstNonFinite(n, a, 0); }

        @Override
        public int flushSubnormals(double[] a, int n) {
            int flushed = 0;
            for (int i = 0; i < n; i++) {
                long bits = Double.doubleToRawLongBits(a[i]);
                if ((bits & 0x7ff0000000000000L) == 0 && (bits & 0x7fffffffffffffffL) != 0) {
                    a[i] = Double.longBitsToDouble(bits & 0x8000000000000000L);
                    flushed++;
                }
            }
            return flushed;
        }

        @Override
        public void gaussian(double[] dst, double std, RandomGenerator random) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = std * random.nextGaussian();
            }
        }

        @Override
        public void scaleBytes(int len, byte[] src, int srcOff, float divisor, double[] dst, int dstOff) {
            for (int i = 0; i < len; i++) {
                dst[dstOff + i] = (src[srcOff + i] & 0xff) / divisor;
            }
        }

        @Override
        public void addSquares(double[] a, int n, double[] stripes) {
            int i = 0;
            for (; i <= n - STRIPES; i += STRIPES) {
                for (int s = 0; s < STRIPES; s++) {
                    stripes[s] += a[i + s] * a[i + s];
                }
            }
            for (int s = 0; i < n; i++, s++) {
                stripes[s] += a[i] * a[i];
            }
        }

        @Override
        public void gemm(Transpose ta, Transpose tb, int m, int n, int kk, double[] a, double[] b, double beta,
                         double[] c, double[] bias, Activation act, int threads) {
            k.gemm(ta, tb, m, n, kk, 1, a, 0, ta == Transpose.NO ? kk : m, b, 0, tb == Transpose.NO ? n : kk,
                    beta, c, 0, n, bias, 0, act, threads);
        }

        @Override
        public Object newPacked(int kk, int n) {
            return k.pack(kk, n, new double[kk * n], 0, n);
        }

        @Override
        int countNonZero(int len, double[] x) {
            return k.countNonZero(len, x, 0);
        }

        @Override
        void packedTimes(int m, int kk, int n, double[] x, double[] w, Object packed, double[] bias, double[] y, int threads) {
            PackedDoubleMatrix pw = (PackedDoubleMatrix) packed;
            k.pack(w, 0, n, pw);
            k.vecMatRows(m, x, 0, kk, pw, bias, 0, Activation.NONE, y, 0, n, threads);
        }

        @Override
        public void sparseTransposeTimes(int m, int kk, int n, double[] x, double[] dout, double[] dw, int threads) {
            k.sparseTransposeTimes(m, kk, n, x, 0, kk, dout, 0, n, dw, 0, n, threads);
        }

        @Override
        public void activate(Activation act, double[] x, double[] y, int len) {
            switch (act.kind()) {
                case SIGMOID -> k.sigmoid(len, x, 0, y, 0);
                case RELU -> k.relu(len, x, 0, y, 0);
                case TANH -> k.tanh(len, x, 0, y, 0);
                case NONE -> System.arraycopy(x, 0, y, 0, len);
                case LEAKY_RELU -> throw new IllegalArgumentException("training takes no leaky ReLU");
            }
        }

        @Override
        public void activationBackward(Activation act, double[] dout, double[] saved, double[] dx, int len) {
            switch (act.kind()) {
                case SIGMOID -> k.sigmoidBackward(len, dout, 0, saved, 0, dx, 0);
                case RELU -> k.reluBackward(len, dout, 0, saved, 0, dx, 0);
                case TANH -> k.tanhBackward(len, dout, 0, saved, 0, dx, 0);
                case NONE -> System.arraycopy(dout, 0, dx, 0, len);
                case LEAKY_RELU -> throw new IllegalArgumentException("training takes no leaky ReLU");
            }
        }

        @Override public void softmaxRows(int m, int n, double[] x, double[] y) { k.softmaxRows(m, n, x, 0, n, y, 0, n); }
        @Override public double crossEntropyLogits(int m, int n, double[] x, int[] t) { return k.crossEntropyLogits(m, n, x, 0, n, t, 0); }
        @Override public void softmaxLossBackward(int m, int n, double[] y, int[] t, double[] dx) { k.softmaxLossBackward(m, n, y, 0, n, t, 0, dx, 0, n); }
        @Override public void columnSums(int m, int n, double[] x, double[] out) { k.columnSums(m, n, x, 0, n, out, 0); }
        @Override public void axpy(int len, double alpha, double[] x, double[] y) { k.axpy(len, alpha, x, 0, y, 0); }
        @Override public void argmaxRows(int m, int n, double[] x, int[] out) { k.argmaxRows(m, n, x, 0, n, out, 0); }

        @Override
        public void sgdStep(int n, double[] w, double[] g, double lr) {
            k.sgdStep(n, lr, g, 0, w, 0);
        }

        @Override
        public void momentumStep(int n, double[] w, double[] g, double[] v, double lr, double momentum) {
            k.momentumStep(n, lr, momentum, g, 0, v, 0, w, 0);
        }

        @Override
        public void adagradStep(int n, double[] w, double[] g, double[] h, double lr) {
            k.adagradStep(n, lr, g, 0, h, 0, w, 0);
        }

        @Override
        public void adamStep(int n, double[] w, double[] g, double[] m, double[] v, double lrT, double beta1, double beta2) {
            k.adamStep(n, lrT, 1 - beta1, 1 - beta2, g, 0, m, 0, v, 0, w, 0);
        }
    }
}
