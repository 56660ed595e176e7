// GENERATED from PanamaFloatLanes.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;

import jdk.incubator.vector.VectorSpecies;

/**
 * Per-thread scratch of the Panama kernels: a few vectors for the tail of exp (run as a whole vector
 * there, so the tail gets the same polynomial as the body), and a row buffer. Grows, never shrinks:
 * after the first call of a given size nothing is allocated.
 */
final class PanamaDoubleLanes {
    private static final int L = PanamaSpecies.DOUBLE.length();
    private static final ThreadLocal<PanamaDoubleLanes> LOCAL = ThreadLocal.withInitial(PanamaDoubleLanes::new);

    private final double[] lanes = new double[3 * L];
    private double[] row = new double[64];
    private final double[] panel = new double[PanamaDoubleKernels.PANEL];
    private double[] block = new double[0];
    private int[] nonzeros = new int[64];

    private PanamaDoubleLanes() {}

    /** Three vectors' worth of this thread's scratch. */
    static double[] scratch() {
        return LOCAL.get().lanes;
    }

    /** A buffer of at least n doubles for this thread. */
    static double[] row(int n) {
        PanamaDoubleLanes s = LOCAL.get();
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
        PanamaDoubleLanes s = LOCAL.get();
        if (s.nonzeros.length < n) {
            s.nonzeros = new int[n];
        }
        return s.nonzeros;
    }

    /** A buffer of at least n doubles for this thread, apart from {@link #row(int)} and {@link #panel()}. */
    static double[] block(int n) {
        PanamaDoubleLanes s = LOCAL.get();
        if (s.block.length < n) {
            s.block = new double[n];
        }
        return s.block;
    }
}
