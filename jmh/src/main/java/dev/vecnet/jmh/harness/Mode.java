package dev.vecnet.jmh.harness;

/**
 * How long the harness measures. FULL: the figures to publish; QUICK: every case that has a target,
 * every engine, fewer and shorter rounds; SMOKE: every benchmark and engine once on small shapes, tiny
 * rounds (CI: it proves the harness works; its timings mean nothing). Each group of cases runs in a JVM
 * of its own, its engines by turns ({@link PairedRuns}).
 *
 * <p>Kernels reach their steady state within one to two seconds of calls (C2 compiles a small GEMM's
 * tiles after their loops have run hot); whole inference and training calls, whose Vector API code C2
 * compiles in many pieces, take longer, so their groups warm up longer still.
 */
public enum Mode {
    FULL(new Timing(1500, 15, 150), new Timing(3000, 15, 250), 3, 10_000, 10_000, 5),
    QUICK(new Timing(250, 5, 40), new Timing(600, 5, 50), 2, 2_000, 1_800, 2),
    SMOKE(new Timing(1, 2, 1), new Timing(1, 2, 1), 1, 30, 30, 1);

    /** Each engine's warm-up (by turns with the others), then the rounds, each a slice of every engine. */
    public record Timing(int warmupMillis, int rounds, int sliceMillis) {}

    /** Kernel-sized benchmarks; whole calls (inference, a training step) use {@link #heavy}. */
    public final Timing light, heavy;
    /**
     * Runs of each seed case (by turns), and the iterations of each run: the seed recipe's, and the deep
     * recipe's (whose peers without flushing take minutes a run: the quick mode stops after three epochs);
     * runs of each cold start.
     */
    public final int seedRuns, seedIterations, deepIterations, coldRuns;

    Mode(Timing light, Timing heavy, int seedRuns, int seedIterations, int deepIterations, int coldRuns) {
        this.light = light;
        this.heavy = heavy;
        this.seedRuns = seedRuns;
        this.seedIterations = seedIterations;
        this.deepIterations = deepIterations;
        this.coldRuns = coldRuns;
    }
}
