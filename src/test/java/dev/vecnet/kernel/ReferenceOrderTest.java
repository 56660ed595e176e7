package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One answer on every CPU: the kernels under test (the provider and vector width this run was
 * started with) give bitwise the scalar kernels' results, op by op, on random shapes and values,
 * every path (blocked, rows, narrow and wide tiles, several KC blocks, sparse and dense rows, thread
 * splits). The build runs this class once per provider and width (scalar, Panama at 128, 256 and
 * 512 bits), so all of them agree with each other. The scalar GEMM itself is pinned to the written
 * order (docs/kernel-contract.md) by an explicit FMA chain. Seeds are printed on failure.
 */
class ReferenceOrderTest {
    private static final long SEED = Long.getLong("vecnet.test.seed", 0x5EED_0F_0D3L);
    private static final int CASES = 60;

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(Precision.F32, new Precision.F32(Kernels.f32(Kernels.Provider.SCALAR))),
                Arguments.of(Precision.F64, new Precision.F64(Kernels.f64(Kernels.Provider.SCALAR))));
    }

    private static void assertSameBits(String what, long seed, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                fail(what + " (seed " + seed + "): element " + i + " is " + actual[i] + ", the scalar kernels give "
                        + expected[i]);
            }
        }
    }

    private static double[] values(SplittableRandom r, int size, double zeros) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextDouble() < zeros ? 0 : r.nextDouble(-2, 2);
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void gemmGivesTheScalarBits(Precision p, Precision scalar) {
        SplittableRandom seeds = new SplittableRandom(SEED);
        for (int c = 0; c < CASES; c++) {
            long seed = seeds.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            int m = r.nextInt(4) == 0 ? 1 + r.nextInt(4) : 1 + r.nextInt(140);
            int n = 1 + r.nextInt(r.nextBoolean() ? 12 : 90);
            int k = r.nextInt(5) == 0 ? 500 + r.nextInt(700) : 1 + r.nextInt(120); // some cross KC = 512
            Transpose ta = r.nextBoolean() ? Transpose.NO : Transpose.YES;
            Transpose tb = r.nextBoolean() ? Transpose.NO : Transpose.YES;
            double alpha = new double[] {1, -0.75, 2.5}[r.nextInt(3)];
            double beta = new double[] {0, 1, 0.5}[r.nextInt(3)];
            Activation act = Reference.activations()[r.nextInt(Reference.activations().length)];
            int threads = 1 + r.nextInt(3);
            double[] a = p.round(values(r, m * k, r.nextDouble() * 0.8));
            double[] b = p.round(values(r, k * n, 0.1));
            double[] bias = r.nextBoolean() ? p.round(values(r, n, 0)) : null;
            double[] c0 = p.round(values(r, m * n, 0));
            int lda = ta == Transpose.NO ? k : m, ldb = tb == Transpose.NO ? n : k;
            double[] expected = c0.clone(), actual = c0.clone();
            scalar.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, expected, 0, n, bias, 0, act, 1);
            p.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, actual, 0, n, bias, 0, act, threads);
            assertSameBits(p.provider() + " " + p.name() + " gemm " + ta + tb + " " + m + "x" + n + "x" + k + " alpha "
                    + alpha + " beta " + beta + " " + act + " threads " + threads, seed, expected, actual);
        }
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void rowsTimesPackedGiveTheScalarBitsAndTheGemmBits(Precision p, Precision scalar) {
        SplittableRandom seeds = new SplittableRandom(SEED + 1);
        for (int c = 0; c < CASES; c++) {
            long seed = seeds.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            int m = 1 + r.nextInt(70), k = 1 + r.nextInt(r.nextBoolean() ? 60 : 900);
            int n = 1 + r.nextInt(new int[] {10, 40, 70, 150}[r.nextInt(4)]);
            Activation act = Reference.activations()[r.nextInt(Reference.activations().length)];
            double[] x = p.round(values(r, m * k, 0.8)); // mostly zeros, like an image
            double[] b = p.round(values(r, k * n, 0));
            double[] bias = r.nextBoolean() ? p.round(values(r, n, 0)) : null;
            double[] expected = new double[m * n], actual = new double[m * n], dense = new double[m * n];
            scalar.vecMatRows(m, n, k, x, 0, k, b, bias, act, expected, 0, n, 1);
            p.vecMatRows(m, n, k, x, 0, k, b, bias, act, actual, 0, n, 1 + r.nextInt(2));
            String what = p.provider() + " " + p.name() + " vecMatRows " + m + "x" + n + "x" + k + " " + act;
            assertSameBits(what, seed, expected, actual);
            // the dense GEMM path gives the same bits as the zero-skipping rows (finite B)
            p.gemm(Transpose.NO, Transpose.NO, m, n, k, 1, x, 0, k, b, 0, n, 0, dense, 0, n, bias, 0, act, 1);
            assertSameBits(what + " against gemm", seed, expected, dense);
        }
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void softmaxLossesAndExpGiveTheScalarBits(Precision p, Precision scalar) {
        SplittableRandom seeds = new SplittableRandom(SEED + 2);
        for (int c = 0; c < CASES; c++) {
            long seed = seeds.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            int m = 1 + r.nextInt(40), n = 1 + r.nextInt(r.nextBoolean() ? 12 : 70);
            // 200 and 1000 reach exp's flush to zero; the smallest scale makes leaky ReLU's products subnormal
            double scale = new double[] {1, 30, 200, 1000, 4 * p.smallestNormal()}[r.nextInt(5)];
            double[] x = values(r, m * n, 0.05);
            for (int i = 0; i < x.length; i++) {
                x[i] = p.round(x[i] * scale);
            }
            int[] labels = Reference.labels(r, m, n);
            String what = p.provider() + " " + p.name() + " " + m + "x" + n + " scale " + scale;
            double[] e1 = new double[m * n], e2 = new double[m * n];
            scalar.softmaxRows(m, n, x, 0, n, e1, 0, n);
            p.softmaxRows(m, n, x, 0, n, e2, 0, n);
            assertSameBits("softmax " + what, seed, e1, e2);
            assertSameBits("cross-entropy " + what, seed, new double[] {scalar.crossEntropyLogits(m, n, x, 0, n, labels)},
                    new double[] {p.crossEntropyLogits(m, n, x, 0, n, labels)});
            assertSameBits("book cross-entropy " + what, seed, new double[] {scalar.crossEntropyBook(m, n, e1, 0, n, labels)},
                    new double[] {p.crossEntropyBook(m, n, e1, 0, n, labels)});
            double[] d1 = new double[m * n], d2 = new double[m * n];
            scalar.softmaxLossBackward(m, n, e1, labels, d1);
            p.softmaxLossBackward(m, n, e1, labels, d2);
            assertSameBits("softmax-loss backward " + what, seed, d1, d2);
            int len = m * n;
            double[] y1 = new double[len], y2 = new double[len];
            scalar.exp(len, x, 0, y1, 0);
            p.exp(len, x, 0, y2, 0);
            assertSameBits("exp " + what, seed, y1, y2);
            scalar.sigmoid(len, x, 0, y1, 0);
            p.sigmoid(len, x, 0, y2, 0);
            assertSameBits("sigmoid " + what, seed, y1, y2);
            scalar.tanh(len, x, 0, y1, 0);
            p.tanh(len, x, 0, y2, 0);
            assertSameBits("tanh " + what, seed, y1, y2);
            double alpha = p.round(r.nextDouble(0.001, 0.5));
            scalar.leakyRelu(len, alpha, x, y1);
            p.leakyRelu(len, alpha, x, y2);
            assertSameBits("leaky ReLU " + what, seed, y1, y2);
        }
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void updatesAndGradientsGiveTheScalarBits(Precision p, Precision scalar) {
        SplittableRandom seeds = new SplittableRandom(SEED + 3);
        for (int c = 0; c < CASES; c++) {
            long seed = seeds.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            int m = 1 + r.nextInt(120), k = 1 + r.nextInt(300), n = 1 + r.nextInt(150); // several slabs and panels of the sparse kernel
            String what = p.provider() + " " + p.name() + " " + m + "x" + k + "x" + n;
            double[] x = p.round(values(r, m * k, 0.7)), d = p.round(values(r, m * n, 0));
            double[] c1 = new double[k * n], c2 = new double[k * n];
            scalar.sparseTransposeTimes(m, k, n, x, 0, k, d, 0, n, c1, 0, n, 1);
            p.sparseTransposeTimes(m, k, n, x, 0, k, d, 0, n, c2, 0, n, 1 + r.nextInt(2));
            assertSameBits("sparse Xᵀ·D " + what, seed, c1, c2);
            double[] g = new double[k * n];
            p.gemm(Transpose.YES, Transpose.NO, k, n, m, 1, x, 0, k, d, 0, n, 0, g, 0, n, null, 0, Activation.NONE, 1);
            assertSameBits("Xᵀ·D by gemm against sparse " + what, seed, c1, g);
            double[] s1 = new double[n], s2 = new double[n];
            scalar.columnSums(m, n, d, 0, n, s1);
            p.columnSums(m, n, d, 0, n, s2);
            assertSameBits("column sums " + what, seed, s1, s2);
            double alpha = p.round(-r.nextDouble(0.001, 1));
            double[] w1 = p.round(values(r, k * n, 0)), w2 = w1.clone();
            scalar.axpy(k * n, alpha, c1, w1);
            p.axpy(k * n, alpha, c1, w2);
            assertSameBits("axpy " + what, seed, w1, w2);
            double[] y = p.round(values(r, m * n, 0)), b1 = new double[m * n], b2 = new double[m * n];
            scalar.sigmoidBackward(m * n, d, y, b1);
            p.sigmoidBackward(m * n, d, y, b2);
            assertSameBits("sigmoid backward " + what, seed, b1, b2);
            scalar.tanhBackward(m * n, d, y, b1);
            p.tanhBackward(m * n, d, y, b2);
            assertSameBits("tanh backward " + what, seed, b1, b2);
        }
    }

    /** Values of every magnitude, from subnormal to 100, with zeros of both signs: the updates' flushes on every path. */
    static double[] magnitudes(Precision p, SplittableRandom r, int size) {
        double[] x = new double[size];
        double low = Math.log(p.smallestNormal()) - 20, high = Math.log(100);
        for (int i = 0; i < size; i++) {
            double v = r.nextInt(8) == 0 ? 0 : Math.exp(r.nextDouble(low, high));
            x[i] = p.round(r.nextBoolean() ? -v : v);
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void optimizerStepsGiveTheScalarBits(Precision p, Precision scalar) {
        SplittableRandom seeds = new SplittableRandom(SEED + 5);
        for (int c = 0; c < CASES; c++) {
            long seed = seeds.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            int len = 1 + r.nextInt(r.nextBoolean() ? 40 : 700);
            Precision.Update u = Precision.Update.values()[r.nextInt(Precision.Update.values().length)];
            double lr = p.round(Math.exp(r.nextDouble(Math.log(1e-4), 0)));
            double[] w1 = magnitudes(p, r, len), a1 = new double[len], b1 = new double[len];
            double[] w2 = w1.clone(), a2 = a1.clone(), b2 = b1.clone();
            for (int step = 0; step < 3; step++) {
                double[] g = magnitudes(p, r, len);
                scalar.update(u, len, lr, g, a1, b1, w1);
                p.update(u, len, lr, g, a2, b2, w2);
                String what = p.provider() + " " + p.name() + " " + u + " step " + step + " of " + len + " lr " + lr;
                assertSameBits(what + " parameters", seed, w1, w2);
                assertSameBits(what + " state", seed, a1, a2);
                assertSameBits(what + " second moments", seed, b1, b2);
            }
        }
    }

    /** The scalar GEMM is the order docs/kernel-contract.md writes down, here spelled out for float. */
    @Test
    void scalarGemmIsOneFmaChainPerElementThenAlphaBetaBias() {
        SplittableRandom r = new SplittableRandom(SEED + 4);
        int m = 7, n = 11, k = 777;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n], bias = new float[n];
        for (float[] v : new float[][] {a, b, c, bias}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextDouble(-1, 1);
            }
        }
        float alpha = 0.75f, beta = -1.5f;
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[i * k + p], b[p * n + j], sum);
                }
                expected[i * n + j] = Math.fma(c[i * n + j], beta, sum * alpha) + bias[j];
            }
        }
        Kernels.f32(Kernels.Provider.SCALAR).gemm(Transpose.NO, Transpose.NO, m, n, k, alpha, a, 0, k, b, 0, n, beta,
                c, 0, n, bias, 0, Activation.NONE, 1);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(c[i]), "element " + i);
        }
    }
}
