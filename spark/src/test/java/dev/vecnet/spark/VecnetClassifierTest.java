package dev.vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.model.Weights;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VecnetClassifierTest {
    private static final int IN = 10, CLASSES = 4;

    /** Four Gaussian blobs around well separated centres: a network learns them to near 100 %. */
    static Dataset<Row> blobs(long seed, int rows, int partitions) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int label = r.nextInt(CLASSES);
            double[] x = new double[IN];
            for (int j = 0; j < IN; j++) {
                x[j] = r.nextGaussian() * 0.7 + (j % CLASSES == label ? 2 : 0);
            }
            list.add(RowFactory.create((long) i, Vectors.dense(x), (double) label));
        }
        return LocalSpark.session().createDataFrame(list, LocalSpark.VECTORS).repartition(partitions);
    }

    private static double accuracy(Dataset<Row> scored) {
        return scored.filter("prediction = label").count() / (double) scored.count();
    }

    @Test
    void learnsSeparableClassesAndScoresWithTheModelItMakes() {
        Dataset<Row> train = blobs(1, 2000, 3), test = blobs(2, 500, 2);
        List<Double> losses = new ArrayList<>();
        VecnetClassificationModel model = new VecnetClassifier().setLayers(IN, 16, CLASSES).setMaxIter(4).setBatchSize(50)
                .setStepSize(0.01).setSeed(7).setEpochListener((epoch, loss, w) -> losses.add(loss)).fit(train);
        assertEquals(4, losses.size());
        assertTrue(losses.get(3) < losses.get(0) / 2, losses.toString());
        assertTrue(accuracy(model.transform(test)) > 0.95, "accuracy " + accuracy(model.transform(test)));
        assertEquals("f32", model.getPrecision());
    }

    @Test
    void theSameSeedAndPartitioningGiveTheSameWeights() {
        Dataset<Row> train = blobs(3, 900, 3).cache();
        for (String precision : new String[] {"f32", "f64"}) {
            VecnetClassifier c = new VecnetClassifier().setLayers(IN, 8, 5, CLASSES).setActivation("tanh").setMaxIter(2)
                    .setBatchSize(64).setStepSize(0.01).setSeed(11).setPrecision(precision).setWeightDecay(1e-3);
            Weights a = c.fit(train).weights(), b = c.fit(train).weights();
            for (int l = 0; l < a.layers().size(); l++) {
                assertArrayEquals(a.layers().get(l).w(), b.layers().get(l).w(), 0, precision);
                assertArrayEquals(a.layers().get(l).b(), b.layers().get(l).b(), 0, precision);
            }
            Weights other = c.setSeed(12).fit(train).weights();
            assertTrue(other.layers().get(0).w()[0] != a.layers().get(0).w()[0]);
        }
    }

    /**
     * One epoch of one full-batch SGD step: the sum of the partitions' gradients is the whole batch's
     * gradient, on the driver (3 partitions) and through the fixed-order tree (40: three groups of 16).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {3, 40})
    void aFullBatchStepIsTheWholeDatasetsGradientStep(int partitions) {
        Dataset<Row> train = blobs(4, 301, partitions).cache();
        int[] sizes = {IN, 7, CLASSES};
        double lr = 0.5;
        VecnetClassifier c = new VecnetClassifier().setLayers(sizes).setOptimizer("sgd").setStepSize(lr).setMaxIter(1)
                .setBatchSize(1000).setPrecision("f64").setSeed(5).setInit("std").setWeightDecay(0.01);
        Weights trained = c.fit(train).weights();

        MultiLayerNet<double[]> local = new MultiLayerNet<>(Precision.F64,
                dev.vecnet.nn.NetworkConfig.of(sizes).withSeed(5).withWeightDecay(0.01).withMaxBatch(301));
        List<Row> rows = train.collectAsList();
        double[] x = new double[rows.size() * IN];
        int[] labels = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(((Vector) rows.get(r).getAs("features")).toArray(), 0, x, r * IN, IN);
            labels[r] = (int) rows.get(r).getDouble(2);
        }
        local.gradient(x, labels, rows.size());
        for (int l = 0; l < 2; l++) {
            var w = local.parameters().get(2 * l);
            var b = local.parameters().get(2 * l + 1);
            for (int i = 0; i < w.size(); i++) {
                assertEquals(w.value()[i] - lr * w.grad()[i], trained.layers().get(l).w()[i], 1e-13, "W" + (l + 1) + "[" + i + "]");
            }
            for (int i = 0; i < b.size(); i++) {
                assertEquals(b.value()[i] - lr * b.grad()[i], trained.layers().get(l).b()[i], 1e-13, "b" + (l + 1) + "[" + i + "]");
            }
        }
    }

    @Test
    void manyPartitionsTrainTheSameTwiceAndTinyOnesSkipEmptySteps() {
        Dataset<Row> train = blobs(7, 500, 40).cache();
        VecnetClassifier c = new VecnetClassifier().setLayers(IN, 6, CLASSES).setMaxIter(2).setBatchSize(50).setSeed(2)
                .setStepSize(0.01);
        assertArrayEquals(c.fit(train).weights().layers().get(0).w(), c.fit(train).weights().layers().get(0).w(), 0);
        // 2 rows in 2 partitions, batches of 1: the first step has no row in either partition
        Dataset<Row> tiny = blobs(8, 2, 2);
        Weights w = new VecnetClassifier().setLayers(IN, 3, CLASSES).setBatchSize(1).setMaxIter(1).fit(tiny).weights();
        assertTrue(Double.isFinite(w.layers().get(0).w()[0]));
    }

    @Test
    void anEstimatorInAPipelineSavesAndLoads(@TempDir Path dir) throws Exception {
        Dataset<Row> train = blobs(5, 400, 2);
        VecnetClassifier c = new VecnetClassifier().setLayers(IN, 6, CLASSES).setMaxIter(1).setSeed(3).setOptimizer("momentum")
                .setStepSize(0.05);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {c});
        pipeline.write().overwrite().save(dir.resolve("estimator").toString());
        VecnetClassifier back = (VecnetClassifier) Pipeline.load(dir.resolve("estimator").toString()).getStages()[0];
        assertEquals(c.uid(), back.uid());
        assertArrayEquals(c.getLayers(), back.getLayers());
        assertEquals("momentum", back.getOptimizer());
        PipelineModel fitted = pipeline.fit(train);
        fitted.write().overwrite().save(dir.resolve("model").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
        assertEquals(fitted.transform(train).orderBy("id").collectAsList(), loaded.transform(train).orderBy("id").collectAsList());
    }

    @Test
    void refusesWhatItCannotTrainOn() {
        Dataset<Row> train = blobs(6, 50, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VecnetClassifier().fit(train)).getMessage()
                .contains("layers is not set"));
        Exception e = assertThrows(Exception.class, () -> new VecnetClassifier().setLayers(IN, 3, 3).fit(train));
        assertTrue(VecnetClassificationModelTest.rootMessage(e).contains("labelCol 'label' has 3.0; the network's 3 classes take labels 0..2"),
                VecnetClassificationModelTest.rootMessage(e));
        e = assertThrows(Exception.class, () -> new VecnetClassifier().setLayers(IN + 1, 3, CLASSES).fit(train));
        assertTrue(VecnetClassificationModelTest.rootMessage(e).contains("featuresCol 'features' is a vector of 10 values; the model takes 11"),
                VecnetClassificationModelTest.rootMessage(e));
        e = assertThrows(Exception.class, () -> new VecnetClassifier().setLayers(IN, 3, CLASSES).setOptimizer("sgd")
                .setStepSize(1e300).fit(train));
        assertTrue(VecnetClassificationModelTest.rootMessage(e).contains("training diverged"), VecnetClassificationModelTest.rootMessage(e));
    }
}
