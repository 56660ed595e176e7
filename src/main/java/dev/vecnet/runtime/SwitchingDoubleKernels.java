// GENERATED from SwitchingFloatKernels.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.runtime;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.DoubleKernels;
import dev.vecnet.kernel.DoubleKernelsImpl;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.PackedDoubleMatrix;
import dev.vecnet.kernel.Transpose;
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
 * each group's operations on the shapes its callers expect ({@link ExpectedNetwork}) with both
 * providers, and switches the group once
 * the Panama kernels take under {@link #SWITCH_RATIO} of the scalar time in {@link #ROUNDS_IN_A_ROW}
 * rounds in a row: code that has not been through C2 runs many times slower than scalar, so it
 * cannot do that. A group that does not get there within {@link #PATIENCE_NANOS} stays scalar for
 * now and the next group is warmed; groups still scalar are tried again later, more and more rarely
 * (a JVM busy at start-up, or a machine where scalar is the faster one). Matrices are packed in the scalar layout (row-major);
 * the Panama panels of a matrix are made from it on its first SIMD product and kept beside it.
 */
public final class SwitchingDoubleKernels implements DoubleKernelsImpl {
    /** Groups of operations, one bit each, in the order they are warmed: inference first. */
    static final int ROWS = 1, ELEMENTWISE = 2, SOFTMAX = 4, GEMM = 8, SPARSE = 16, REDUCTIONS = 32, ALL = 63;
    private static final int[] ORDER = {ROWS, ELEMENTWISE, SOFTMAX, GEMM, SPARSE, REDUCTIONS};
    static final double SWITCH_RATIO = 0.9;
    static final int ROUNDS_IN_A_ROW = 3;
    static final long PATIENCE_NANOS = 15_000_000_000L;
    /** A group whose SIMD time has not improved for this long while it loses is judged slower here (for now). */
    static final long SETTLED_NANOS = 3_000_000_000L;
    /** Groups still scalar are tried again after a pause that doubles up to a minute, for 2 s each time. */
    static final long RETRY_PAUSE_MILLIS = 1000, MAX_RETRY_PAUSE_MILLIS = 60_000, RETRY_PATIENCE_NANOS = 2_000_000_000L;
    /**
     * The warm-up waits this long after the first call (a service's first prediction): a fresh JVM's first
     * few hundred ms compile the caller's own code, and starting and compiling the Vector API beside it
     * (two cores: caller, warm-up, C1 and C2) slowed the first predictions when it started sooner
     * (docs/design-notes.md, "A fresh JVM").
     */
    static final long START_DELAY_MILLIS = 500;

    private final DoubleKernelsImpl scalar;
    private final Supplier<DoubleKernelsImpl> simdFactory;
    /** The time the warm-up's rounds are measured by. */
    private final Clock clock;
    /** The Panama kernels, once created. */
    private volatile DoubleKernelsImpl simd;
    /** Bits of the groups that run on {@link #simd}. */
    private volatile int ready;
    private volatile boolean started, finished, settled;

    public SwitchingDoubleKernels(DoubleKernelsImpl scalar, Supplier<DoubleKernelsImpl> simdFactory) {
        this(scalar, simdFactory, Clock.SYSTEM);
    }

    /** With the time of {@code clock} (a test's). */
    SwitchingDoubleKernels(DoubleKernelsImpl scalar, Supplier<DoubleKernelsImpl> simdFactory, Clock clock) {
        this.scalar = scalar;
        this.simdFactory = simdFactory;
        this.clock = clock;
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

    /**
     * Whether every group has had its first full try: switched, or kept scalar because SIMD did not win
     * within {@link #PATIENCE_NANOS} (on shapes too small for vectors, it may never; later retries are rare).
     */
    boolean settled() {
        return settled || finished;
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
            clock.sleep(START_DELAY_MILLIS);
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
        Workload w = new Workload(ExpectedNetwork.current());
        long patience = PATIENCE_NANOS, pause = RETRY_PAUSE_MILLIS;
        while (true) {
            for (int group : ORDER) { // one group at a time (all at once measured slower: more compiles in the queue)
                if ((ready & group) == 0 && warm(w, group, simd, patience)) {
                    ready |= group;
                }
            }
            settled = true;
            if (ready == ALL) {
                break;
            }
            try { // a busy JVM can keep SIMD from winning for a while: try the rest again later, more rarely
                clock.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(2 * pause, MAX_RETRY_PAUSE_MILLIS);
            patience = RETRY_PATIENCE_NANOS;
        }
        finished = true;
    }

    /**
     * Rounds of the group on both providers until SIMD wins {@link #ROUNDS_IN_A_ROW} in a row, or patience
     * runs out, or SIMD has stopped getting faster ({@link #SETTLED_NANOS} without its best time
     * improving by 2 %) while still losing: compiled, and slower on these shapes (a softmax over ten
     * classes), so waiting out the patience would only delay a service's start. Later retries remain.
     */
    private boolean warm(Workload w, int group, DoubleKernelsImpl simd, long patience) {
        long start = clock.nanoTime(), deadline = start + patience, improved = start;
        double bestScalar = Double.MAX_VALUE, bestSimd = Double.MAX_VALUE;
        int inARow = 0;
        while (inARow < ROUNDS_IN_A_ROW && clock.nanoTime() < deadline) {
            long t0 = clock.nanoTime();
            w.run(group, scalar);
            long t1 = clock.nanoTime();
            w.run(group, simd);
            long t2 = clock.nanoTime();
            bestScalar = Math.min(bestScalar, t1 - t0);
            inARow = t2 - t1 < SWITCH_RATIO * bestScalar ? inARow + 1 : 0;
            if (t2 - t1 < 0.98 * bestSimd) {
                improved = t2;
            }
            bestSimd = Math.min(bestSimd, t2 - t1);
            if (inARow == 0 && t2 - improved > SETTLED_NANOS && bestSimd >= SWITCH_RATIO * bestScalar) {
                return false;
            }
        }
        return inARow == ROUNDS_IN_A_ROW;
    }

    /**
     * One round of every group's operations on the shapes the callers said they will run ({@link
     * ExpectedNetwork}): each dense layer forward, backward and updated, a few rows at a time, data fixed.
     */
    private static final class Workload {
        /** Rows of a batch: few, so that code not yet compiled gets through a round quickly. */
        static final int B = 8;
        final ExpectedNetwork net;
        final int[] s;
        final int inputs, classes, widest;
        final double[] x, h, g, d, c, dw, bias, y, params, s1, s2;
        final double[][] w;
        final int[] labels = new int[B];
        final byte[] pixels;
        PackedDoubleMatrix[] packed;
        DoubleKernelsImpl packedFor;

        Workload(ExpectedNetwork net) {
            this.net = net;
            this.s = net.sizes().stream().mapToInt(Integer::intValue).toArray();
            this.inputs = s[0];
            this.classes = s[s.length - 1];
            int wide = 1;
            for (int v : s) {
                wide = Math.max(wide, v);
            }
            this.widest = wide;
            SplittableRandom r = new SplittableRandom(1);
            x = new double[B * inputs];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(5) == 0 ? (double) r.nextDouble() : 0.0; // an image: mostly background
            }
            w = new double[s.length - 1][];
            for (int l = 0; l + 1 < s.length; l++) {
                w[l] = values(r, s[l] * s[l + 1]);
            }
            h = new double[B * widest];
            g = new double[B * widest];
            d = values(r, B * widest);
            c = new double[inputs * s[1]];
            int layer = 1;
            for (int l = 0; l + 1 < s.length; l++) {
                layer = Math.max(layer, s[l] * s[l + 1]);
            }
            dw = new double[layer];
            bias = values(r, widest);
            y = values(r, B * widest);
            params = new double[B * widest];
            s1 = new double[B * widest];
            s2 = new double[B * widest];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = r.nextInt(classes);
            }
            pixels = new byte[inputs];
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
            packed = new PackedDoubleMatrix[w.length];
            for (int l = 0; l < w.length; l++) {
                packed[l] = DoubleKernels.of(k).pack(s[l], s[l + 1], w[l], 0, s[l + 1]);
            }
            packedFor = k;
        }

        /** The activation of layer l's outputs (none after the last). */
        private Activation activation(int l) {
            return l + 2 < s.length ? net.activations().get(l) : Activation.NONE;
        }

        /** Rows of x through every layer (vecMatRows), rows at a time. */
        private void rowsThrough(DoubleKernelsImpl k, int rows) {
            double[] in = x;
            for (int l = 0; l + 1 < s.length; l++) {
                double[] out = l % 2 == 0 ? h : g;
                k.vecMatRows(rows, in, 0, s[l], packed[l], out, 0, s[l + 1]);
                in = out;
            }
        }

        void run(int group, DoubleKernelsImpl k) {
            int hidden = s[1];
            switch (group) {
                case ROWS -> {
                    pack(k);
                    for (int i = 0; i < 8; i++) {
                        rowsThrough(k, 1);
                    }
                    rowsThrough(k, B);
                }
                case ELEMENTWISE -> {
                    for (int l = 0; l + 1 < s.length; l++) {
                        for (int i = 0; i < 4; i++) {
                            k.biasActivation(1, s[l + 1], h, 0, s[l + 1], bias, 0, activation(l));
                        }
                        k.biasActivation(B, s[l + 1], h, 0, s[l + 1], bias, 0, activation(l));
                    }
                    for (Activation a : net.activations()) {
                        switch (a.kind()) {
                            case SIGMOID -> {
                                k.sigmoid(B * hidden, y, 0, h, 0);
                                k.sigmoidBackward(B * hidden, d, 0, h, 0, g, 0);
                            }
                            case RELU -> {
                                k.relu(B * hidden, y, 0, h, 0);
                                k.reluBackward(B * hidden, d, 0, y, 0, g, 0);
                            }
                            case TANH -> {
                                k.tanh(B * hidden, y, 0, h, 0);
                                k.tanhBackward(B * hidden, d, 0, h, 0, g, 0);
                            }
                            case LEAKY_RELU -> k.leakyRelu(B * hidden, a.slope(), y, 0, h, 0);
                            case NONE -> { }
                        }
                    }
                    k.exp(B * classes, y, 0, h, 0);
                }
                case SOFTMAX -> {
                    for (int i = 0; i < 8; i++) {
                        k.softmaxRows(1, classes, y, i * classes, classes, h, 0, classes);
                    }
                    k.softmaxRows(B, classes, y, 0, classes, h, 0, classes);
                    k.crossEntropyLogits(B, classes, y, 0, classes, labels, 0);
                    k.crossEntropyBook(B, classes, h, 0, classes, labels, 0);
                    k.softmaxLossBackward(B, classes, h, 0, classes, labels, 0, g, 0, classes);
                    k.argmaxRows(B, classes, h, 0, classes, labels, 0);
                }
                case GEMM -> {
                    for (int l = 0; l + 1 < s.length; l++) {
                        int in = s[l], out = s[l + 1];
                        double[] a = l == 0 ? x : y;
                        k.gemm(Transpose.NO, Transpose.NO, B, out, in, 1.0, a, 0, in, w[l], 0, out, 0.0, h, 0, out,
                                bias, 0, activation(l), 1);
                        k.gemm(Transpose.NO, Transpose.NO, 1, out, in, 1.0, a, 0, in, w[l], 0, out, 0.0, h, 0, out,
                                bias, 0, activation(l), 1);
                        if (l > 0) {
                            k.gemm(Transpose.NO, Transpose.YES, B, in, out, 1.0, d, 0, out, w[l], 0, out, 0.0, g, 0, in,
                                    null, 0, Activation.NONE, 1);
                        }
                        k.gemm(Transpose.YES, Transpose.NO, in, out, B, 1.0, a, 0, in, d, 0, out, 0.0, dw, 0, out,
                                null, 0, Activation.NONE, 1);
                    }
                    k.gemm(Transpose.NO, Transpose.NO, B, hidden, B, 1.0, y, 0, B, d, 0, hidden, 1.0, g, 0, hidden,
                            null, 0, Activation.NONE, 1); // beta = 1
                }
                case SPARSE -> k.sparseTransposeTimes(B, inputs, hidden, x, 0, inputs, d, 0, hidden, c, 0, hidden, 0, inputs);
                case REDUCTIONS -> {
                    k.columnSums(B, hidden, d, 0, hidden, bias, 0);
                    k.axpy(inputs * hidden, -0.1, c, 0, w[0], 0);
                    k.axpy(inputs * hidden, 0.1, c, 0, w[0], 0);
                    k.sgdStep(B * hidden, 0.01, d, 0, params, 0);
                    k.momentumStep(B * hidden, 0.01, 0.9, d, 0, s1, 0, params, 0);
                    k.adagradStep(B * hidden, 0.01, d, 0, s1, 0, params, 0);
                    k.adamStep(B * hidden, 0.01, 0.1, 0.001, d, 0, s1, 0, s2, 0, params, 0);
                    k.countNonZero(B * inputs, x, 0);
                    k.firstNonFinite(B * inputs, x, 0);
                    k.scaleBytes(inputs, pixels, 0, 255.0, y, 0);
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
        DoubleKernelsImpl k = simd;
        return b.twin(k.panelWidth(b.columns()), k.getClass(), k.nativePanels());
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
