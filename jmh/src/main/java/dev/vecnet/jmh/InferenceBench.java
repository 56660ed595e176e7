package dev.vecnet.jmh;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vecnet.data.Dataset;
import dev.vecnet.data.Mnist;
import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.infer.Predictor;
import dev.vecnet.kernel.Activation;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Inference in vecnet and in ONNX Runtime's Java API on the very same ONNX file, in one JMH run:
 * {@code network=seed} is the seed's 784-50-10 sigmoid network (exported by vecnet), {@code mlp} a
 * 784-256-128-10 ReLU network exported by PyTorch (torch.onnx.export, the test fixture
 * torch-mlp-relu.onnx) and imported by vecnet. Inputs are real digits
 * (the embedded MNIST test set), a different image each call. ONNX Runtime as fast as it goes: one
 * session reused, the input tensor over a reused direct buffer, the output pinned to a reused direct
 * tensor, intra-op threads = {@code threads}, sequential execution.
 *
 * <p>Single sample: SampleTime (mean, p50, p99) of the probabilities for one image. Batches: images
 * per second ({@code @OperationsPerInvocation} = the 10 000 images of one invocation). Before timing,
 * each state checks vecnet's probabilities against ONNX Runtime's on the same images (1e-5). Run in a
 * JVM with {@code -Dvecnet.kernels=scalar}, the vecnet methods measure the scalar fallback.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class InferenceBench {
    static final int IMAGES = 10_000;

    /**
     * The network's ONNX file (a temporary file: the caller deletes it): the seed's with trained-looking
     * weights, deterministic, or the PyTorch-made 784-256-128-10 one.
     */
    static Path onnxFile(String network) {
        try {
            Path f = Files.createTempFile("vecnet-bench", ".onnx");
            switch (network) {
                case "seed" -> ModelFormat.ONNX.write(new MultiLayerNet<>(Precision.F32, NetworkConfig.of(784, 50, 10)
                        .withActivation(Activation.SIGMOID).withInit(WeightInit.XAVIER, 0.01).withSeed(42).withMaxBatch(1))
                        .weights(), f);
                case "mlp" -> {
                    try (var in = InferenceBench.class.getResourceAsStream("torch-mlp-relu.onnx")) {
                        Files.write(f, in.readAllBytes());
                    }
                }
                case "subnormal", "flushed" -> ModelFormat.ONNX.write(deadUnits(network.equals("flushed")), f);
                default -> throw new IllegalArgumentException("network " + network + ": seed, mlp, subnormal or flushed");
            }
            return f;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The model read from the file (which tells the run-time its shapes), once the default kernels'
     * warm-up has compiled the SIMD ones on those shapes: the steady state is what is measured.
     */
    static Model read(Path f) throws IOException {
        Model m = ModelFormat.read(f);
        SteadyState.await(java.time.Duration.ofMinutes(2));
        return m;
    }

    /**
     * A 784-100-100-10 ReLU network as weight decay leaves one whose hidden units have mostly stopped
     * learning: 70 % of each hidden layer's units have subnormal weights in and out (of either sign, down
     * to the smallest), or, in the flushed twin, zeros of the same signs. vecnet flushes on load, so both
     * serve the same bits; ONNX Runtime computes with the subnormals.
     */
    static dev.vecnet.model.Weights deadUnits(boolean flushed) {
        dev.vecnet.model.Weights w = new MultiLayerNet<>(Precision.F32, NetworkConfig.of(784, 100, 100, 10)
                .withActivation(Activation.RELU).withInit(WeightInit.HE, 0.01).withSeed(7).withMaxBatch(1)).weights();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        java.util.List<dev.vecnet.model.Weights.Dense> layers = new java.util.ArrayList<>();
        boolean[] deadIn = new boolean[784];
        for (dev.vecnet.model.Weights.Dense d : w.layers()) {
            double[] ww = d.w().clone();
            boolean last = layers.size() == w.layers().size() - 1;
            boolean[] deadOut = new boolean[d.outputs()];
            for (int j = 0; j < d.outputs(); j++) {
                deadOut[j] = !last && r.nextDouble() < 0.7;
            }
            for (int i = 0; i < d.inputs(); i++) {
                for (int j = 0; j < d.outputs(); j++) {
                    if (deadIn[i] || deadOut[j]) {
                        double tiny = (float) Math.scalb(r.nextDouble(0.5, 1), -127 - r.nextInt(23));
                        ww[i * d.outputs() + j] = (r.nextBoolean() ? 1 : -1) * (flushed ? 0.0 : tiny);
                    }
                }
            }
            layers.add(new dev.vecnet.model.Weights.Dense(d.inputs(), d.outputs(), ww, d.b(), d.activation(), d.leak()));
            deadIn = deadOut;
        }
        return new dev.vecnet.model.Weights(layers, w.output(), false);
    }

    static float[] images() {
        try {
            Dataset test = Mnist.load(null, Mnist.EMBEDDED).test();
            float[] x = new float[IMAGES * 784];
            for (int i = 0; i < IMAGES; i++) {
                test.copyTo(i, x, i);
            }
            return x;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ONNX Runtime over direct buffers: input and output tensors are made once and reused. */
    static final class Ort implements AutoCloseable {
        final OrtEnvironment env = OrtEnvironment.getEnvironment();
        final OrtSession session;
        final FloatBuffer in, out;
        final OnnxTensor inTensor, outTensor;
        final Map<String, OnnxTensor> inputs, outputs;

        Ort(Path f, Model m, int batch, int threads) throws OrtException, IOException {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(f.toString(), o);
            in = direct(batch * m.inputSize());
            out = direct(batch * m.outputSize());
            inTensor = OnnxTensor.createTensor(env, in, new long[] {batch, m.inputSize()});
            outTensor = OnnxTensor.createTensor(env, out, new long[] {batch, m.outputSize()});
            inputs = Map.of(session.getInputNames().iterator().next(), inTensor);
            outputs = Map.of(session.getOutputNames().iterator().next(), outTensor);
        }

        private static FloatBuffer direct(int n) {
            return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        /** Copies the images in, runs, and leaves the probabilities in {@link #out}. */
        void run(float[] x, int from, int count) throws OrtException {
            in.put(0, x, from, count);
            session.run(inputs, outputs).close();
        }

        @Override
        public void close() throws OrtException {
            inTensor.close();
            outTensor.close();
            session.close();
        }
    }

    /** Fails the benchmark when vecnet and ONNX Runtime disagree by more than 1e-5 on a probability. */
    static void crossCheck(float[] vecnet, FloatBuffer ort, int n) {
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(vecnet[i] - ort.get(i)) <= 1e-5f)) {
                throw new IllegalStateException("vecnet and ONNX Runtime disagree at probability " + i + ": "
                        + vecnet[i] + " vs " + ort.get(i));
            }
        }
    }

    /** One image per call. */
    @State(Scope.Thread)
    public static class Single {
        @Param({"seed"})
        public String network;

        Predictor vecnet;
        Ort ort;
        float[] images, image = new float[784], probs = new float[10];
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Path f = onnxFile(network);
            Model m = read(f);
            vecnet = m.predictor();
            ort = new Ort(f, m, 1, 1);
            Files.delete(f);
            images = images();
            for (int i = 0; i < 3; i++) {
                vecnet.predict(java.util.Arrays.copyOfRange(images, i * 784, i * 784 + 784), probs);
                ort.run(images, i * 784, 784);
                crossCheck(probs, ort.out, 10);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            ort.close();
        }

        int nextImage() {
            int i = next;
            next = i + 1 == IMAGES ? 0 : i + 1;
            return i * 784;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] singleVecnet(Single s) {
        System.arraycopy(s.images, s.nextImage(), s.image, 0, 784);
        s.vecnet.predict(s.image, s.probs);
        return s.probs;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public FloatBuffer singleOnnxRuntime(Single s) throws OrtException {
        s.ort.run(s.images, s.nextImage(), 784);
        return s.ort.out;
    }

    /** {@code batch} images per call, on {@code threads} threads. */
    @State(Scope.Thread)
    public static class Batch {
        @Param({"100", "10000"})
        public int batch;
        @Param({"1", "2"})
        public int threads;
        @Param({"seed"})
        public String network;

        Predictor vecnet;
        Ort ort;
        float[] images, probs;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Path f = onnxFile(network);
            Model m = read(f);
            vecnet = m.predictor(threads);
            ort = new Ort(f, m, batch, threads);
            Files.delete(f);
            images = images();
            probs = new float[batch * 10];
            vecnet.predictBatch(images, 0, batch, probs, 0);
            ort.run(images, 0, batch * 784);
            crossCheck(probs, ort.out, batch * 10);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            ort.close();
        }

    }

    /** Samples per second: one invocation runs all 10 000 images, {@code batch} at a time. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(IMAGES)
    public float[] batchVecnet(Batch s) {
        for (int from = 0; from < IMAGES; from += s.batch) {
            s.vecnet.predictBatch(s.images, from * 784, s.batch, s.probs, 0);
        }
        return s.probs;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(IMAGES)
    public FloatBuffer batchOnnxRuntime(Batch s) throws OrtException {
        for (int from = 0; from < IMAGES; from += s.batch) {
            s.ort.run(s.images, from * 784, s.batch * 784);
        }
        return s.ort.out;
    }
}
