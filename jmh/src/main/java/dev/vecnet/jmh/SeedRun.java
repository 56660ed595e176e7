package dev.vecnet.jmh;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vecnet.data.Mnist;
import dev.vecnet.kernel.Activation;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import dev.vecnet.runtime.KernelRuntime;
import dev.vecnet.train.Trainer;
import dev.vecnet.train.Warmup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A training recipe in a fresh JVM, as {@code vecnet train} runs it, printing one line {@code RESULT
 * {json}}: loop seconds (evaluations included, loading not) and their split by phase, each whole epoch's
 * seconds (its steps and the evaluation after them), load seconds, accuracies, the JIT's compile time
 * and the peak RSS. The bench harness starts one process per run, as it does for the numpy and PyTorch
 * peers. Recipes: {@code seed}, the book's TwoLayerNet (784-50-10 sigmoid, init std 0.01, SGD lr 0.1);
 * {@code deep}, README's library recipe (784-100-100-10 ReLU, He init, weight decay 1e-4, Adam lr
 * 0.01). Both: batches of 100 drawn with replacement, evaluations in chunks as the trainer makes them, an evaluation of
 * the whole train and test sets every epoch.
 *
 * <pre>SeedRun seed|deep DATASET f32|f64 THREADS ITERATIONS</pre>
 */
public final class SeedRun {
    private SeedRun() {}

    /** A network and how it is trained. */
    public enum Recipe {
        SEED(List.of(50), Activation.SIGMOID, WeightInit.STD, 0, Optimizer.Kind.SGD, 0.1),
        DEEP(List.of(100, 100), Activation.RELU, WeightInit.HE, 1e-4, Optimizer.Kind.ADAM, 0.01);

        final List<Integer> hidden;
        final Activation activation;
        final WeightInit init;
        final double weightDecay, learningRate;
        final Optimizer.Kind optimizer;

        Recipe(List<Integer> hidden, Activation activation, WeightInit init, double weightDecay, Optimizer.Kind optimizer,
               double learningRate) {
            this.hidden = hidden;
            this.activation = activation;
            this.init = init;
            this.weightDecay = weightDecay;
            this.optimizer = optimizer;
            this.learningRate = learningRate;
        }

        List<Integer> sizes(int inputs, int classes) {
            List<Integer> s = new ArrayList<>();
            s.add(inputs);
            s.addAll(hidden);
            s.add(classes);
            return s;
        }

        NetworkConfig config(int inputs, int classes, int threads) {
            List<Integer> sizes = sizes(inputs, classes);
            return new NetworkConfig(sizes, Collections.nCopies(sizes.size() - 2, activation), init, 0.01, weightDecay, 0,
                    1000, threads);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: SeedRun seed|deep DATASET f32|f64 THREADS ITERATIONS");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        Recipe recipe = Recipe.valueOf(args[0].toUpperCase(Locale.ROOT));
        String dataset = args[1], precision = args[2];
        int threads = Integer.parseInt(args[3]);
        int iterations = Integer.parseInt(args[4]);
        // as vecnet train: the data loads while the kernels the steps will likely use warm up beside it
        int[] rows = Mnist.expectedSizes(dataset);
        double expected = Trainer.expectedMultiplyAdds(recipe.sizes(784, 10), 100, iterations, rows[0], rows[1]);
        NetworkConfig guess = recipe.config(784, 10, 1);
        Mnist.Splits data = precision.equals("f64")
                ? Warmup.during(Precision.f64(KernelRuntime.f64ForWork(expected)), guess, 100, recipe.optimizer, () -> Mnist.byName(dataset))
                : Warmup.during(Precision.f32(KernelRuntime.f32ForWork(expected)), guess, 100, recipe.optimizer, () -> Mnist.byName(dataset));
        double load = (System.nanoTime() - t0) / 1e9;
        List<Integer> sizes = recipe.sizes(data.train().features(), data.train().classes());
        // the kernels vecnet train picks for this much work (the same bits on any of them)
        double work = Math.max(expected, Trainer.multiplyAdds(sizes, 100, iterations, data.train().size(),
                data.test().size(), data.train().density()));
        Precision<?> p = precision.equals("f64") ? Precision.f64(KernelRuntime.f64ForWork(work))
                : Precision.f32(KernelRuntime.f32ForWork(work));
        List<Double> epochs = new ArrayList<>();
        long[] weights = new long[2];
        Trainer.Result r = run(p, recipe, data, threads, iterations, epochs, weights);
        JsonObject o = new JsonObject();
        o.addProperty("impl", "vecnet");
        o.addProperty("recipe", recipe.name().toLowerCase(Locale.ROOT));
        o.addProperty("kernels", p.kernels());
        o.addProperty("dataset", dataset);
        o.addProperty("precision", precision);
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
        JsonArray epochSeconds = new JsonArray();
        epochs.forEach(epochSeconds::add);
        o.add("epoch_s", epochSeconds);
        o.addProperty("subnormal_weights", weights[0]);
        o.addProperty("weights", weights[1]);
        // the run's arithmetic as dense products (zeros not skipped): what the loop is held to at the FMA peak
        o.addProperty("dense_gflop", 2 * Trainer.multiplyAdds(sizes, 100, iterations, data.train().size(),
                data.test().size(), 1.0) / 1e9);
        o.addProperty("jit_s", ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3);
        o.addProperty("peak_rss_mb", peakRssMegabytes());
        System.out.println("RESULT " + new Gson().toJson(o));
    }

    /**
     * Trains as the recipe says; {@code epochs} gets each whole epoch's seconds (steps and the evaluation
     * after them), {@code weights} the count of subnormal weights at the end and of all weights.
     */
    private static <A> Trainer.Result run(Precision<A> p, Recipe recipe, Mnist.Splits data, int threads, int iterations,
                                          List<Double> epochs, long[] weights) {
        MultiLayerNet<A> net = new MultiLayerNet<>(p, recipe.config(data.train().features(), data.train().classes(), threads));
        long[] last = {0};
        Trainer.Result r = new Trainer<>(net).train(data.train(), data.test(),
                new Trainer.Options(iterations, 100, recipe.learningRate, 0, recipe.optimizer), e -> {
                    long now = System.nanoTime();
                    if (e.iteration() > 0) { // the first evaluation, after iteration 0, starts the clock
                        epochs.add((now - last[0]) / 1e9);
                    }
                    last[0] = now;
                });
        double smallestNormal = p.type() == Precision.Type.F64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        for (dev.vecnet.nn.Parameter<A> param : net.parameters()) {
            if (param.name().startsWith("W")) {
                for (int i = 0; i < param.size(); i++) {
                    double v = Math.abs(p.get(param.value(), i));
                    weights[0] += v != 0 && v < smallestNormal ? 1 : 0;
                }
                weights[1] += param.size();
            }
        }
        return r;
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
