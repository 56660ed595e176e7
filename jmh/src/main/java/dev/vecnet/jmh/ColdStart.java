package dev.vecnet.jmh;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.vecnet.data.IdxFile;
import dev.vecnet.data.Mnist;
import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.infer.Predictor;
import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The first predictions of a fresh JVM, as a service sees them after a (re)start: the model file
 * loaded (vecnet: read and packed; ONNX Runtime: the session created), then N images predicted one
 * call each, timed from just before the load to the end of the last call. The images (real digits of
 * the embedded MNIST test set) are read before the clock starts, without touching vecnet's kernels,
 * whose start-up (and, by default, warm-up) is part of what is timed. Prints one line {@code RESULT
 * {json}}; the bench harness starts one process per measurement, alternating the engines.
 *
 * <pre>ColdStart vecnet|onnxruntime MODEL_FILE N
 * ColdStart write DIR        (DIR/model.vnet and DIR/model.onnx: the seed's network, fixed weights)</pre>
 */
public final class ColdStart {
    /** "false": leave out when every operation runs SIMD (the wait after the timed part). */
    public static final String SIMD_EVERYWHERE_PROPERTY = "vecnet.bench.simdEverywhere";

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("write")) {
            MultiLayerNet<float[]> net = new MultiLayerNet<>(Precision.F32, NetworkConfig.of(784, 50, 10).withActivation(Activation.SIGMOID).withInit(WeightInit.XAVIER, 0.01).withSeed(42).withMaxBatch(1).withThreads(1));
            Path vnet = Path.of(args[1], "model.vnet");
            ModelFormat.VNET.write(net.weights(), vnet);
            ModelFormat.ONNX.write(ModelFormat.read(vnet), Path.of(args[1], "model.onnx"));
            System.out.println("RESULT {}");
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: ColdStart vecnet|onnxruntime MODEL_FILE N");
            System.exit(2);
        }
        String engine = args[0];
        Path file = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        // read without vecnet's Dataset, whose first use would start the kernels before the clock
        IdxFile.Images test;
        try (var in = Mnist.class.getResourceAsStream(Mnist.EMBEDDED + "/t10k-images-idx3-ubyte.gz")) {
            test = IdxFile.readImages(in, "t10k-images-idx3-ubyte.gz");
        }
        float[] images = new float[n * 784];
        for (int i = 0; i < n * 784; i++) {
            images[i] = (test.pixels()[i % test.pixels().length] & 0xff) / 255f;
        }
        float[] probs = new float[10];
        double checksum = 0;
        long t0 = System.nanoTime(), loaded, first;
        if (engine.equals("vecnet")) {
            Model m = ModelFormat.read(file);
            Predictor p = m.predictor();
            float[] image = new float[784];
            loaded = System.nanoTime();
            first = 0;
            for (int i = 0; i < n; i++) {
                System.arraycopy(images, i * 784, image, 0, 784);
                p.predict(image, probs);
                checksum += probs[i % 10];
                if (i == 0) {
                    first = System.nanoTime();
                }
            }
        } else if (engine.equals("onnxruntime")) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(file.toString(), o)) {
                FloatBuffer in = ByteBuffer.allocateDirect(784 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
                FloatBuffer out = ByteBuffer.allocateDirect(10 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
                try (OnnxTensor inT = OnnxTensor.createTensor(env, in, new long[] {1, 784});
                     OnnxTensor outT = OnnxTensor.createTensor(env, out, new long[] {1, 10})) {
                    Map<String, OnnxTensor> inputs = Map.of("image", inT), outputs = Map.of("probabilities", outT);
                    loaded = System.nanoTime();
                    first = 0;
                    for (int i = 0; i < n; i++) {
                        in.put(0, images, i * 784, 784);
                        session.run(inputs, outputs).close();
                        checksum += out.get(i % 10);
                        if (i == 0) {
                            first = System.nanoTime();
                        }
                    }
                }
            }
        } else {
            throw new IllegalArgumentException("engine " + engine + ": vecnet or onnxruntime");
        }
        long end = System.nanoTime();
        JsonObject r = new JsonObject();
        if (engine.equals("vecnet") && System.getProperty(Kernels.PROVIDER_PROPERTY, "auto").equals("auto")
                && Boolean.parseBoolean(System.getProperty(SIMD_EVERYWHERE_PROPERTY, "true"))) {
            // after the timed part: when every operation (both precisions) runs on SIMD, or -1 if the warm-up settled
            // with a group kept scalar (or not within a minute)
            boolean all = dev.vecnet.runtime.KernelRuntime.awaitWarmup(java.time.Duration.ofMinutes(1));
            r.addProperty("simd_everywhere_s", all ? (System.nanoTime() - t0) / 1e9 : -1);
        }
        r.addProperty("engine", engine);
        r.addProperty("kernels", engine.equals("vecnet") ? dev.vecnet.runtime.KernelRuntime.describe() : "onnxruntime");
        r.addProperty("predictions", n);
        r.addProperty("total_s", (end - t0) / 1e9);
        r.addProperty("load_s", (loaded - t0) / 1e9);
        r.addProperty("first_call_s", (first - loaded) / 1e9);
        r.addProperty("checksum", checksum);
        System.out.println("RESULT " + new Gson().toJson(r));
    }
}
