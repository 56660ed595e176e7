package dev.vecnet.spark;

import dev.vecnet.nn.Precision;
import java.lang.reflect.Array;
import java.util.List;

/**
 * A network's arrays (weights, gradients, optimizer state: float[] or double[]) laid end to end in one
 * array, as they travel between the driver and the executors.
 */
final class FlatArrays {
    private FlatArrays() {
    }

    static int size(List<?> arrays) {
        int n = 0;
        for (Object a : arrays) {
            n += Array.getLength(a);
        }
        return n;
    }

    /** The arrays end to end in a new array of the precision's type. */
    static <A> A of(Precision<A> p, List<A> arrays) {
        A flat = p.alloc(size(arrays));
        int at = 0;
        for (A a : arrays) {
            int n = Array.getLength(a);
            System.arraycopy(a, 0, flat, at, n);
            at += n;
        }
        return flat;
    }

    /** Fills the arrays in turn from {@code flat} (of their type) from {@code at}; where they end. */
    static int copyInto(Object flat, int at, List<?> arrays) {
        for (Object a : arrays) {
            int n = Array.getLength(a);
            System.arraycopy(flat, at, a, 0, n);
            at += n;
        }
        return at;
    }

    /** Fills the arrays in turn with {@code sums[i] / divisor}, rounded to the precision. */
    static <A> void setMeans(Precision<A> p, double[] sums, long divisor, List<A> arrays) {
        int at = 0;
        for (A a : arrays) {
            int n = Array.getLength(a);
            for (int i = 0; i < n; i++) {
                p.set(a, i, sums[at + i] / divisor);
            }
            at += n;
        }
    }
}
