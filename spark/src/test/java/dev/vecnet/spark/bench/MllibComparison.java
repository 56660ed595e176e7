package dev.vecnet.spark.bench;

import dev.vecnet.data.Mnist;
import dev.vecnet.infer.Model;
import dev.vecnet.infer.Predictor;
import dev.vecnet.model.Weights;
import dev.vecnet.runtime.KernelRuntime;
import dev.vecnet.spark.Mllib;
import dev.vecnet.spark.VecnetClassificationModel;
import dev.vecnet.spark.VecnetClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * vecnet against MLlib's perceptron in one local[2] Spark session (the `spark` part of ./vecnet bench):
 * <ul>
 * <li>training: time from {@code fit} to a test accuracy, vecnet's {@link VecnetClassifier} (averaging
 * once per epoch, and synchronous) against {@code MultilayerPerceptronClassifier} (L-BFGS, its default).
 * vecnet's epoch listener checks the accuracy on the driver (that check's time not counted); MLlib's
 * path for maxIter k is a prefix of its path for more, so its time to the target is bracketed by fits of
 * increasing maxIter: the figure is the longest fit that fell short, a lower bound of MLlib's time.</li>
 * <li>scoring: rows/s of {@code transform} on the same network (MLlib's trained model, and vecnet's copy
 * of it) over the same cached DataFrame, every output column written (Spark's noop sink), in
 * alternating rounds.</li>
 * </ul>
 * Prints {@code MEASURE case engine seconds rounds key=value...} lines for the harness, and a summary.
 */
public final class MllibComparison {
    private final SparkSession spark;
    private final boolean smoke;

    private final String only;

    private MllibComparison(SparkSession spark, boolean smoke, String only) {
        this.spark = spark;
        this.smoke = smoke;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        String dataset = "fashion-mnist";
        String mode = "full";
        double target = 0.85;
        int hidden = 100;
        String only = "all";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dataset" -> dataset = args[++i];
                case "--mode" -> mode = args[++i];
                case "--target" -> target = Double.parseDouble(args[++i]);
                case "--hidden" -> hidden = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean smoke = mode.equals("smoke");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("vecnet-bench-spark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            new MllibComparison(spark, smoke, only).run(dataset, target, hidden, mode.equals("full") ? 5 : smoke ? 1 : 3);
        } finally {
            spark.stop();
        }
    }

    private void run(String name, double target, int hidden, int rounds) throws Exception {
        Mnist.Splits splits = Mnist.byName(name);
        int trainRows = smoke ? 2000 : splits.train().size(), testRows = smoke ? 1000 : splits.test().size();
        Dataset<Row> train = frame(splits.train(), trainRows), test = frame(splits.test(), testRows);
        float[] testImages = new float[testRows * splits.test().features()];
        int[] testLabels = new int[testRows];
        for (int i = 0; i < testRows; i++) {
            splits.test().copyTo(i, testImages, i);
            testLabels[i] = splits.test().label(i);
        }
        int[] layers = {splits.train().features(), hidden, splits.train().classes()};
        String where = String.format(Locale.ROOT, "data=%s train=%d test=%d layers=%s", name, trainRows, testRows,
                Arrays.toString(layers).replace(" ", ""));
        System.out.println("# " + where + ", MLlib BLAS: " + dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName());
        String trainCase = "spark/train/" + name;
        MultilayerPerceptronClassificationModel mllib = only.equals("score") ? null : train(layers, train, test, testImages, testLabels,
                target, rounds, trainCase);
        if (!only.equals("train")) {
            score(layers, train, mllib, rounds, "spark/score/" + name);
        }
    }

    private MultilayerPerceptronClassificationModel train(int[] layers, Dataset<Row> train, Dataset<Row> test, float[] testImages,
                                                          int[] testLabels, double target, int rounds, String trainCase) {
        int trainRows = (int) train.count();

        // vecnet, averaging once per epoch (syncSteps = an epoch's steps) and synchronous (every step's gradients summed)
        int batch = 100, stepsPerEpoch = (trainRows + batch - 1) / batch;
        double[] averaging = new double[rounds], synchronous = new double[Math.max(1, rounds / 2)];
        String avgNote = "", syncNote = "";
        for (int r = 0; r < averaging.length; r++) {
            double[] t = timeToTarget(new VecnetClassifier().setLayers(layers).setOptimizer("adam").setStepSize(0.003)
                    .setBatchSize(batch).setSyncSteps(stepsPerEpoch).setMaxIter(smoke ? 2 : 20).setSeed(r), train, testImages, testLabels, target);
            averaging[r] = t[0];
            avgNote = String.format(Locale.ROOT, "epochs=%d accuracy=%.4f", (int) t[1], t[2]);
        }
        for (int r = 0; r < synchronous.length; r++) {
            double[] t = timeToTarget(new VecnetClassifier().setLayers(layers).setOptimizer("adam").setStepSize(0.01)
                    .setBatchSize(smoke ? 200 : 1000).setMaxIter(smoke ? 1 : 20).setSeed(r), train, testImages, testLabels, target);
            synchronous[r] = t[0];
            syncNote = String.format(Locale.ROOT, "epochs=%d accuracy=%.4f", (int) t[1], t[2]);
        }
        measure(trainCase, "vecnet", averaging, "syncSteps=" + stepsPerEpoch + " batch=" + batch + " adam lr=0.003 " + avgNote);
        measure(trainCase + "/synchronous", "vecnet", synchronous, "syncSteps=1 batch=" + (smoke ? 200 : 1000) + " adam lr=0.01 " + syncNote);

        // MLlib: fits of increasing maxIter until one reaches the target, then halving the gap
        MultilayerPerceptronClassificationModel mllib = null;
        double shortTime = 0, passTime = Double.NaN;
        int shortIter = 0, passIter = -1;
        double passAccuracy = Double.NaN;
        for (int k = smoke ? 2 : 16; k <= (smoke ? 4 : 512); ) {
            double[] fit = mllibFit(layers, k, train, test);
            if (fit[1] >= target || smoke && k == 4) {
                passIter = k;
                passTime = fit[0];
                passAccuracy = fit[1];
                mllib = lastMllib;
            } else {
                shortIter = k;
                shortTime = fit[0];
            }
            if (passIter < 0) {
                k *= 2;
            } else if (!smoke && passIter - shortIter > Math.max(4, passIter / 8)) {
                k = (shortIter + passIter) / 2;
            } else {
                break;
            }
        }
        if (passIter < 0) {
            System.out.println("NOTMEASURED " + trainCase + " mllib did not reach " + target + " within 512 iterations");
        } else {
            measure(trainCase, "mllib", new double[] {smoke ? passTime : shortTime}, smoke
                    ? String.format(Locale.ROOT, "smoke run: maxIter=%d, %.4f (l-bfgs)", passIter, passAccuracy)
                    : String.format(Locale.ROOT, "lower bound: maxIter=%d fell short in %.2f s; maxIter=%d reached %.4f in %.2f s (l-bfgs)",
                    shortIter, shortTime, passIter, passAccuracy, passTime));
        }

        return mllib;
    }

    /** Scoring: the same network (MLlib's) on the same cached DataFrame, rounds in turn. */
    private void score(int[] layers, Dataset<Row> train, MultilayerPerceptronClassificationModel mllib, int rounds, String scoreCase) {
        if (mllib == null) {
            mllib = new MultilayerPerceptronClassifier().setLayers(layers).setMaxIter(1).fit(train);
        }
        VecnetClassificationModel f32 = Mllib.fromMllib(mllib).setPrecision("f32");
        VecnetClassificationModel f64 = Mllib.fromMllib(mllib);
        Dataset<Row> rows = train;
        long n = rows.count();
        // a round takes about a second: more rounds than training's, so that a noisy machine's slow spells average out
        int turns = smoke ? 1 : 2 * rounds + 1;
        double[] tm = new double[turns], t32 = new double[turns], t64 = new double[turns], scan = new double[turns];
        for (int w = 0; w < (smoke ? 0 : 2); w++) { // each engine's code compiled before the rounds
            score(mllib.transform(rows));
            score(f32.transform(rows));
            score(f64.transform(rows));
        }
        for (int r = 0; r < turns; r++) {
            tm[r] = score(mllib.transform(rows)) / n;
            t32[r] = score(f32.transform(rows)) / n;
            t64[r] = score(f64.transform(rows)) / n;
            scan[r] = score(rows) / n;
        }
        String layout = "seconds per row; rows=" + n + " partitions=" + rows.rdd().getNumPartitions();
        measure(scoreCase + "/f32", "vecnet", t32, layout);
        measure(scoreCase + "/f32", "mllib", tm, layout);
        measure(scoreCase + "/f64", "vecnet", t64, layout);
        measure(scoreCase + "/f64", "mllib", tm, layout);
        measure(scoreCase + "/scan", "spark", scan, "the DataFrame's rows to the noop sink, unscored: what every engine's "
                + "transform costs at least; " + layout);
    }

    private MultilayerPerceptronClassificationModel lastMllib;

    /** Seconds of MLlib's fit with maxIter k, and its test accuracy. */
    private double[] mllibFit(int[] layers, int k, Dataset<Row> train, Dataset<Row> test) {
        long t0 = System.nanoTime();
        MultilayerPerceptronClassificationModel m = new MultilayerPerceptronClassifier().setLayers(layers).setMaxIter(k).setSeed(1)
                .fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double accuracy = m.transform(test).filter("prediction = label").count() / (double) test.count();
        System.out.printf(Locale.ROOT, "# mllib maxIter=%d: %.2f s, test accuracy %.4f%n", k, seconds, accuracy);
        lastMllib = m;
        return new double[] {seconds, accuracy};
    }

    /** Seconds from fit to the epoch whose weights reach the target (the checks' time left out), epochs, accuracy. */
    private double[] timeToTarget(VecnetClassifier c, Dataset<Row> train, float[] images, int[] labels, double target) {
        long[] checks = {0};
        double[] reached = {Double.NaN, 0, 0};
        long t0 = System.nanoTime();
        c.setEpochListener((epoch, loss, w) -> {
            long c0 = System.nanoTime();
            double accuracy = accuracy(w, images, labels);
            checks[0] += System.nanoTime() - c0;
            reached[1] = epoch;
            reached[2] = accuracy;
            if (accuracy >= target || smoke) {
                reached[0] = (System.nanoTime() - t0 - checks[0]) / 1e9;
                return false;
            }
            return true;
        });
        c.fit(train);
        System.out.printf(Locale.ROOT, "# vecnet %s syncSteps=%d: %.2f s, %d epochs, test accuracy %.4f%n", c.getPrecision(),
                c.getSyncSteps(), reached[0], (int) reached[1], reached[2]);
        return reached;
    }

    private static double accuracy(Weights w, float[] images, int[] labels) {
        Predictor p = Model.of("check", w, KernelRuntime.f32()).predictor();
        int hits = 0;
        int in = images.length / labels.length;
        float[] one = new float[in];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(images, i * in, one, 0, in);
            hits += p.classify(one) == labels[i] ? 1 : 0;
        }
        return hits / (double) labels.length;
    }

    /** Seconds to compute and write (to Spark's noop sink) every row and column of a transform. */
    private static double score(Dataset<Row> scored) {
        long t0 = System.nanoTime();
        scored.write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void measure(String caseId, String engine, double[] rounds, String note) {
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        StringBuilder r = new StringBuilder();
        for (double x : rounds) {
            r.append(r.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", x));
        }
        System.out.printf(Locale.ROOT, "MEASURE %s %s %.6g %s %s%n", caseId, engine, median, r, note);
    }

    private Dataset<Row> frame(dev.vecnet.data.Dataset d, int rows) {
        StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] x = new double[d.features()];
            d.copyTo(i, x, 0);
            list.add(RowFactory.create(Vectors.dense(x), (double) d.label(i)));
        }
        Dataset<Row> df = spark.createDataFrame(list, schema).repartition(2).cache();
        df.count();
        return df;
    }
}
