package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zero-skipping kernels against the plain double reference: the packed-weights vecMat /
 * vecMatRows (y = act(x·B + bias) row by row) and sparseTransposeTimes (C = Xᵀ·D, the first layer's
 * weight gradient), with countNonZero and firstNonFinite; for vecMat: k and n around the vector
 * length and the panel width, the network's 784-50-10, rows with zeros (skipped by the kernel) in all-zero stretches and scattered, offsets and leading
 * dimensions; rows, and batches split over 2–4 threads, giving bitwise the single-row results.
 */
class VecMatContractTest {

    static Stream<Arguments> cases() {
        return Arrays.stream(Precision.both()).flatMap(p -> {
            int l = p.lanes() == 1 ? 8 : p.lanes();
            int[] ks = {1, l - 1, l, l + 1, 3 * l + 5, 50, 97, 784};
            int[] ns = {1, 2, l - 1, l + 1, 2 * l + 1, 4 * l, 4 * l + 1, 10, 50, 7 * l, 7 * l + 1, 8 * l - 1, 8 * l + 1,
                    17 * l + 3}; // every panel width: 2, 4, 7 and 8 vectors, one or more panels
            return IntStream.of(ks).filter(x -> x >= 1).distinct().boxed().flatMap(k ->
                    IntStream.of(ns).filter(x -> x >= 1).distinct().mapToObj(n -> Arguments.of(p, k, n)));
        });
    }

    /** Rows with every kind of zero pattern: dense, a blank stretch, scattered zeros, all zero. */
    static double[] rows(SplittableRandom r, int m, int k, int ldx, int off) {
        double[] x = new double[off + (m - 1) * ldx + k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                double v = r.nextDouble(-1, 1);
                boolean zero = switch (i % 4) {
                    case 0 -> false;
                    case 1 -> j >= k / 3 && j < 2 * k / 3;
                    case 2 -> r.nextInt(5) != 0;
                    default -> true;
                };
                x[off + i * ldx + j] = zero ? 0.0 : v;
            }
        }
        return x;
    }

    @ParameterizedTest(name = "{0} k={1} n={2}")
    @MethodSource("cases")
    void matchesTheReference(Precision p, int k, int n) {
        SplittableRandom r = new SplittableRandom(31L * k + n);
        int m = 5, ldx = k + 3, xOff = 2, ldy = n + 1, yOff = 1;
        double[] b = p.round(Reference.uniform(r, k * n, -1, 1));
        double[] bias = p.round(Reference.uniform(r, n, -1, 1));
        double[] x = p.round(rows(r, m, k, ldx, xOff));
        for (Activation act : Reference.activations()) {
            double[] y = new double[yOff + (m - 1) * ldy + n + 2];
            Arrays.fill(y, 7.0);
            p.vecMatRows(m, n, k, x, xOff, ldx, b, act == Activation.NONE ? null : bias, act, y, yOff, ldy, 1);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = act == Activation.NONE ? 0 : bias[j], magnitude = Math.abs(sum);
                    for (int q = 0; q < k; q++) {
                        double t = x[xOff + i * ldx + q] * b[q * n + j];
                        sum += t;
                        magnitude += Math.abs(t);
                    }
                    double expected = switch (act.kind()) {
                        case NONE -> sum;
                        case SIGMOID -> Reference.sigmoid(sum);
                        case RELU -> Math.max(0, sum);
                        case TANH -> Math.tanh(sum);
                        case LEAKY_RELU -> sum < 0 ? act.slope() * sum : sum;
                    };
                    double tol = Tolerances.sum(p.unit(), k, magnitude)
                            + (act == Activation.SIGMOID ? Tolerances.transcendental(p.unit(), 1) : act == Activation.TANH ? 4 * p.unit() : 0);
                    double got = y[yOff + i * ldy + j];
                    assertTrue(Math.abs(got - expected) <= tol, p.name() + " " + act + " y[" + i + "][" + j + "] = " + got
                            + ", expected " + expected + " (tolerance " + tol + ")");
                }
                for (int j = n; j < ldy && i < m - 1; j++) {
                    assertEquals(7.0, y[yOff + i * ldy + j], 0.0, "gap between rows untouched");
                }
            }
            assertEquals(7.0, y[0], 0.0, "before y untouched");
            assertEquals(7.0, y[y.length - 1], 0.0, "after y untouched");
        }
    }

    @ParameterizedTest(name = "{0} k={1} n={2}")
    @MethodSource("cases")
    void rowsGiveTheSingleRowResultsBitwise(Precision p, int k, int n) {
        SplittableRandom r = new SplittableRandom(7L * k + n);
        int m = 9;
        double[] b = p.round(Reference.uniform(r, k * n, -1, 1));
        double[] bias = p.round(Reference.uniform(r, n, -1, 1));
        double[] x = p.round(rows(r, m, k, k, 0));
        double[] one = new double[m * n], three = new double[m * n], single = new double[m * n];
        p.vecMatRows(m, n, k, x, 0, k, b, bias, Activation.SIGMOID, one, 0, n, 1);
        p.vecMatRows(m, n, k, x, 0, k, b, bias, Activation.SIGMOID, three, 0, n, 3);
        for (int i = 0; i < m; i++) {
            p.vecMatRows(1, n, k, x, i * k, k, b, bias, Activation.SIGMOID, single, i * n, n, 1);
        }
        assertArrayEquals(one, three, "3 threads asked (9 rows: too few to split)");
        assertArrayEquals(one, single, "row by row");
    }

    @ParameterizedTest(name = "{0} k={1} n={2}")
    @MethodSource("cases")
    void sparseTransposeTimesMatchesTheReferenceOnAnyThreadCount(Precision p, int k, int n) {
        SplittableRandom r = new SplittableRandom(13L * k + n);
        int m = 7, ldx = k + 2, xOff = 3, ldd = n + 1, dOff = 1, ldc = n + 2, cOff = 2;
        double[] x = p.round(rows(r, m, k, ldx, xOff));
        double[] d = p.round(Reference.uniform(r, dOff + (m - 1) * ldd + n, -1, 1));
        double[] c = new double[cOff + (k - 1) * ldc + n + 1];
        Arrays.fill(c, Double.NaN); // beta = 0: C is never read
        double[] three = c.clone();
        p.sparseTransposeTimes(m, k, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc, 1);
        p.sparseTransposeTimes(m, k, n, x, xOff, ldx, d, dOff, ldd, three, cOff, ldc, 3);
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, magnitude = 0;
                for (int i = 0; i < m; i++) {
                    double t = x[xOff + i * ldx + q] * d[dOff + i * ldd + j];
                    sum += t;
                    magnitude += Math.abs(t);
                }
                double got = c[cOff + q * ldc + j], tol = Tolerances.sum(p.unit(), m, magnitude);
                assertTrue(Math.abs(got - sum) <= tol, p.name() + " C[" + q + "][" + j + "] = " + got + ", expected " + sum);
            }
        }
        assertArrayEquals(c, three, "3 threads");
        assertTrue(Double.isNaN(c[0]) && Double.isNaN(c[c.length - 1]), "outside C untouched");
        for (int q = 0; q < k - 1; q++) {
            assertTrue(Double.isNaN(c[cOff + q * ldc + n]), "gap between rows untouched");
        }
    }

    @Test
    void countNonZeroCounts() {
        for (Precision p : Precision.both()) {
            for (int len : new int[] {1, 7, 8, 9, 50, 784}) {
                double[] x = rows(new SplittableRandom(len), 3, len + 2, len + 2, 0); // row 2: scattered zeros
                int off = 2 * (len + 2) + 1;
                x[off - 1] = 5; // just outside the range
                x[off + len] = 5;
                int expected = 0;
                for (int i = off; i < off + len; i++) {
                    expected += x[i] != 0 ? 1 : 0;
                }
                assertEquals(expected, p.countNonZero(len, x, off), p.name() + " len " + len);
            }
            double[] special = {0.0, -0.0, Double.NaN, 1e-300, 0.0};
            assertEquals(p.name().equals("f32") ? 1 : 2, p.countNonZero(5, special, 0),
                    "-0 is zero, NaN is not; 1e-300 is zero in float32");
        }
    }

    /** Batches long enough to be split (at least VEC_MAT_MIN_ROWS_PER_THREAD rows per thread). */
    @Test
    void splitBatchesGiveTheOneThreadResultsBitwise() {
        for (Precision p : Precision.both()) {
            for (int[] kn : new int[][] {{784, 50}, {50, 10}, {13, 67}}) {
                int k = kn[0], n = kn[1], m = 3 * FloatKernels.VEC_MAT_MIN_ROWS_PER_THREAD + 7;
                SplittableRandom r = new SplittableRandom(k + 31L * n);
                double[] b = p.round(Reference.uniform(r, k * n, -1, 1));
                double[] bias = p.round(Reference.uniform(r, n, -1, 1));
                double[] x = p.round(rows(r, m, k, k, 0));
                double[] one = new double[m * n];
                p.vecMatRows(m, n, k, x, 0, k, b, bias, Activation.RELU, one, 0, n, 1);
                for (int threads : new int[] {2, 3, 4}) {
                    double[] split = new double[m * n];
                    p.vecMatRows(m, n, k, x, 0, k, b, bias, Activation.RELU, split, 0, n, threads);
                    assertArrayEquals(one, split, p.name() + " " + k + "x" + n + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void zerosAreSkippedExactly() {
        for (Precision p : Precision.both()) {
            int k = 40, n = 9;
            SplittableRandom r = new SplittableRandom(3);
            double[] b = p.round(Reference.uniform(r, k * n, -1, 1));
            double[] x = new double[k];
            x[5] = 0.5;
            x[33] = -2.0;
            double[] y = new double[n];
            p.vecMatRows(1, n, k, x, 0, k, b, null, Activation.NONE, y, 0, n, 1);
            for (int j = 0; j < n; j++) {
                assertEquals(p.round(p.round(0.5 * b[5 * n + j]) + p.round(-2.0 * b[33 * n + j])), y[j],
                        2 * p.unit() * (Math.abs(b[5 * n + j]) + 2 * Math.abs(b[33 * n + j])), "column " + j);
            }
            double[] zeros = new double[k];
            p.vecMatRows(1, n, k, zeros, 0, k, b, null, Activation.NONE, y, 0, n, 1);
            assertArrayEquals(new double[n], y, "an all-zero row gives zeros");
        }
    }

    @Test
    void firstNonFiniteFindsTheFirst() {
        for (Precision p : Precision.both()) {
            for (int len : new int[] {1, 7, 8, 9, 50, 784}) {
                double[] x = Reference.uniform(new SplittableRandom(len), len + 2, -1e30, 1e30);
                assertEquals(-1, p.firstNonFinite(len, x, 1), p.name() + " all finite, len " + len);
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    double[] y = x.clone();
                    y[1 + len - 1] = bad;
                    y[1 + len / 2] = bad;
                    assertEquals(len / 2, p.firstNonFinite(len, y, 1), p.name() + " " + bad + " len " + len);
                }
                double[] outside = x.clone();
                outside[0] = Double.NaN;
                outside[len + 1] = Double.NaN;
                assertEquals(-1, p.firstNonFinite(len, outside, 1), "values outside the range are not read");
            }
        }
    }

    @Test
    void aMatrixPackedByOtherKernelsIsRefused() {
        FloatKernels panama = Kernels.f32(), scalar = Kernels.f32(Kernels.Provider.SCALAR);
        if (panama.provider().equals(scalar.provider())) {
            return; // this run's default is the scalar provider
        }
        PackedFloatMatrix b = scalar.pack(3, 2, new float[6], 0, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> panama.vecMat(new float[3], 0, b, null, 0, Activation.NONE, new float[2], 0));
        assertTrue(e.getMessage().contains("packed by"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> scalar.vecMat(new float[2], 0, b, null, 0, Activation.NONE, new float[2], 0), "x too short");
    }
}
