package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GEMM against a plain double reference over a sweep of awkward shapes (1, lanes−1, lanes, lanes+1,
 * primes, the network's shapes, blocks larger than the packing blocks), every transpose pair,
 * alpha/beta/bias/activation variants and storage at offsets. Run once per provider and vector
 * width by the build.
 */
class GemmContractTest {

    static Stream<Arguments> precisions() {
        return Arrays.stream(Precision.both()).map(Arguments::of);
    }

    /** Sizes around the vector length of the precision under test, plus primes. */
    static int[] awkward(int lanes) {
        return IntStream.of(1, 2, 3, lanes - 1, lanes, lanes + 1, 2 * lanes + 1, 3 * lanes + 2, 4 * lanes + 1,
                        5 * lanes - 1, 7, 13, 37, 67)
                .filter(s -> s >= 1).distinct().sorted().toArray();
    }

    private static final Activation[] ACTS = Reference.activations();

    @ParameterizedTest
    @MethodSource("precisions")
    void sweepOfSmallShapes(Precision p) {
        int[] ms = {1, 2, 3, 4, 5, 7, 8, 9, 13};
        int[] ns = awkward(p.lanes() == 1 ? 16 : p.lanes());
        int[] ks = {1, 2, 7, 17, 37};
        int cases = 0;
        double worst = 0;
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                for (int m : ms) {
                    for (int n : ns) {
                        for (int k : ks) {
                            int v = cases++;
                            double alpha = v % 3 == 0 ? 1 : v % 3 == 1 ? -0.75 : 2.5;
                            double beta = v % 4 == 0 ? 0 : v % 4 == 1 ? 1 : v % 4 == 2 ? 0.5 : -2;
                            GemmCase g = new GemmCase(p, ta, tb, m, n, k, alpha, beta, v % 5 < 2, ACTS[v % 3], v);
                            worst = Math.max(worst, g.check(p, g.run(p, 1)));
                        }
                    }
                }
            }
        }
        assertTrue(cases > 1000, "swept " + cases + " cases");
        System.out.printf("%s/%s: %d small GEMM cases, worst error %.3f of the bound%n", p.name(), p.provider(), cases, worst);
    }

    static Stream<Arguments> largeShapes() {
        int[][] shapes = {
            {100, 50, 784}, // forward x·W1
            {784, 50, 100}, // weight gradient xᵀ·dz (A transposed)
            {100, 50, 10},  // dy·W2ᵀ (B transposed)
            {50, 10, 100},  // hᵀ·dy
            {100, 10, 50},  // forward h·W2
            {1, 50, 784},   // one sample
            {67, 131, 300}, // packed, two K blocks, edge tiles
            {130, 70, 260}, // packed, two M blocks
            {9, 2100, 20},  // packed, two N blocks
            {257, 97, 515}, // packed, everything ragged
        };
        return Arrays.stream(Precision.both()).flatMap(p -> Arrays.stream(shapes).flatMap(s ->
                Stream.of(Transpose.values()).flatMap(ta -> Stream.of(Transpose.values()).map(tb ->
                        Arguments.of(p, ta, tb, s[0], s[1], s[2])))));
    }

    @ParameterizedTest(name = "{0} {1}{2} {3}x{4}x{5}")
    @MethodSource("largeShapes")
    void largeAndNetworkShapes(Precision p, Transpose ta, Transpose tb, int m, int n, int k) {
        GemmCase plain = new GemmCase(p, ta, tb, m, n, k, 1, 0, false, Activation.NONE, m * 31L + n * 7L + k);
        plain.check(p, plain.run(p, 1));
        GemmCase fused = new GemmCase(p, ta, tb, m, n, k, -0.5, 1.5, true, Activation.SIGMOID, m + n + k);
        fused.check(p, fused.run(p, 1));
    }

    @ParameterizedTest(name = "{0} {1}{2} {3}x{4}x{5}")
    @MethodSource("largeShapes")
    void threadCountDoesNotChangeResults(Precision p, Transpose ta, Transpose tb, int m, int n, int k) {
        GemmCase g = new GemmCase(p, ta, tb, m, n, k, 1.25, 0.5, true, Activation.RELU, 17L * m + k);
        double[] one = g.run(p, 1);
        g.check(p, one);
        for (int threads = 2; threads <= 5; threads++) {
            assertArrayEquals(one, g.run(p, threads), g.describe(p) + " threads=" + threads);
        }
    }
}
