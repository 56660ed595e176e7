package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flush of docs/kernel-contract.md: no kernel that the contract says flushes ever writes a
 * subnormal, on inputs chosen to land there (exp and sigmoid of very negative values, softmax of
 * far-below-max logits, products of tiny values, parameters decaying under weight decay), and the
 * optimizers leave no parameter between 0 and 2^-63 (2^-511). Run once per provider and width, like
 * every kernel test. A flushed value is the zero of the value's sign; nothing above the thresholds
 * changes.
 */
class FlushTest {

    static Precision[] both() {
        return Precision.both();
    }

    private static void assertNoSubnormal(Precision p, String what, double[] y) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && Math.abs(y[i]) < p.smallestNormal()) {
                throw new AssertionError(p.provider() + " " + p.name() + " " + what + "[" + i + "] is the subnormal " + y[i]);
            }
        }
    }

    /** len values evenly from lo to hi, rounded to the precision. */
    private static double[] ramp(Precision p, int len, double lo, double hi) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = p.round(lo + (hi - lo) * i / (len - 1));
        }
        return x;
    }

    /** ln of the smallest normal value: below it exp's result is subnormal. */
    private static double lnSmallestNormal(Precision p) {
        return Math.log(p.smallestNormal());
    }

    @ParameterizedTest
    @MethodSource("both")
    void expAndSigmoidBelowTheNormalRangeAreZero(Precision p) {
        double edge = lnSmallestNormal(p);
        int len = 4001; // odd: a partial vector at the end
        double[] x = ramp(p, len, edge - 20, edge + 5), y = new double[len];
        p.exp(len, x, 0, y, 0);
        assertNoSubnormal(p, "exp", y);
        for (int i = 0; i < len; i++) {
            if (x[i] < edge - 1e-3) {
                assertEquals(0, Double.doubleToRawLongBits(y[i]), p.name() + " exp(" + x[i] + ") = " + y[i] + ", +0 expected");
            } else if (x[i] > edge + 1e-3) {
                assertTrue(y[i] >= p.smallestNormal(), p.name() + " exp(" + x[i] + ") = " + y[i] + " lost a normal result");
            }
        }
        double[] neg = ramp(p, len, -edge - 5, -edge + 20);
        for (int i = 0; i < len; i++) {
            neg[i] = -neg[i];
        }
        p.sigmoid(len, neg, 0, y, 0);
        assertNoSubnormal(p, "sigmoid", y);
        for (int i = 0; i < len; i++) {
            if (neg[i] > edge + 1e-3) { // 1 / (1 + e^-x) ≈ e^x is normal
                assertTrue(y[i] >= p.smallestNormal(), p.name() + " sigmoid(" + neg[i] + ") = " + y[i]);
            }
        }
        double[] z = neg.clone();
        p.biasActivation(1, len, z, 0, len, null, 0, Activation.SIGMOID);
        assertNoSubnormal(p, "bias + sigmoid", z);
        p.tanh(len, neg, 0, z, 0);
        assertNoSubnormal(p, "tanh", z);
    }

    @ParameterizedTest
    @MethodSource("both")
    void softmaxOfFarBelowMaxLogitsIsZeroAndItsBackwardNeverSubnormal(Precision p) {
        double edge = lnSmallestNormal(p);
        int m = 7, n = 37;
        SplittableRandom r = new SplittableRandom(7);
        double[] x = new double[m * n];
        for (int i = 0; i < x.length; i++) { // the row's maximum near 0, the rest down to 1.3·edge below it
            x[i] = p.round(r.nextDouble(1.3 * edge, 0));
        }
        double[] y = new double[m * n];
        p.softmaxRows(m, n, x, 0, n, y, 0, n);
        assertNoSubnormal(p, "softmax", y);
        int zeros = 0;
        for (double v : y) {
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0, "some of the far-below logits give a probability of 0");
        double[] tiny = new double[m * n]; // probabilities around the smallest normal, divided by m
        for (int i = 0; i < tiny.length; i++) {
            tiny[i] = p.round(p.smallestNormal() * Math.exp(r.nextDouble(0, 6)));
        }
        double[] dx = new double[m * n];
        p.softmaxLossBackward(m, n, tiny, Reference.labels(r, m, n), dx);
        assertNoSubnormal(p, "softmax-loss backward", dx);
    }

    @ParameterizedTest
    @MethodSource("both")
    void productsOfTinyValuesAreFlushed(Precision p) {
        int len = 333;
        SplittableRandom r = new SplittableRandom(11);
        double[] tiny = new double[len], y = new double[len], dx = new double[len];
        for (int i = 0; i < len; i++) {
            tiny[i] = p.round((r.nextBoolean() ? -1 : 1) * p.smallestNormal() * Math.exp(r.nextDouble(0, 8)));
            y[i] = p.round(r.nextDouble(0.001, 0.999));
        }
        p.sigmoidBackward(len, tiny, y, dx);
        assertNoSubnormal(p, "sigmoid backward", dx);
        p.tanhBackward(len, tiny, y, dx);
        assertNoSubnormal(p, "tanh backward", dx);
        p.leakyRelu(len, 0.01, tiny, dx);
        assertNoSubnormal(p, "leaky ReLU", dx);
        double[] acc = new double[len];
        double alpha = p.round(0.001);
        p.axpy(len, alpha, tiny, acc);
        assertNoSubnormal(p, "axpy", acc);
        for (int i = 0; i < len; i++) { // what is kept is the product, not something else
            double exact = p.round(alpha * tiny[i]);
            assertTrue(acc[i] == 0 ? Math.abs(exact) < p.smallestNormal() * 1.001 : acc[i] == exact,
                    p.name() + " axpy gave " + acc[i] + " for " + exact);
        }
    }

    /**
     * Weights of a unit that has stopped learning, under weight decay alone (gradient λ·w, added by
     * axpy as the network does): every step leaves them normal or zero and at least 2^-63, and under
     * SGD and momentum they reach zero rather than stalling in a band where each step's products would
     * be subnormal.
     */
    @ParameterizedTest
    @EnumSource(Precision.Update.class)
    void decayingParametersReachZeroWithoutSubnormals(Precision.Update u) {
        for (Precision p : Precision.both()) {
            int len = 45;
            SplittableRandom r = new SplittableRandom(5);
            double[] w = new double[len], s1 = new double[len], s2 = new double[len];
            for (int i = 0; i < len; i++) {
                w[i] = p.round(r.nextDouble(-0.1, 0.1));
            }
            double lr = u == Precision.Update.ADAM ? 0.01 : u == Precision.Update.ADAGRAD ? 0.5 : 0.1;
            double lambda = 0.5;
            int steps = 0;
            for (; steps < 20_000 && !allZero(w); steps++) {
                double[] g = new double[len];
                p.axpy(len, lambda, w, g);
                assertNoSubnormal(p, u + " gradient", g);
                p.update(u, len, lr, g, s1, s2, w);
                assertNoSubnormal(p, u + " state", s1);
                assertNoSubnormal(p, u + " second moments", s2);
                for (int i = 0; i < len; i++) {
                    if (w[i] != 0 && Math.abs(w[i]) < p.parameterFloor()) {
                        throw new AssertionError(p.provider() + " " + p.name() + " " + u + " left the parameter " + w[i]
                                + " (below " + p.parameterFloor() + ") after " + (steps + 1) + " steps");
                    }
                }
            }
            // SGD and momentum decay geometrically; AdaGrad's steps shrink as 1/√t and Adam's follow its
            // second moments, which weight decay alone does not drive steadily to zero
            if (u == Precision.Update.SGD || u == Precision.Update.MOMENTUM) {
                assertTrue(allZero(w), p.name() + " " + u + ": parameters still not zero after " + steps + " steps");
            }
        }
    }

    private static boolean allZero(double[] w) {
        for (double v : w) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** Values above the thresholds pass unchanged: the flush only ever replaces what it names. */
    @ParameterizedTest
    @MethodSource("both")
    void normalValuesAreUntouched(Precision p) {
        int len = 50;
        double[] g = new double[len], w = new double[len], s1 = new double[len], s2 = new double[len];
        for (int i = 0; i < len; i++) {
            g[i] = p.round((i % 2 == 0 ? 1 : -1) * Math.pow(2, -10 - i));
            w[i] = p.round(0.5 + i);
        }
        double[] expected = w.clone();
        for (int i = 0; i < len; i++) {
            expected[i] = p.round(Math.fma(g[i], -0.25, expected[i]));
        }
        p.update(Precision.Update.SGD, len, 0.25, g, s1, s2, w);
        for (int i = 0; i < len; i++) {
            assertEquals(expected[i], w[i], 0.0, p.name() + " sgd[" + i + "]");
        }
    }
}
