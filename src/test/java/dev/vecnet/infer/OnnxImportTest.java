package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ONNX files written by PyTorch (and by hand with the onnx package, for the forms other exporters
 * use) import to the framework's outputs (&lt;= 1e-5 absolute) and to ONNX Runtime's on the same file;
 * what vecnet cannot run is refused by name. Fixtures: src/test/resources/dev/vecnet/infer/onnx,
 * made by make_onnx_fixtures.py there.
 */
class OnnxImportTest {
    static final double TOLERANCE = 1e-5;

    static Path fixture(String name) {
        return NpzFileTest.fixture("onnx/" + name);
    }

    /** The fixture's inputs as float32 rows and the framework's outputs. */
    private record Expected(float[] inputs, int[] shape, double[] outputs) {
        int rows() {
            return shape[0];
        }
    }

    private static Expected expected(String name) throws IOException {
        Npy.Array in = NpzFileTest.entry(fixture(name + ".npz"), "inputs"), out = NpzFileTest.entry(fixture(name + ".npz"), "outputs");
        float[] x = new float[in.numbers().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) in.numbers()[i];
        }
        return new Expected(x, in.shape(), out.numbers());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "torch-mlp-relu          | 784-256-128-10 relu,relu -> softmax",
        "torch-flatten-opset11   | 16-12-8-5 tanh,leaky_relu(0.2) -> softmax",
        "torch-batchnorm-opset17 | 10-16-3 sigmoid -> scores",
        "handmade-matmul-f64     | 6-5-4-3 none,relu -> softmax",
        "sklearn-like-labels     | 4-6-3 relu -> softmax",
    })
    void importedNetworksGiveTheFrameworksOutputs(String name, String shape) throws IOException {
        Model m = ModelFormat.read(fixture(name + ".onnx"));
        assertEquals(shape, m.describe());
        Expected e = expected(name);
        int out = m.outputSize();
        float[] batch = new float[e.rows() * out], one = new float[out];
        Predictor p = m.predictor();
        p.predictBatch(e.inputs, e.rows(), batch);
        double worst = 0;
        for (int i = 0; i < e.rows(); i++) {
            float[] image = Arrays.copyOfRange(e.inputs, i * m.inputSize(), (i + 1) * m.inputSize());
            p.predict(image, one);
            assertArrayEquals(Arrays.copyOfRange(batch, i * out, (i + 1) * out), one, name + ": image " + i + " alone and in a batch");
            for (int j = 0; j < out; j++) {
                worst = Math.max(worst, Math.abs(one[j] - e.outputs[i * out + j]) / Math.max(1, Math.abs(e.outputs[i * out + j])));
            }
            int best = 0;
            for (int j = 1; j < out; j++) {
                best = e.outputs[i * out + j] > e.outputs[i * out + best] ? j : best;
            }
            assertEquals(best, p.classify(image), name + ": class of image " + i);
        }
        assertTrue(worst <= TOLERANCE, name + ": max |vecnet - framework| = " + worst);
        Model scalar = m.withKernels(Kernels.f32(Kernels.Provider.SCALAR));
        float[] reference = new float[batch.length];
        scalar.predictor().predictBatch(e.inputs, e.rows(), reference);
        assertArrayEquals(reference, batch, name + ": the same bits on the scalar kernels");
    }

    @ParameterizedTest
    @CsvSource({"torch-mlp-relu", "torch-flatten-opset11", "torch-batchnorm-opset17"})
    void onnxRuntimeAgreesOnTheSameFile(String name) throws Exception {
        Model m = ModelFormat.read(fixture(name + ".onnx"));
        Expected e = expected(name);
        long[] shape = Arrays.stream(e.shape).asLongStream().toArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] theirs;
        try (OrtSession s = env.createSession(fixture(name + ".onnx").toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(e.inputs), shape);
             OrtSession.Result r = s.run(Map.of("input", in))) {
            float[][] rows = (float[][]) r.get(0).getValue();
            theirs = new float[rows.length * m.outputSize()];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, theirs, i * m.outputSize(), m.outputSize());
            }
        }
        float[] ours = new float[e.rows() * m.outputSize()];
        m.predictor().predictBatch(e.inputs, e.rows(), ours);
        for (int i = 0; i < ours.length; i++) {
            double t = name.contains("opset11") ? Math.exp(theirs[i]) : theirs[i]; // LogSoftmax's output, as probabilities
            assertEquals(t, ours[i], TOLERANCE * Math.max(1, Math.abs(t)), name + " value " + i);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad-conv.onnx   | node '/0/Conv' (op 'Conv') is not supported; vecnet imports dense networks: Gemm, MatMul",
        "bad-shapes.onnx | tensor 'W2' of shape [5, 2] takes 5 values, but node 'second' (op 'Gemm') is given 3: the shapes do not chain",
    })
    void whatVecnetCannotRunIsRefusedByName(String file, String message) {
        var e = assertThrows(IOException.class, () -> ModelFormat.read(fixture(file)));
        assertTrue(e.getMessage().startsWith(fixture(file).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** vecnet's own export of any depth imports back to the same float32 weights. */
    @Test
    void ourExportImportsBackBitwise(@TempDir Path dir) throws IOException {
        Weights w = TestWeights.random(8, false, Output.PROBABILITIES, List.of(Activation.TANH, Activation.SIGMOID), 9, 7, 5, 4);
        Path f = dir.resolve("m.onnx");
        ModelFormat.ONNX.write(w, f);
        ModelFileTest.assertSame(w, ModelFormat.readWeights(f));
        Weights scores = TestWeights.random(9, false, Output.SCORES, List.of(Activation.RELU), 3, 2, 2);
        ModelFormat.ONNX.write(scores, f);
        ModelFileTest.assertSame(scores, ModelFormat.readWeights(f));
    }

    /** Cut anywhere, the file is refused with a message naming it; flipped bytes never give anything but a model or an IOException. */
    @Test
    void truncationsAndFlipsAreRefusedOrHarmless() throws IOException {
        byte[] good = Files.readAllBytes(fixture("torch-flatten-opset11.onnx"));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            var e = assertThrows(IOException.class, () -> OnnxImport.read(cut, "cut.onnx"), "length " + len);
            assertTrue(e.getMessage().startsWith("cut.onnx"), e.getMessage());
        }
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bad = good.clone();
            bad[r.nextInt(bad.length)] ^= (byte) r.nextInt(1, 256);
            try {
                OnnxImport.read(bad, "flip.onnx");
            } catch (IOException expected) {
                assertTrue(expected.getMessage().startsWith("flip.onnx"), expected.getMessage());
            }
        }
    }
}
