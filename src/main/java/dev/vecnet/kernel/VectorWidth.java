package dev.vecnet.kernel;

/**
 * The vector width the Panama kernels are asked to use: {@code -Dvecnet.vectorBits=128|256|512}, or 0
 * for the CPU's preferred width. Kept free of {@code jdk.incubator.vector} so that the provider lookup
 * can read it without loading the module.
 */
public final class VectorWidth {
    public static final String PROPERTY = "vecnet.vectorBits";
    /** Lets tests force a width wider than the CPU's; the Vector API then runs in Java, slowly but exactly. */
    public static final String EMULATE_PROPERTY = "vecnet.vectorBits.emulate";
    /** The forced width in bits, or 0. */
    public static final int BITS = parse(System.getProperty(PROPERTY));

    private VectorWidth() {}

    static int parse(String value) {
        if (value == null || value.isBlank() || value.equals("auto")) {
            return 0;
        }
        return switch (value.trim()) {
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + value + " is not a vector width; use 128, 256, 512 or auto");
        };
    }

    /**
     * Vector registers the Panama kernels plan for (see {@code PanamaSpecies.REGISTERS}), read from them
     * where they load; 16 elsewhere.
     */
    public static int registers() {
        return InUse.REGISTERS;
    }

    /** Bits of the Panama kernels' vectors, read from them where they load; 0 elsewhere. */
    public static int bitsInUse() {
        return InUse.BITS;
    }

    /** Read by reflection: this class runs on JDK 17, where the Panama kernels are not there. */
    private static final class InUse {
        static final int BITS = field("BITS", 0), REGISTERS = field("REGISTERS", 16);

        private static int field(String name, int otherwise) {
            try {
                return Class.forName("dev.vecnet.kernel.simd.PanamaSpecies").getField(name).getInt(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                return otherwise;
            }
        }
    }
}
