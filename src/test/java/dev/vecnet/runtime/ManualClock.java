package dev.vecnet.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for the run-time's timing decisions that moves only when told: stand-in kernels advance it by
 * what they pretend to cost, and a sleep advances it at once (after a real millisecond, so that a loop
 * of retries on a daemon thread does not spin a core).
 */
final class ManualClock implements Clock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        Thread.sleep(1);
        advance(millis);
    }

    void advance(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }
}
