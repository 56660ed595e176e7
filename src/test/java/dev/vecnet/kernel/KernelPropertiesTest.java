package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Randomised properties of the kernels (QuickTheories: shrinks a failure to a small case and
 * prints "Seed was N"; rerun one with {@code -DQT_SEED=N}). Shapes and values are drawn, the data
 * itself comes from a drawn seed.
 */
class KernelPropertiesTest {

    static Precision[] precisions() {
        return Precision.both();
    }

    /** m, n, k, transposes and a data seed. */
    record Shape(int m, int n, int k, Transpose ta, Transpose tb, long seed) {
        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " " + ta + "," + tb + " seed=" + seed;
        }
    }

    static Gen<Shape> shapes(int max) {
        Gen<Transpose> t = Generate.enumValues(Transpose.class);
        return integers().between(1, max).zip(integers().between(1, max), integers().between(1, max),
                        t.zip(t, (x, y) -> new Transpose[] {x, y}),
                        (m, n, k, tt) -> new int[] {m, n, k, tt[0].ordinal(), tt[1].ordinal()})
                .zip(longs().all(), (s, seed) -> new Shape(s[0], s[1], s[2],
                        Transpose.values()[s[3]], Transpose.values()[s[4]], seed));
    }

    @ParameterizedTest
    @MethodSource("precisions")
    void gemmMatchesTheReference(Precision p) {
        qt().withExamples(300).forAll(shapes(48), doubles().between(-3, 3), integers().between(0, 3), booleans().all())
                .checkAssert((s, alpha, betaPick, bias) -> {
                    double beta = new double[] {0, 1, -0.5, 2}[betaPick];
                    GemmCase g = new GemmCase(p, s.ta, s.tb, s.m, s.n, s.k, alpha, beta, bias,
                            Activation.values()[(int) Math.floorMod(s.seed, 3L)], s.seed);
                    g.check(p, g.run(p, 1));
                });
    }

    @ParameterizedTest
    @MethodSource("precisions")
    void gemmIsLinearInAlpha(Precision p) {
        qt().withExamples(200).forAll(shapes(40), integers().between(-6, 6), doubles().between(-4, 4))
                .checkAssert((s, exponent, alpha) -> {
                    GemmCase one = new GemmCase(p, s.ta, s.tb, s.m, s.n, s.k, 1, 0, false, Activation.NONE, s.seed);
                    double[] c1 = one.run(p, 1);
                    // a power of two scales every rounding exactly: bitwise
                    double scale = Math.scalb(1.0, exponent);
                    GemmCase scaled = new GemmCase(p, s.ta, s.tb, s.m, s.n, s.k, scale, 0, false, Activation.NONE, s.seed);
                    double[] cs = scaled.run(p, 1);
                    // any alpha: within the forward-error bound of alpha·(A·B)
                    GemmCase any = new GemmCase(p, s.ta, s.tb, s.m, s.n, s.k, alpha, 0, false, Activation.NONE, s.seed);
                    double[] ca = any.run(p, 1);
                    double a = any.alpha;
                    for (int i = 0; i < s.m; i++) {
                        for (int j = 0; j < s.n; j++) {
                            int idx = one.cOff + i * one.ldc + j;
                            if (cs[idx] != p.round(scale * c1[idx])) {
                                throw new AssertionError("C(2^" + exponent + "·A·B) != 2^" + exponent + "·C(A·B) at " + i + "," + j);
                            }
                            double mag = 0;
                            for (int q = 0; q < s.k; q++) {
                                mag += Math.abs(one.opA(i, q) * one.opB(q, j));
                            }
                            double tol = 2 * Tolerances.sum(p.unit(), s.k, Math.abs(a) * mag);
                            if (!(Math.abs(ca[idx] - a * c1[idx]) <= tol)) {
                                throw new AssertionError("C(alpha·A·B) differs from alpha·C(A·B) by "
                                        + Math.abs(ca[idx] - a * c1[idx]) + " > " + tol + " at " + i + "," + j);
                            }
                        }
                    }
                });
    }

    @ParameterizedTest
    @MethodSource("precisions")
    void gemmIsLinearInA(Precision p) {
        qt().withExamples(200).forAll(shapes(40)).checkAssert(s -> {
            GemmCase g1 = new GemmCase(p, s.ta, s.tb, s.m, s.n, s.k, 1, 0, false, Activation.NONE, s.seed);
            GemmCase g2 = new GemmCase(p, s.ta, s.tb, s.m, s.n, s.k, 1, 0, false, Activation.NONE, s.seed + 1);
            // same shapes and storage need the same seed layout: build A1 + A2 on g1's storage
            double[] aSum = g1.a.clone();
            SplittableRandom r = new SplittableRandom(s.seed ^ 0x5DEECE66DL);
            double[] a2 = p.round(Reference.uniform(r, g1.a.length, -1, 1));
            for (int i = 0; i < aSum.length; i++) {
                aSum[i] = p.round(g1.a[i] + a2[i]);
            }
            double[] c1 = run(p, g1, g1.a), c2 = run(p, g1, a2), cSum = run(p, g1, aSum);
            for (int i = 0; i < s.m; i++) {
                for (int j = 0; j < s.n; j++) {
                    double mag = 0;
                    for (int q = 0; q < s.k; q++) {
                        int ai = s.ta == Transpose.NO ? g1.aOff + i * g1.lda + q : g1.aOff + q * g1.lda + i;
                        mag += (Math.abs(g1.a[ai]) + Math.abs(a2[ai]) + Math.abs(aSum[ai])) * Math.abs(g1.opB(q, j));
                    }
                    // A1 + A2 was rounded once more: one unit per term on top of the sums' bound
                    double tol = 2 * Tolerances.sum(p.unit(), s.k, mag);
                    int idx = g1.cOff + i * g1.ldc + j;
                    if (!(Math.abs(cSum[idx] - c1[idx] - c2[idx]) <= tol)) {
                        throw new AssertionError("(A1+A2)·B != A1·B + A2·B at " + i + "," + j + ": "
                                + cSum[idx] + " vs " + (c1[idx] + c2[idx]) + " (bound " + tol + ")");
                    }
                }
            }
            g2.check(p, g2.run(p, 1));
        });
    }

    private static double[] run(Precision p, GemmCase g, double[] a) {
        double[] out = g.c.clone();
        p.gemm(g.ta, g.tb, g.m, g.n, g.k, 1, a, g.aOff, g.lda, g.b, g.bOff, g.ldb, 0, out, g.cOff, g.ldc,
                null, 0, Activation.NONE, 1);
        return out;
    }

    @ParameterizedTest
    @MethodSource("precisions")
    void resultsDoNotDependOnTheThreadCount(Precision p) {
        // up to 300 reaches the packed path and its several blocks
        qt().withExamples(40).forAll(shapes(300), integers().between(2, 4)).checkAssert((s, threads) -> {
            GemmCase g = new GemmCase(p, s.ta, s.tb, s.m, s.n, s.k, 0.75, 0.5, true, Activation.SIGMOID, s.seed);
            assertArrayEquals(g.run(p, 1), g.run(p, threads), s + " threads=" + threads);
        });
    }

    @ParameterizedTest
    @MethodSource("precisions")
    void softmaxRowsSumToOneAndIgnoreAShift(Precision p) {
        qt().withExamples(300).forAll(integers().between(1, 5), integers().between(1, 70),
                        doubles().between(-1e4, 1e4), longs().all())
                .checkAssert((m, n, shift, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    double spread = r.nextBoolean() ? 10 : 1e4; // large logits must stay finite
                    double[] x = p.round(Reference.uniform(r, m * n, -spread, spread));
                    double[] y = new double[m * n];
                    p.softmaxRows(m, n, x, 0, n, y, 0, n);
                    double[] shifted = new double[m * n];
                    for (int i = 0; i < m * n; i++) {
                        shifted[i] = p.round(x[i] + shift);
                    }
                    double[] ys = new double[m * n];
                    p.softmaxRows(m, n, shifted, 0, n, ys, 0, n);
                    for (int i = 0; i < m; i++) {
                        double sum = 0;
                        for (int j = 0; j < n; j++) {
                            double v = y[i * n + j];
                            if (!(v >= 0 && v <= 1)) {
                                throw new AssertionError("softmax value " + v + " outside [0, 1] (logit " + x[i * n + j] + ")");
                            }
                            sum += v;
                            // x + shift is rounded to the precision: the shift moves each logit by up to
                            // u·|x + shift|, which moves each probability by that much relative
                            double moved = p.unit() * (Math.abs(x[i * n + j]) + Math.abs(shift)) * 2 * n;
                            double tol = (16 + 2 * n) * p.unit() + moved;
                            if (!(Math.abs(ys[i * n + j] - v) <= tol)) {
                                throw new AssertionError("softmax(x + " + shift + ") differs from softmax(x) by "
                                        + Math.abs(ys[i * n + j] - v) + " > " + tol);
                            }
                        }
                        if (!(Math.abs(sum - 1) <= (16 + 2 * n) * p.unit())) {
                            throw new AssertionError("row " + i + " sums to " + sum);
                        }
                    }
                });
    }

    /**
     * The transposes change where the operands lie, not the order of the sums: A·B with A and B as stored
     * equals the same product from their stored transposes (op = T), bit for bit, and Bᵀ·Aᵀ stored
     * transposed is the same matrix, element by element.
     */
    @ParameterizedTest
    @MethodSource("precisions")
    void transposedOperandsGiveTheSameBits(Precision p) {
        qt().withExamples(200).forAll(integers().between(1, 70), integers().between(1, 70), integers().between(1, 70), longs().all())
                .checkAssert((m, n, k, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    double[] a = p.round(Reference.uniform(r, m * k, -2, 2)), b = p.round(Reference.uniform(r, k * n, -2, 2));
                    double[] at = transpose(a, m, k), bt = transpose(b, k, n);
                    double[] c = new double[m * n], ct = new double[m * n], cbt = new double[n * m];
                    p.gemm(Transpose.NO, Transpose.NO, m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n, null, 0, Activation.NONE, 1);
                    p.gemm(Transpose.YES, Transpose.YES, m, n, k, 1, at, 0, m, bt, 0, k, 0, ct, 0, n, null, 0, Activation.NONE, 1);
                    p.gemm(Transpose.NO, Transpose.NO, n, m, k, 1, bt, 0, k, at, 0, m, 0, cbt, 0, m, null, 0, Activation.NONE, 1);
                    assertArrayEquals(c, ct, "A·B from the stored transposes, " + m + "x" + n + "x" + k);
                    assertArrayEquals(c, transpose(cbt, n, m), "(Bᵀ·Aᵀ)ᵀ, " + m + "x" + n + "x" + k);
                });
    }

    private static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }

    /** The loss is the batch's mean of −log p(label) under softmax: never negative, and as the probabilities say. */
    @ParameterizedTest
    @MethodSource("precisions")
    void theLossIsTheMeanNegativeLogOfTheLabelsProbability(Precision p) {
        qt().withExamples(300).forAll(integers().between(1, 8), integers().between(2, 40), doubles().between(0.1, 50), longs().all())
                .checkAssert((m, n, spread, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    double[] x = p.round(Reference.uniform(r, m * n, -spread, spread));
                    int[] labels = Reference.labels(r, m, n);
                    double loss = p.crossEntropyLogits(m, n, x, 0, n, labels);
                    double expected = 0;
                    for (int i = 0; i < m; i++) {
                        double max = Double.NEGATIVE_INFINITY, sum = 0;
                        for (int j = 0; j < n; j++) {
                            max = Math.max(max, x[i * n + j]);
                        }
                        for (int j = 0; j < n; j++) {
                            sum += Math.exp(x[i * n + j] - max);
                        }
                        expected += Math.log(sum) - (x[i * n + labels[i]] - max);
                    }
                    expected /= m;
                    if (!(loss >= 0)) {
                        throw new AssertionError("loss " + loss + " below zero");
                    }
                    double tol = (32 + 4 * n) * p.unit() * (1 + expected + spread);
                    if (!(Math.abs(loss - expected) <= tol)) {
                        throw new AssertionError("loss " + loss + ", −log p(label) says " + expected + " (bound " + tol + ")");
                    }
                });
    }

    @ParameterizedTest
    @MethodSource("precisions")
    void sigmoidIsInUnitIntervalAndSymmetric(Precision p) {
        qt().withExamples(300).forAll(integers().between(1, 100), doubles().between(-200, 200), longs().all())
                .checkAssert((len, scale, seed) -> {
                    double[] x = p.round(Reference.uniform(new SplittableRandom(seed), len, -Math.abs(scale), Math.abs(scale) + 1e-9));
                    double[] neg = new double[len];
                    for (int i = 0; i < len; i++) {
                        neg[i] = -x[i];
                    }
                    double[] y = new double[len], yn = new double[len];
                    p.sigmoid(len, x, 0, y, 0);
                    p.sigmoid(len, neg, 0, yn, 0);
                    for (int i = 0; i < len; i++) {
                        if (!(y[i] >= 0 && y[i] <= 1)) {
                            throw new AssertionError("sigmoid(" + x[i] + ") = " + y[i]);
                        }
                        double tol = 2 * Tolerances.transcendental(p.unit(), 1);
                        if (!(Math.abs(yn[i] - (1 - y[i])) <= tol)) {
                            throw new AssertionError("sigmoid(-x) = " + yn[i] + " but 1 - sigmoid(x) = " + (1 - y[i]) + " at x=" + x[i]);
                        }
                    }
                });
    }
}
