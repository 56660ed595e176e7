package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.vecnet.data.Dataset;
import dev.vecnet.data.Mnist;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported ONNX file, run by ONNX Runtime, gives vecnet's probabilities (<= 1e-5 absolute). */
class OnnxExportTest {
    static final double TOLERANCE = 1e-5;

    private static float[][] ort(Path model, float[] x, int rows, int features) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {rows, features});
             OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, in))) {
            return (float[][]) r.get(OnnxExport.OUTPUT).orElseThrow().getValue();
        }
    }

    private static void assertAgree(Model m, Path onnx, float[] x, int rows) throws OrtException {
        float[] ours = new float[rows * m.outputSize()];
        m.predictor().predictBatch(x, rows, ours);
        float[][] theirs = ort(onnx, x, rows, m.inputSize());
        assertEquals(rows, theirs.length);
        double worst = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < m.outputSize(); j++) {
                worst = Math.max(worst, Math.abs(theirs[i][j] - ours[i * m.outputSize() + j]));
            }
        }
        assertTrue(worst <= TOLERANCE, "max |ORT - vecnet| = " + worst + " over " + rows + " rows");
    }

    @Test
    void onnxRuntimeAgreesOnRandomNetworksAndInputs(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        int[][] shapes = {{784, 50, 10}, {1, 1, 2}, {17, 9, 3}, {33, 64, 12}};
        for (int[] s : shapes) {
            for (Activation act : new Activation[] {Activation.SIGMOID, Activation.RELU}) {
                MultiLayerNet<float[]> net = new MultiLayerNet<>(Precision.F32, NetworkConfig.of(s[0], s[1], s[2]).withActivation(act).withInit(WeightInit.XAVIER, 0.01).withSeed(r.nextLong()).withMaxBatch(1).withThreads(1));
                for (var p : net.parameters()) { // nonzero biases, so that a dropped Add would show
                    if (p.name().startsWith("b")) {
                        for (int i = 0; i < p.size(); i++) {
                            p.value()[i] = (float) r.nextGaussian();
                        }
                    }
                }
                Path onnx = dir.resolve(act + "-" + s[0] + ".onnx");
                ModelFormat.ONNX.write(net.weights(), onnx);
                Model m = Model.of("the network", net.weights(), dev.vecnet.kernel.Kernels.f32());
                for (int rows : new int[] {1, 7, 300}) { // the batch dimension is dynamic
                    float[] x = new float[rows * s[0]];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (4 * r.nextDouble() - 2);
                    }
                    assertAgree(m, onnx, x, rows);
                }
            }
        }
    }

    @Test
    void onnxRuntimeAgreesOnMnistTestImagesAtTheSeedShape(@TempDir Path dir) throws Exception {
        // the seed's 784-50-10 sigmoid shape on real digits; float64 weights, exported (and compared) as float32
        MultiLayerNet<double[]> net = new MultiLayerNet<>(Precision.F64, NetworkConfig.of(784, 50, 10).withActivation(Activation.SIGMOID).withInit(WeightInit.STD, 0.5).withSeed(3).withMaxBatch(1).withThreads(1));
        Path onnx = dir.resolve("m.onnx");
        ModelFormat.ONNX.write(net.weights(), onnx);
        Model m = Model.of("the network", net.weights(), dev.vecnet.kernel.Kernels.f32());
        Dataset test = Mnist.load(null, Mnist.EMBEDDED).test();
        int rows = 2000;
        float[] x = new float[rows * 784];
        for (int i = 0; i < rows; i++) {
            test.copyTo(i, x, i);
        }
        assertAgree(m, onnx, x, rows);
    }

    @Test
    void theGraphDeclaresADynamicBatchAndTheDocumentedNames(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("m.onnx");
        ModelFormat.ONNX.write(ModelFileTest.net(12, 5, 4, Activation.RELU), onnx);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            NodeInfo in = s.getInputInfo().get(OnnxExport.INPUT), out = s.getOutputInfo().get(OnnxExport.OUTPUT);
            assertArrayEquals(new long[] {-1, 12}, ((TensorInfo) in.getInfo()).getShape());
            assertArrayEquals(new long[] {-1, 4}, ((TensorInfo) out.getInfo()).getShape());
            assertEquals("vecnet", s.getMetadata().getProducerName());
        }
        byte[] once = Files.readAllBytes(onnx);
        ModelFormat.ONNX.write(ModelFileTest.net(12, 5, 4, Activation.RELU), onnx);
        assertArrayEquals(once, Files.readAllBytes(onnx), "same weights, same bytes");
    }

    /**
     * The exported bytes are the ones the ONNX protobuf classes serialize for these models (their
     * SHA-256 pinned here): a change shows here before a peer refuses a file.
     */
    @Test
    void theBytesAreTheProtobufSerializersBytes() throws Exception {
        var deep = TestWeights.random(8, false, Output.PROBABILITIES, List.of(Activation.TANH, Activation.SIGMOID), 9, 7, 5, 4);
        var scores = TestWeights.random(9, false, Output.SCORES, List.of(Activation.RELU), 3, 2, 2);
        var base = TestWeights.random(10, false, Output.PROBABILITIES, List.of(Activation.RELU), 6, 4, 3);
        var leaky = new Weights(List.of(new Weights.Dense(6, 4, base.layers().get(0).w(), base.layers().get(0).b(), Activation.RELU, 0.2),
                base.layers().get(1)), Output.PROBABILITIES, false);
        String[] expected = {"5d560cfd6650496cd6efea3ccd38ae1728614d846568ec88a5f5d866fbcbb71c",
            "b2aef97ffd7827f09fd8290dd85776df307d8b66b0f35ee640ee0b4bd5006a66",
            "dac7ec4dd584a6e5de86fad9ea344af938b85c3c8a0e5802c5356776677b7aac"};
        List<Weights> models = List.of(deep, scores, leaky);
        for (int i = 0; i < expected.length; i++) {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(OnnxExport.toBytes(models.get(i)));
            assertEquals(expected[i], java.util.HexFormat.of().formatHex(sha), models.get(i).describe());
        }
    }
}
