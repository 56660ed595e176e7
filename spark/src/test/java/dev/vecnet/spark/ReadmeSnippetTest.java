package dev.vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.infer.ModelFormat;
import dev.vecnet.kernel.Activation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** README's Spark snippet (its ```java spark block) is the body of {@link #readmeExample}, line for line, and runs. */
class ReadmeSnippetTest {
    private static final Path SOURCE = Path.of(System.getProperty("vecnet.readme")).getParent()
            .resolve("spark/src/test/java/dev/vecnet/spark/ReadmeSnippetTest.java");

    @Test
    void theReadmeBlockIsThisTestsCode() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("vecnet.readme")));
        Matcher m = Pattern.compile("```java spark\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has a ```java spark block");
        List<String> block = m.group(1).lines().map(String::strip).toList();
        List<String> source = Files.readAllLines(SOURCE).stream().map(String::strip).toList();
        int at = java.util.Collections.indexOfSubList(source, block);
        assertTrue(at > 0, "README's Spark block, line for line, in " + SOURCE + ":\n" + String.join("\n", block));
    }

    @Test
    void readmeExample() throws Exception {
        SparkSession spark = LocalSpark.session();
        ModelFormat.ONNX.write(LocalSpark.network(2, Activation.RELU, 784, 100, 10), Path.of("mlp.onnx"));
        LocalSpark.vectors(5, 500, 784, 10, 2).withColumn("label", org.apache.spark.sql.functions.col("label").cast("int"))
                .write().mode("overwrite").parquet("images.parquet");

        // README (begin)
        VecnetClassificationModel model = VecnetClassificationModel.of(Path.of("mlp.onnx"));  // or .vnet / .npz
        Dataset<Row> images = spark.read().parquet("images.parquet");   // features: ML Vector, array<float|double>
        model.transform(images).select("id", "prediction", "probability").write().mode("overwrite").parquet("scored.parquet");
        VecnetClassificationModel trained = new VecnetClassifier().setLayers(784, 100, 10).setOptimizer("adam")
                .setStepSize(0.003).setMaxIter(5).setSyncSteps(600).fit(images);   // labels 0..9 in "label"
        new Pipeline().setStages(new PipelineStage[] {trained}).fit(images).write().overwrite().save("pipeline");
        // README (end)

        assertEquals(500, spark.read().parquet("scored.parquet").count());
        assertEquals(500, PipelineModel.load("pipeline").transform(images).count());
    }
}
