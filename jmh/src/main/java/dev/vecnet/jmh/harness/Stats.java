package dev.vecnet.jmh.harness;

import java.util.Arrays;

/** Order statistics of a handful of rounds: the median and the quartiles, linear between ranks. */
final class Stats {
    private Stats() {}

    static double median(double[] v) {
        return quantile(v, 0.5);
    }

    /** The q-quantile (0..1) of the finite values, NaN when there are none. */
    static double quantile(double[] v, double q) {
        double[] s = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    static double min(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
