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
    /**
     * Blocking. KC is long because every panel call and epilogue costs a fixed overhead that a short k
     * loop does not amortise (KC 128 -> 512 took 1024³ from ~35 to ~55 GFLOP/s), and every further KC
     * block costs a pass over C (the running sums wait there): 1024 of k in both precisions, and MC
     * as many rows as make MC x KC of packed A 512 KB, half an L2 of 1 MB (128 float32 rows, 64
     * float64). On the AVX-512 VM, 1024³: float32 KC 1024 against 512 took 13.4-15.3 against
     * 14.7-17.8 ms (5 of 6 alternating pairs, one even); float64 KC 1024 with 64 rows against KC 512
     * with 128 rows, 26.8-29.2 against 29.5-32.1 ms (5 of 5 pairs), while KC 1024 with 128 rows
     * (a 1 MB block of A) was 15 % slower. A KC x NR strip of B then lives in L2 rather than L1.
     */
    static final int KC = 1024;
    /** Rows of A per block (rounded down to whole tiles) and columns of B per block (whole strips). */
    static final int MC = 512 * 1024 / (KC * Float.BYTES), NC = 512;
    /** k per block where A is read in place (narrow C): the network's 784 in one block. */
    static final int KC_NARROW = 1024;
    /**
     * Strips of B with at most NARROW_V vectors of real columns (the network's 10 outputs) run narrow
     * tiles, whose FMAs are not spent on padding: on 16 registers 4 rows x 2 vectors instead of 2 x 4;
     * on 32 registers 16 rows x 1 vector instead of 8 x 2 (10 columns fill 10 of 16 lanes, not of 32).
     */
    static final int NARROW_V = MANY_REGISTERS ? 1 : 2;
    /** Rows of the narrow tile. */
    static final int NARROW_MR = MANY_REGISTERS ? 16 : 4;
    /** Below this many rows, a product is done row by row straight from B (one sample, tails). */
    static final int ROWS_PATH = 4;

    /** One thread's packed blocks, scratch tile and spare rows: grows, never shrinks. */
    static final class Workspace {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * Math.max(NC, 4 * L)];
        // the widest strip of any tile; a block's last in-place tile may overhang its rows
        final float[] tile = new float[(MC + NARROW_MR) * 4 * L];
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
