package dev.vecnet.runtime;

import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.gemm.PanamaDoubleGemm;
import dev.vecnet.kernel.gemm.PanamaFloatGemm;
import dev.vecnet.kernel.gemm.SmallProducts;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When a precision's small products move from the GEMM's compact small path to its tiles
 * ({@link SmallProducts}). Warm, the tiles are the faster on them, but C2 needs seconds for the
 * unrolled tiles, which a fresh JVM training on two cores cannot spare, so the plan sends them down
 * the small path. Once a JVM has run {@link #WARM_AFTER} of them (a long job, a service, a benchmark),
 * a daemon thread runs the expected network's small products ({@link ExpectedNetwork}) on the tiles
 * and on the small path by turns, and moves the precision's small products to the tiles once the
 * tiles take under {@link #SWITCH_RATIO} of the small path's time {@link #ROUNDS_IN_A_ROW} rounds in a
 * row: code C2 has not compiled cannot do that, so no caller ever runs the tiles cold. Where the small
 * path stays ahead, nothing moves (once the tiles' time has settled behind it, or after
 * {@link #PATIENCE_NANOS}). Both paths follow the reference
 * order: the same bits either way, so no result depends on when, or whether, the move happened.
 */
abstract class SmallProductMove {
    static final int WARM_AFTER = 50_000;
    static final double SWITCH_RATIO = 0.9;
    static final int ROUNDS_IN_A_ROW = 3;
    static final long PATIENCE_NANOS = 20_000_000_000L;
    /**
     * The tiles' best time has settled when it has not dropped by 2 % for this long: C2 has compiled them,
     * and if they are still behind the small path, the small path stays (before {@link #PATIENCE_NANOS}).
     */
    static final long SETTLED_NANOS = 3_000_000_000L;
    static final double IMPROVEMENT = 0.98;
    /** How often the watcher looks at the products' count. */
    static final long WATCH_MILLIS = 250;

    static final SmallProductMove F32 = new SmallProductMove("float32", PanamaFloatGemm.SMALL_PRODUCTS, PATIENCE_NANOS) {
        private float[] a, b, c;

        @Override
        void products(boolean tiles) {
            if (a == null) {
                a = values(operandSize(true));
                b = values(operandSize(false));
                c = new float[resultSize()];
            }
            for (int[] p : shapes()) {
                Transpose ta = p[3] == 0 ? Transpose.NO : Transpose.YES, tb = p[4] == 0 ? Transpose.NO : Transpose.YES;
                PanamaFloatGemm.product(tiles, ta, tb, p[0], p[1], p[2], a, ta == Transpose.NO ? p[2] : p[0], b,
                        tb == Transpose.NO ? p[1] : p[2], c, p[1]);
            }
        }

        private float[] values(int n) {
            SplittableRandom r = new SplittableRandom(5);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(-1000, 1000) / 1000f;
            }
            return v;
        }
    };

    static final SmallProductMove F64 = new SmallProductMove("float64", PanamaDoubleGemm.SMALL_PRODUCTS, PATIENCE_NANOS) {
        private double[] a, b, c;

        @Override
        void products(boolean tiles) {
            if (a == null) {
                a = values(operandSize(true));
                b = values(operandSize(false));
                c = new double[resultSize()];
            }
            for (int[] p : shapes()) {
                Transpose ta = p[3] == 0 ? Transpose.NO : Transpose.YES, tb = p[4] == 0 ? Transpose.NO : Transpose.YES;
                PanamaDoubleGemm.product(tiles, ta, tb, p[0], p[1], p[2], a, ta == Transpose.NO ? p[2] : p[0], b,
                        tb == Transpose.NO ? p[1] : p[2], c, p[1]);
            }
        }

        private double[] values(int n) {
            SplittableRandom r = new SplittableRandom(5);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(-1000, 1000) / 1000.0;
            }
            return v;
        }
    };

    private final String name;
    private final SmallProducts products;
    private final long patienceNanos;
    /** The time the rounds are measured by. */
    private final Clock clock;
    private volatile boolean started, finished;
    private List<int[]> shapes;

    SmallProductMove(String name, SmallProducts products, long patienceNanos) {
        this(name, products, patienceNanos, Clock.SYSTEM);
    }

    /** With the time of {@code clock} (a test's). */
    SmallProductMove(String name, SmallProducts products, long patienceNanos, Clock clock) {
        this.name = name;
        this.products = products;
        this.patienceNanos = patienceNanos;
        this.clock = clock;
    }

    /** Runs the expected network's small products once, on the tiles or on the small path (private operands). */
    abstract void products(boolean tiles);

    /**
     * The expected network's small products as {m, n, k, transposeA, transposeB}, for each of its GEMM
     * batches' rows: each layer forward
     * (rows x out x in), its input gradient (rows x in x out, B transposed) and its weight gradient (in x
     * out x rows, A transposed), those of at most {@link SmallProducts#MOVABLE_WORK} multiply-adds and
     * four rows or more (fewer take the GEMM's rows path), fixed once asked.
     */
    final List<int[]> shapes() {
        if (shapes == null) {
            ExpectedNetwork net = ExpectedNetwork.current();
            List<int[]> s = new ArrayList<>();
            for (int rows : net.rows()) {
                for (int l = 0; l + 1 < net.sizes().size(); l++) {
                    int in = net.sizes().get(l), out = net.sizes().get(l + 1);
                    for (int[] p : new int[][] {{rows, out, in, 0, 0}, {rows, in, out, 0, 1}, {in, out, rows, 1, 0}}) {
                        if ((long) p[0] * p[1] * p[2] <= SmallProducts.MOVABLE_WORK && p[0] >= 4) {
                            s.add(p);
                        }
                    }
                }
            }
            shapes = s;
        }
        return shapes;
    }

    /** Values of the larger operand (A) or of B over every small product. */
    final int operandSize(boolean a) {
        int n = 1;
        for (int[] p : shapes()) {
            n = Math.max(n, a ? p[0] * p[2] : p[2] * p[1]);
        }
        return n;
    }

    final int resultSize() {
        int n = 1;
        for (int[] p : shapes()) {
            n = Math.max(n, p[0] * p[1]);
        }
        return n;
    }

    /** Whether this precision's small products run on the tiles. */
    final boolean onTiles() {
        return products.onTiles();
    }

    /** Whether the decision is made: moved, or the small path stayed ahead (or there is nothing to move). */
    final boolean finished() {
        return finished;
    }

    /** Whether enough small products have run for the move to be worth its compile time. */
    final boolean due() {
        return products.calls() >= WARM_AFTER;
    }

    /** Starts the timing now if it has not started; returns at once. */
    final synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread("vecnet-small-products-" + name) {
            @Override
            public void run() {
                try {
                    products.moveToTiles(!shapes().isEmpty() && warm());
                } catch (RuntimeException | Error e) { // the small path keeps serving
                    Kernels.logger(SmallProductMove.class).log(System.Logger.Level.WARNING,
                            "vecnet: the " + name + " tile warm-up failed; small products stay on the small path", e);
                } finally {
                    finished = true;
                }
            }
        };
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private boolean warm() {
        long start = clock.nanoTime(), deadline = start + patienceNanos;
        long bestSmall = Long.MAX_VALUE, bestTiles = Long.MAX_VALUE, tilesImproved = start;
        int inARow = 0;
        while (inARow < ROUNDS_IN_A_ROW && clock.nanoTime() < deadline) {
            long t0 = clock.nanoTime();
            products(false);
            long t1 = clock.nanoTime();
            products(true);
            long t2 = clock.nanoTime();
            bestSmall = Math.min(bestSmall, t1 - t0);
            if (t2 - t1 < IMPROVEMENT * bestTiles) {
                bestTiles = t2 - t1;
                tilesImproved = t2;
            }
            inARow = t2 - t1 < SWITCH_RATIO * bestSmall ? inARow + 1 : 0;
            if (inARow == 0 && t2 - tilesImproved > SETTLED_NANOS) { // compiled and still behind: they stay behind
                return false;
            }
        }
        return inARow == ROUNDS_IN_A_ROW;
    }

    private static volatile boolean watching;

    /**
     * Starts, once, a daemon thread that looks at both precisions' small-product counts every {@link
     * #WATCH_MILLIS} and starts a precision's timing once it is {@link #due()}; it ends when both are
     * decided.
     */
    static synchronized void watch() {
        if (watching) {
            return;
        }
        watching = true;
        Thread t = new Thread("vecnet-small-products") {
            @Override
            public void run() {
                try {
                    while (!(F32.started && F64.started)) {
                        Thread.sleep(WATCH_MILLIS);
                        for (SmallProductMove m : new SmallProductMove[] {F32, F64}) {
                            if (!m.started && m.due()) {
                                m.start();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
