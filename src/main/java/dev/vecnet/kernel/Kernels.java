package dev.vecnet.kernel;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Provider lookup. Picks the Panama (Vector API) kernels when the {@code jdk.incubator.vector} module
 * is present and the JIT is C2, and otherwise the scalar kernels, with one warning that says how to
 * enable SIMD. With Panama picked, a fresh JVM runs the scalar kernels until the Panama ones are
 * compiled (see {@link SwitchingFloatKernels}; both give the same bits). {@code
 * -Dvecnet.kernels=panama|scalar|auto} forces a provider ({@code panama}: from the first call, fails
 * when it cannot be had) and {@code -Dvecnet.vectorBits=128|256|512} a vector width.
 */
public final class Kernels {
    /** A kernel implementation. */
    public enum Provider {
        PANAMA,
        SCALAR
    }

    public static final String PROVIDER_PROPERTY = "vecnet.kernels";
    static final String ENABLE_HINT = "add --add-modules jdk.incubator.vector to the java command (JDK 25) to enable SIMD";

    /**
     * A kernel class's logger, looked up when there is something to say: a static logger field would
     * cost a fresh JVM's first kernel call ~20 ms (the logger finder's service lookup).
     */
    static System.Logger logger(Class<?> c) {
        return System.getLogger(c.getName());
    }

    private Kernels() {}

    /** The float32 kernels of the chosen provider. */
    public static FloatKernels f32() {
        return Default.F32;
    }

    /** The float64 kernels of the chosen provider. */
    public static DoubleKernels f64() {
        return DefaultF64.F64;
    }

    /**
     * The provider chosen for this JVM: Panama when SIMD can run here (with the scalar kernels serving
     * until it is compiled), else scalar. Asking may start the Vector API on the calling thread.
     */
    public static Provider provider() {
        return Resolved.PROVIDER;
    }

    /**
     * Multiply-adds (zeros skipped by the sparse kernels not counted) below which a job in a fresh JVM
     * finishes sooner on the scalar kernels than on the Panama ones, whose first second goes to C2
     * compiling them. Measured with the seed's network on a 2-core AVX-512 VM (loop seconds, scalar
     * against Panama warmed during the load): mnist-10k, 100 iterations (0.5·10^9 multiply-adds,
     * evaluations included) 0.42 against 1.1-1.2 s, 300 (1.1·10^9) 0.88 against 1.2-1.4, 500
     * (1.8·10^9) 1.4-1.9 against 1.6-1.8, 700 (2.4·10^9) 1.9-2.4 against 1.6-1.9, 1000 (3.4·10^9)
     * 2.6-2.7 against 1.8; Fashion-MNIST, where the longer load warms more, 50 iterations (1.6·10^9)
     * 1.8-2.3 against 1.4-1.5, so its shortest jobs run scalar somewhat slower than they could. Handing a job over from scalar to SIMD mid-run, once a side thread had
     * warmed the SIMD kernels, measured slower than either at every switch time tried (0.4-1.3 s):
     * the warm-up, its compiles and its garbage halve the scalar job's speed on 2 cores.
     */
    public static final double COLD_SCALAR_WORK = 1.8e9;

    /**
     * The float32 kernels for a job of about {@code multiplyAdds} in this JVM: the scalar kernels for a
     * short job, the Panama kernels from the first call for a long one, the default kernels where a
     * provider is forced or SIMD cannot run. Every choice gives the same bits. A short job's choice does
     * not start the Vector API (50-100 ms).
     */
    public static FloatKernels f32ForWork(double multiplyAdds) {
        if (!(Default.F32_IMPL instanceof SwitchingFloatKernels)) {
            return Default.F32;
        }
        return multiplyAdds < COLD_SCALAR_WORK || provider() == Provider.SCALAR ? Scalar.F32 : Panama.F32;
    }

    /** {@link #f32ForWork} for float64. */
    public static DoubleKernels f64ForWork(double multiplyAdds) {
        if (!(DefaultF64.F64_IMPL instanceof SwitchingDoubleKernels)) {
            return DefaultF64.F64;
        }
        return multiplyAdds < COLD_SCALAR_WORK || provider() == Provider.SCALAR ? ScalarF64.F64 : PanamaF64.F64;
    }

    /** The float32 kernels of a given provider (for benchmarks and tests that compare providers). */
    public static FloatKernels f32(Provider provider) {
        return provider == Provider.SCALAR ? Scalar.F32 : Panama.F32;
    }

    /** The float64 kernels of a given provider. */
    public static DoubleKernels f64(Provider provider) {
        return provider == Provider.SCALAR ? ScalarF64.F64 : PanamaF64.F64;
    }

    /**
     * Waits until the default kernels run SIMD code for every operation, i.e. the Panama kernels are
     * compiled, and the GEMM's small products have moved to its tiles where those are the faster
     * ({@link SmallProductTiles}; at most {@code timeout} in all); returns whether every operation runs
     * SIMD. Never needed for correct results (every path gives the same bits): a service may call it
     * at start-up to be at full speed before its first request, and a benchmark before it measures.
     */
    public static boolean awaitWarmup(java.time.Duration timeout) throws InterruptedException {
        if (!(Default.F32_IMPL instanceof SwitchingFloatKernels f) || !(DefaultF64.F64_IMPL instanceof SwitchingDoubleKernels d)) {
            boolean simd = !(Default.F32_IMPL instanceof ScalarFloatKernels);
            if (simd) {
                awaitSmallProductTiles(System.nanoTime() + timeout.toNanos());
            }
            return simd;
        }
        f.startWarmup();
        d.startWarmup();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(f.finished() && d.finished()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        boolean simd = f.ready() == SwitchingFloatKernels.ALL && d.ready() == SwitchingDoubleKernels.ALL;
        if (simd) {
            awaitSmallProductTiles(deadline);
        }
        return simd;
    }

    /** Starts the small products' move to the tiles ({@link SmallProductTiles}) and waits until it is decided, or the deadline. */
    private static void awaitSmallProductTiles(long deadline) throws InterruptedException {
        SmallProductTiles f = PanamaFloatGemm.SMALL_PRODUCTS, d = PanamaDoubleGemm.SMALL_PRODUCTS;
        f.start();
        d.start();
        while (!(f.finished() && d.finished()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Why Panama cannot be used in this JVM, or null when it can. */
    public static String panamaUnavailableReason() {
        return Availability.REASON;
    }

    /** A one-line description: provider, vector width, lanes. */
    public static String describe() {
        if (provider() == Provider.SCALAR) {
            return Scalar.F32.provider() + " (1 float lanes, 1 double lanes)";
        }
        return Default.F32.provider() + " (" + Default.F32.lanes() + " float lanes, "
                + DefaultF64.F64.lanes() + " double lanes" + (Default.F32_IMPL instanceof SwitchingFloatKernels
                ? "; scalar kernels until these are compiled)" : ")");
    }

    private static final class Availability {
        static final String REASON = check();

        private static String check() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return "the jdk.incubator.vector module is not loaded";
            }
            String c2 = c2Problem();
            if (c2 != null) {
                return c2;
            }
            try {
                Class.forName("dev.vecnet.kernel.PanamaSpecies").getDeclaredMethod("probe").invoke(null);
                return null;
            } catch (ReflectiveOperationException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return "the Vector API failed to start: " + cause;
            }
        }

        /** Vector API code is only fast once C2 compiles it; under -Xint or C1 it is far slower than scalar. */
        private static String c2Problem() {
            String info = System.getProperty("java.vm.info", "");
            if (info.contains("interpreted mode")) {
                return "the JVM runs in interpreted mode (-Xint)";
            }
            try {
                var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                if (!Boolean.parseBoolean(hotspot.getVMOption("UseCompiler").getValue())) {
                    return "the JIT is disabled";
                }
                if (Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) < 4) {
                    return "C2 is disabled (-XX:TieredStopAtLevel < 4)";
                }
            } catch (RuntimeException | LinkageError e) {
                // not HotSpot, or no management module: trust the JIT
            }
            return null;
        }
    }

    // One holder class per precision and provider: a process that only predicts in float32 never loads
    // the float64 kernels (a fresh JVM's first predictions pay for every class they load).

    private static final class Scalar {
        static final FloatKernelsImpl F32_IMPL = new ScalarFloatKernels();
        static final FloatKernels F32 = new FloatKernels(F32_IMPL);
    }

    private static final class ScalarF64 {
        static final DoubleKernelsImpl F64_IMPL = new ScalarDoubleKernels();
        static final DoubleKernels F64 = new DoubleKernels(F64_IMPL);
    }

    private static final class Panama {
        static final FloatKernelsImpl F32_IMPL = (FloatKernelsImpl) create("dev.vecnet.kernel.PanamaFloatKernels");
        static final FloatKernels F32 = new FloatKernels(F32_IMPL);

        static Object create(String className) {
            String reason = Availability.REASON;
            if (reason != null) {
                throw new IllegalStateException("Panama kernels are unavailable: " + reason + "; " + ENABLE_HINT);
            }
            try {
                return Class.forName(className).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + className, e);
            }
        }
    }

    private static final class PanamaF64 {
        static final DoubleKernelsImpl F64_IMPL = (DoubleKernelsImpl) Panama.create("dev.vecnet.kernel.PanamaDoubleKernels");
        static final DoubleKernels F64 = new DoubleKernels(F64_IMPL);
    }

    /** The provider this JVM was told to use ({@code -Dvecnet.kernels}), checked once, without starting the Vector API. */
    private static final class Choice {
        static final String CHOICE = System.getProperty(PROVIDER_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        /** Panama from the first call. */
        static final boolean PANAMA;
        /** auto with the Vector API module loaded: scalar kernels until the Panama ones are compiled. */
        static final boolean SWITCHING;

        static {
            switch (CHOICE) {
                case "scalar" -> {
                    PANAMA = false;
                    SWITCHING = false;
                }
                case "panama" -> {
                    if (Availability.REASON != null) {
                        throw new IllegalStateException("-D" + PROVIDER_PROPERTY + "=panama but "
                                + Availability.REASON + "; " + ENABLE_HINT);
                    }
                    PANAMA = true;
                    SWITCHING = false;
                }
                case "auto", "" -> {
                    PANAMA = false;
                    SWITCHING = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
                    if (SWITCHING && VectorWidth.BITS != 0) { // a forced width is checked now, not on the warm-up thread
                        PanamaSpecies.probe();
                    }
                    if (!SWITCHING) {
                        logger(Kernels.class).log(System.Logger.Level.WARNING, "vecnet: SIMD kernels unavailable (the "
                                + "jdk.incubator.vector module is not loaded), using scalar kernels; " + ENABLE_HINT);
                    }
                }
                default -> throw new IllegalArgumentException("-D" + PROVIDER_PROPERTY + "=" + CHOICE
                        + " is not a provider; use panama, scalar or auto");
            }
        }
    }

    /** The default float32 kernels, made without starting the Vector API (in auto mode its warm-up thread does). */
    private static final class Default {
        static final FloatKernelsImpl F32_IMPL = Choice.PANAMA ? Panama.F32_IMPL : !Choice.SWITCHING ? Scalar.F32_IMPL
                : new SwitchingFloatKernels(Scalar.F32_IMPL, new Supplier<>() { // no lambda bootstrap
                    @Override
                    public FloatKernelsImpl get() {
                        return Panama.F32_IMPL;
                    }
                });
        static final FloatKernels F32 = new FloatKernels(F32_IMPL);
    }

    /** The default float64 kernels, as {@link Default}. */
    private static final class DefaultF64 {
        static final DoubleKernelsImpl F64_IMPL = Choice.PANAMA ? PanamaF64.F64_IMPL : !Choice.SWITCHING ? ScalarF64.F64_IMPL
                : new SwitchingDoubleKernels(ScalarF64.F64_IMPL, new Supplier<>() {
                    @Override
                    public DoubleKernelsImpl get() {
                        return PanamaF64.F64_IMPL;
                    }
                });
        static final DoubleKernels F64 = new DoubleKernels(F64_IMPL);
    }

    private static final class Resolved {
        static final Provider PROVIDER = Default.F32_IMPL instanceof ScalarFloatKernels
                || (Default.F32_IMPL instanceof SwitchingFloatKernels && Availability.REASON != null)
                ? Provider.SCALAR : Provider.PANAMA;
    }
}
