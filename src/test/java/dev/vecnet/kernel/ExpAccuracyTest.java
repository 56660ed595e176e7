package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The vectorised exp against {@link Math#exp}: within {@link Tolerances#EXP_ULPS} ulp of the
 * correctly rounded result over the whole range, +Inf above the overflow threshold, +0 where the
 * result is below the smallest normal value (the kernel contract's flush; within an ulp of that
 * boundary either), NaN for NaN.
 */
class ExpAccuracyTest {

    @Test
    void float32WithinOneUlp() {
        FloatKernels k = Kernels.f32();
        int count = 2_000_003; // odd: ends in a partial vector
        float[] x = new float[count];
        double lo = -103.5, hi = 88.72;
        for (int i = 0; i < count; i++) {
            x[i] = (float) (lo + (hi - lo) * i / (count - 1));
        }
        float[] y = new float[count];
        k.exp(count, x, 0, y, 0);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            float expected = (float) Math.exp(x[i]);
            if (flushedNear(expected, y[i], Float.MIN_NORMAL, Math.ulp(Float.MIN_NORMAL))) {
                continue;
            }
            double ulps = Math.abs(y[i] - (double) expected) / Math.ulp(expected);
            if (ulps > worst) {
                worst = ulps;
            }
            if (!(ulps <= Tolerances.EXP_ULPS)) {
                throw new AssertionError("exp(" + x[i] + ") = " + y[i] + ", Math.exp gives " + expected + " (" + ulps + " ulp)");
            }
        }
        System.out.printf("f32 exp (%s): worst %.2f ulp over [%.1f, %.2f]%n", k.provider(), worst, lo, hi);
    }

    @Test
    void float64WithinOneUlp() {
        DoubleKernels k = Kernels.f64();
        int count = 2_000_003;
        double[] x = new double[count];
        double lo = -745.0, hi = 709.78;
        for (int i = 0; i < count; i++) {
            x[i] = lo + (hi - lo) * i / (count - 1);
        }
        double[] y = new double[count];
        k.exp(count, x, 0, y, 0);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            double expected = Math.exp(x[i]);
            if (flushedNear(expected, y[i], Double.MIN_NORMAL, Math.ulp(Double.MIN_NORMAL))) {
                continue;
            }
            double ulps = Math.abs(y[i] - expected) / Math.ulp(expected);
            worst = Math.max(worst, ulps);
            if (!(ulps <= Tolerances.EXP_ULPS)) {
                throw new AssertionError("exp(" + x[i] + ") = " + y[i] + ", Math.exp gives " + expected + " (" + ulps + " ulp)");
            }
        }
        System.out.printf("f64 exp (%s): worst %.2f ulp over [%.1f, %.2f]%n", k.provider(), worst, lo, hi);
    }

    /**
     * Whether exp gave +0 for a result below the smallest normal value (or within the exp's ulp of
     * it), as the flush asks; a subnormal result is never right.
     */
    private static boolean flushedNear(double expected, double got, double smallestNormal, double ulp) {
        if (got != 0 && Math.abs(got) < smallestNormal) {
            throw new AssertionError("exp gave the subnormal " + got + " (expected " + expected + " flushed to +0)");
        }
        if (expected < smallestNormal - Tolerances.EXP_ULPS * ulp) {
            if (Double.doubleToRawLongBits(got) != 0) {
                throw new AssertionError("exp gave " + got + " for " + expected + ", below the smallest normal: +0 expected");
            }
            return true;
        }
        return got == 0 && expected <= smallestNormal + Tolerances.EXP_ULPS * ulp;
    }

    @Test
    void specialValues() {
        float[] x = {89f, 1000f, Float.POSITIVE_INFINITY, -104f, -1000f, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f};
        float[] y = new float[x.length];
        Kernels.f32().exp(x.length, x, 0, y, 0);
        float[] expected = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 0f, 0f, 0f, Float.NaN, 1f, 1f};
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], y[i], 0f, "f32 exp(" + x[i] + ")");
        }
        double[] xd = {710, 1e5, Double.POSITIVE_INFINITY, -746, -1e5, Double.NEGATIVE_INFINITY, Double.NaN, 0, -0.0};
        double[] yd = new double[xd.length];
        Kernels.f64().exp(xd.length, xd, 0, yd, 0);
        double[] expectedD = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, 0, Double.NaN, 1, 1};
        for (int i = 0; i < xd.length; i++) {
            assertEquals(expectedD[i], yd[i], 0.0, "f64 exp(" + xd[i] + ")");
        }
        assertTrue(Float.isNaN(y[6]) && Double.isNaN(yd[6]));
    }
}
