package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.IdxFile;
import dev.vecnet.data.Mnist;
import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Parameter;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's training run gives the same weights, bit for bit, on the kernels this run was started
 * with (Panama at the width the build forces: 128, 256 or 512 bits) and on the scalar kernels: on
 * MNIST digits (the zero-skipping path) and on their negatives (80 % nonzero: the dense GEMM path),
 * in float and in double, one thread against two.
 */
class SameWeightsEverywhereTest {
    private static Mnist.Splits digits;

    @BeforeAll
    static void load() throws IOException {
        digits = Mnist.embedded();
    }

    /** The same images with every pixel p as 255 − p: a dark digit on a white page, dense. */
    private static Dataset negative(Dataset d) {
        int n = d.size(), f = d.features();
        byte[] pixels = new byte[n * f], labels = new byte[n];
        float[] row = new float[f];
        for (int i = 0; i < n; i++) {
            d.copyTo(i, row, 0); // p / 255 for each pixel byte p: p comes back exactly
            for (int j = 0; j < f; j++) {
                pixels[i * f + j] = (byte) (255 - Math.round(row[j] * 255f));
            }
            labels[i] = (byte) d.label(i);
        }
        return new Dataset(d.name() + "-negative", new IdxFile.Images(n, 28, 28, pixels), labels, d.classes());
    }

    private static <A> List<double[]> train(Precision<A> p, Dataset train, Dataset test, int iterations, int threads,
                                            List<Double> accuracies) {
        MultiLayerNet<A> net = new MultiLayerNet<>(p, NetworkConfig.of(784, 50, 10).withActivation(Activation.SIGMOID).withInit(WeightInit.STD, 0.01).withSeed(0).withMaxBatch(1000).withThreads(threads));
        new Trainer<>(net).train(train, test, new Trainer.Options(iterations, 100, 0.1, 3), e -> accuracies.add(e.testAccuracy()));
        List<double[]> w = new ArrayList<>();
        for (Parameter<A> param : net.parameters()) {
            double[] v = new double[param.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = p.get(param.value(), i);
            }
            w.add(v);
        }
        return w;
    }

    private static void assertSameWeights(String what, List<double[]> expected, List<double[]> actual) {
        for (int k = 0; k < expected.size(); k++) {
            double[] e = expected.get(k), a = actual.get(k);
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
                    fail(what + ": parameter " + k + " element " + i + " is " + a[i] + " on " + Kernels.describe()
                            + ", " + e[i] + " on the scalar kernels");
                }
            }
        }
    }

    private static void compare(String what, boolean f64, Dataset train, Dataset test, int iterations) {
        assumeFalse(Kernels.provider() == Kernels.Provider.SCALAR, "this run's kernels are the scalar ones");
        List<Double> accScalar = new ArrayList<>(), accHere = new ArrayList<>();
        List<double[]> scalar = f64
                ? train(Precision.f64(Kernels.f64(Kernels.Provider.SCALAR)), train, test, iterations, 1, accScalar)
                : train(Precision.f32(Kernels.f32(Kernels.Provider.SCALAR)), train, test, iterations, 1, accScalar);
        List<double[]> here = f64
                ? train(Precision.F64, train, test, iterations, 2, accHere)
                : train(Precision.F32, train, test, iterations, 2, accHere);
        assertSameWeights(what, scalar, here);
        assertEquals(accScalar, accHere, what + ": test accuracies along the run");
    }

    @Test
    void digitsOnTheZeroSkippingPath() {
        compare("mnist f32", false, digits.train(), digits.test(), 300);
    }

    @Test
    void negativesOnTheDenseGemmPath() {
        compare("negative mnist f32", false, negative(digits.train()), negative(digits.test()), 200);
    }

    @Test
    void doublePrecisionToo() {
        compare("mnist f64", true, digits.train(), digits.test(), 100);
        compare("negative mnist f64", true, negative(digits.train()), negative(digits.test()), 100);
    }
}
