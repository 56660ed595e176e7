package dev.vecnet.kernel;

import java.util.SplittableRandom;

/** Plain double-precision reference implementations and random data for the kernel tests. */
final class Reference {
    private Reference() {}

    static double[] uniform(SplittableRandom r, int size, double lo, double hi) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextDouble(lo, hi);
        }
        return x;
    }

    static int[] labels(SplittableRandom r, int m, int n) {
        int[] t = new int[m];
        for (int i = 0; i < m; i++) {
            t[i] = r.nextInt(n);
        }
        return t;
    }

    /** Every activation the kernels apply: the four without a parameter and a leaky ReLU (slope 1/8, exact). */
    static Activation[] activations() {
        return new Activation[] {Activation.NONE, Activation.SIGMOID, Activation.RELU, Activation.TANH,
            Activation.leakyRelu(0.125f)};
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double[] softmaxRow(double[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        double sum = 0;
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            y[j] = Math.exp(x[off + j] - max);
            sum += y[j];
        }
        for (int j = 0; j < n; j++) {
            y[j] /= sum;
        }
        return y;
    }

    /** log Σ exp(row) − row[label]. */
    static double crossEntropyRow(double[] x, int off, int n, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(x[off + j] - max);
        }
        return Math.log(sum) + max - x[off + label];
    }
}
