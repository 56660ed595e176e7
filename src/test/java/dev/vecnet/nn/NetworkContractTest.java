package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a network promises beyond its gradients (those are BackpropPropertiesTest's): the weight decay's
 * penalty and gradient term as the book writes them, the loss that {@code gradient} returns, drawn
 * weights, subnormals flushed with their count, a trained network rebuilt from its weights, and the
 * configurations refused at their edges.
 */
class NetworkContractTest {
    /** 37 inputs: weight matrices that are not a whole number of the penalty's stripes. */
    private static final int IN = 37, HIDDEN = 5, OUT = 3, BATCH = 4;

    private static double[] input(SplittableRandom r) {
        double[] x = new double[BATCH * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }

    private static final int[] LABELS = {0, 2, 1, 2};

    @Test
    void theWeightDecayAddsHalfLambdaTimesTheSquaresAndLambdaTimesTheWeights() {
        double lambda = 0.25;
        NetworkConfig plain = NetworkConfig.of(IN, HIDDEN, OUT).withSeed(3).withInit(WeightInit.STD, 0.5).withMaxBatch(BATCH);
        MultiLayerNet<double[]> a = new MultiLayerNet<>(Precision.f64(dev.vecnet.kernel.Kernels.f64(dev.vecnet.kernel.Kernels.Provider.SCALAR)), plain);
        MultiLayerNet<double[]> b = new MultiLayerNet<>(a.precision(), plain.withWeightDecay(lambda));
        double[] x = input(new SplittableRandom(1));
        double squares = 0;
        for (Parameter<double[]> param : a.parameters()) {
            if (param.name().startsWith("W")) {
                for (double v : param.value()) {
                    squares += v * v;
                }
            }
        }
        double plainLoss = a.gradient(x, LABELS, BATCH), decayed = b.gradient(x, LABELS, BATCH);
        assertEquals(plainLoss + 0.5 * lambda * squares, decayed, 1e-12 * (1 + squares), "loss + λ/2·Σ‖W‖²");
        assertEquals(plainLoss, a.loss(x, LABELS, BATCH), 0.0, "gradient returns the batch's loss");
        for (int k = 0; k < a.parameters().size(); k++) {
            Parameter<double[]> pa = a.parameters().get(k), pb = b.parameters().get(k);
            boolean weight = pa.name().startsWith("W");
            for (int i = 0; i < pa.size(); i++) {
                double expected = weight ? Math.fma(lambda, pa.value()[i], pa.grad()[i]) : pa.grad()[i];
                assertEquals(expected, pb.grad()[i], 0.0, pa.name() + "[" + i + "]: gradient + λ·W (biases not decayed)");
            }
        }
    }

    /** float32's penalty sums the same squares (in double stripes): the same value within float32's rounding of the weights' sum. */
    @Test
    void float32SumsTheSameSquares() {
        NetworkConfig c = NetworkConfig.of(IN, HIDDEN, OUT).withSeed(3).withInit(WeightInit.STD, 0.5).withMaxBatch(BATCH);
        MultiLayerNet<float[]> a = new MultiLayerNet<>(Precision.F32, c), b = new MultiLayerNet<>(Precision.F32, c.withWeightDecay(2));
        float[] x = new float[BATCH * IN];
        double squares = 0;
        for (Parameter<float[]> param : a.parameters()) {
            if (param.name().startsWith("W")) {
                for (float v : param.value()) {
                    squares += (double) v * v;
                }
            }
        }
        assertEquals(a.loss(x, LABELS, BATCH) + squares, b.loss(x, LABELS, BATCH), 1e-9 * squares, "loss + 2/2·Σ‖W‖²");
        assertThrows(IllegalArgumentException.class, () -> a.backward(BATCH + 1), "a batch larger than the network's");
    }

    @Test
    void theWeightsAreDrawnWithTheConfiguredSpread() {
        MultiLayerNet<double[]> net = new MultiLayerNet<>(Precision.F64,
                NetworkConfig.of(200, 100, 10).withInit(WeightInit.STD, 0.1).withSeed(9).withMaxBatch(1));
        double[] w = net.parameters().get(0).value();
        double sum = 0, squares = 0;
        for (double v : w) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / w.length, std = Math.sqrt(squares / w.length - mean * mean);
        assertEquals(0, mean, 0.005);
        assertEquals(0.1, std, 0.005);
        for (double v : net.parameters().get(1).value()) {
            assertEquals(0.0, v, "biases start at zero");
        }
    }

    @Test
    void subnormalsAreFlushedToTheirSignedZeroAndCounted() {
        float[] f = {Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL, -2f, 0f, -0f};
        assertEquals(3, Precision.F32.flushSubnormals(f, f.length));
        assertArrayEquals(new float[] {0f, -0f, 0f, Float.MIN_NORMAL, -2f, 0f, -0f}, f);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(f[1]));
        double[] d = {Double.MIN_VALUE, -1e-310, Double.MIN_NORMAL, 3.0};
        assertEquals(2, Precision.F64.flushSubnormals(d, 3), "only the first n");
        assertArrayEquals(new double[] {0.0, -0.0, Double.MIN_NORMAL, 3.0}, d);
        double[] tail = {1e-310};
        assertEquals(0, Precision.F64.flushSubnormals(tail, 0));
        assertEquals(1e-310, tail[0]);
    }

    @Test
    void aNetworkRebuiltFromItsWeightsPredictsAsTheOriginal() {
        MultiLayerNet<double[]> net = new MultiLayerNet<>(Precision.F64,
                NetworkConfig.of(IN, HIDDEN, 4, OUT).withActivation(Activation.TANH).withInit(WeightInit.STD, 0.5).withSeed(5)
                        .withMaxBatch(BATCH));
        List<Weights.Dense> layers = new ArrayList<>();
        int[] sizes = {IN, HIDDEN, 4, OUT};
        for (int l = 0; l < 3; l++) {
            layers.add(new Weights.Dense(sizes[l], sizes[l + 1], net.parameters().get(2 * l).value().clone(),
                    net.parameters().get(2 * l + 1).value().clone(), l < 2 ? Activation.TANH : Activation.NONE, 0));
        }
        MultiLayerNet<double[]> rebuilt = MultiLayerNet.of(Precision.F64, new Weights(layers, Output.PROBABILITIES, true), BATCH, 1);
        double[] x = input(new SplittableRandom(2));
        assertArrayEquals(net.predict(x, BATCH).clone(), rebuilt.predict(x, BATCH).clone());
        assertEquals(net.loss(x, LABELS, BATCH), rebuilt.loss(x, LABELS, BATCH), 0.0);

        List<Weights.Dense> leaky = new ArrayList<>(layers);
        Weights.Dense first = layers.get(0);
        leaky.set(0, new Weights.Dense(first.inputs(), first.outputs(), first.w(), first.b(), Activation.RELU, 0.01));
        assertThrows(IllegalArgumentException.class,
                () -> MultiLayerNet.of(Precision.F64, new Weights(leaky, Output.PROBABILITIES, true), BATCH, 1));
        assertThrows(IllegalArgumentException.class,
                () -> MultiLayerNet.of(Precision.F64, new Weights(layers, Output.SCORES, true), BATCH, 1));
    }

    @Test
    void aBatchLargerThanTheNetworksIsRefused() {
        MultiLayerNet<double[]> net = new MultiLayerNet<>(Precision.F64, NetworkConfig.of(IN, HIDDEN, OUT).withMaxBatch(BATCH));
        double[] x = new double[(BATCH + 1) * IN];
        assertThrows(IllegalArgumentException.class, () -> net.predict(x, BATCH + 1));
        assertDoesNotThrow(() -> net.predict(x, BATCH));
    }

    @Test
    void configurationsAreRefusedAtTheirEdges() {
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.of(4, 1));
        assertDoesNotThrow(() -> NetworkConfig.of(4, 2));
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.of(4, 0, 3));
        assertDoesNotThrow(() -> NetworkConfig.of(1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.of(0, 3));
        List<Integer> deepest = new ArrayList<>(Collections.nCopies(Weights.MAX_LAYERS + 1, 2));
        assertDoesNotThrow(() -> new NetworkConfig(deepest, Collections.nCopies(deepest.size() - 2, Activation.SIGMOID),
                WeightInit.STD, 0.01, 0, 0, 1, 1));
        deepest.add(2);
        assertThrows(IllegalArgumentException.class, () -> new NetworkConfig(deepest,
                Collections.nCopies(deepest.size() - 2, Activation.SIGMOID), WeightInit.STD, 0.01, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.of(4, 3).withWeightDecay(-1e-9));
        assertDoesNotThrow(() -> NetworkConfig.of(4, 3).withWeightDecay(0));
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.of(4, 3).withInit(WeightInit.STD, 0));
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.of(4, 3).withMaxBatch(0));
        assertDoesNotThrow(() -> NetworkConfig.of(4, 3).withMaxBatch(1));
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.of(4, 3).withThreads(0));
        assertEquals("4-3", NetworkConfig.of(4, 3).shape());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> new MultiLayerNet<>(Precision.F32, NetworkConfig.of(1 << 16, 1 << 16, 2).withMaxBatch(1)));
        assertTrue(tooBig.getMessage().contains("more than a Java array holds"), tooBig.getMessage());
    }

    @Test
    void precisionsSayWhatTheyAre() {
        assertEquals("f32", Precision.F32.name());
        assertEquals(Precision.Type.F32, Precision.F32.type());
        assertEquals("f64", Precision.F64.name());
        assertEquals(Precision.Type.F64, Precision.F64.type());
        assertTrue(Precision.F64.sparseMaxDensity() < Precision.F32.sparseMaxDensity());
        assertEquals(Precision.SPARSE_MAX_DENSITY, Precision.F32.sparseMaxDensity());
    }
}
