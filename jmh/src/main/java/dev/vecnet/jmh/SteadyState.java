package dev.vecnet.jmh;

import dev.vecnet.runtime.KernelRuntime;
import java.time.Duration;

/**
 * Waits for the run-time's warm-up before a benchmark measures, so that the steady state is what is
 * measured. The smoke run ({@code -Dvecnet.bench.steadyState=false}) measures nothing and skips the wait.
 */
public final class SteadyState {
    private SteadyState() {}

    /** Awaits the default kernels' warm-up and the small products' decision, at most {@code max}. */
    public static void await(Duration max) {
        if (wanted()) {
            try {
                KernelRuntime.awaitWarmup(max);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Awaits only the SIMD GEMM's small products' decision (for callers of the Panama provider itself). */
    public static void awaitSmallProducts(Duration max) {
        if (wanted()) {
            try {
                KernelRuntime.awaitSmallProducts(max);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean wanted() {
        return Boolean.parseBoolean(System.getProperty("vecnet.bench.steadyState", "true"));
    }
}
