package dev.vecnet.jmh;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.vecnet.data.Mnist;
import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.WeightInit;
import dev.vecnet.train.Trainer;
import dev.vecnet.train.Warmup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed run in a fresh JVM, as {@code vecnet train} runs it (784-50-10 sigmoid, batch 100 drawn with
 * replacement, SGD lr 0.1, init std 0.01, evaluations in chunks of 1000, an evaluation of the whole
 * train and test sets every epoch), printing one line {@code RESULT {json}}: loop seconds (evaluations
 * included, loading not) and their split by phase, load seconds, accuracies, the JIT's compile time and
 * the peak RSS. The bench
 * harness starts one process per run, as it does for the numpy and PyTorch peers.
 *
 * <pre>SeedRun DATASET f32|f64 THREADS ITERATIONS</pre>
 */
public final class SeedRun {
    private SeedRun() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: SeedRun DATASET f32|f64 THREADS ITERATIONS");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        int threads = Integer.parseInt(args[2]);
        int iterations = Integer.parseInt(args[3]);
        // as vecnet train: the data loads while the kernels the steps will likely use warm up beside it
        double expected = Trainer.expectedMultiplyAdds(java.util.List.of(784, 50, 10), 100, iterations, args[0]);
        NetworkConfig guess = NetworkConfig.of(784, 50, 10).withMaxBatch(1000);
        Mnist.Splits data = args[1].equals("f64")
                ? Warmup.during(Precision.f64(Kernels.f64ForWork(expected)), guess, 100, () -> Mnist.byName(args[0]))
                : Warmup.during(Precision.f32(Kernels.f32ForWork(expected)), guess, 100, () -> Mnist.byName(args[0]));
        double load = (System.nanoTime() - t0) / 1e9;
        // the kernels vecnet train picks for this much work (the same bits on any of them)
        double work = Math.max(expected, Trainer.multiplyAdds(java.util.List.of(data.train().features(), 50,
                data.train().classes()), 100, iterations, data.train().size(), data.test().size(), data.train().density()));
        Precision<?> p = args[1].equals("f64") ? Precision.f64(Kernels.f64ForWork(work))
                : Precision.f32(Kernels.f32ForWork(work));
        Trainer.Result r = run(p, data, threads, iterations);
        JsonObject o = new JsonObject();
        o.addProperty("impl", "vecnet");
        o.addProperty("kernels", p.kernels());
        o.addProperty("dataset", args[0]);
        o.addProperty("precision", args[1]);
        o.addProperty("threads", threads);
        o.addProperty("iters", iterations);
        o.addProperty("load_s", load);
        o.addProperty("loop_s", r.seconds());
        o.addProperty("train_acc", r.trainAccuracy());
        o.addProperty("test_acc", r.testAccuracy());
        JsonObject phases = new JsonObject();
        phases.addProperty("gather", r.phases().gather());
        phases.addProperty("forward", r.phases().forward());
        phases.addProperty("backward", r.phases().backward());
        phases.addProperty("update", r.phases().update());
        phases.addProperty("evaluation", r.phases().evaluation());
        o.add("phases_s", phases);
        // the run's arithmetic as dense products (zeros not skipped): what the loop is held to at the FMA peak
        o.addProperty("dense_gflop", 2 * Trainer.multiplyAdds(java.util.List.of(data.train().features(), 50,
                data.train().classes()), 100, iterations, data.train().size(), data.test().size(), 1.0) / 1e9);
        o.addProperty("jit_s", ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3);
        o.addProperty("peak_rss_mb", peakRssMegabytes());
        System.out.println("RESULT " + new Gson().toJson(o));
    }

    private static <A> Trainer.Result run(Precision<A> p, Mnist.Splits data, int threads, int iterations) {
        MultiLayerNet<A> net = new MultiLayerNet<>(p, NetworkConfig.of(data.train().features(), 50, data.train().classes()).withActivation(Activation.SIGMOID).withInit(WeightInit.STD, 0.01).withSeed(0).withMaxBatch(1000).withThreads(threads));
        return new Trainer<>(net).train(data.train(), data.test(), new Trainer.Options(iterations, 100, 0.1, 0),
                e -> { });
    }

    /** VmHWM from /proc/self/status, or -1 where there is none. */
    static double peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
