package dev.vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vecnet.infer.ModelFormat;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/** A model, and the estimator with its params, through Spark's Java and Kryo serializers: what a closure or a broadcast does to them. */
class SerializersTest {
    private final Weights weights = LocalSpark.network(4, Activation.SIGMOID, 12, 9, 3);

    @Test
    void aModelSurvivesBothSerializersAndScoresTheSame() throws Exception {
        Dataset<Row> df = LocalSpark.vectors(3, 200, 12, 3, 2);
        VecnetClassificationModel model = VecnetClassificationModel.of(weights).setProbabilityCol("p").setBatchRows(17);
        List<Row> expected = model.transform(df).orderBy("id").collectAsList();
        for (SerializerInstance s : List.of(new JavaSerializer(new SparkConf()).newInstance(),
                new KryoSerializer(new SparkConf()).newInstance())) {
            ByteBuffer bytes = s.serialize(model, ClassTag$.MODULE$.apply(VecnetClassificationModel.class));
            VecnetClassificationModel back = s.deserialize(bytes, ClassTag$.MODULE$.apply(VecnetClassificationModel.class));
            assertEquals(model.uid(), back.uid(), s.getClass().getSimpleName());
            assertEquals("p", back.getProbabilityCol());
            assertEquals(17, back.getBatchRows());
            assertArrayEquals(ModelFormat.VNET.bytes(weights), ModelFormat.VNET.bytes(back.weights()));
            assertEquals(expected, back.transform(df).orderBy("id").collectAsList(), s.getClass().getSimpleName());
        }
    }

    @Test
    void anEstimatorSurvivesJavaSerialization() {
        VecnetClassifier c = new VecnetClassifier().setLayers(12, 5, 3).setOptimizer("adagrad").setSyncSteps(3);
        SerializerInstance s = new JavaSerializer(new SparkConf()).newInstance();
        VecnetClassifier back = s.deserialize(s.serialize(c, ClassTag$.MODULE$.apply(VecnetClassifier.class)),
                ClassTag$.MODULE$.apply(VecnetClassifier.class));
        assertEquals(c.uid(), back.uid());
        assertArrayEquals(new int[] {12, 5, 3}, back.getLayers());
        assertEquals("adagrad", back.getOptimizer());
        assertEquals(3, back.getSyncSteps());
    }
}
