package dev.vecnet.runtime;

/**
 * Time as the run-time's timing decisions read it (the warm-up's rounds, the small products' move): the
 * system's, or a test's that moves only when its stand-in kernels say they took time, so that the
 * decisions are tested without sleeping and without depending on the machine's speed.
 */
interface Clock {
    long nanoTime();

    void sleep(long millis) throws InterruptedException;

    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };
}
