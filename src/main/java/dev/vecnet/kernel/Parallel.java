package dev.vecnet.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the parts of a split computation on the calling thread and a few shared daemon workers. Each
 * part owns a fixed range of the output (and uses only per-thread scratch), so results do not depend
 * on the thread count or on which thread runs which part.
 *
 * <p>Why not an executor: waking a parked thread costs 15-25 µs on a small VM, as much as a batch of
 * 20 digits; a training step hands off a dozen times. So a worker that has just finished spins for
 * a while ({@link #SPIN_NANOS}) before it parks, and the caller never waits for a worker to wake:
 * parts are claimed from a counter, the caller claims them too, and only waits for parts that a
 * worker has already started. One split runs at a time; a call that finds the workers taken (another
 * thread's split, or a part that splits again) runs all of its parts itself.
 */
final class Parallel {
    /** One part of a split computation. */
    @FunctionalInterface
    interface Part {
        void run(int index);
    }

    /** How long an idle worker looks for the next split before parking: longer than the gaps within a training step. */
    static final long SPIN_NANOS = 200_000;

    private static final AtomicBoolean TAKEN = new AtomicBoolean();
    private static volatile Worker[] workers = new Worker[0];
    /** The split being run, or the last one; workers compare its number with the last they helped. */
    private static volatile Job current = new Job(null, 0, 0);
    private static long jobs;

    private Parallel() {}

    static void run(int parts, Part part) {
        if (parts == 1) {
            part.run(0);
            return;
        }
        if (!TAKEN.compareAndSet(false, true)) {
            for (int i = 0; i < parts; i++) {
                part.run(i);
            }
            return;
        }
        try {
            ensureWorkers(parts - 1);
            Job job = new Job(part, parts, ++jobs);
            current = job;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            job.help();
            job.awaitAll();
        } finally {
            TAKEN.set(false);
        }
    }

    /** At least n workers; called only by the thread holding {@link #TAKEN}, so never concurrently. */
    private static void ensureWorkers(int n) {
        if (workers.length >= n) {
            return;
        }
        Worker[] grown = java.util.Arrays.copyOf(workers, n);
        for (int i = workers.length; i < grown.length; i++) {
            grown[i] = new Worker(i + 1, current.number);
            grown[i].start();
        }
        workers = grown;
    }

    /**
     * One split: parts are claimed from {@code next}; {@code done} counts finished ones. Its
     * counters are fields updated through VarHandles: one small object per split, not four.
     */
    private static final class Job {
        private static final VarHandle NEXT, DONE, FAILURE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                NEXT = l.findVarHandle(Job.class, "next", int.class);
                DONE = l.findVarHandle(Job.class, "done", int.class);
                FAILURE = l.findVarHandle(Job.class, "failure", Throwable.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Part part;
        final int parts;
        final long number;
        private volatile int next, done;
        private volatile Throwable failure;

        Job(Part part, int parts, long number) {
            this.part = part;
            this.parts = parts;
            this.number = number;
        }

        /** Runs unclaimed parts until none is left. */
        void help() {
            for (int i = (int) NEXT.getAndAdd(this, 1); i < parts; i = (int) NEXT.getAndAdd(this, 1)) {
                try {
                    part.run(i);
                } catch (Throwable t) {
                    FAILURE.compareAndSet(this, (Throwable) null, t);
                } finally {
                    DONE.getAndAdd(this, 1);
                }
            }
        }

        /** Waits for parts other threads are still running, then rethrows the first failure. */
        void awaitAll() {
            for (int spins = 0; done < parts; spins++) {
                if (spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    private static final class Worker extends Thread {
        volatile boolean parked;
        /**
         * The last split this worker has seen, taken when it is created, before the split that
         * creates it is published: read when the thread starts, it could be that very split, missed.
         */
        private final long startAfter;

        Worker(int id, long startAfter) {
            super("vecnet-kernel-" + id);
            this.startAfter = startAfter;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = startAfter;
            while (true) {
                Job job = await(seen);
                seen = job.number;
                job.help();
            }
        }

        /** The next split after number {@code seen}: spin for a while, then park until unparked. */
        private Job await(long seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Job job = current;
                if (job.number != seen) {
                    return job;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (current.number == seen) { // re-read after announcing: run() unparks after publishing
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
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
