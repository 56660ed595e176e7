// GENERATED from SwitchingFloatKernels.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The float64 kernels of a fresh JVM: the scalar ones serve while the Panama ones are compiled on the
 * side, then the Panama ones, group of operations by group. Vector API code runs hundreds of times
 * slower than scalar code until C2 has compiled it (interpreted or C1-compiled, every vector operation
 * allocates), which made a cold JVM's first thousand predictions or hundred training steps slower on
 * SIMD than on the scalar kernels. Both providers follow the reference order (docs/kernel-contract.md)
 * and give the same bits, so no result depends on when a group switched.
 *
 * <p>On first use a daemon thread creates the Panama kernels (the Vector API's start-up, 50-100 ms,
 * stays off the caller's thread; where SIMD cannot run it logs why and everything stays scalar), runs
 * each group's operations on the network's shapes with both providers, and switches the group once
 * the Panama kernels take under {@link #SWITCH_RATIO} of the scalar time in {@link #ROUNDS_IN_A_ROW}
 * rounds in a row: code that has not been through C2 runs many times slower than scalar, so it
 * cannot do that. A group that does not get there within {@link #PATIENCE_NANOS} stays scalar for
 * now and the next group is warmed; groups still scalar are tried again later, more and more rarely
 * (a JVM busy at start-up, or a machine where scalar is the faster one). Matrices are packed in the scalar layout (row-major);
 * the Panama panels of a matrix are made from it on its first SIMD product and kept beside it.
 */
final class SwitchingDoubleKernels implements DoubleKernelsImpl {
    /** Groups of operations, one bit each, in the order they are warmed: inference first. */
    static final int ROWS = 1, ELEMENTWISE = 2, SOFTMAX = 4, GEMM = 8, SPARSE = 16, REDUCTIONS = 32, ALL = 63;
    private static final int[] ORDER = {ROWS, ELEMENTWISE, SOFTMAX, GEMM, SPARSE, REDUCTIONS};
    static final double SWITCH_RATIO = 0.9;
    static final int ROUNDS_IN_A_ROW = 3;
    static final long PATIENCE_NANOS = 15_000_000_000L;
    /** Groups still scalar are tried again after a pause that doubles up to a minute, for 2 s each time. */
    static final long RETRY_PAUSE_MILLIS = 1000, MAX_RETRY_PAUSE_MILLIS = 60_000, RETRY_PATIENCE_NANOS = 2_000_000_000L;
    /**
     * The warm-up waits this long after the first call (a service's first prediction): a fresh JVM's first
     * few hundred ms compile the caller's own code, and starting and compiling the Vector API beside it
     * (two cores: caller, warm-up, C1 and C2) slowed the first 1000 predictions by 10-30 ms, a quarter,
     * when it started at once, and by 5-10 ms when it started after 100 ms.
     */
    static final long START_DELAY_MILLIS = 500;

    private final DoubleKernelsImpl scalar;
    private final Supplier<DoubleKernelsImpl> simdFactory;
    /** The Panama kernels, once created. */
    private volatile DoubleKernelsImpl simd;
    /** Bits of the groups that run on {@link #simd}. */
    private volatile int ready;
    private volatile boolean started, finished;

    SwitchingDoubleKernels(DoubleKernelsImpl scalar, Supplier<DoubleKernelsImpl> simdFactory) {
        this.scalar = scalar;
        this.simdFactory = simdFactory;
    }

    /** The Panama kernels, created on the calling thread if the warm-up has not yet; throws where SIMD cannot run. */
    private DoubleKernelsImpl simd() {
        DoubleKernelsImpl k = simd;
        if (k == null) {
            synchronized (this) {
                if (simd == null) {
                    simd = simdFactory.get();
                }
                k = simd;
            }
        }
        return k;
    }

    /** Groups switched to SIMD so far (bits). */
    int ready() {
        return ready;
    }

    /** Switches the given groups to SIMD now, warm or not (tests: a switch at any moment changes no bit). */
    void switchNow(int groups) {
        simd();
        ready |= groups;
    }

    /** Whether the warm-up is over: every group switched, or SIMD cannot run here. */
    boolean finished() {
        return finished;
    }

    /** Starts the warm-up now, rather than at the first call; returns at once. */
    void startWarmup() {
        if (!started) {
            start();
        }
    }

    private DoubleKernelsImpl pick(int group) {
        if ((ready & group) != 0) {
            return simd;
        }
        if (!started) {
            start();
        }
        return scalar;
    }

    private synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread("vecnet-warmup-float64") { // not a lambda: its bootstrap costs a cold JVM milliseconds
            @Override
            public void run() {
                try {
                    warmUp();
                } catch (RuntimeException | Error e) { // a bug here must not go unseen, nor take the caller down
                    Kernels.logger(SwitchingDoubleKernels.class).log(System.Logger.Level.WARNING, "vecnet: the SIMD warm-up failed; using scalar kernels", e);
                } finally {
                    finished = true;
                }
            }
        };
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private void warmUp() {
        try {
            Thread.sleep(START_DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = true;
            return;
        }
        DoubleKernelsImpl simd;
        try {
            simd = simd();
        } catch (RuntimeException | LinkageError e) {
            Throwable why = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            Kernels.logger(SwitchingDoubleKernels.class).log(System.Logger.Level.WARNING, "vecnet: " + why.getMessage() + "; using scalar kernels");
            finished = true;
            return;
        }
        Workload w = new Workload();
        long patience = PATIENCE_NANOS, pause = RETRY_PAUSE_MILLIS;
        while (true) {
            for (int group : ORDER) { // one group at a time (all at once measured slower: more compiles in the queue)
                if ((ready & group) == 0 && warm(w, group, simd, patience)) {
                    ready |= group;
                }
            }
            if (ready == ALL) {
                break;
            }
            try { // a busy JVM can keep SIMD from winning for a while: try the rest again later, more rarely
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(2 * pause, MAX_RETRY_PAUSE_MILLIS);
            patience = RETRY_PATIENCE_NANOS;
        }
        finished = true;
    }

    /** Rounds of the group on both providers until SIMD wins {@link #ROUNDS_IN_A_ROW} in a row, or patience runs out. */
    private boolean warm(Workload w, int group, DoubleKernelsImpl simd, long patience) {
        long deadline = System.nanoTime() + patience;
        double bestScalar = Double.MAX_VALUE;
        int inARow = 0;
        while (inARow < ROUNDS_IN_A_ROW && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            w.run(group, scalar);
            long t1 = System.nanoTime();
            w.run(group, simd);
            long t2 = System.nanoTime();
            bestScalar = Math.min(bestScalar, t1 - t0);
            inARow = t2 - t1 < SWITCH_RATIO * bestScalar ? inARow + 1 : 0;
        }
        return inARow == ROUNDS_IN_A_ROW;
    }

    /** One round of every group's operations on the network's shapes (784-50-10, small batches), data fixed. */
    private static final class Workload {
        /** Rows of a batch: few, so that code not yet compiled gets through a round quickly. */
        static final int B = 8;
        final double[] x, w1, w2, h, o, d, c, g, bias, y, ones;
        /** The optimizers' parameters and state: their own, as the steps change them. */
        final double[] params = new double[B * 100], s1 = new double[B * 100], s2 = new double[B * 100];
        final int[] labels = new int[B];
        final byte[] pixels = new byte[784];
        PackedDoubleMatrix p1, p2;
        DoubleKernelsImpl packedFor;

        Workload() {
            SplittableRandom r = new SplittableRandom(1);
            x = new double[B * 784];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(5) == 0 ? (double) r.nextDouble() : 0.0; // an image: mostly background
            }
            w1 = values(r, 784 * 100);
            w2 = values(r, 100 * 10);
            h = new double[B * 100];
            o = new double[B * 10];
            d = values(r, B * 100);
            c = new double[784 * 100];
            g = new double[100 * 100];
            bias = values(r, 100);
            y = values(r, 32 * 100);
            ones = new double[100];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = r.nextInt(10);
            }
            r.nextBytes(pixels);
        }

        private static double[] values(SplittableRandom r, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = (double) r.nextDouble(-1, 1);
            }
            return v;
        }

        private void pack(DoubleKernelsImpl k) {
            if (packedFor == k) {
                return;
            }
            p1 = new PackedDoubleMatrix(784, 50, k.panelWidth(50), k.getClass(), k.nativePanels());
            p2 = new PackedDoubleMatrix(50, 10, k.panelWidth(10), k.getClass(), k.nativePanels());
            DoubleKernels.repack(p1, w1, 0, 100);
            DoubleKernels.repack(p2, w2, 0, 10);
            packedFor = k;
        }

        void run(int group, DoubleKernelsImpl k) {
            switch (group) {
                case ROWS -> {
                    pack(k);
                    for (int i = 0; i < 8; i++) {
                        k.vecMatRows(1, x, i * 784, 784, p1, h, 0, 50);
                        k.vecMatRows(1, h, 0, 50, p2, o, 0, 10);
                    }
                    k.vecMatRows(B, x, 0, 784, p1, h, 0, 50);
                    k.vecMatRows(B, h, 0, 50, p2, o, 0, 10);
                }
                case ELEMENTWISE -> {
                    for (int i = 0; i < 4; i++) {
                        k.biasActivation(1, 50, h, 0, 50, bias, 0, Activation.SIGMOID);
                        k.biasActivation(1, 10, o, 0, 10, bias, 0, Activation.NONE);
                    }
                    k.biasActivation(B, 50, h, 0, 50, bias, 0, Activation.SIGMOID);
                    k.sigmoid(B * 50, y, 0, h, 0);
                    k.sigmoidBackward(B * 50, d, 0, h, 0, g, 0);
                    k.relu(B * 50, y, 0, h, 0);
                    k.reluBackward(B * 50, d, 0, y, 0, g, 0);
                    k.exp(B * 10, y, 0, o, 0);
                }
                case SOFTMAX -> {
                    for (int i = 0; i < 8; i++) {
                        k.softmaxRows(1, 10, y, i * 10, 10, o, 0, 10);
                    }
                    k.softmaxRows(B, 10, y, 0, 10, o, 0, 10);
                    k.crossEntropyLogits(B, 10, y, 0, 10, labels, 0);
                    k.crossEntropyBook(B, 10, o, 0, 10, labels, 0);
                    k.softmaxLossBackward(B, 10, o, 0, 10, labels, 0, g, 0, 10);
                    k.argmaxRows(B, 10, o, 0, 10, labels, 0);
                }
                case GEMM -> {
                    k.gemm(Transpose.NO, Transpose.NO, B, 50, 784, 1.0, x, 0, 784, w1, 0, 100, 0.0, h, 0, 50,
                            bias, 0, Activation.SIGMOID, 1);
                    k.gemm(Transpose.NO, Transpose.NO, B, 10, 50, 1.0, h, 0, 50, w2, 0, 10, 0.0, o, 0, 10,
                            null, 0, Activation.NONE, 1);
                    k.gemm(Transpose.NO, Transpose.YES, B, 50, 10, 1.0, o, 0, 10, w2, 0, 10, 0.0, g, 0, 50,
                            null, 0, Activation.NONE, 1);
                    k.gemm(Transpose.YES, Transpose.NO, 50, 10, B, 1.0, h, 0, 50, o, 0, 10, 0.0, g, 0, 10,
                            null, 0, Activation.NONE, 1);
                    k.gemm(Transpose.YES, Transpose.NO, 784, 50, B, 1.0, x, 0, 784, d, 0, 50, 0.0, c, 0, 50,
                            null, 0, Activation.NONE, 1);
                    k.gemm(Transpose.NO, Transpose.NO, 1, 50, 784, 1.0, x, 0, 784, w1, 0, 100, 0.0, h, 0, 50,
                            bias, 0, Activation.SIGMOID, 1);
                    k.gemm(Transpose.NO, Transpose.NO, 24, 100, 40, 1.0, y, 0, 40, w1, 0, 100, 1.0, g, 0, 100,
                            null, 0, Activation.NONE, 1);
                }
                case SPARSE -> k.sparseTransposeTimes(B, 784, 50, x, 0, 784, d, 0, 50, c, 0, 50, 0, 784);
                case REDUCTIONS -> {
                    k.columnSums(B, 50, d, 0, 50, ones, 0);
                    k.axpy(784 * 50, -0.1, c, 0, w1, 0);
                    k.axpy(784 * 50, 0.1, c, 0, w1, 0);
                    k.sgdStep(B * 100, 0.01, d, 0, params, 0);
                    k.momentumStep(B * 100, 0.01, 0.9, d, 0, s1, 0, params, 0);
                    k.adagradStep(B * 100, 0.01, d, 0, s1, 0, params, 0);
                    k.adamStep(B * 100, 0.01, 0.1, 0.001, d, 0, s1, 0, s2, 0, params, 0);
                    k.countNonZero(B * 784, x, 0);
                    k.firstNonFinite(B * 784, x, 0);
                    k.scaleBytes(784, pixels, 0, 255.0, y, 0);
                }
                default -> throw new IllegalArgumentException("group " + group);
            }
        }
    }

    /** The Panama kernels' name ("panama-512"): what runs once warm. */
    @Override
    public String name() {
        return simd().name();
    }

    @Override
    public int lanes() {
        return simd().lanes();
    }

    @Override
    public void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc,
                     double[] bias, int biasOff, Activation act, int threads) {
        pick(GEMM).gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act, threads);
    }

    @Override
    public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
        pick(ELEMENTWISE).biasActivation(m, n, c, cOff, ldc, bias, biasOff, act);
    }

    @Override
    public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
        pick(ELEMENTWISE).exp(len, x, xOff, y, yOff);
    }

    @Override
    public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
        pick(ELEMENTWISE).sigmoid(len, x, xOff, y, yOff);
    }

    @Override
    public void sigmoidBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        pick(ELEMENTWISE).sigmoidBackward(len, dout, dOff, y, yOff, dx, dxOff);
    }

    @Override
    public void relu(int len, double[] x, int xOff, double[] y, int yOff) {
        pick(ELEMENTWISE).relu(len, x, xOff, y, yOff);
    }

    @Override
    public void reluBackward(int len, double[] dout, int dOff, double[] x, int xOff, double[] dx, int dxOff) {
        pick(ELEMENTWISE).reluBackward(len, dout, dOff, x, xOff, dx, dxOff);
    }

    @Override
    public void tanh(int len, double[] x, int xOff, double[] y, int yOff) {
        pick(ELEMENTWISE).tanh(len, x, xOff, y, yOff);
    }

    @Override
    public void tanhBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        pick(ELEMENTWISE).tanhBackward(len, dout, dOff, y, yOff, dx, dxOff);
    }

    @Override
    public void leakyRelu(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        pick(ELEMENTWISE).leakyRelu(len, alpha, x, xOff, y, yOff);
    }

    @Override
    public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
        pick(SOFTMAX).softmaxRows(m, n, x, xOff, ldx, y, yOff, ldy);
    }

    @Override
    public double crossEntropyLogits(int m, int n, double[] logits, int off, int ld, int[] labels, int labelsOff) {
        return pick(SOFTMAX).crossEntropyLogits(m, n, logits, off, ld, labels, labelsOff);
    }

    @Override
    public double crossEntropyBook(int m, int n, double[] probs, int off, int ld, int[] labels, int labelsOff) {
        return pick(SOFTMAX).crossEntropyBook(m, n, probs, off, ld, labels, labelsOff);
    }

    @Override
    public void softmaxLossBackward(int m, int n, double[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    double[] dx, int dxOff, int lddx) {
        pick(SOFTMAX).softmaxLossBackward(m, n, y, yOff, ldy, labels, labelsOff, dx, dxOff, lddx);
    }

    @Override
    public void columnSums(int m, int n, double[] x, int xOff, int ldx, double[] out, int outOff) {
        pick(REDUCTIONS).columnSums(m, n, x, xOff, ldx, out, outOff);
    }

    @Override
    public void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        pick(REDUCTIONS).axpy(len, alpha, x, xOff, y, yOff);
    }

    @Override
    public void sgdStep(int len, double lr, double[] g, int gOff, double[] w, int wOff) {
        pick(REDUCTIONS).sgdStep(len, lr, g, gOff, w, wOff);
    }

    @Override
    public void momentumStep(int len, double lr, double momentum, double[] g, int gOff, double[] v, int vOff, double[] w, int wOff) {
        pick(REDUCTIONS).momentumStep(len, lr, momentum, g, gOff, v, vOff, w, wOff);
    }

    @Override
    public void adagradStep(int len, double lr, double[] g, int gOff, double[] h, int hOff, double[] w, int wOff) {
        pick(REDUCTIONS).adagradStep(len, lr, g, gOff, h, hOff, w, wOff);
    }

    @Override
    public void adamStep(int len, double lr, double c1, double c2, double[] g, int gOff, double[] m, int mOff,
                         double[] v, int vOff, double[] w, int wOff) {
        pick(REDUCTIONS).adamStep(len, lr, c1, c2, g, gOff, m, mOff, v, vOff, w, wOff);
    }

    @Override
    public void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out, int outOff) {
        pick(SOFTMAX).argmaxRows(m, n, x, off, ld, out, outOff);
    }

    /** The scalar layout: one row-major panel, which the Panama panels are made from. */
    @Override
    public int panelWidth(int n) {
        return n;
    }

    @Override
    public void vecMatRows(int rows, double[] x, int xOff, int ldx, PackedDoubleMatrix b, double[] y, int yOff, int ldy) {
        if ((ready & ROWS) != 0) {
            simd.vecMatRows(rows, x, xOff, ldx, simdPanels(b), y, yOff, ldy);
        } else {
            if (!started) {
                start();
            }
            scalar.vecMatRows(rows, x, xOff, ldx, b, y, yOff, ldy);
        }
    }

    /** The Panama panels of b, made from b's row-major values on first use and kept beside it. */
    private PackedDoubleMatrix simdPanels(PackedDoubleMatrix b) {
        PackedDoubleMatrix t = b.twin;
        if (t == null) {
            DoubleKernelsImpl k = simd;
            t = new PackedDoubleMatrix(b.rows, b.columns, k.panelWidth(b.columns), k.getClass(), k.nativePanels());
            DoubleKernels.repack(t, b.data, 0, b.columns);
            b.twin = t;
        }
        return t;
    }

    @Override
    public int firstNonFinite(int len, double[] x, int off) {
        return pick(REDUCTIONS).firstNonFinite(len, x, off);
    }

    @Override
    public int countNonZero(int len, double[] x, int off) {
        return pick(REDUCTIONS).countNonZero(len, x, off);
    }

    @Override
    public void scaleBytes(int len, byte[] src, int srcOff, double divisor, double[] dst, int dstOff) {
        pick(REDUCTIONS).scaleBytes(len, src, srcOff, divisor, dst, dstOff);
    }

    @Override
    public void sparseTransposeTimes(int m, int k, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                                     double[] c, int cOff, int ldc, int k0, int k1) {
        pick(SPARSE).sparseTransposeTimes(m, k, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc, k0, k1);
    }
}
