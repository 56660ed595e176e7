package dev.vecnet.train;

import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Precision;
import java.util.SplittableRandom;

/**
 * Gets a fresh JVM's kernels compiled while the caller does something else, typically loading the data
 * set: a daemon thread trains a private copy of the network on synthetic images (one batch four fifths
 * zeros, the next half zeros, so that both of the first layer's paths run, the zero-skipping and the
 * GEMM) and evaluates it in chunks
 * as the trainer does, until {@link #close()}. It touches nothing the caller uses, so it changes no
 * result, only when C2 has compiled the code the real run needs. On 2 cores the loader has one and
 * the warm-up the other, where the JIT would otherwise idle until the loop starts. The JIT's work
 * moves into the load: a run's loop time then leaves part of it out, its process time does not
 * (measured: docs/design-notes.md, "A fresh JVM").
 */
public final class Warmup implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;
    /** Steps the warm-up took (for tests and reports). */
    private volatile int steps;

    private <A> Warmup(Precision<A> p, NetworkConfig config, int batch, Optimizer.Kind optimizer) {
        this.thread = new Thread(() -> run(p, config, batch, optimizer), "vecnet-warmup");
        thread.setDaemon(true);
    }

    /** Something that loads; it runs on the calling thread. */
    @FunctionalInterface
    public interface Load<T> {
        T get() throws java.io.IOException;
    }

    /**
     * {@code load}, with the kernels of {@code p} warming beside it for a network of this configuration
     * trained in batches of {@code batch} by {@code optimizer}, when they are SIMD kernels (the scalar
     * ones compile in a moment and need no head start).
     */
    public static <A, T> T during(Precision<A> p, NetworkConfig config, int batch, Optimizer.Kind optimizer, Load<T> load)
            throws java.io.IOException {
        if (p.scalarKernels() || parameters(config) > MAX_PARAMETERS) {
            return load.get();
        }
        try (Warmup w = start(p, config, batch, optimizer)) {
            return load.get();
        }
    }

    /** A larger network is not copied for a warm-up: its memory may be needed by the load, and its steps are long anyway. */
    static final long MAX_PARAMETERS = 1 << 22;

    private static long parameters(NetworkConfig c) {
        long n = 0;
        for (int l = 0; l + 1 < c.sizes().size(); l++) {
            n += (long) c.sizes().get(l) * c.sizes().get(l + 1) + c.sizes().get(l + 1);
        }
        return n;
    }

    /** Starts warming the kernels of {@code p} for a network of this configuration, batch size and optimizer. */
    public static <A> Warmup start(Precision<A> p, NetworkConfig config, int batch, Optimizer.Kind optimizer) {
        Warmup w = new Warmup(p, config, batch, optimizer);
        w.thread.start();
        return w;
    }

    private <A> void run(Precision<A> p, NetworkConfig config, int batch, Optimizer.Kind optimizer) {
        try {
            steps(p, config, batch, optimizer);
        } catch (RuntimeException | Error e) { // a warm-up that cannot run only leaves the JIT where it was
            stop = true;
        }
    }

    private <A> void steps(Precision<A> p, NetworkConfig config, int batch, Optimizer.Kind optimizer) {
        MultiLayerNet<A> net = new MultiLayerNet<>(p, config.withThreads(1));
        Optimizer<A> opt = Optimizer.of(optimizer, net, 0.01);
        int in = net.inputSize(), classes = net.outputSize(), rows = net.maxBatch(), b = Math.min(batch, rows);
        SplittableRandom r = new SplittableRandom(1);
        A sparse = images(p, r, rows, in, 0.2), half = images(p, r, b, in, 0.5);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(classes);
        }
        for (int step = 0; !stop; step++) {
            net.gradient((step & 1) == 0 ? sparse : half, labels, b);
            opt.step();
            if (step % 64 == 63) {
                net.correct(sparse, labels, rows); // an evaluation chunk
            }
            steps = step + 1;
        }
    }

    /** Rows like images: about {@code density} of their values nonzero, in [0, 1]. */
    private static <A> A images(Precision<A> p, SplittableRandom r, int rows, int in, double density) {
        A x = p.alloc(rows * in);
        for (int i = 0; i < rows * in; i++) {
            double v = r.nextDouble();
            p.set(x, i, v < density ? v / density : 0);
        }
        return x;
    }

    int steps() {
        return steps;
    }

    /** Stops the warm-up and waits for its thread (at most one step of it). */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
