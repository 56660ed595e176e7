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
public final class Parallel {
    /** The rows [from, to) of part {@code part} (see {@link KernelThreads#run}). */
    @FunctionalInterface
    public interface Range {
        void run(int part, int from, int to);
    }

    /** One part of a split computation. */
    @FunctionalInterface
    public interface Part {
        void run(int index);
    }

    /** How long an idle worker looks for the next split before parking: longer than the gaps within a training step. */
    static final long SPIN_NANOS = 200_000;

    private static final AtomicBoolean TAKEN = new AtomicBoolean();
    private static volatile Worker[] workers = new Worker[0];
    /** The one split object, reused by every split: a split allocates nothing. */
    private static final Job JOB = new Job();

    private Parallel() {}

    public static void run(int parts, Part part) {
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
        run(parts, part, null, 0);
    }

    /**
     * Runs {@code range} over [0, total) in {@code parts} contiguous parts of near-equal size (part i
     * is [total·i/parts, total·(i+1)/parts)); allocates nothing, so a caller that keeps its Range
     * object splits work without garbage.
     */
    public static void run(int parts, int total, Range range) {
        if (parts == 1) {
            range.run(0, 0, total);
            return;
        }
        if (!TAKEN.compareAndSet(false, true)) {
            for (int i = 0; i < parts; i++) {
                range.run(i, start(total, i, parts, 1), start(total, i + 1, parts, 1));
            }
            return;
        }
        run(parts, null, range, total);
    }

    /** Called by the thread holding {@link #TAKEN}. */
    private static void run(int parts, Part part, Range range, int total) {
        try {
            ensureWorkers(parts - 1);
            JOB.publish(parts, part, range, total);
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            JOB.help(JOB.number());
            JOB.awaitAll();
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
            grown[i] = new Worker(i + 1, JOB.number());
            grown[i].start();
        }
        workers = grown;
    }

    /**
     * The split being run, or the last one. Parts are claimed from a ticket that holds the split's
     * number, its part count and the next unclaimed part in one long, so a worker still holding an
     * old split's number can never claim a part of the next one; {@code done} counts finished parts.
     * The task fields are written before the ticket is published and read only after a claim, which
     * holds the split open until that part is done.
     */
    private static final class Job {
        private static final VarHandle TICKET, DONE, FAILURE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                TICKET = l.findVarHandle(Job.class, "ticket", long.class);
                DONE = l.findVarHandle(Job.class, "done", int.class);
                FAILURE = l.findVarHandle(Job.class, "failure", Throwable.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private Part part;
        private Range range;
        private int total;
        /** number (32 bits) | parts (16 bits) | next unclaimed part (16 bits). */
        private volatile long ticket;
        private volatile int done;
        private volatile Throwable failure;

        int number() {
            return (int) (ticket >>> 32);
        }

        /** Opens the next split; the previous one is finished (all parts done). */
        void publish(int parts, Part part, Range range, int total) {
            if (parts > 0xFFFF) {
                throw new IllegalArgumentException("at most 65535 parts, got " + parts);
            }
            this.part = part;
            this.range = range;
            this.total = total;
            failure = null;
            done = 0;
            ticket = ((long) (number() + 1) << 32) | ((long) parts << 16);
        }

        /** Runs unclaimed parts of split {@code number} until none is left. */
        void help(int number) {
            while (true) {
                long t = ticket;
                int next = (int) (t & 0xFFFF), parts = (int) (t >>> 16 & 0xFFFF);
                if ((int) (t >>> 32) != number || next >= parts) {
                    return;
                }
                if (!TICKET.compareAndSet(this, t, t + 1)) {
                    continue;
                }
                try {
                    if (range != null) {
                        range.run(next, start(total, next, parts, 1), start(total, next + 1, parts, 1));
                    } else {
                        part.run(next);
                    }
                } catch (Throwable e) {
                    FAILURE.compareAndSet(this, (Throwable) null, e);
                } finally {
                    DONE.getAndAdd(this, 1);
                }
            }
        }

        /** Waits for parts other threads are still running, then rethrows the first failure. */
        void awaitAll() {
            int parts = (int) (ticket >>> 16 & 0xFFFF);
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
        private final int startAfter;

        Worker(int id, int startAfter) {
            super("vecnet-kernel-" + id);
            this.startAfter = startAfter;
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = startAfter;
            while (true) {
                seen = await(seen);
                JOB.help(seen);
            }
        }

        /** The number of the next split after {@code seen}: spin for a while, then park until unparked. */
        private int await(int seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                int number = JOB.number();
                if (number != seen) {
                    return number;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (JOB.number() == seen) { // re-read after announcing: run() unparks after publishing
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }

    /*
     * The one rule by which every kernel splits work over threads (the GEMM's rows or columns, the
     * sparse Xᵀ·D's rows, vecMatRows' and the Predictor's rows): at most one part per thread, each at
     * least minItems items, boundaries at multiples of align, parts of near-equal size. The parts depend
     * only on the arguments, never on timing.
     */

    /** How many parts {@code total} items make: at most {@code threads}, of whole {@code align} blocks, each at least {@code minItems}. */
    public static int parts(int total, int threads, int align, int minItems) {
        int blocks = (total + align - 1) / align;
        return Math.max(1, Math.min(Math.min(threads, blocks), total / minItems));
    }

    /** Where part {@code part} of {@code parts} starts ({@code part == parts}: the end, {@code total}). */
    public static int start(int total, int part, int parts, int align) {
        int blocks = (total + align - 1) / align;
        return Math.min(total, (int) ((long) blocks * part / parts) * align);
    }

    /**
     * Splits {@code total} items by {@link #parts} (no minimum) and fills {@code starts} (length
     * threads + 1) with {@link #start}; returns the number of parts.
     */
    public static int split(int total, int threads, int align, int[] starts) {
        int used = parts(total, threads, align, 1);
        for (int i = 0; i <= used; i++) {
            starts[i] = start(total, i, used, align);
        }
        return used;
    }
}
