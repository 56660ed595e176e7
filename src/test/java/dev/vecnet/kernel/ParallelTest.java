package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The split runner: each part exactly once, failures reach the caller, concurrent and nested splits, parked workers. */
class ParallelTest {

    @Test
    void everyPartRunsExactlyOnce() {
        for (int parts = 1; parts <= 5; parts++) {
            for (int round = 0; round < 2000; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                Parallel.run(parts, runs::incrementAndGet);
                for (int i = 0; i < parts; i++) {
                    assertEquals(1, runs.get(i), "part " + i + " of " + parts + ", round " + round);
                }
            }
        }
    }

    @Test
    void aFailingPartReachesTheCallerAndTheWorkersGoOn() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        for (int failing = 0; failing < 3; failing++) {
            int f = failing;
            RuntimeException e = assertThrows(RuntimeException.class, () -> Parallel.run(3, i -> {
                if (i == f) {
                    throw boom;
                }
            }));
            assertSame(boom, e);
        }
        AssertionError error = new AssertionError("error");
        assertSame(error, assertThrows(AssertionError.class, () -> Parallel.run(2, i -> {
            if (i == 1) {
                throw error;
            }
        })));
        AtomicIntegerArray runs = new AtomicIntegerArray(2);
        Parallel.run(2, runs::incrementAndGet);
        assertEquals(1, runs.get(0));
        assertEquals(1, runs.get(1));
    }

    @Test
    void splitsFromManyThreadsAndNestedSplitsEachRunEveryPartOnce() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(callers.submit(() -> {
                    int[] sums = new int[4];
                    for (int round = 0; round < 500; round++) {
                        AtomicIntegerArray runs = new AtomicIntegerArray(4 * 3);
                        Parallel.run(4, outer -> Parallel.run(3, inner -> runs.incrementAndGet(outer * 3 + inner)));
                        for (int i = 0; i < 12; i++) {
                            sums[i / 3] += runs.get(i);
                        }
                    }
                    return sums;
                }));
            }
            for (Future<int[]> f : results) {
                assertArrayEquals(new int[] {1500, 1500, 1500, 1500}, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void parkedWorkersAreWokenUp() throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Parallel.SPIN_NANOS) + 5); // past the spin: workers park
            // the first part to start holds its thread until the other part has started: only a woken
            // worker can run that one (the caller is busy), so a worker left parked fails by timeout
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
            java.util.concurrent.ConcurrentHashMap<Integer, Thread> threads = new java.util.concurrent.ConcurrentHashMap<>();
            Parallel.run(2, part -> {
                threads.put(part, Thread.currentThread());
                started.countDown();
                try {
                    assertTrue(started.await(10, TimeUnit.SECONDS), "no worker woke for the other part");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(threads.get(0) != threads.get(1), "both parts ran on " + threads.get(0));
        }
    }

    @Test
    void kernelThreadsCoverTheRowsInContiguousPartsOfAtLeastTheMinimum() {
        for (int total = 1; total < 200; total += 7) {
            for (int threads = 1; threads <= 4; threads++) {
                int parts = KernelThreads.parts(total, threads, 16);
                assertEquals(Math.max(1, Math.min(threads, total / 16)), parts);
                int[] from = new int[parts], to = new int[parts];
                KernelThreads.run(total, threads, 16, (part, lo, hi) -> {
                    from[part] = lo;
                    to[part] = hi;
                });
                assertEquals(0, from[0]);
                assertEquals(total, to[parts - 1]);
                for (int i = 0; i < parts; i++) {
                    assertTrue(parts == 1 || to[i] - from[i] >= 16, "part " + i + " of " + total + " rows");
                    if (i > 0) {
                        assertEquals(to[i - 1], from[i]);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> KernelThreads.parts(10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> KernelThreads.parts(10, 2, 0));
    }
}
