package dev.vecnet.kernel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the parts of a split GEMM: part 0 on the calling thread, the others on a shared pool of
 * daemon threads. Each part owns a fixed range of output rows or columns, so results do not depend
 * on the thread count or on scheduling.
 */
final class Parallel {
    /** One part of a split computation. */
    @FunctionalInterface
    interface Part {
        void run(int index);
    }

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vecnet-kernel-" + IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    static void run(int parts, Part part) {
        if (parts == 1) {
            part.run(0);
            return;
        }
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int index = i;
            futures[i - 1] = POOL.submit(() -> part.run(index));
        }
        RuntimeException failure = null;
        try {
            part.run(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kernel threads", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Splits {@code total} items into at most {@code parts} chunks whose boundaries are multiples of
     * {@code align}; returns the number of chunks and fills {@code starts} (length parts + 1).
     */
    static int split(int total, int parts, int align, int[] starts) {
        int blocks = (total + align - 1) / align;
        int used = Math.max(1, Math.min(parts, blocks));
        for (int i = 0; i <= used; i++) {
            starts[i] = Math.min(total, (int) ((long) blocks * i / used) * align);
        }
        return used;
    }
}
