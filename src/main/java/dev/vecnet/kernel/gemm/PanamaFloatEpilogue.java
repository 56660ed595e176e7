package dev.vecnet.kernel.gemm;

import static dev.vecnet.kernel.gemm.PanamaFloatBlocking.MANY_REGISTERS;

import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 GEMM's epilogue: a tile's sums from the scratch tile into C, times alpha, plus beta times
 * the old C and the bias, in the reference order (docs/kernel-contract.md). Kept apart from the tile
 * kernels: inlined into their loops, it made the compilation units too large for the JIT's intrinsics.
 */
final class PanamaFloatEpilogue {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    /**
     * AVX-512 stores under a mask in one instruction; on AVX2 a masked tail measured slower than storing
     * element by element (docs/design-notes.md, "GEMM"), so there the ragged tail is stored element by
     * element, with the same roundings.
     */
    private static final boolean MASKED_STORES = MANY_REGISTERS;

    private PanamaFloatEpilogue() {}

    /**
     * The epilogue of an mc x nr block of full-width tiles (nr a whole number of vectors): fma(old C,
     * beta, alpha·sum) + bias into C; beta = 0 never reads the old C (at oi, ldo apart: C itself, or
     * where it was set aside).
     */
    static void epilogue(float[] scratch, int nr, int mc, float[] c, int ci, int ldc, float alpha, float beta,
                                 float[] old, int oi, int ldo, float[] bias, int biasIdx) {
        FloatVector vb = FloatVector.broadcast(S, beta);
        for (int v = 0; v < nr; v += L) {
            FloatVector bv = FloatVector.fromArray(S, bias, biasIdx + v);
            for (int r = 0; r < mc; r++) {
                int at = ci + r * ldc + v;
                FloatVector x = FloatVector.fromArray(S, scratch, r * nr + v).mul(alpha);
                if (beta != 0f) {
                    x = FloatVector.fromArray(S, old, oi + r * ldo + v).fma(vb, x);
                }
                x.add(bv).intoArray(c, at);
            }
        }
    }

    /**
     * The epilogue of a partial tile (accumulators in {@code scratch} with row stride {@code stride},
     * valid part mr x nr) with the same roundings as the vector epilogues: alpha·acc, fma(old, beta, ·), + bias.
     */
    static void storeFromScratch(float[] scratch, int stride, float[] c, int ci, int ldc, int mr, int nr,
                                         float alpha, float beta, float[] old, int oi, int ldo, float[] bias,
                                         int biasIdx) {
        FloatVector vb = FloatVector.broadcast(S, beta);
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc, orow = oi + r * ldo, j = 0;
            for (; j <= nr - L; j += L) {
                FloatVector x = FloatVector.fromArray(S, scratch, r * stride + j).mul(alpha);
                if (beta != 0f) {
                    x = FloatVector.fromArray(S, old, orow + j).fma(vb, x);
                }
                x.add(FloatVector.fromArray(S, bias, biasIdx + j)).intoArray(c, row + j);
            }
            if (MASKED_STORES && j < nr) { // the ragged last vector under a mask: the same roundings, lane by lane
                VectorMask<Float> m = S.indexInRange(j, nr);
                FloatVector x = FloatVector.fromArray(S, scratch, r * stride + j, m).mul(alpha);
                if (beta != 0f) {
                    x = FloatVector.fromArray(S, old, orow + j, m).fma(vb, x);
                }
                x.add(FloatVector.fromArray(S, bias, biasIdx + j, m)).intoArray(c, row + j, m);
                continue;
            }
            for (; j < nr; j++) {
                float v = scratch[r * stride + j] * alpha;
                if (beta != 0f) {
                    v = Math.fma(old[orow + j], beta, v);
                }
                c[row + j] = v + bias[biasIdx + j];
            }
        }
    }
}
