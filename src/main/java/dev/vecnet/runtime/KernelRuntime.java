package dev.vecnet.runtime;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.DoubleKernels;
import dev.vecnet.kernel.DoubleKernelsImpl;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.FloatKernelsImpl;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.VectorWidth;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The kernels' run-time policy, above the kernels: which kernels a call runs while C2 has not yet
 * compiled the SIMD ones, which a job of a given size takes, when the GEMM's small products move to its
 * tiles, and which GEMM plan is followed. Callers tell it the shapes they will run ({@link #expect});
 * every choice gives the same bits (docs/kernel-contract.md), so the policy changes time only.
 *
 * <ul>
 * <li>{@link #f32()}: the kernels of a long-lived JVM (a service, a model read from a file). Vector API
 * code runs hundreds of times slower than scalar code until C2 has compiled it, so in a fresh JVM the
 * scalar kernels serve while a daemon thread compiles and times the SIMD ones on the expected shapes,
 * and each group of operations switches once SIMD beats scalar ({@link SwitchingFloatKernels}).
 * <li>{@link #f32ForWork}: a job that knows its size (a training run) takes the scalar kernels when it
 * is shorter than the compilation, the SIMD ones from its first call otherwise.
 * <li>The small products' move ({@link SmallProductMove}) and the plan ({@link Plans}) apply wherever
 * the Panama kernels run.
 * </ul>
 * A provider forced by {@code -Dvecnet.kernels} is used as it is, from the first call.
 */
public final class KernelRuntime {
    /**
     * Multiply-adds (zeros skipped by the sparse kernels not counted) below which a job in a fresh JVM
     * finishes sooner on the scalar kernels than on the Panama ones, whose first second goes to C2
     * compiling them (measured: docs/design-notes.md, "A fresh JVM").
     */
    public static final double COLD_SCALAR_WORK = 1.8e9;

    private KernelRuntime() {}

    /**
     * Tells the run-time which dense network its callers will run (the last one told is warmed): its
     * layer sizes, its hidden layers' activations, and the rows of the batches it multiplies by the
     * GEMM (a training batch and an evaluation chunk; none for a model served by the packed kernels).
     */
    public static void expect(List<Integer> sizes, List<Activation> hiddenActivations, List<Integer> gemmRows) {
        ExpectedNetwork.expect(new ExpectedNetwork(sizes, hiddenActivations, gemmRows));
    }

    /** The float32 kernels for a long-lived JVM: scalar until the SIMD ones are compiled, then SIMD. */
    public static FloatKernels f32() {
        return Default.F32;
    }

    /** {@link #f32()} for float64. */
    public static DoubleKernels f64() {
        return DefaultF64.F64;
    }

    /**
     * The float32 kernels for a job of about {@code multiplyAdds} in this JVM: the scalar kernels for a
     * short job, the Panama kernels from the first call for a long one, the forced provider where one is
     * forced. A short job's choice does not start the Vector API (50-100 ms).
     */
    public static FloatKernels f32ForWork(double multiplyAdds) {
        if (!switching()) {
            return f32();
        }
        if (multiplyAdds < COLD_SCALAR_WORK || Kernels.provider() == Kernels.Provider.SCALAR) {
            return Kernels.f32(Kernels.Provider.SCALAR);
        }
        simdStarted();
        return Kernels.f32(Kernels.Provider.PANAMA);
    }

    /** {@link #f32ForWork} for float64. */
    public static DoubleKernels f64ForWork(double multiplyAdds) {
        if (!switching()) {
            return f64();
        }
        if (multiplyAdds < COLD_SCALAR_WORK || Kernels.provider() == Kernels.Provider.SCALAR) {
            return Kernels.f64(Kernels.Provider.SCALAR);
        }
        simdStarted();
        return Kernels.f64(Kernels.Provider.PANAMA);
    }

    /**
     * Waits until the default kernels' warm-up has settled (each operation on the SIMD kernels once they
     * are compiled, or kept scalar where they did not win on the expected shapes) and the GEMM's small
     * products are decided (at most {@code timeout} in all); returns whether every operation runs SIMD.
     * Never needed for correct results: a service may call it at start-up to be at full speed before its
     * first request, and a benchmark before it measures.
     */
    public static boolean awaitWarmup(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!(Default.F32_IMPL instanceof SwitchingFloatKernels f) || !(DefaultF64.F64_IMPL instanceof SwitchingDoubleKernels d)) {
            awaitSmallProducts(timeout);
            return Kernels.provider() == Kernels.Provider.PANAMA;
        }
        f.startWarmup();
        d.startWarmup();
        while (!(f.settled() && d.settled()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (f.ready() != 0 || d.ready() != 0) { // the SIMD kernels run here: their GEMM's small products too
            awaitSmallProducts(deadline);
        }
        return f.ready() == SwitchingFloatKernels.ALL && d.ready() == SwitchingDoubleKernels.ALL;
    }

    /**
     * Waits until the SIMD GEMM's small products are decided (on the tiles or the small path, timed on
     * the expected network's shapes), at most {@code timeout}: for callers of the Panama provider itself
     * ({@code Kernels.f32()}), which is SIMD from the first call; {@link #awaitWarmup} includes it.
     */
    public static void awaitSmallProducts(Duration timeout) throws InterruptedException {
        if (Kernels.provider() == Kernels.Provider.PANAMA) {
            awaitSmallProducts(System.nanoTime() + timeout.toNanos());
        }
    }

    /** Starts the small products' timing and waits until it is decided, or the deadline. */
    private static void awaitSmallProducts(long deadline) throws InterruptedException {
        Plans.ensureInstalled();
        SimdHooks hooks = SimdHooks.get();
        hooks.startSmallProducts();
        while (!hooks.smallProductsFinished() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /**
     * The default kernels, described: provider, lanes, and, where they switch from scalar to SIMD, how
     * many of their operation groups run SIMD now.
     */
    public static String describe() {
        if (!switching()) {
            return Kernels.describe();
        }
        String state;
        if (Default.F32_IMPL instanceof SwitchingFloatKernels f) {
            int ready = Integer.bitCount(f.ready()), all = Integer.bitCount(SwitchingFloatKernels.ALL);
            state = ready == all ? "every operation on these, compiled"
                    : f.settled() ? ready + " of " + all + " operation groups on these, the rest scalar (faster on the expected shapes)"
                    : ready + " of " + all + " operation groups on these so far, scalar until the rest are compiled";
        } else {
            state = "scalar kernels until these are compiled";
        }
        return Kernels.describe().replace(")", "; " + state + ")");
    }

    /** Whether the default kernels switch from scalar to SIMD: no provider forced and the Vector API module loaded. */
    static boolean switching() {
        return Kernels.forced() == null && Kernels.simdMayRun();
    }

    /** Once SIMD kernels are handed out: the stored GEMM plan followed, the small products watched. */
    static void simdStarted() {
        Plans.ensureInstalled();
        SimdHooks.get().watchSmallProducts();
    }

    /** The default float32 kernels, made without starting the Vector API (the warm-up thread does). */
    private static final class Default {
        static final FloatKernelsImpl F32_IMPL = impl();
        static final FloatKernels F32 = FloatKernels.of(F32_IMPL);

        private static FloatKernelsImpl impl() {
            if (!switching()) {
                if (Kernels.provider() == Kernels.Provider.PANAMA) {
                    simdStarted();
                }
                return Kernels.f32().implementation();
            }
            if (VectorWidth.BITS != 0) { // a forced width is checked now, not on the warm-up thread
                Kernels.panamaUnavailableReason();
            }
            return new SwitchingFloatKernels(Kernels.f32(Kernels.Provider.SCALAR).implementation(), new Supplier<>() {
                @Override // not a lambda: its bootstrap costs a cold JVM milliseconds
                public FloatKernelsImpl get() {
                    FloatKernelsImpl panama = Kernels.f32(Kernels.Provider.PANAMA).implementation();
                    simdStarted();
                    return panama;
                }
            });
        }
    }

    /** The default float64 kernels, as {@link Default}. */
    private static final class DefaultF64 {
        static final DoubleKernelsImpl F64_IMPL = impl();
        static final DoubleKernels F64 = DoubleKernels.of(F64_IMPL);

        private static DoubleKernelsImpl impl() {
            if (!switching()) {
                if (Kernels.provider() == Kernels.Provider.PANAMA) {
                    simdStarted();
                }
                return Kernels.f64().implementation();
            }
            return new SwitchingDoubleKernels(Kernels.f64(Kernels.Provider.SCALAR).implementation(), new Supplier<>() {
                @Override
                public DoubleKernelsImpl get() {
                    DoubleKernelsImpl panama = Kernels.f64(Kernels.Provider.PANAMA).implementation();
                    simdStarted();
                    return panama;
                }
            });
        }
    }
}
