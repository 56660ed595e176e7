// GENERATED from PanamaFloatScratch.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.panama;

import dev.vecnet.kernel.scalar.ScalarMath;
import dev.vecnet.kernel.simd.PanamaSpecies;

/**
 * Per-thread scratch of the Panama kernels: a few vectors for the tail of exp (run as a whole vector
 * there, so the tail gets the same polynomial as the body), and a row buffer. Grows, never shrinks:
 * after the first call of a given size nothing is allocated.
 */
public final class PanamaDoubleScratch {
    private static final int L = PanamaSpecies.DOUBLE.length();
    private static final ThreadLocal<PanamaDoubleScratch> LOCAL = ThreadLocal.withInitial(PanamaDoubleScratch::new);

    private final double[] lanes = new double[Math.max(3 * L, ScalarMath.STRIPES)];
    private double[] row = new double[64];
    /** The widest panel the panel kernels write at once: eight vectors. */
    private final double[] panel = new double[8 * L];
    private double[] block = new double[0];
    private int[] nonzeros = new int[64];

    private PanamaDoubleScratch() {}

    /** Three vectors' worth of this thread's scratch, and at least 16 values. */
    static double[] lanes() {
        return LOCAL.get().lanes;
    }

    /** A buffer of at least n doubles for this thread. */
    static double[] row(int n) {
        PanamaDoubleScratch s = LOCAL.get();
        if (s.row.length < n) {
            s.row = new double[n];
        }
        return s.row;
    }

    /** One panel's worth of this thread's scratch. */
    static double[] panel() {
        return LOCAL.get().panel;
    }

    /** Room for at least n positions of nonzeros for this thread (see {@link PanamaNonzeros}). */
    static int[] nonzeros(int n) {
        PanamaDoubleScratch s = LOCAL.get();
        if (s.nonzeros.length < n) {
            s.nonzeros = new int[n];
        }
        return s.nonzeros;
    }

    /** A buffer of at least n doubles for this thread, apart from {@link #row(int)} and {@link #panel()}. */
    static double[] block(int n) {
        PanamaDoubleScratch s = LOCAL.get();
        if (s.block.length < n) {
            s.block = new double[n];
        }
        return s.block;
    }
}
