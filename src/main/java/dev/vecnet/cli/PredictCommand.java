package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.infer.Predictor;
import dev.vecnet.io.AtomicFiles;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
    @Option(names = "--probabilities", description = "also write each image's class probabilities to this CSV file: "
            + "sample, label, predicted, then one column per class, each value the float32's exact decimal")
    Path probabilities;

    @Override
    public Integer call() throws Exception {
        if (limit != null) {
            Options.atLeast("--limit", limit, 1);
        }
        if (probabilities != null) {
            AtomicFiles.destination(probabilities); // a place that cannot take the file is refused before the work
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
        if (probabilities != null) {
            AtomicFiles.write(probabilities, table(p, test, n, m.outputSize()).getBytes(StandardCharsets.UTF_8));
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "predict %s on %d images: accuracy=%.4f latency_p50_us=%.2f latency_p99_us=%.2f%n",
                model, n, (double) correct / n, nanos[n / 2] / 1e3, nanos[Math.min(n - 1, (int) (n * 0.99))] / 1e3);
        return 0;
    }

    /**
     * The CSV of --probabilities. A value is written as the exact decimal of its float32 (BigDecimal's, not
     * the shortest one Float.toString finds, which differs between JDK releases), so equal files mean
     * equal bits.
     */
    private static String table(Predictor p, Dataset test, int n, int classes) {
        StringBuilder csv = new StringBuilder("sample,label,predicted");
        for (int c = 0; c < classes; c++) {
            csv.append(",p").append(c);
        }
        csv.append('\n');
        float[] image = new float[test.features()], probs = new float[classes];
        for (int i = 0; i < n; i++) {
            test.copyTo(i, image, 0);
            p.predict(image, probs);
            csv.append(i).append(',').append(test.label(i)).append(',').append(p.classify(image));
            for (float v : probs) {
                csv.append(',').append(new BigDecimal(v).toString());
            }
            csv.append('\n');
        }
        return csv.toString();
    }
}
