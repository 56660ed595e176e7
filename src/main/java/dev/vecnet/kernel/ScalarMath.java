package dev.vecnet.kernel;

/**
 * The reference order's exp, sigmoid and row sums for one value at a time: the same operations,
 * roundings and constants as the vector code of {@link PanamaMath} and the Panama softmax, so the
 * scalar kernels give the Panama kernels' bits at every vector width (docs/kernel-contract.md).
 */
final class ScalarMath {
    /** Stripes of a row sum: element j is added into stripe j mod 16, then the stripes in order. */
    static final int STRIPES = 16;

    private static final float F_LOG2E = 1.44269504088896341f;
    private static final float F_LN2_HI = 0.693359375f;
    private static final float F_LN2_LO = -2.12194440e-4f;
    private static final float F_MAGIC = 12582912f;
    private static final int F_MAGIC_BITS = Float.floatToRawIntBits(F_MAGIC);
    private static final float F_HI = 88.72284f;
    private static final float F_LO = -104f;

    private static final double D_LOG2E = 1.4426950408889634;
    private static final double D_LN2_HI = 6.93147180369123816490e-01;
    private static final double D_LN2_LO = 1.90821492927058770002e-10;
    private static final double D_MAGIC = 6755399441055744.0;
    private static final long D_MAGIC_BITS = Double.doubleToRawLongBits(D_MAGIC);
    private static final double D_HI = 709.782712893384;
    private static final double D_LO = -746.0;

    private ScalarMath() {}

    /** exp(v) by the polynomial of {@link PanamaMath}, step for step. */
    static float exp(float v) {
        float xc = v > F_HI ? F_HI : v;
        xc = v < F_LO ? F_LO : xc;
        float tt = Math.fma(xc, F_LOG2E, F_MAGIC);
        float n = tt - F_MAGIC;
        float r = Math.fma(n, -F_LN2_HI, xc);
        r = Math.fma(n, -F_LN2_LO, r);
        float p = Math.fma(r, 1.9875691500E-4f, 1.3981999507E-3f);
        p = Math.fma(p, r, 8.3334519073E-3f);
        p = Math.fma(p, r, 4.1665795894E-2f);
        p = Math.fma(p, r, 1.6666665459E-1f);
        p = Math.fma(p, r, 5.0000001201E-1f);
        p = p * (r * r) + r + 1f;
        int ni = Float.floatToRawIntBits(tt) - F_MAGIC_BITS;
        int n1 = ni >> 1, n2 = ni - n1;
        float e = p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
        return v > F_HI ? Float.POSITIVE_INFINITY : e;
    }

    /** 1 / (1 + exp(−v)), as {@link PanamaMath#sigmoid(float[], int, float[], int, int)}. */
    static float sigmoid(float v) {
        return 1f / (exp(-v) + 1f);
    }

    /** 2 / (1 + exp(−2v)) − 1 = tanh(v), as {@link PanamaMath#tanh(float[], int, float[], int, int)}. */
    static float tanh(float v) {
        return 2f / (exp(-2f * v) + 1f) - 1f;
    }

    static double exp(double v) {
        double xc = v > D_HI ? D_HI : v;
        xc = v < D_LO ? D_LO : xc;
        double tt = Math.fma(xc, D_LOG2E, D_MAGIC);
        double n = tt - D_MAGIC;
        double r = Math.fma(n, -D_LN2_HI, xc);
        r = Math.fma(n, -D_LN2_LO, r);
        double p = Math.fma(r, 1.0 / 6227020800.0, 1.0 / 479001600.0);
        p = Math.fma(p, r, 1.0 / 39916800.0);
        p = Math.fma(p, r, 1.0 / 3628800.0);
        p = Math.fma(p, r, 1.0 / 362880.0);
        p = Math.fma(p, r, 1.0 / 40320.0);
        p = Math.fma(p, r, 1.0 / 5040.0);
        p = Math.fma(p, r, 1.0 / 720.0);
        p = Math.fma(p, r, 1.0 / 120.0);
        p = Math.fma(p, r, 1.0 / 24.0);
        p = Math.fma(p, r, 1.0 / 6.0);
        p = Math.fma(p, r, 0.5);
        p = p * (r * r) + r + 1.0;
        long ni = Double.doubleToRawLongBits(tt) - D_MAGIC_BITS;
        long n1 = ni >> 1, n2 = ni - n1;
        double e = p * Double.longBitsToDouble((n1 + 1023) << 52) * Double.longBitsToDouble((n2 + 1023) << 52);
        return v > D_HI ? Double.POSITIVE_INFINITY : e;
    }

    static double sigmoid(double v) {
        return 1.0 / (exp(-v) + 1.0);
    }

    static double tanh(double v) {
        return 2.0 / (exp(-2.0 * v) + 1.0) - 1.0;
    }

    /** Σ y[yi..yi+n) in the reference order: 16 stripes from +0, each ascending, then stripes 0..15 from +0. */
    static float rowSum(int n, float[] y, int yi) {
        float total = 0f;
        for (int s = 0; s < STRIPES && s < n; s++) {
            float stripe = 0f;
            for (int j = s; j < n; j += STRIPES) {
                stripe += y[yi + j];
            }
            total += stripe;
        }
        return total;
    }

    static double rowSum(int n, double[] y, int yi) {
        double total = 0.0;
        for (int s = 0; s < STRIPES && s < n; s++) {
            double stripe = 0.0;
            for (int j = s; j < n; j += STRIPES) {
                stripe += y[yi + j];
            }
            total += stripe;
        }
        return total;
    }

    /** The row maximum as the vector code finds it: the first value, then any greater one (NaN never wins). */
    static float rowMax(int n, float[] x, int xi) {
        float max = x[xi];
        for (int j = 1; j < n; j++) {
            max = x[xi + j] > max ? x[xi + j] : max;
        }
        return max;
    }

    static double rowMax(int n, double[] x, int xi) {
        double max = x[xi];
        for (int j = 1; j < n; j++) {
            max = x[xi + j] > max ? x[xi + j] : max;
        }
        return max;
    }
}
