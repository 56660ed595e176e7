package dev.vecnet.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Partial-vector loads and stores that never touch memory past an array: a masked access that
 * reaches past the end (even with the mask off there) leaves the JIT's fast path, so the last
 * vector of an array goes through a small per-thread scratch lane instead.
 */
final class PanamaDoubleLanes {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[L]);

    private PanamaDoubleLanes() {}

    /** The first {@code valid} (1..L) lanes from x[idx..], the other lanes zero. */
    static DoubleVector load(double[] x, int idx, int valid) {
        if (valid == L) {
            return DoubleVector.fromArray(S, x, idx);
        }
        if (idx + L <= x.length) {
            return DoubleVector.fromArray(S, x, idx, S.indexInRange(0, valid));
        }
        double[] lane = SCRATCH.get();
        System.arraycopy(x, idx, lane, 0, valid);
        Arrays.fill(lane, valid, L, 0.0);
        return DoubleVector.fromArray(S, lane, 0);
    }

    /** Stores the first {@code valid} (1..L) lanes of v at x[idx..]. */
    static void store(DoubleVector v, double[] x, int idx, int valid) {
        if (valid == L) {
            v.intoArray(x, idx);
        } else if (idx + L <= x.length) {
            v.intoArray(x, idx, S.indexInRange(0, valid));
        } else {
            double[] lane = SCRATCH.get();
            v.intoArray(lane, 0);
            System.arraycopy(lane, 0, x, idx, valid);
        }
    }
}
