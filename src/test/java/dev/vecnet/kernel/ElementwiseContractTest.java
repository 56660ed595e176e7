package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Elementwise and row kernels against the plain double reference, on lengths around the vector
 * length (1, lanes−1, lanes, lanes+1, primes, the network's 50 and 10), operands at offsets and
 * ending exactly at the end of their arrays.
 */
class ElementwiseContractTest {

    static Stream<Arguments> cases() {
        return Arrays.stream(Precision.both()).flatMap(p -> {
            int lanes = p.lanes() == 1 ? 16 : p.lanes();
            return IntStream.of(1, 2, 3, lanes - 1, lanes, lanes + 1, 2 * lanes - 1, 2 * lanes + 1, 10, 13, 50, 67, 784)
                    .filter(s -> s >= 1).distinct().mapToObj(len -> Arguments.of(p, len));
        });
    }

    private static void near(double expected, double got, double tol, String what) {
        if (!(Math.abs(expected - got) <= tol)) {
            throw new AssertionError(what + ": got " + got + ", expected " + expected + " (tolerance " + tol + ")");
        }
    }

    @ParameterizedTest(name = "{0} len={1}")
    @MethodSource("cases")
    void sigmoidAndItsBackward(Precision p, int len) {
        SplittableRandom r = new SplittableRandom(len);
        int off = len % 3;
        double[] x = p.round(Reference.uniform(r, off + len, -12, 12));
        double[] y = new double[len];
        p.sigmoid(len, x, off, y, 0);
        for (int i = 0; i < len; i++) {
            near(Reference.sigmoid(x[off + i]), y[i], Tolerances.transcendental(p.unit(), 1), p.name() + " sigmoid[" + i + "]");
        }
        double[] dout = p.round(Reference.uniform(r, len, -2, 2));
        double[] dx = new double[len];
        p.sigmoidBackward(len, dout, y, dx);
        for (int i = 0; i < len; i++) {
            double e = dout[i] * (1 - y[i]) * y[i];
            near(e, dx[i], 4 * p.unit() * Math.abs(e) + Double.MIN_NORMAL, p.name() + " sigmoidBackward[" + i + "]");
        }
    }

    /** tanh as 2 / (1 + exp(−2x)) − 1: absolute error within a few ulps of 1 (the subtraction near 0). */
    @ParameterizedTest(name = "{0} len={1}")
    @MethodSource("cases")
    void tanhAndItsBackward(Precision p, int len) {
        SplittableRandom r = new SplittableRandom(7 + len);
        int off = len % 3;
        double[] x = p.round(Reference.uniform(r, off + len, -12, 12));
        x[off] = 0;
        double[] y = new double[len];
        p.tanh(len, x, off, y, 0);
        for (int i = 0; i < len; i++) {
            near(Math.tanh(x[off + i]), y[i], 4 * p.unit(), p.name() + " tanh[" + i + "] of " + x[off + i]);
        }
        double[] dout = p.round(Reference.uniform(r, len, -2, 2));
        double[] dx = new double[len];
        p.tanhBackward(len, dout, y, dx);
        for (int i = 0; i < len; i++) {
            double e = dout[i] * (1 - y[i] * y[i]);
            near(e, dx[i], 4 * p.unit() * Math.abs(dout[i]) + Double.MIN_NORMAL, p.name() + " tanhBackward[" + i + "]");
        }
        double[] big = {-1e30, -100, 100, 1e30, Double.NaN};
        double[] out = new double[big.length];
        p.tanh(big.length, p.round(big), 0, out, 0);
        assertEquals(List.of(-1.0, -1.0, 1.0, 1.0), List.of(out[0], out[1], out[2], out[3]), p.name() + " tanh saturates");
        assertTrue(Double.isNaN(out[4]), p.name() + " tanh(NaN) is NaN");
    }

    @ParameterizedTest(name = "{0} len={1}")
    @MethodSource("cases")
    void leakyReluScalesNegativesOnly(Precision p, int len) {
        SplittableRandom r = new SplittableRandom(11 + len);
        double[] x = p.round(Reference.uniform(r, len, -3, 3));
        x[0] = Double.NaN;
        double[] y = new double[len];
        p.leakyRelu(len, 0.01, x, y);
        assertTrue(Double.isNaN(y[0]), "NaN passes");
        for (int i = 1; i < len; i++) {
            double e = x[i] < 0 ? p.round(p.round(0.01) * x[i]) : x[i];
            assertEquals(e, y[i], p.name() + " leakyRelu[" + i + "] of " + x[i]);
        }
    }

    @ParameterizedTest(name = "{0} len={1}")
    @MethodSource("cases")
    void reluTreatsZeroAsOffAndPassesNaN(Precision p, int len) {
        SplittableRandom r = new SplittableRandom(31 + len);
        double[] x = p.round(Reference.uniform(r, len, -3, 3));
        x[0] = 0.0;
        if (len > 1) x[1] = -0.0;
        if (len > 2) x[2] = Double.NaN;
        if (len > 3) x[len - 1] = Float.MIN_VALUE; // the smallest positive value of either precision is on
        double[] y = new double[len];
        p.relu(len, x, 0, y, 0);
        double[] dout = p.round(Reference.uniform(r, len, -2, 2));
        double[] dx = new double[len];
        p.reluBackward(len, dout, x, dx);
        for (int i = 0; i < len; i++) {
            boolean off = x[i] <= 0; // the book's mask
            assertEquals(off ? 0.0 : x[i], y[i], 0.0, p.name() + " relu[" + i + "] of " + x[i]);
            assertEquals(off ? 0.0 : dout[i], dx[i], 0.0, p.name() + " reluBackward[" + i + "] at x=" + x[i]);
        }
        assertEquals(0.0, y[0], 0.0, "relu(0) is off");
        assertEquals(0.0, dx[0], 0.0, "the gradient at x = 0 is off");
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void softmaxRowsMatchReference(Precision p, int n) {
        SplittableRandom r = new SplittableRandom(7 * n);
        int m = 5, ld = n + 2, off = 1;
        double[] x = p.round(Reference.uniform(r, off + (m - 1) * ld + n, -20, 20));
        double[] y = new double[x.length];
        Arrays.fill(y, 42);
        p.softmaxRows(m, n, x, off, ld, y, off, ld);
        for (int i = 0; i < m; i++) {
            double[] e = Reference.softmaxRow(x, off + i * ld, n);
            for (int j = 0; j < n; j++) {
                near(e[j], y[off + i * ld + j], (16 + 2 * n) * p.unit(), p.name() + " softmax[" + i + "][" + j + "]");
            }
            for (int j = n; j < ld && off + i * ld + j < y.length; j++) {
                assertEquals(42, y[off + i * ld + j], 0.0, "padding between rows untouched");
            }
        }
        // in place
        double[] z = x.clone();
        p.softmaxRows(m, n, z, off, ld, z, off, ld);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(y[off + i * ld + j], z[off + i * ld + j], 0.0, "in-place softmax equals out-of-place");
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void crossEntropyBothForms(Precision p, int n) {
        SplittableRandom r = new SplittableRandom(11 * n);
        int m = 7;
        double[] x = p.round(Reference.uniform(r, m * n, -8, 8));
        int[] t = Reference.labels(r, m, n);
        double expected = 0, mag = 0;
        for (int i = 0; i < m; i++) {
            expected += Reference.crossEntropyRow(x, i * n, n, t[i]) / m;
            mag += (Math.abs(x[i * n + t[i]]) + 8 + Math.log(n)) / m;
        }
        near(expected, p.crossEntropyLogits(m, n, x, 0, n, t), (16 + 2 * n) * p.unit() * mag, p.name() + " crossEntropyLogits");

        double[] probs = new double[m * n];
        p.softmaxRows(m, n, x, 0, n, probs, 0, n);
        double book = 0;
        for (int i = 0; i < m; i++) {
            book -= Math.log(probs[i * n + t[i]] + 1e-7) / m;
        }
        near(book, p.crossEntropyBook(m, n, probs, 0, n, t), 1e-12 * Math.max(1, book), p.name() + " crossEntropyBook");
        // the two forms differ by mean log(1 + 1e-7 / p[label]) <= mean 1e-7 / p[label], plus rounding
        double gap = 0;
        for (int i = 0; i < m; i++) {
            gap += 1e-7 / probs[i * n + t[i]] / m;
        }
        near(p.crossEntropyLogits(m, n, x, 0, n, t), book, gap + (32 + 2 * n) * p.unit() * Math.max(1, book), "forms agree");
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void softmaxLossBackwardIsYMinusOneHotOverBatch(Precision p, int n) {
        SplittableRandom r = new SplittableRandom(13 * n);
        int m = 6;
        double[] y = p.round(Reference.uniform(r, m * n, 0, 1));
        int[] t = Reference.labels(r, m, n);
        double[] dx = new double[m * n];
        p.softmaxLossBackward(m, n, y, t, dx);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double e = p.round(p.round(y[i * n + j] - (j == t[i] ? 1 : 0)) / m); // rounded as the precision computes it
                assertEquals(e, dx[i * n + j], 0.0, p.name() + " dx[" + i + "][" + j + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void columnSumsAxpyBiasActivation(Precision p, int n) {
        SplittableRandom r = new SplittableRandom(17 * n);
        int m = 9, ld = n + 1;
        double[] x = p.round(Reference.uniform(r, (m - 1) * ld + n, -1, 1));
        double[] sums = new double[n];
        p.columnSums(m, n, x, 0, ld, sums);
        for (int j = 0; j < n; j++) {
            double e = 0, mag = 0;
            for (int i = 0; i < m; i++) {
                e += x[i * ld + j];
                mag += Math.abs(x[i * ld + j]);
            }
            near(e, sums[j], Tolerances.sum(p.unit(), m, mag), p.name() + " columnSums[" + j + "]");
        }

        double[] v = p.round(Reference.uniform(r, n, -1, 1));
        double[] w = p.round(Reference.uniform(r, n, -1, 1));
        double[] w0 = w.clone();
        double alpha = p.round(-0.1);
        p.axpy(n, alpha, v, w);
        for (int j = 0; j < n; j++) {
            double e = w0[j] + alpha * v[j];
            near(e, w[j], 2 * p.unit() * (Math.abs(w0[j]) + Math.abs(alpha * v[j])), p.name() + " axpy[" + j + "]");
        }

        for (Activation act : Reference.activations()) {
            double[] c = x.clone();
            double[] bias = p.round(Reference.uniform(r, n, -1, 1));
            p.biasActivation(m, n, c, 0, ld, bias, 0, act);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = x[i * ld + j] + bias[j];
                    double e = switch (act.kind()) {
                        case NONE -> s;
                        case SIGMOID -> Reference.sigmoid(s);
                        case RELU -> s <= 0 ? 0 : s;
                        case TANH -> Math.tanh(s);
                        case LEAKY_RELU -> s < 0 ? act.slope() * s : s;
                    };
                    near(e, c[i * ld + j], Tolerances.transcendental(p.unit(), 2), p.name() + " " + act + "[" + i + "][" + j + "]");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void argmaxTakesTheFirstMaximum(Precision p, int n) {
        SplittableRandom r = new SplittableRandom(19 * n);
        int m = 4;
        double[] x = p.round(Reference.uniform(r, m * n, -1, 1));
        x[2 * n + n - 1] = 5; // row 2: maximum at the end
        x[3 * n] = 5;         // row 3: a tie, the first one wins
        x[3 * n + n - 1] = 5;
        int[] out = new int[m];
        p.argmaxRows(m, n, x, 0, n, out);
        for (int i = 0; i < m; i++) {
            int best = 0;
            for (int j = 1; j < n; j++) {
                if (x[i * n + j] > x[i * n + best]) {
                    best = j;
                }
            }
            assertEquals(best, out[i], p.name() + " argmax of row " + i);
        }
        assertEquals(n - 1, out[2]);
        assertEquals(0, out[3]);
    }

    @ParameterizedTest(name = "{0} len={1}")
    @MethodSource("cases")
    void outputsOnlyTouchTheirRange(Precision p, int len) {
        double[] x = p.round(Reference.uniform(new SplittableRandom(len), len + 4, -1, 1));
        double[] y = new double[len + 4];
        Arrays.fill(y, 7);
        p.sigmoid(len, x, 2, y, 2);
        double[] guard = {y[0], y[1], y[len + 2], y[len + 3]};
        assertArrayEquals(new double[] {7, 7, 7, 7}, guard, 0.0, "elements outside the range are untouched");
        assertTrue(y[2] != 7);
    }
}
