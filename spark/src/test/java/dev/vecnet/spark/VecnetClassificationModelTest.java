package dev.vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import dev.vecnet.runtime.KernelRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VecnetClassificationModelTest {
    private static final int IN = 37, CLASSES = 5;
    private final Weights weights = LocalSpark.network(3, Activation.TANH, IN, 23, 11, CLASSES);

    /** Each row's probabilities, as one predictor call per row computes them on the driver. */
    private static float[] expected(Model m, Vector features) {
        float[] x = new float[features.size()];
        double[] v = features.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) v[i];
        }
        float[] p = new float[m.outputSize()];
        m.predictor().predict(x, p);
        return p;
    }

    @Test
    void scoresEveryRowAsThePredictorDoesInInputOrder() {
        Dataset<Row> df = LocalSpark.vectors(1, 1000, IN, CLASSES, 3);
        VecnetClassificationModel model = VecnetClassificationModel.of(weights).setBatchRows(7);
        List<Row> out = model.transform(df).collectAsList();
        List<Row> in = df.collectAsList();
        assertEquals(in.size(), out.size());
        Model reference = Model.of("reference", weights, KernelRuntime.f32());
        for (int r = 0; r < in.size(); r++) {
            Row row = out.get(r);
            assertEquals(in.get(r).getLong(0), row.getLong(0), "rows keep their order and columns");
            Vector features = row.getAs("features");
            float[] p = expected(reference, features);
            double[] got = ((Vector) row.getAs("probability")).toArray();
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(p[c], got[c], 1e-6 * Math.max(1e-3, p[c]), "row " + r + " class " + c);
            }
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                best = got[c] > got[best] ? c : best;
            }
            assertEquals(best, row.getDouble(row.fieldIndex("prediction")), 0);
            double[] raw = ((Vector) row.getAs("rawPrediction")).toArray();
            double[] softmax = new double[CLASSES];
            Softmax.of(raw, softmax);
            assertArrayEquals(softmax, got, 0, "probability is the softmax of rawPrediction");
        }
    }

    @Test
    void batchSizeAndPartitioningDoNotChangeABit() {
        Dataset<Row> df = LocalSpark.vectors(2, 300, IN, CLASSES, 1);
        List<Row> a = VecnetClassificationModel.of(weights).setBatchRows(1).transform(df).orderBy("id").collectAsList();
        List<Row> b = VecnetClassificationModel.of(weights).setBatchRows(256).transform(df.repartition(5)).orderBy("id")
                .collectAsList();
        assertEquals(a, b);
    }

    @Test
    void readsFloatAndDoubleArrayColumns() {
        Dataset<Row> df = LocalSpark.vectors(4, 200, IN, CLASSES, 2);
        VecnetClassificationModel model = VecnetClassificationModel.of(weights);
        List<Row> vectors = model.transform(df).orderBy("id").select("probability").collectAsList();
        for (String dtype : new String[] {"float64", "float32"}) {
            Dataset<Row> arrays = df.select(col("id"), vector_to_array(col("features"), dtype).as("features"));
            assertEquals(vectors, model.transform(arrays).orderBy("id").select("probability").collectAsList(), dtype);
        }
    }

    @Test
    void savesAndLoadsInsideAPipeline(@TempDir Path dir) throws Exception {
        Dataset<Row> df = LocalSpark.vectors(5, 100, IN, CLASSES, 2);
        VecnetClassificationModel model = VecnetClassificationModel.of(weights).setProbabilityCol("p")
                .setPredictionCol("class").setRawPredictionCol("").setBatchRows(33);
        model.setPrecision("f64");
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {model}).fit(df);
        String path = dir.resolve("pipeline").toString();
        pipeline.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        VecnetClassificationModel back = (VecnetClassificationModel) loaded.stages()[0];
        assertEquals(model.uid(), back.uid());
        assertEquals("f64", back.getPrecision());
        assertEquals(33, back.getBatchRows());
        assertEquals(Arrays.asList(model.transform(df).schema().fieldNames()), Arrays.asList(back.transform(df).schema().fieldNames()));
        assertEquals(pipeline.transform(df).orderBy("id").collectAsList(), loaded.transform(df).orderBy("id").collectAsList());
        assertArrayEquals(ModelFormat.VNET.bytes(weights), ModelFormat.VNET.bytes(back.weights()));
    }

    @Test
    void readsEveryModelFormat(@TempDir Path dir) throws Exception {
        Dataset<Row> df = LocalSpark.vectors(6, 50, IN, CLASSES, 2);
        List<Row> expected = VecnetClassificationModel.of(weights).transform(df).orderBy("id").select("probability").collectAsList();
        for (ModelFormat f : ModelFormat.values()) {
            Path file = dir.resolve("model." + f.name().toLowerCase());
            f.write(weights, file);
            List<Row> got = VecnetClassificationModel.of(file).transform(df).orderBy("id").select("probability").collectAsList();
            for (int r = 0; r < expected.size(); r++) {
                double[] a = ((Vector) expected.get(r).get(0)).toArray(), b = ((Vector) got.get(r).get(0)).toArray();
                assertArrayEquals(a, b, 1e-6, f + " row " + r);
            }
        }
    }

    @Test
    void refusesBadRowsByColumnAndReasonOrSkipsThem() {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("x", new VectorUDT());
        double[] good = new double[IN];
        double[] nan = good.clone();
        nan[4] = Double.NaN;
        double[] huge = good.clone();
        huge[2] = 1e300;
        List<Row> rows = new ArrayList<>(List.of(RowFactory.create(0L, Vectors.dense(good)), RowFactory.create(1L, null),
                RowFactory.create(2L, Vectors.dense(new double[IN - 1])), RowFactory.create(3L, Vectors.dense(nan)),
                RowFactory.create(4L, Vectors.dense(huge)), RowFactory.create(5L, Vectors.dense(good))));
        VecnetClassificationModel model = VecnetClassificationModel.of(weights).setFeaturesCol("x");
        String[] reasons = {"is null", "is a vector of 36 values; the model takes 37", "has NaN at [4]",
                "has 1.0E300 at [2] (infinite as float32)"};
        for (int bad = 1; bad <= 4; bad++) {
            Dataset<Row> df = LocalSpark.session().createDataFrame(List.of(rows.get(0), rows.get(bad)), schema).coalesce(1);
            Exception e = assertThrows(Exception.class, () -> model.transform(df).collectAsList());
            String message = rootMessage(e);
            assertTrue(message.contains("featuresCol 'x' " + reasons[bad - 1]), message);
            assertTrue(message.contains("handleInvalid"), message);
        }
        Dataset<Row> all = LocalSpark.session().createDataFrame(rows, schema).coalesce(1);
        List<Row> kept = model.setHandleInvalid("skip").transform(all).collectAsList();
        assertEquals(List.of(0L, 5L), kept.stream().map(r -> r.getLong(0)).toList());
        // float64 serving: 1e300 is a finite input
        assertEquals(List.of(0L, 4L, 5L), model.setPrecision("f64").transform(all).collectAsList().stream()
                .map(r -> r.getLong(0)).toList());
    }

    @Test
    void arraysWithNullsOrNonFiniteValuesAreRefusedByElement() {
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("x", DataTypes.createArrayType(DataTypes.DoubleType, true));
        List<Object> withNull = new ArrayList<>(java.util.Collections.nCopies(IN, (Object) 0.5));
        withNull.set(9, null);
        List<Object> withInf = new ArrayList<>(java.util.Collections.nCopies(IN, (Object) 0.5));
        withInf.set(30, Double.POSITIVE_INFINITY);
        VecnetClassificationModel model = VecnetClassificationModel.of(weights).setFeaturesCol("x");
        for (var bad : List.of(List.of(withNull, "has a null at [9]"), List.of(withInf, "has Infinity at [30]"))) {
            Dataset<Row> df = LocalSpark.session().createDataFrame(
                    List.of(RowFactory.create(1L, scala.jdk.javaapi.CollectionConverters.asScala((List<?>) bad.get(0)).toSeq())), schema);
            for (String precision : new String[] {"f32", "f64"}) {
                String message = rootMessage(assertThrows(Exception.class,
                        () -> model.setPrecision(precision).transform(df).collectAsList()));
                assertTrue(message.contains("featuresCol 'x' " + bad.get(1)), message);
            }
        }
    }

    @Test
    void refusesColumnsItCannotRead() {
        Dataset<Row> df = LocalSpark.vectors(7, 10, IN, CLASSES, 1);
        VecnetClassificationModel model = VecnetClassificationModel.of(weights);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.setFeaturesCol("label").transform(df))
                .getMessage().contains("featuresCol 'label' is of type double"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.setFeaturesCol("nope").transform(df))
                .getMessage().contains("featuresCol 'nope' is not a column"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VecnetClassificationModel.of(weights).setProbabilityCol("p")
                .setPredictionCol("p").transform(df)).getMessage().contains("two output columns are named 'p'"));
        model.setFeaturesCol("features").setPredictionCol("label");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.transform(df))
                .getMessage().contains("output column 'label' already exists"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> VecnetClassificationModel.of(weights).setThresholds(new double[] {1, 2}))
                .getMessage().contains("numClasses=5, but thresholds has length 2"));
    }

    @Test
    void thresholdsFollowMllibsRule() {
        Dataset<Row> df = LocalSpark.vectors(8, 200, IN, CLASSES, 2);
        double[] t = {0.5, 1, 2, 1, 0.25};
        for (Row row : VecnetClassificationModel.of(weights).setThresholds(t).transform(df).collectAsList()) {
            double[] p = ((Vector) row.getAs("probability")).toArray();
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                best = p[c] / t[c] > p[best] / t[best] ? c : best;
            }
            assertEquals(best, row.getDouble(row.fieldIndex("prediction")), 0);
        }
    }

    @Test
    void singleRowApiAgreesWithTransform() {
        Dataset<Row> df = LocalSpark.vectors(9, 20, IN, CLASSES, 1);
        VecnetClassificationModel model = VecnetClassificationModel.of(weights);
        for (Row row : model.transform(df).collectAsList()) {
            Vector features = row.getAs("features");
            assertArrayEquals(((Vector) row.getAs("probability")).toArray(), model.predictProbability(features).toArray(), 0);
            assertEquals(row.getDouble(row.fieldIndex("prediction")), model.predict(features), 0);
        }
    }

    static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
