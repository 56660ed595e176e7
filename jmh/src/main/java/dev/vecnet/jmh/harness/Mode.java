package dev.vecnet.jmh.harness;

/**
 * How long the harness measures. FULL: the figures to publish; QUICK: every case that has a target and
 * every peer, briefly; SMOKE: every benchmark and engine once on small shapes, one tiny iteration each
 * (CI: it proves the harness works; its timings mean nothing). Every case runs in a JVM of its own:
 * OpenBLAS, for one, must not be called from the dozens of threads an in-process run would use.
 *
 * <p>Kernels reach their steady state within one to two seconds of calls (C2 compiles a small GEMM's
 * tiles after their loops have run hot, and shorter warm-ups measured the small products up to 30 %
 * slow); whole inference and training calls, whose Vector API code C2 compiles in many pieces, take
 * longer, so their groups warm up longer still.
 */
public enum Mode {
    FULL(new Timing(5, 400, 4, 300), new Timing(6, 500, 5, 500), 3, 10_000, 10_000),
    QUICK(new Timing(4, 300, 3, 200), new Timing(4, 250, 3, 250), 1, 10_000, 3_000),
    SMOKE(new Timing(0, 1, 1, 1), new Timing(0, 1, 1, 1), 1, 30, 30);

    /** JMH's warm-up and measurement iterations and their lengths. */
    public record Timing(int warmups, int warmupMillis, int iterations, int iterationMillis) {}

    /** Kernel-sized benchmarks; whole calls (inference, a training step) use {@link #heavy}. */
    public final Timing light, heavy;
    /**
     * Runs of each seed case, and the iterations of each run: the seed recipe's, and the deep recipe's
     * (whose peers without flushing take minutes a run: the quick mode stops after five epochs).
     */
    public final int seedRuns, seedIterations, deepIterations;

    Mode(Timing light, Timing heavy, int seedRuns, int seedIterations, int deepIterations) {
        this.light = light;
        this.heavy = heavy;
        this.seedRuns = seedRuns;
        this.seedIterations = seedIterations;
        this.deepIterations = deepIterations;
    }
}
