package dev.vecnet.kernel;

/**
 * The kernels under test seen through double arrays, so that one test drives both precisions:
 * inputs are rounded to the precision first, results are widened back.
 */
interface Precision {
    String name();

    double unit();

    int lanes();

    String provider();

    /** x rounded to this precision (a copy). */
    double[] round(double[] x);

    double round(double x);

    void gemm(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc,
              double[] bias, int biasOff, Activation act, int threads);

    void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act);

    void exp(int len, double[] x, int xOff, double[] y, int yOff);

    void sigmoid(int len, double[] x, int xOff, double[] y, int yOff);

    void sigmoidBackward(int len, double[] dout, double[] y, double[] dx);

    void relu(int len, double[] x, int xOff, double[] y, int yOff);

    void reluBackward(int len, double[] dout, double[] x, double[] dx);

    void tanh(int len, double[] x, int xOff, double[] y, int yOff);

    void tanhBackward(int len, double[] dout, double[] y, double[] dx);

    void leakyRelu(int len, double alpha, double[] x, double[] y);

    void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy);

    double crossEntropyLogits(int m, int n, double[] x, int off, int ld, int[] labels);

    double crossEntropyBook(int m, int n, double[] p, int off, int ld, int[] labels);

    void softmaxLossBackward(int m, int n, double[] y, int[] labels, double[] dx);

    void columnSums(int m, int n, double[] x, int off, int ld, double[] out);

    void axpy(int len, double alpha, double[] x, double[] y);

    /** The optimizers' update kernels. */
    enum Update { SGD, MOMENTUM, ADAGRAD, ADAM }

    /**
     * One step of {@code u} on len parameters w with gradient g, in place: its state in s1 (velocity,
     * squared sums, first moments) and s2 (Adam's second moments); Adam's c1 = 0.1, c2 = 0.001.
     */
    void update(Update u, int len, double lr, double[] g, double[] s1, double[] s2, double[] w);

    /** The smallest normal value of this precision (2^-126, 2^-1022). */
    double smallestNormal();

    /** The smallest magnitude an update leaves in a parameter (2^-63, 2^-511; docs/kernel-contract.md). */
    double parameterFloor();

    void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out);

    /** B (k x n, row-major at 0) packed, then vecMat (m = 1 and threads = 1) or vecMatRows into y. */
    void vecMatRows(int m, int n, int k, double[] x, int xOff, int ldx, double[] b, double[] bias, Activation act,
                    double[] y, int yOff, int ldy, int threads);

    int firstNonFinite(int len, double[] x, int off);

    int countNonZero(int len, double[] x, int off);

    /** C (k x n, ldc) = Xᵀ·D, zeros of X skipped. */
    void sparseTransposeTimes(int m, int k, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                              double[] c, int cOff, int ldc, int threads);

    Precision F32 = new F32(Kernels.f32());
    Precision F64 = new F64(Kernels.f64());

    static Precision[] both() {
        return new Precision[] {F32, F64};
    }

    final class F32 implements Precision {
        final FloatKernels k;

        F32(FloatKernels k) {
            this.k = k;
        }

        static float[] f(double[] x) {
            if (x == null) {
                return null;
            }
            float[] r = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                r[i] = (float) x[i];
            }
            return r;
        }

        static void back(float[] src, double[] dst) {
            for (int i = 0; i < src.length; i++) {
                dst[i] = src[i];
            }
        }

        @Override public String name() { return "f32"; }
        @Override public double unit() { return Tolerances.U_F32; }
        @Override public int lanes() { return k.lanes(); }
        @Override public String provider() { return k.provider(); }

        @Override
        public double[] round(double[] x) {
            double[] r = new double[x.length];
            back(f(x), r);
            return r;
        }

        @Override
        public double round(double x) {
            return (float) x;
        }

        @Override
        public void gemm(Transpose ta, Transpose tb, int m, int n, int kk, double alpha, double[] a, int aOff, int lda,
                         double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc,
                         double[] bias, int biasOff, Activation act, int threads) {
            float[] cf = f(c);
            k.gemm(ta, tb, m, n, kk, (float) alpha, f(a), aOff, lda, f(b), bOff, ldb, (float) beta, cf, cOff, ldc,
                    f(bias), biasOff, act, threads);
            back(cf, c);
        }

        @Override
        public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
            float[] cf = f(c);
            k.biasActivation(m, n, cf, cOff, ldc, f(bias), biasOff, act);
            back(cf, c);
        }

        @Override
        public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
            float[] yf = f(y);
            k.exp(len, f(x), xOff, yf, yOff);
            back(yf, y);
        }

        @Override
        public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
            float[] yf = f(y);
            k.sigmoid(len, f(x), xOff, yf, yOff);
            back(yf, y);
        }

        @Override
        public void sigmoidBackward(int len, double[] dout, double[] y, double[] dx) {
            float[] r = f(dx);
            k.sigmoidBackward(len, f(dout), 0, f(y), 0, r, 0);
            back(r, dx);
        }

        @Override
        public void relu(int len, double[] x, int xOff, double[] y, int yOff) {
            float[] yf = f(y);
            k.relu(len, f(x), xOff, yf, yOff);
            back(yf, y);
        }

        @Override
        public void reluBackward(int len, double[] dout, double[] x, double[] dx) {
            float[] r = f(dx);
            k.reluBackward(len, f(dout), 0, f(x), 0, r, 0);
            back(r, dx);
        }

        @Override
        public void tanh(int len, double[] x, int xOff, double[] y, int yOff) {
            float[] yf = f(y);
            k.tanh(len, f(x), xOff, yf, yOff);
            back(yf, y);
        }

        @Override
        public void tanhBackward(int len, double[] dout, double[] y, double[] dx) {
            float[] r = f(dx);
            k.tanhBackward(len, f(dout), 0, f(y), 0, r, 0);
            back(r, dx);
        }

        @Override
        public void leakyRelu(int len, double alpha, double[] x, double[] y) {
            float[] yf = f(y);
            k.leakyRelu(len, (float) alpha, f(x), 0, yf, 0);
            back(yf, y);
        }

        @Override
        public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
            float[] yf = f(y);
            k.softmaxRows(m, n, f(x), xOff, ldx, yf, yOff, ldy);
            back(yf, y);
        }

        @Override
        public double crossEntropyLogits(int m, int n, double[] x, int off, int ld, int[] labels) {
            return k.crossEntropyLogits(m, n, f(x), off, ld, labels, 0);
        }

        @Override
        public double crossEntropyBook(int m, int n, double[] p, int off, int ld, int[] labels) {
            return k.crossEntropyBook(m, n, f(p), off, ld, labels, 0);
        }

        @Override
        public void softmaxLossBackward(int m, int n, double[] y, int[] labels, double[] dx) {
            float[] r = f(dx);
            k.softmaxLossBackward(m, n, f(y), 0, n, labels, 0, r, 0, n);
            back(r, dx);
        }

        @Override
        public void columnSums(int m, int n, double[] x, int off, int ld, double[] out) {
            float[] r = f(out);
            k.columnSums(m, n, f(x), off, ld, r, 0);
            back(r, out);
        }

        @Override
        public void axpy(int len, double alpha, double[] x, double[] y) {
            float[] r = f(y);
            k.axpy(len, (float) alpha, f(x), 0, r, 0);
            back(r, y);
        }

        @Override
        public void update(Update u, int len, double lr, double[] g, double[] s1, double[] s2, double[] w) {
            float[] gf = f(g), af = f(s1), bf = f(s2), wf = f(w);
            switch (u) {
                case SGD -> k.sgdStep(len, (float) lr, gf, 0, wf, 0);
                case MOMENTUM -> k.momentumStep(len, (float) lr, 0.9f, gf, 0, af, 0, wf, 0);
                case ADAGRAD -> k.adagradStep(len, (float) lr, gf, 0, af, 0, wf, 0);
                case ADAM -> k.adamStep(len, (float) lr, 0.1f, 0.001f, gf, 0, af, 0, bf, 0, wf, 0);
            }
            back(af, s1);
            back(bf, s2);
            back(wf, w);
        }

        @Override public double smallestNormal() { return Float.MIN_NORMAL; }
        @Override public double parameterFloor() { return 0x1p-63; }

        @Override
        public void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out) {
            k.argmaxRows(m, n, f(x), off, ld, out, 0);
        }

        @Override
        public void vecMatRows(int m, int n, int kk, double[] x, int xOff, int ldx, double[] b, double[] bias,
                               Activation act, double[] y, int yOff, int ldy, int threads) {
            float[] yf = f(y);
            PackedFloatMatrix packed = k.pack(kk, n, f(b), 0, n);
            if (m == 1 && threads == 1) {
                k.vecMat(f(x), xOff, packed, f(bias), 0, act, yf, yOff);
            } else {
                k.vecMatRows(m, f(x), xOff, ldx, packed, f(bias), 0, act, yf, yOff, ldy, threads);
            }
            back(yf, y);
        }

        @Override
        public int firstNonFinite(int len, double[] x, int off) {
            return k.firstNonFinite(len, f(x), off);
        }

        @Override
        public int countNonZero(int len, double[] x, int off) {
            return k.countNonZero(len, f(x), off);
        }

        @Override
        public void sparseTransposeTimes(int m, int kk, int n, double[] x, int xOff, int ldx, double[] d, int dOff,
                                         int ldd, double[] c, int cOff, int ldc, int threads) {
            float[] cf = f(c);
            k.sparseTransposeTimes(m, kk, n, f(x), xOff, ldx, f(d), dOff, ldd, cf, cOff, ldc, threads);
            back(cf, c);
        }
    }

    final class F64 implements Precision {
        final DoubleKernels k;

        F64(DoubleKernels k) {
            this.k = k;
        }

        @Override public String name() { return "f64"; }
        @Override public double unit() { return Tolerances.U_F64; }
        @Override public int lanes() { return k.lanes(); }
        @Override public String provider() { return k.provider(); }

        @Override
        public double[] round(double[] x) {
            return x.clone();
        }

        @Override
        public double round(double x) {
            return x;
        }

        @Override
        public void gemm(Transpose ta, Transpose tb, int m, int n, int kk, double alpha, double[] a, int aOff, int lda,
                         double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc,
                         double[] bias, int biasOff, Activation act, int threads) {
            k.gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act, threads);
        }

        @Override
        public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
            k.biasActivation(m, n, c, cOff, ldc, bias, biasOff, act);
        }

        @Override
        public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
            k.exp(len, x, xOff, y, yOff);
        }

        @Override
        public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
            k.sigmoid(len, x, xOff, y, yOff);
        }

        @Override
        public void sigmoidBackward(int len, double[] dout, double[] y, double[] dx) {
            k.sigmoidBackward(len, dout, 0, y, 0, dx, 0);
        }

        @Override
        public void relu(int len, double[] x, int xOff, double[] y, int yOff) {
            k.relu(len, x, xOff, y, yOff);
        }

        @Override
        public void reluBackward(int len, double[] dout, double[] x, double[] dx) {
            k.reluBackward(len, dout, 0, x, 0, dx, 0);
        }

        @Override
        public void tanh(int len, double[] x, int xOff, double[] y, int yOff) {
            k.tanh(len, x, xOff, y, yOff);
        }

        @Override
        public void tanhBackward(int len, double[] dout, double[] y, double[] dx) {
            k.tanhBackward(len, dout, 0, y, 0, dx, 0);
        }

        @Override
        public void leakyRelu(int len, double alpha, double[] x, double[] y) {
            k.leakyRelu(len, alpha, x, 0, y, 0);
        }

        @Override
        public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
            k.softmaxRows(m, n, x, xOff, ldx, y, yOff, ldy);
        }

        @Override
        public double crossEntropyLogits(int m, int n, double[] x, int off, int ld, int[] labels) {
            return k.crossEntropyLogits(m, n, x, off, ld, labels, 0);
        }

        @Override
        public double crossEntropyBook(int m, int n, double[] p, int off, int ld, int[] labels) {
            return k.crossEntropyBook(m, n, p, off, ld, labels, 0);
        }

        @Override
        public void softmaxLossBackward(int m, int n, double[] y, int[] labels, double[] dx) {
            k.softmaxLossBackward(m, n, y, 0, n, labels, 0, dx, 0, n);
        }

        @Override
        public void columnSums(int m, int n, double[] x, int off, int ld, double[] out) {
            k.columnSums(m, n, x, off, ld, out, 0);
        }

        @Override
        public void axpy(int len, double alpha, double[] x, double[] y) {
            k.axpy(len, alpha, x, 0, y, 0);
        }

        @Override
        public void update(Update u, int len, double lr, double[] g, double[] s1, double[] s2, double[] w) {
            switch (u) {
                case SGD -> k.sgdStep(len, lr, g, 0, w, 0);
                case MOMENTUM -> k.momentumStep(len, lr, 0.9, g, 0, s1, 0, w, 0);
                case ADAGRAD -> k.adagradStep(len, lr, g, 0, s1, 0, w, 0);
                case ADAM -> k.adamStep(len, lr, 0.1, 0.001, g, 0, s1, 0, s2, 0, w, 0);
            }
        }

        @Override public double smallestNormal() { return Double.MIN_NORMAL; }
        @Override public double parameterFloor() { return 0x1p-511; }

        @Override
        public void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out) {
            k.argmaxRows(m, n, x, off, ld, out, 0);
        }

        @Override
        public void vecMatRows(int m, int n, int kk, double[] x, int xOff, int ldx, double[] b, double[] bias,
                               Activation act, double[] y, int yOff, int ldy, int threads) {
            PackedDoubleMatrix packed = k.pack(kk, n, b, 0, n);
            if (m == 1 && threads == 1) {
                k.vecMat(x, xOff, packed, bias, 0, act, y, yOff);
            } else {
                k.vecMatRows(m, x, xOff, ldx, packed, bias, 0, act, y, yOff, ldy, threads);
            }
        }

        @Override
        public int firstNonFinite(int len, double[] x, int off) {
            return k.firstNonFinite(len, x, off);
        }

        @Override
        public int countNonZero(int len, double[] x, int off) {
            return k.countNonZero(len, x, off);
        }

        @Override
        public void sparseTransposeTimes(int m, int kk, int n, double[] x, int xOff, int ldx, double[] d, int dOff,
                                         int ldd, double[] c, int cOff, int ldc, int threads) {
            k.sparseTransposeTimes(m, kk, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc, threads);
        }
    }
}
