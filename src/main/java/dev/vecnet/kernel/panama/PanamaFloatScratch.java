package dev.vecnet.kernel.panama;

import dev.vecnet.kernel.scalar.ScalarMath;
import dev.vecnet.kernel.simd.PanamaSpecies;

/**
 * Per-thread scratch of the Panama kernels: a few vectors for the tail of exp (run as a whole vector
 * there, so the tail gets the same polynomial as the body), and a row buffer. Grows, never shrinks:
 * after the first call of a given size nothing is allocated.
 */
public final class PanamaFloatScratch {
    private static final int L = PanamaSpecies.FLOAT.length();
    private static final ThreadLocal<PanamaFloatScratch> LOCAL = ThreadLocal.withInitial(PanamaFloatScratch::new);

    private final float[] lanes = new float[Math.max(3 * L, ScalarMath.STRIPES)];
    private float[] row = new float[64];
    /** The widest panel the panel kernels write at once: eight vectors. */
    private final float[] panel = new float[8 * L];
    private float[] block = new float[0];
    private int[] nonzeros = new int[64];

    private PanamaFloatScratch() {}

    /** Three vectors' worth of this thread's scratch, and at least 16 values. */
    static float[] lanes() {
        return LOCAL.get().lanes;
    }

    /** A buffer of at least n floats for this thread. */
    static float[] row(int n) {
        PanamaFloatScratch s = LOCAL.get();
        if (s.row.length < n) {
            s.row = new float[n];
        }
        return s.row;
    }

    /** One panel's worth of this thread's scratch. */
    static float[] panel() {
        return LOCAL.get().panel;
    }

    /** Room for at least n positions of nonzeros for this thread (see {@link PanamaNonzeros}). */
    static int[] nonzeros(int n) {
        PanamaFloatScratch s = LOCAL.get();
        if (s.nonzeros.length < n) {
            s.nonzeros = new int[n];
        }
        return s.nonzeros;
    }

    /** A buffer of at least n floats for this thread, apart from {@link #row(int)} and {@link #panel()}. */
    static float[] block(int n) {
        PanamaFloatScratch s = LOCAL.get();
        if (s.block.length < n) {
            s.block = new float[n];
        }
        return s.block;
    }
}
