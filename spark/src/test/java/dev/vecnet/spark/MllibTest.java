package dev.vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import java.util.List;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class MllibTest {
    /** MLlib's and vecnet's outputs for the same rows: same classes, probabilities within (absolute) tolerance. */
    private static void sameAnswers(Dataset<Row> mllib, Dataset<Row> vecnet, double tolerance, boolean relative) {
        List<Row> a = mllib.orderBy("id").collectAsList(), b = vecnet.orderBy("id").collectAsList();
        assertEquals(a.size(), b.size());
        for (int r = 0; r < a.size(); r++) {
            double[] pa = ((Vector) a.get(r).getAs("probability")).toArray();
            double[] pb = ((Vector) b.get(r).getAs("probability")).toArray();
            for (int c = 0; c < pa.length; c++) {
                double allowed = relative ? tolerance * Math.max(pa[c], 1e-30) : tolerance;
                assertEquals(pa[c], pb[c], allowed, "row " + r + " class " + c);
            }
            double[] sorted = pa.clone();
            java.util.Arrays.sort(sorted);
            if (!relative || sorted[sorted.length - 1] - sorted[sorted.length - 2] > 1e-4) { // f32: no near-ties
                assertEquals(a.get(r).getDouble(a.get(r).fieldIndex("prediction")),
                        b.get(r).getDouble(b.get(r).fieldIndex("prediction")), 0, "row " + r);
            }
        }
    }

    @Test
    void aTrainedMllibModelScoresTheSameInVecnet() {
        Dataset<Row> train = LocalSpark.vectors(11, 600, 12, 4, 2);
        MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier().setLayers(new int[] {12, 9, 7, 4})
                .setMaxIter(40).setSeed(5).fit(train);
        Dataset<Row> test = LocalSpark.vectors(12, 2000, 12, 4, 3);
        VecnetClassificationModel vecnet = Mllib.fromMllib(mllib);
        assertEquals("f64", vecnet.getPrecision());
        sameAnswers(mllib.transform(test), vecnet.transform(test), 1e-6, false);
        sameAnswers(mllib.transform(test), vecnet.setPrecision("f32").transform(test), 1e-5, true);
    }

    @Test
    void vecnetWeightsGoToMllibAndBackUnchanged() {
        Weights w = LocalSpark.network(21, Activation.SIGMOID, 30, 17, 6);
        VecnetClassificationModel vecnet = VecnetClassificationModel.of(w).setProbabilityCol("p");
        vecnet.setPrecision("f64");
        MultilayerPerceptronClassificationModel mllib = Mllib.toMllib(vecnet);
        assertArrayEquals(new int[] {30, 17, 6}, mllib.getLayers());
        assertEquals("p", mllib.getProbabilityCol());
        Dataset<Row> test = LocalSpark.vectors(22, 1000, 30, 6, 2);
        sameAnswers(mllib.setProbabilityCol("probability").transform(test), vecnet.setProbabilityCol("probability").transform(test),
                1e-6, false);
        Weights back = Mllib.fromMllib(mllib).weights();
        for (int l = 0; l < w.layers().size(); l++) {
            assertArrayEquals(w.layers().get(l).w(), back.layers().get(l).w(), 0);
            assertArrayEquals(w.layers().get(l).b(), back.layers().get(l).b(), 0);
        }
    }

    @Test
    void refusesNetworksMllibCannotExpress() {
        Weights relu = LocalSpark.network(1, Activation.RELU, 5, 4, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mllib.toMllib(relu, "x")).getMessage()
                .contains("layer 1 is relu; MLlib's perceptron has sigmoid hidden layers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mllib.weights(new int[] {3, 2}, new double[7]))
                .getMessage().contains("need 8 weights, the vector has 7"));
    }
}
