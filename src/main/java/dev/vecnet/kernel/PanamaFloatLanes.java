package dev.vecnet.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Partial-vector loads and stores that never touch memory past an array: a masked access that
 * reaches past the end (even with the mask off there) leaves the JIT's fast path, so the last
 * vector of an array goes through a small per-thread scratch lane instead.
 */
final class PanamaFloatLanes {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[L]);

    private PanamaFloatLanes() {}

    /** The first {@code valid} (1..L) lanes from x[idx..], the other lanes zero. */
    static FloatVector load(float[] x, int idx, int valid) {
        if (valid == L) {
            return FloatVector.fromArray(S, x, idx);
        }
        if (idx + L <= x.length) {
            return FloatVector.fromArray(S, x, idx, S.indexInRange(0, valid));
        }
        float[] lane = SCRATCH.get();
        System.arraycopy(x, idx, lane, 0, valid);
        Arrays.fill(lane, valid, L, 0f);
        return FloatVector.fromArray(S, lane, 0);
    }

    /** Stores the first {@code valid} (1..L) lanes of v at x[idx..]. */
    static void store(FloatVector v, float[] x, int idx, int valid) {
        if (valid == L) {
            v.intoArray(x, idx);
        } else if (idx + L <= x.length) {
            v.intoArray(x, idx, S.indexInRange(0, valid));
        } else {
            float[] lane = SCRATCH.get();
            v.intoArray(lane, 0);
            System.arraycopy(lane, 0, x, idx, valid);
        }
    }
}
