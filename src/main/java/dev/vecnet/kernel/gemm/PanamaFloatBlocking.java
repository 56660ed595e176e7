package dev.vecnet.kernel.gemm;

import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 GEMM's blocking and tile shapes, and the per-thread workspace its paths pack into: what
 * the loops ({@link PanamaFloatGemm}), the packing, the micro-kernels and the small paths share.
 */
final class PanamaFloatBlocking {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();

    private PanamaFloatBlocking() {}

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
        private float[] a = new float[0], b = new float[0];
        float[] tile = new float[(SMALL_SCRATCH_ROWS + NARROW_MR) * 4 * L];
        /** The lane offsets of packA's gathers. */
        final int[] gather = new int[L];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }

        float[] tile(int size) {
            if (tile.length < size) {
                tile = new float[size];
            }
            return tile;
        }
        float[] zeros = new float[64 + 4 * L];
        float[] bRows = new float[0];
        float[] saved = new float[0];

        /** Room for the C that beta scales while the chains pass through C. */
        float[] saved(int size) {
            if (saved.length < size) {
                saved = new float[size];
            }
            return saved;
        }

        float[] bRows(int size) {
            if (bRows.length < size) {
                bRows = new float[size];
            }
            return bRows;
        }

        /** A bias row of zeros: adding it keeps the epilogue free of null checks on vectors. */
        float[] zeros(int size) {
            if (zeros.length < size) {
                zeros = new float[size];
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
