package dev.vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Executors in JVMs of their own (Spark's local-cluster: a master, a worker, two executor processes
 * started from a Spark home made of this test's class path): the model travels by broadcast to
 * processes that never saw it, with the JVM options a user passes for SIMD, and training's partitions
 * run there. What local[2], one JVM, cannot show.
 */
class SeparateExecutorsTest {
    private static final String OPTIONS = System.getProperty("vecnet.spark.jvmOptions", "");

    /** target/spark-home/jars: links to every jar of the test class path; the directories go on the executors' class path. */
    private static String sparkHome(List<String> directories) throws IOException {
        Path home = Path.of("spark-home").toAbsolutePath(); // in target/work, the tests' working directory
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        // local-cluster is a testing mode: Spark's launcher then also looks for its build's output, and wants its directory
        Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                directories.add(p.toString());
            } else if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, p);
                }
            }
        }
        return home.toString();
    }

    @Test
    void executorsInTheirOwnJvmsScoreAndTrainAsOneJvmDoes() throws Exception {
        List<String> directories = new ArrayList<>();
        String home = sparkHome(directories);
        Weights weights = LocalSpark.network(8, Activation.TANH, 20, 13, 4);
        List<Row> rows = LocalSpark.vectors(31, 600, 20, 4, 3).orderBy("id").collectAsList();
        Dataset<Row> data = LocalSpark.session().createDataFrame(rows, LocalSpark.VECTORS).repartition(3).sortWithinPartitions("id").cache();
        List<Row> expected = VecnetClassificationModel.of(weights).transform(data).orderBy("id").collectAsList();
        VecnetClassifier classifier = new VecnetClassifier().setLayers(20, 8, 4).setMaxIter(2).setBatchSize(60).setSeed(4)
                .setStepSize(0.01);
        Weights trainedHere = classifier.fit(data).weights();
        List<Integer> partitions = data.javaRDD().glom().map(List::size).collect();

        LocalSpark.session().stop(); // one SparkContext per JVM: the next test makes local[2] again
        // local-cluster's worker finds "Spark" at spark.test.home when spark.testing is set (both system properties)
        System.setProperty("spark.test.home", home);
        System.setProperty("spark.testing", "true");
        SparkSession cluster = SparkSession.builder().master("local-cluster[2,1,1024]").appName("vecnet-separate-executors")
                .config("spark.home", home).config("spark.test.home", home)
                .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false")
                .config("spark.executor.extraClassPath", String.join(File.pathSeparator, directories))
                .config("spark.executor.extraJavaOptions", OPTIONS)
                .getOrCreate();
        try {
            Dataset<Row> there = cluster.createDataFrame(rows, LocalSpark.VECTORS).repartition(3).sortWithinPartitions("id").cache();
            assertEquals(partitions, there.javaRDD().glom().map(List::size).collect(), "the same partitioning");
            List<Row> scored = VecnetClassificationModel.of(weights).transform(there).orderBy("id").collectAsList();
            assertEquals(expected.size(), scored.size());
            for (int r = 0; r < expected.size(); r++) {
                assertEquals(expected.get(r).getLong(0), scored.get(r).getLong(0));
                assertEquals((Vector) expected.get(r).getAs("probability"), (Vector) scored.get(r).getAs("probability"), "row " + r);
            }
            // the executors are other processes: each decoded the model from the broadcast itself
            assertTrue(there.javaRDD().map(r -> ProcessHandle.current().pid()).collect().stream()
                    .noneMatch(pid -> pid == ProcessHandle.current().pid()), "tasks ran in the driver's JVM");
            // the executors got the Vector API module through spark.executor.extraJavaOptions: the same kernels as here
            assertEquals(List.of(dev.vecnet.kernel.Kernels.provider().name()), there.javaRDD()
                    .map(r -> dev.vecnet.kernel.Kernels.provider().name()).distinct().collect());
            Weights trainedThere = classifier.fit(there).weights();
            for (int l = 0; l < trainedHere.layers().size(); l++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(trainedHere.layers().get(l).w(), trainedThere.layers().get(l).w(), 0,
                        "the same seed and partitioning: the same weights in one JVM and across three");
            }
        } finally {
            cluster.stop();
            System.clearProperty("spark.testing");
        }
    }
}
