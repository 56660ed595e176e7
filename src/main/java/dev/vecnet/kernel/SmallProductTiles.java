package dev.vecnet.kernel;

/**
 * When a precision's small products (up to {@link GemmPlan#DEFAULT_SMALL_WORK} multiply-adds: the
 * network's 10-wide products and its evaluation chunks') move from the GEMM's compact small path to
 * its tiles. Warm, the tiles are about twice as fast on them (100 x 50 x 10: 1.4-1.6 µs against
 * 3.1-3.4), but C2 needs seconds for the unrolled tiles, which a fresh JVM training on two cores cannot
 * spare, so the plan sends them down the small path. Once a JVM has run {@link #WARM_AFTER} of them
 * (a long job, a service, a benchmark; the seed's 10 000-step run makes about 30 000), a daemon thread
 * runs the network's small products on the tiles and on the small path by turns, and switches the
 * precision's small products to the tiles once the tiles take under {@link #SWITCH_RATIO} of the small
 * path's time {@link #ROUNDS_IN_A_ROW} rounds in a row: code C2 has not compiled cannot do that, so no
 * caller ever runs the tiles cold. On a machine where the small path stays ahead, nothing switches
 * (after {@link #PATIENCE_NANOS}). Both paths follow the reference order: the same bits either way, so
 * no result depends on when, or whether, the switch happened.
 */
abstract class SmallProductTiles {
    static final int WARM_AFTER = 50_000;
    static final double SWITCH_RATIO = 0.9;
    static final int ROUNDS_IN_A_ROW = 3;
    static final long PATIENCE_NANOS = 20_000_000_000L;
    /** While the tuner measures plans, products follow the plan as it is. */
    static volatile boolean suspended;

    private final String name;
    private final long patienceNanos;
    private volatile boolean ready, started, finished;
    /** Small products so far; racy increments may lose a few, which only moves the start a little. */
    private int calls;

    SmallProductTiles(String name) {
        this(name, PATIENCE_NANOS);
    }

    SmallProductTiles(String name, long patienceNanos) {
        this.name = name;
        this.patienceNanos = patienceNanos;
    }

    /** Runs the network's small products once, on the tiles or on the small path (private operands). */
    abstract void products(boolean tiles);

    /** Whether a product of this many multiply-adds, which the plan gives the small path, takes it (counts it). */
    final boolean small(long work) {
        if (work > GemmPlan.DEFAULT_SMALL_WORK || suspended) {
            return true;
        }
        if (ready) {
            return false;
        }
        if (++calls == WARM_AFTER) {
            start();
        }
        return true;
    }

    /** Whether this precision's small products run on the tiles. */
    final boolean ready() {
        return ready;
    }

    /** Whether the warm-up is over: switched, or the small path stayed ahead. */
    final boolean finished() {
        return finished;
    }

    /** Puts the small products on the tiles or back on the small path, warm or not (tests: the switch changes no bit). */
    final void switchTo(boolean tiles) {
        ready = tiles;
    }

    /** Starts the warm-up now if it has not started; returns at once. */
    final synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread("vecnet-small-products-" + name) {
            @Override
            public void run() {
                try {
                    ready = warm();
                } catch (RuntimeException | Error e) { // the small path keeps serving
                    Kernels.logger(SmallProductTiles.class).log(System.Logger.Level.WARNING,
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
        long deadline = System.nanoTime() + patienceNanos;
        long bestSmall = Long.MAX_VALUE;
        int inARow = 0;
        while (inARow < ROUNDS_IN_A_ROW && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            products(false);
            long t1 = System.nanoTime();
            products(true);
            long t2 = System.nanoTime();
            bestSmall = Math.min(bestSmall, t1 - t0);
            inARow = t2 - t1 < SWITCH_RATIO * bestSmall ? inARow + 1 : 0;
        }
        return inARow == ROUNDS_IN_A_ROW;
    }
}
