package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.infer.Predictor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vecnet predict}: a saved model on a test set, one line with accuracy= and the single-sample latency. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify a test set with a saved model: accuracy and per-sample latency (p50/p99).")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "a model file: vecnet's own or a NumPy .npz")
    Path model;
    @Mixin
    DataOptions dataOptions;
    @Option(names = "--limit", description = "only the first N test images")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        if (limit != null) {
            Options.atLeast("--limit", limit, 1);
        }
        Model m = ModelFormat.read(model);
        System.out.println("model " + model + ": " + m.describe());
        Dataset test = dataOptions.load().test();
        if (test.size() == 0) {
            throw new IllegalArgumentException("the test set " + test.name() + " is empty");
        }
        if (test.features() != m.inputSize()) {
            throw new IllegalArgumentException("the model " + model + " takes " + m.inputSize() + " inputs, the test set "
                    + test.name() + " has " + test.features() + " features per sample");
        }
        int n = limit == null ? test.size() : Math.min(limit, test.size());
        Predictor p = m.predictor();
        float[] image = new float[m.inputSize()];
        // warm-up, so that the latencies are the JIT-compiled ones
        for (int i = 0; i < Math.min(20_000, 20 * n); i++) {
            test.copyTo(i % n, image, 0);
            p.classify(image);
        }
        long[] nanos = new long[n];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            test.copyTo(i, image, 0);
            long t0 = System.nanoTime();
            int c = p.classify(image);
            nanos[i] = System.nanoTime() - t0;
            correct += c == test.label(i) ? 1 : 0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "predict %s on %d images: accuracy=%.4f latency_p50_us=%.2f latency_p99_us=%.2f%n",
                model, n, (double) correct / n, nanos[n / 2] / 1e3, nanos[Math.min(n - 1, (int) (n * 0.99))] / 1e3);
        return 0;
    }
}
