package dev.vecnet.kernel;

/**
 * Every tolerance of the kernel tests, per precision, in one place. Bounds are forward-error
 * bounds: a multiple of the unit roundoff times the magnitude of what was summed (never relative to
 * a result that can be zero), growing with the length k of the sums.
 */
final class Tolerances {
    /** Unit roundoff. */
    static final double U_F32 = 0x1p-24;
    static final double U_F64 = 0x1p-53;
    /** Slack over the classic gamma_k = k·u bound of a dot product (FMA chains sit well inside it). */
    static final double SUM_FACTOR = 2;
    /** exp: max error in units in the last place of the result, against Math.exp. */
    static final double EXP_ULPS = 1;
    /** Elementwise kernels built on exp (sigmoid, softmax): error relative to the result's magnitude, in units of u. */
    static final double TRANSCENDENTAL_UNITS = 16;

    private Tolerances() {}

    /** Allowed |error| of a sum of k products whose absolute values add up to {@code magnitude}. */
    static double sum(double unit, int k, double magnitude) {
        return SUM_FACTOR * unit * (k + 4) * magnitude + Double.MIN_NORMAL;
    }

    /** Allowed |error| of a value computed with exp, of size about {@code magnitude}. */
    static double transcendental(double unit, double magnitude) {
        return TRANSCENDENTAL_UNITS * unit * Math.max(magnitude, 1e-30) + Double.MIN_NORMAL;
    }
}
