package dev.vecnet.spark;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One local[2] session for all the tests of a JVM, and the data and networks they share. */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder().master("local[2]").appName("vecnet-spark-tests")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1").getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    /** A network whose probabilities are far from uniform: weights std·N(0, 1) with std 1/√fan-in. */
    static Weights network(long seed, Activation hidden, int... sizes) {
        NetworkConfig c = NetworkConfig.of(sizes).withActivation(hidden).withInit(WeightInit.XAVIER, 1).withSeed(seed);
        MultiLayerNet<double[]> net = new MultiLayerNet<>(Precision.F64, c);
        SplittableRandom r = new SplittableRandom(seed);
        for (var p : net.parameters()) {
            if (p.name().startsWith("b")) {
                for (int i = 0; i < p.size(); i++) {
                    p.value()[i] = r.nextGaussian() * 0.5;
                }
            }
        }
        return net.weights();
    }

    static final StructType VECTORS = new StructType().add("id", DataTypes.LongType)
            .add("features", new VectorUDT()).add("label", DataTypes.DoubleType);

    /** rows x inputs Gaussian features (ML vectors, every third sparse), labels in [0, classes). */
    static Dataset<Row> vectors(long seed, int rows, int inputs, int classes, int partitions) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] x = new double[inputs];
            for (int j = 0; j < inputs; j++) {
                x[j] = i % 3 == 2 && r.nextInt(3) != 0 ? 0 : r.nextGaussian() * 2;
            }
            list.add(RowFactory.create((long) i, i % 3 == 2 ? Vectors.dense(x).toSparse() : Vectors.dense(x),
                    (double) r.nextInt(classes)));
        }
        return session().createDataFrame(list, VECTORS).repartition(partitions);
    }
}
