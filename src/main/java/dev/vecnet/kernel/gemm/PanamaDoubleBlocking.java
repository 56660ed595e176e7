// GENERATED from PanamaFloatBlocking.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.gemm;

import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 GEMM's blocking and tile shapes, and the per-thread workspace its paths pack into: what
 * the loops ({@link PanamaDoubleGemm}), the packing, the micro-kernels and the small paths share.
 */
final class PanamaDoubleBlocking {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();

    private PanamaDoubleBlocking() {}

    /** 32 vector registers (AVX-512) or 16 (AVX2 and narrower). */
    static final boolean MANY_REGISTERS = PanamaSpecies.REGISTERS >= 32;
    /** Tile rows, vectors and columns. */
    static final int MR = MANY_REGISTERS ? 8 : 2;
    static final int V = MANY_REGISTERS ? 2 : 4;
    static final int NR = V * L;
    /** Rows of tiles the small and rows paths keep in the scratch block at once. */
    static final int SMALL_SCRATCH_ROWS = 128;
    /** k per block where A is read in place (narrow C): as long as the packed path's, so a layer's inputs are one block. */
    static final int KC_NARROW = 1024;
    /**
     * Strips of B with at most NARROW_V vectors of real columns (a classifier's outputs, say) run narrow
     * tiles, whose FMAs are not spent on padding: on 16 registers 4 rows x 2 vectors instead of 2 x 4;
     * on 32 registers 16 rows x 1 vector instead of 8 x 2 (a strip of one vector's columns pads one
     * vector, not three).
     */
    static final int NARROW_V = MANY_REGISTERS ? 1 : 2;
    /** Rows of the narrow tile. */
    static final int NARROW_MR = MANY_REGISTERS ? 16 : 4;
    /** Below this many rows, a product is done row by row straight from B (one sample, tails). */
    static final int ROWS_PATH = 4;

    /** One thread's packed blocks, scratch tile and spare rows: grows, never shrinks. */
    static final class Workspace {
        /** Packed A, packed B, and the tiles' scratch (the widest strip of any tile; a block's last in-place tile may overhang its rows). */
        private double[] a = new double[0], b = new double[0];
        double[] tile = new double[(SMALL_SCRATCH_ROWS + NARROW_MR) * 4 * L];
        /** The lane offsets of packA's gathers. */
        final int[] gather = new int[L];

        double[] a(int size) {
            if (a.length < size) {
                a = new double[size];
            }
            return a;
        }

        double[] b(int size) {
            if (b.length < size) {
                b = new double[size];
            }
            return b;
        }

        double[] tile(int size) {
            if (tile.length < size) {
                tile = new double[size];
            }
            return tile;
        }
        double[] zeros = new double[64 + 4 * L];
        double[] bRows = new double[0];
        double[] saved = new double[0];

        /** Room for the C that beta scales while the chains pass through C. */
        double[] saved(int size) {
            if (saved.length < size) {
                saved = new double[size];
            }
            return saved;
        }

        double[] bRows(int size) {
            if (bRows.length < size) {
                bRows = new double[size];
            }
            return bRows;
        }

        /** A bias row of zeros: adding it keeps the epilogue free of null checks on vectors. */
        double[] zeros(int size) {
            if (zeros.length < size) {
                zeros = new double[size];
            }
            return zeros;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** This thread's workspace. */
    static Workspace workspace() {
        return WORKSPACE.get();
    }
}
