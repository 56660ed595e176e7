package dev.vecnet.kernel.simd;

import dev.vecnet.kernel.VectorWidth;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The species every Panama kernel uses: static final, so the JIT sees constants. */
public final class PanamaSpecies {
    public static final VectorShape SHAPE = shape();
    public static final VectorSpecies<Float> FLOAT = VectorSpecies.of(float.class, SHAPE);
    public static final VectorSpecies<Double> DOUBLE = VectorSpecies.of(double.class, SHAPE);
    /**
     * Vector registers the kernels plan for: 32 at 512 bits (AVX-512), 16 below (AVX2). Taken from the
     * shape in use, so that forcing 512 bits in tests exercises the AVX-512 tiles on any CPU.
     */
    public static final int REGISTERS = SHAPE.vectorBitSize() >= 512 ? 32 : 16;
    /** Bits of a vector in use. */
    public static final int BITS = SHAPE.vectorBitSize();

    private PanamaSpecies() {}

    private static VectorShape shape() {
        VectorShape preferred = VectorShape.preferredShape();
        if (VectorWidth.BITS == 0) {
            return preferred;
        }
        VectorShape forced = VectorShape.forBitSize(VectorWidth.BITS);
        if (forced.vectorBitSize() > preferred.vectorBitSize() && !Boolean.getBoolean(VectorWidth.EMULATE_PROPERTY)) {
            throw new IllegalStateException("-D" + VectorWidth.PROPERTY + "=" + VectorWidth.BITS
                    + " is wider than this CPU's " + preferred.vectorBitSize() + "-bit vectors (-D"
                    + VectorWidth.EMULATE_PROPERTY + "=true runs it emulated, for tests only: it is very slow)");
        }
        return forced;
    }

    /** Touches the vector classes so that a missing module or an unsupported shape shows at lookup time. */
    public static void probe() {
        FloatVector.zero(FLOAT).add(1f).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        DoubleVector.zero(DOUBLE).add(1d).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
