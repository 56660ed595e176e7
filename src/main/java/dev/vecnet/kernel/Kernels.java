package dev.vecnet.kernel;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The provider lookup, made once per JVM: the Panama (Vector API) kernels of {@code kernel.panama}
 * when the {@code jdk.incubator.vector} module is present and the JIT is C2, otherwise the scalar
 * kernels of {@code kernel.scalar}, with one warning that says how to enable SIMD. Both follow one
 * contract (docs/kernel-contract.md) and give the same bits. {@code -Dvecnet.kernels=panama|scalar|auto}
 * forces a provider ({@code panama} fails when it cannot be had) and {@code -Dvecnet.vectorBits=128|256|512}
 * a vector width.
 *
 * <p>The providers are loaded by name: they implement this package's interfaces, so this package
 * compiles against none of them. Which kernels a fresh JVM runs while C2 compiles the SIMD ones, and
 * which a job of a given size takes, is the run-time's policy ({@code dev.vecnet.runtime}); these are
 * the providers themselves, SIMD from the first call.
 */
public final class Kernels {
    /** A kernel implementation. */
    public enum Provider {
        PANAMA,
        SCALAR
    }

    public static final String PROVIDER_PROPERTY = "vecnet.kernels";
    public static final String ENABLE_HINT = "add --add-modules jdk.incubator.vector to the java command (JDK 25) to enable SIMD";

    /**
     * A logger, looked up when there is something to say: a static logger field would cost a fresh
     * JVM's first kernel call ~20 ms (the logger finder's service lookup).
     */
    public static System.Logger logger(Class<?> c) {
        return System.getLogger(c.getName());
    }

    private Kernels() {}

    /** The float32 kernels of the chosen provider. */
    public static FloatKernels f32() {
        return f32(provider());
    }

    /** The float64 kernels of the chosen provider. */
    public static DoubleKernels f64() {
        return f64(provider());
    }

    /** The provider chosen for this JVM: Panama where SIMD can run, else scalar. Asking starts the Vector API. */
    public static Provider provider() {
        return Resolved.PROVIDER;
    }

    /** The float32 kernels of a given provider; Panama fails (IllegalStateException) where it cannot run. */
    public static FloatKernels f32(Provider provider) {
        return provider == Provider.SCALAR ? Scalar.F32 : Panama.F32;
    }

    /** The float64 kernels of a given provider. */
    public static DoubleKernels f64(Provider provider) {
        return provider == Provider.SCALAR ? ScalarF64.F64 : PanamaF64.F64;
    }

    /** The provider {@code -Dvecnet.kernels} forces, or null when it leaves the choice to the lookup. */
    public static Provider forced() {
        return Choice.FORCED;
    }

    /**
     * Whether the Panama kernels may run here, decided without starting the Vector API: no provider is
     * forced against it and the module is loaded (C2 and the Vector API's start are checked when the
     * Panama kernels are first made).
     */
    public static boolean simdMayRun() {
        return Choice.FORCED != Provider.SCALAR && Runtime.version().feature() >= SIMD_JDK
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The JDK release the Panama kernels are compiled for: on older ones the scalar kernels run. */
    public static final int SIMD_JDK = 25;

    /** Why Panama cannot be used in this JVM, or null when it can. */
    public static String panamaUnavailableReason() {
        return Availability.REASON;
    }

    /**
     * This JVM's SIMD kernels against the scalar ones, bit for bit, every kernel of both precisions on
     * random cases for about {@code budget} ({@link SelfTest}); where SIMD cannot run, the scalar kernels
     * against themselves (a run of the checks alone). A service can call it at start-up after a JDK or
     * hardware change; {@code seed} replays a run.
     */
    public static SelfTest.Report selfTest(java.time.Duration budget, long seed) {
        Provider p = provider() == Provider.PANAMA ? Provider.PANAMA : Provider.SCALAR;
        return SelfTest.run(f32(p), f64(p), f32(Provider.SCALAR), f64(Provider.SCALAR), budget, seed);
    }

    /** {@link #selfTest(java.time.Duration, long)} from a fresh seed (the report holds it). */
    public static SelfTest.Report selfTest(java.time.Duration budget) {
        return selfTest(budget, System.nanoTime() ^ 0x5E1F7E57L);
    }

    /** A one-line description: provider, vector width, lanes. */
    public static String describe() {
        FloatKernels f = f32();
        return f.provider() + " (" + f.lanes() + " float lanes, " + f64().lanes() + " double lanes)";
    }

    private static final class Availability {
        static final String REASON = check();

        private static String check() {
            if (Runtime.version().feature() < SIMD_JDK) {
                return "the SIMD kernels need JDK " + SIMD_JDK + " or later (this is JDK " + Runtime.version().feature() + ")";
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return "the jdk.incubator.vector module is not loaded";
            }
            String c2 = c2Problem();
            if (c2 != null) {
                return c2;
            }
            try {
                Class.forName("dev.vecnet.kernel.simd.PanamaSpecies").getDeclaredMethod("probe").invoke(null);
                return null;
            } catch (ReflectiveOperationException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
                    throw (RuntimeException) cause; // a forced width this CPU lacks: a configuration error, said as such
                }
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
        static final FloatKernels F32 = FloatKernels.of((FloatKernelsImpl) create("dev.vecnet.kernel.scalar.ScalarFloatKernels"));
    }

    private static final class ScalarF64 {
        static final DoubleKernels F64 = DoubleKernels.of((DoubleKernelsImpl) create("dev.vecnet.kernel.scalar.ScalarDoubleKernels"));
    }

    private static final class Panama {
        static final FloatKernels F32 = FloatKernels.of((FloatKernelsImpl) createPanama("dev.vecnet.kernel.panama.PanamaFloatKernels"));
    }

    private static final class PanamaF64 {
        static final DoubleKernels F64 = DoubleKernels.of((DoubleKernelsImpl) createPanama("dev.vecnet.kernel.panama.PanamaDoubleKernels"));
    }

    private static Object createPanama(String className) {
        String reason = Availability.REASON;
        if (reason != null) {
            throw new IllegalStateException("Panama kernels are unavailable: " + reason + "; " + ENABLE_HINT);
        }
        return create(className);
    }

    private static Object create(String className) {
        try {
            return Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className, e);
        }
    }

    /** The provider this JVM was told to use ({@code -Dvecnet.kernels}), checked once, without starting the Vector API. */
    private static final class Choice {
        static final Provider FORCED;

        static {
            String choice = System.getProperty(PROVIDER_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            FORCED = switch (choice) {
                case "scalar" -> Provider.SCALAR;
                case "panama" -> {
                    if (Availability.REASON != null) {
                        throw new IllegalStateException("-D" + PROVIDER_PROPERTY + "=panama but " + Availability.REASON
                                + "; " + ENABLE_HINT);
                    }
                    yield Provider.PANAMA;
                }
                case "auto", "" -> null;
                default -> throw new IllegalArgumentException("-D" + PROVIDER_PROPERTY + "=" + choice
                        + " is not a provider; use panama, scalar or auto");
            };
        }
    }

    private static final class Resolved {
        static final Provider PROVIDER = resolve();

        private static Provider resolve() {
            if (Choice.FORCED != null) {
                return Choice.FORCED;
            }
            if (Availability.REASON != null) {
                logger(Kernels.class).log(System.Logger.Level.WARNING, Runtime.version().feature() < SIMD_JDK
                        ? "vecnet: scalar kernels (the same results, slower): the SIMD kernels need JDK " + SIMD_JDK
                                + " with --add-modules jdk.incubator.vector; this is JDK " + Runtime.version().feature()
                        : "vecnet: SIMD kernels unavailable (" + Availability.REASON + "), using scalar kernels; " + ENABLE_HINT);
                return Provider.SCALAR;
            }
            return Provider.PANAMA;
        }
    }
}
