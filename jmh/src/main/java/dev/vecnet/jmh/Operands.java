package dev.vecnet.jmh;

import dev.vecnet.kernel.DoubleKernels;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.Kernels;
import java.util.SplittableRandom;

/** Seeded benchmark inputs and the kernels of a named provider. */
final class Operands {
    private Operands() {}

    static float[] floats(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    static double[] doubles(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }

    static int[] labels(int size, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[size];
        for (int i = 0; i < size; i++) {
            t[i] = r.nextInt(classes);
        }
        return t;
    }

    static Kernels.Provider provider(String name) {
        return Kernels.Provider.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    static FloatKernels f32(String provider) {
        return Kernels.f32(provider(provider));
    }

    static DoubleKernels f64(String provider) {
        return Kernels.f64(provider(provider));
    }

    /** Fails the benchmark when two results differ by more than tol·(1 + |reference|). */
    static void check(String what, double[] expected, double[] got, double tol) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - got[i]) <= tol * (1 + Math.abs(expected[i])))) {
                throw new IllegalStateException(what + ": element " + i + " is " + got[i] + ", expected " + expected[i]);
            }
        }
    }

    static double[] widen(float[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i];
        }
        return r;
    }
}
