package dev.vecnet.kernel;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Provider lookup. Picks the Panama (Vector API) kernels when the {@code jdk.incubator.vector} module
 * is present and the JIT is C2, and otherwise the scalar kernels, with one warning that says how to
 * enable SIMD. {@code -Dvecnet.kernels=panama|scalar|auto} forces a provider ({@code panama} fails
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

    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());

    private Kernels() {}

    /** The float32 kernels of the chosen provider. */
    public static FloatKernels f32() {
        return Default.F32;
    }

    /** The float64 kernels of the chosen provider. */
    public static DoubleKernels f64() {
        return Default.F64;
    }

    /** The provider chosen for this JVM. */
    public static Provider provider() {
        return Default.PROVIDER;
    }

    /** The float32 kernels of a given provider (for benchmarks and tests that compare providers). */
    public static FloatKernels f32(Provider provider) {
        return provider == Provider.SCALAR ? Scalar.F32 : Panama.F32;
    }

    /** The float64 kernels of a given provider. */
    public static DoubleKernels f64(Provider provider) {
        return provider == Provider.SCALAR ? Scalar.F64 : Panama.F64;
    }

    /** Why Panama cannot be used in this JVM, or null when it can. */
    public static String panamaUnavailableReason() {
        return Availability.REASON;
    }

    /** A one-line description: provider, vector width, lanes. */
    public static String describe() {
        return Default.F32.provider() + " (" + Default.F32.lanes() + " float lanes, "
                + Default.F64.lanes() + " double lanes)";
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

    private static final class Scalar {
        static final FloatKernels F32 = new FloatKernels(new ScalarFloatKernels());
        static final DoubleKernels F64 = new DoubleKernels(new ScalarDoubleKernels());
    }

    private static final class Panama {
        static final FloatKernels F32 = new FloatKernels((FloatKernelsImpl) create("dev.vecnet.kernel.PanamaFloatKernels"));
        static final DoubleKernels F64 = new DoubleKernels((DoubleKernelsImpl) create("dev.vecnet.kernel.PanamaDoubleKernels"));

        private static Object create(String className) {
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

    private static final class Default {
        static final Provider PROVIDER = choose();
        static final FloatKernels F32 = f32(PROVIDER);
        static final DoubleKernels F64 = f64(PROVIDER);

        private static Provider choose() {
            String forced = System.getProperty(PROVIDER_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            switch (forced) {
                case "scalar":
                    return Provider.SCALAR;
                case "panama":
                    if (Availability.REASON != null) {
                        throw new IllegalStateException("-D" + PROVIDER_PROPERTY + "=panama but "
                                + Availability.REASON + "; " + ENABLE_HINT);
                    }
                    return Provider.PANAMA;
                case "auto":
                case "":
                    if (Availability.REASON == null) {
                        return Provider.PANAMA;
                    }
                    LOG.log(System.Logger.Level.WARNING, "vecnet: SIMD kernels unavailable ("
                            + Availability.REASON + "), using scalar kernels; " + ENABLE_HINT);
                    return Provider.SCALAR;
                default:
                    throw new IllegalArgumentException("-D" + PROVIDER_PROPERTY + "=" + forced
                            + " is not a provider; use panama, scalar or auto");
            }
        }
    }
}
