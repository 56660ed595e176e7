package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.IdxFile;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Precision;
import java.util.SplittableRandom;

/**
 * Gets a fresh JVM's kernels compiled while the caller does something else, typically loading the data
 * set: a daemon thread runs the trainer itself on a private copy of the network and a few synthetic
 * byte images (sparse ones to train on, dense ones to test on, so that the first layer's zero-skipping
 * kernels and its GEMM both run), with an evaluation every few steps, until {@link #close()}. It
 * touches nothing the caller uses, so it changes no result, only when C2 has compiled the code the
 * real run needs. On 2 cores the loader has one and
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
        int in = net.inputSize(), classes = net.outputSize(), b = Math.min(batch, net.maxBatch());
        SplittableRandom r = new SplittableRandom(1);
        // the trainer's own loop on a few synthetic images, evaluated every EPOCH steps: from the first
        // step on, the code the run will take (gather, scaling, step, evaluation) gets hot together,
        // and the trainer's loop is compiled as a method before the run enters it
        Dataset train = images("warm-up train", r, EPOCH * b, in, classes, 0.2, 0.5);
        Dataset test = images("warm-up test", r, b, in, classes, 0.9);
        Trainer<A> trainer = new Trainer<>(net);
        Trainer.Options options = new Trainer.Options(EPOCH, b, 0.01, 1, optimizer);
        while (!stop) {
            trainer.train(train, test, options, e -> { });
            steps += EPOCH;
        }
    }

    /** Steps per synthetic epoch: an evaluation follows every this many steps. */
    private static final int EPOCH = 4;

    /**
     * Byte images of objects on a blank background, the samples' shares of lit pixels taken in turn from
     * {@code densities}: sparse ones take the first layer's zero-skipping kernels, dense ones its GEMM.
     */
    private static Dataset images(String name, SplittableRandom r, int count, int in, int classes, double... densities) {
        byte[] pixels = new byte[count * in], labels = new byte[count];
        for (int i = 0; i < count; i++) {
            double density = densities[i % densities.length];
            for (int j = 0; j < in; j++) {
                pixels[i * in + j] = r.nextDouble() < density ? (byte) (1 + r.nextInt(255)) : 0;
            }
            labels[i] = (byte) r.nextInt(Math.min(classes, 256));
        }
        return new Dataset(name, new IdxFile.Images(count, 1, in, pixels), labels, Math.min(classes, 256));
    }

    int steps() {
        return steps;
    }

    /** Stops the warm-up and waits for its thread (at most one synthetic epoch of it). */
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
