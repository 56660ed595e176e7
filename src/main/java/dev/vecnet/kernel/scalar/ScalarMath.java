package dev.vecnet.kernel.scalar;

/**
 * The reference order's exp, sigmoid and row sums for one value at a time: the same operations,
 * roundings and constants as the vector code of {@link dev.vecnet.kernel.simd.PanamaMath} and the Panama softmax, so the
 * scalar kernels give the Panama kernels' bits at every vector width (docs/kernel-contract.md).
 */
public final class ScalarMath {
    /** Stripes of a row sum: element j is added into stripe j mod 16, then the stripes in order. */
    public static final int STRIPES = 16;

    private static final float F_LOG2E = 1.44269504088896341f;
    private static final float F_LN2_HI = 0.693359375f;
    private static final float F_LN2_LO = -2.12194440e-4f;
    private static final float F_MAGIC = 12582912f;
    private static final int F_MAGIC_BITS = Float.floatToRawIntBits(F_MAGIC);
    private static final float F_HI = 88.72284f;
    /** Below this exp's result is under the smallest normal float (e^−87.3365), so it is +0. */
    private static final float F_ZERO = -87.34f;

    private static final double D_LOG2E = 1.4426950408889634;
    private static final double D_LN2_HI = 6.93147180369123816490e-01;
    private static final double D_LN2_LO = 1.90821492927058770002e-10;
    private static final double D_MAGIC = 6755399441055744.0;
    private static final long D_MAGIC_BITS = Double.doubleToRawLongBits(D_MAGIC);
    private static final double D_HI = 709.782712893384;
    /** Below this exp's result is under the smallest normal double (e^−708.3964), so it is +0. */
    private static final double D_ZERO = -708.4;
    private static final int F_EXPONENT = 0x7f800000, F_SIGN = 0x80000000;
    private static final long D_EXPONENT = 0x7ff0000000000000L, D_SIGN = 0x8000000000000000L;
    /** The exponent bits of 2^-63 and 2^-511: parameters below are zero. */
    public static final int F_PARAMETER_EXPONENT = (127 - 63) << 23;
    public static final long D_PARAMETER_EXPONENT = (1023L - 511) << 52;

    private ScalarMath() {}

    /**
     * v, or the zero of v's sign where v is subnormal: the flush of docs/kernel-contract.md. On the
     * bits, so that no floating-point operation ever reads the subnormal (x86 takes a microcode assist
     * for each one).
     */
    public static float flush(float v) {
        int bits = Float.floatToRawIntBits(v);
        return (bits & F_EXPONENT) == 0 ? Float.intBitsToFloat(bits & F_SIGN) : v;
    }

    /**
     * v, or the zero of v's sign where |v| &lt; 2^-63 = √(smallest normal): what the optimizers leave
     * in a parameter (docs/kernel-contract.md). The product of two such values is never subnormal.
     */
    public static float flushParameter(float v) {
        int bits = Float.floatToRawIntBits(v);
        return (bits & F_EXPONENT) < F_PARAMETER_EXPONENT ? Float.intBitsToFloat(bits & F_SIGN) : v;
    }

    /** As {@link #flushParameter(float)} below 2^-511. */
    public static double flushParameter(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return (bits & D_EXPONENT) < D_PARAMETER_EXPONENT ? Double.longBitsToDouble(bits & D_SIGN) : v;
    }

    /**
     * flush(v·v), without computing a subnormal: v·v is below the smallest normal exactly when |v| is
     * below its square root, 2^-63 (no float below 2^-63 has a square that rounds up to 2^-126).
     */
    public static float square(float v) {
        return Math.abs(v) < 0x1p-63f ? 0f : v * v;
    }

    /** flush(v·v) as {@link #square(float)}: |v| below 2^-511 squares below 2^-1022. */
    public static double square(double v) {
        return Math.abs(v) < 0x1p-511 ? 0.0 : v * v;
    }

    public static double flush(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return (bits & D_EXPONENT) == 0 ? Double.longBitsToDouble(bits & D_SIGN) : v;
    }

    /** exp(v) by the polynomial of {@link dev.vecnet.kernel.simd.PanamaMath}, step for step, flushed; +0 below {@link #F_ZERO}. */
    public static float exp(float v) {
        float xc = v > F_HI ? F_HI : v;
        xc = v < F_ZERO ? 0f : xc;
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
        return v > F_HI ? Float.POSITIVE_INFINITY : v < F_ZERO ? 0f : flush(e);
    }

    /** 1 / (1 + exp(−v)), flushed, as {@link dev.vecnet.kernel.simd.PanamaMath#sigmoid(float[], int, float[], int, int)}. */
    public static float sigmoid(float v) {
        return flush(1f / (exp(-v) + 1f));
    }

    /** 2 / (1 + exp(−2v)) − 1 = tanh(v), as {@link dev.vecnet.kernel.simd.PanamaMath#tanh(float[], int, float[], int, int)}. */
    public static float tanh(float v) {
        return 2f / (exp(-2f * v) + 1f) - 1f;
    }

    public static double exp(double v) {
        double xc = v > D_HI ? D_HI : v;
        xc = v < D_ZERO ? 0.0 : xc;
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
        return v > D_HI ? Double.POSITIVE_INFINITY : v < D_ZERO ? 0.0 : flush(e);
    }

    public static double sigmoid(double v) {
        return flush(1.0 / (exp(-v) + 1.0));
    }

    public static double tanh(double v) {
        return 2.0 / (exp(-2.0 * v) + 1.0) - 1.0;
    }

    /** Σ y[yi..yi+n) in the reference order: 16 stripes from +0, each ascending, then stripes 0..15 from +0. */
    public static float rowSum(int n, float[] y, int yi) {
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

    public static double rowSum(int n, double[] y, int yi) {
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
    public static float rowMax(int n, float[] x, int xi) {
        float max = x[xi];
        for (int j = 1; j < n; j++) {
            max = x[xi + j] > max ? x[xi + j] : max;
        }
        return max;
    }

    public static double rowMax(int n, double[] x, int xi) {
        double max = x[xi];
        for (int j = 1; j < n; j++) {
            max = x[xi + j] > max ? x[xi + j] : max;
        }
        return max;
    }
}
