package dev.vecnet.runtime;

import dev.vecnet.kernel.gemm.GemmPlan;
import java.util.function.Consumer;

/**
 * What the run-time does only where the Panama kernels run (the small products' move, the GEMM tuner),
 * reached through this interface so that the rest of the run-time loads on JDK 17, where those
 * classes are not in the jar's base: {@link PanamaHooks} is found by name.
 */
interface SimdHooks {
    /** Starts watching the GEMM's small products (see {@link SmallProductMove#watch()}). */
    void watchSmallProducts();

    /** Starts the small products' timing for both precisions. */
    void startSmallProducts();

    /** Whether both precisions' small products are decided. */
    boolean smallProductsFinished();

    /** Measures this machine's GEMM plan ({@link GemmTuner}). */
    GemmPlan tune(Consumer<String> report);

    static SimdHooks get() {
        return Holder.HOOKS;
    }

    /** Loaded on first use. */
    final class Holder {
        static final SimdHooks HOOKS = load();

        private Holder() {}

        private static SimdHooks load() {
            try {
                return (SimdHooks) Class.forName("dev.vecnet.runtime.PanamaHooks").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("the SIMD kernels are not available here: " + dev.vecnet.kernel.Kernels.panamaUnavailableReason(), e);
            }
        }
    }
}
