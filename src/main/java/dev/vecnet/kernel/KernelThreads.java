package dev.vecnet.kernel;

/**
 * The kernels' worker threads for work above the kernels: a range of rows split into contiguous
 * parts, run on the calling thread and the workers that GEMM and vecMatRows use (see
 * {@link Parallel}: a hand-off costs under a µs while the workers are warm). The parts depend only
 * on the arguments, so work that writes each row from that row alone gives the same result on any
 * number of threads.
 */
public final class KernelThreads {
    private KernelThreads() {}

    /** How many parts {@link #run} makes of {@code total} rows: at most {@code threads}, each of at least {@code minRows}. */
    public static int parts(int total, int threads, int minRows) {
        Checks.threads(threads);
        Checks.positive("minimum rows per part", minRows);
        return Parallel.parts(total, threads, 1, minRows);
    }

    /**
     * Runs {@code task} over [0, total) in {@link #parts} contiguous parts of near-equal size. Allocates
     * nothing: a caller that keeps its task object (not a capturing lambda) splits without garbage.
     */
    public static void run(int total, int threads, int minRows, Parallel.Range task) {
        Checks.notNull("task", task);
        Parallel.run(parts(total, threads, minRows), total, task);
    }
}
