package dev.vecnet.spark;

import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.infer.Predictor;
import dev.vecnet.model.Weights;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A vecnet network as a Spark ML classification model: a {@code Pipeline} stage that appends
 * {@code rawPredictionCol} (the last layer's scores), {@code probabilityCol} (their softmax) and
 * {@code predictionCol} (the most probable class, or MLlib's rule when {@code thresholds} are set) to
 * a DataFrame whose {@code featuresCol} is an ML {@code Vector}, {@code array<float>} or
 * {@code array<double>}. Made from any model vecnet reads ({@link #of(Path)}: .vnet, .npz, .onnx), from
 * MLlib's perceptron ({@link Mllib#fromMllib}) or by {@link VecnetClassifier}.
 *
 * <p>The model travels once per executor (a broadcast of its vecnet bytes, decoded once per JVM); each
 * task scores its partition in batches of {@code batchRows} through its own predictor. {@code precision}
 * "f32" (the default) serves with the float32 kernels; "f64" runs a float64 network (sigmoid, ReLU or
 * tanh hidden layers), MLlib's precision. A row whose features are null, of the wrong length or not
 * finite stops the job with a message naming the column and the reason; with {@code handleInvalid}
 * "skip" such rows are left out of the result instead.
 */
public final class VecnetClassificationModel extends ProbabilisticClassificationModel<Vector, VecnetClassificationModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    /** The weights in vecnet's own format: what is broadcast, saved and loaded. */
    private final byte[] vnet;
    private final int inputs, classes;
    private transient Weights weights;
    private transient ThreadLocal<Predictor> single;

    private final Param<String> precision;
    private final Param<String> handleInvalid;
    private final IntParam batchRows;

    private VecnetClassificationModel(String uid, Weights weights) {
        this(Uids.entering(uid), weights, 0);
    }

    private VecnetClassificationModel(String uid, Weights weights, int constructing) {
        super(); // MLlib's params are made here and ask uid(): see Uids
        this.uid = uid;
        Uids.entered();
        this.precision = new Param<>(this, "precision",
                "f32 (float32 kernels) or f64 (a float64 network, MLlib's precision)",
                ParamValidators.inArray(new String[] {"f32", "f64"}));
        this.handleInvalid = new Param<>(this, "handleInvalid", "a row whose features are null, of the wrong length "
                + "or not finite: error (stop, naming it) or skip (leave it out)",
                ParamValidators.inArray(new String[] {"error", "skip"}));
        this.batchRows = new IntParam(this, "batchRows", "rows scored together by one predictor call",
                ParamValidators.inRange(1, 1 << 16));
        this.weights = weights;
        try {
            this.vnet = ModelFormat.VNET.bytes(weights);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<Integer> sizes = weights.sizes();
        this.inputs = sizes.get(0);
        this.classes = sizes.get(sizes.size() - 1);
        setDefault(precision, "f32");
        setDefault(handleInvalid, "error");
        setDefault(batchRows, 256);
    }

    /** The model in a file vecnet reads (.vnet, .npz, .onnx; told apart by content), read on the driver. */
    public static VecnetClassificationModel of(Path file) throws IOException {
        return of(ModelFormat.readWeights(file));
    }

    /** A model of these weights. */
    public static VecnetClassificationModel of(Weights weights) {
        return of(Identifiable$.MODULE$.randomUID("vecnet"), weights);
    }

    static VecnetClassificationModel of(String uid, Weights weights) {
        return new VecnetClassificationModel(uid, weights);
    }

    /** The model's parameters, as vecnet's library takes them (for {@code ModelFormat.write}, say). */
    public Weights weights() {
        if (weights == null) {
            weights = ExecutorModels.weights(uid, vnet);
        }
        return weights;
    }

    @Override
    public String uid() {
        return uid != null ? uid : Uids.current();
    }

    @Override
    public int numFeatures() {
        return inputs;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    public Param<String> precision() {
        return precision;
    }

    public Param<String> handleInvalid() {
        return handleInvalid;
    }

    public IntParam batchRows() {
        return batchRows;
    }

    public String getPrecision() {
        return $(precision);
    }

    public String getHandleInvalid() {
        return $(handleInvalid);
    }

    public int getBatchRows() {
        return (Integer) $(batchRows);
    }

    public VecnetClassificationModel setPrecision(String value) {
        return (VecnetClassificationModel) set(precision, value);
    }

    public VecnetClassificationModel setHandleInvalid(String value) {
        return (VecnetClassificationModel) set(handleInvalid, value);
    }

    public VecnetClassificationModel setBatchRows(int value) {
        return (VecnetClassificationModel) set(batchRows, value);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        FeatureColumn.kind(schema, $(featuresCol()));
        List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
        for (String column : outputColumns()) {
            if (Arrays.asList(schema.fieldNames()).contains(column)) {
                throw new IllegalArgumentException("output column '" + column + "' already exists in " + schema.simpleString());
            }
        }
        if (!$(rawPredictionCol()).isEmpty()) {
            fields.add(DataTypes.createStructField($(rawPredictionCol()), SQLDataTypes.VectorType(), false));
        }
        if (!$(probabilityCol()).isEmpty()) {
            fields.add(DataTypes.createStructField($(probabilityCol()), SQLDataTypes.VectorType(), false));
        }
        if (!$(predictionCol()).isEmpty()) {
            fields.add(DataTypes.createStructField($(predictionCol()), DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(fields);
    }

    private List<String> outputColumns() {
        List<String> out = new ArrayList<>();
        for (String c : new String[] {$(rawPredictionCol()), $(probabilityCol()), $(predictionCol())}) {
            if (out.contains(c)) {
                throw new IllegalArgumentException("two output columns are named '" + c + "'");
            } else if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
        if (thresholds != null && thresholds.length != classes) {
            throw new IllegalArgumentException("thresholds has " + thresholds.length + " values; the model has "
                    + classes + " classes");
        }
        PartitionScorer.Settings settings = new PartitionScorer.Settings(
                FeatureColumn.of(dataset.schema(), $(featuresCol()), inputs), !$(rawPredictionCol()).isEmpty(),
                !$(probabilityCol()).isEmpty(), !$(predictionCol()).isEmpty(), thresholds,
                "skip".equals($(handleInvalid)), getBatchRows(), "f64".equals($(precision)));
        if (settings.f64()) {
            PartitionScorer.f64Network(weights(), 1); // what the float64 network cannot run is refused here, before a job
        }
        if (!(dataset.toDF() instanceof org.apache.spark.sql.classic.Dataset<Row> df)) {
            throw new UnsupportedOperationException("vecnet scores in the JVM that runs the Spark job (classic Spark), "
                    + "not through a Spark Connect client");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
        Broadcast<byte[]> shipped = sc.broadcast(vnet);
        PartitionScorer scorer = new PartitionScorer(uid + "#" + shipped.id(), shipped, settings);
        RDD<InternalRow> scored = df.queryExecution().toRdd().toJavaRDD().mapPartitions(scorer, true).rdd();
        return df.sparkSession().internalCreateDataFrame(scored, out, false);
    }

    /** The last layer's scores for one row (float32 kernels), for MLlib's single-row API; {@link #transform} batches. */
    @Override
    public Vector predictRaw(Vector features) {
        if (features.size() != inputs) {
            throw new IllegalArgumentException("a vector of " + features.size() + " values; the model takes " + inputs);
        }
        if (single == null) {
            Model scores = ExecutorModels.get(uid + "#single", vnet).scores();
            single = ThreadLocal.withInitial(scores::predictor);
        }
        float[] x = new float[inputs];
        double[] values = features.toArray();
        for (int i = 0; i < inputs; i++) {
            x[i] = (float) values[i];
        }
        float[] s = new float[classes];
        single.get().predict(x, s);
        double[] raw = new double[classes];
        for (int i = 0; i < classes; i++) {
            raw[i] = s[i];
        }
        return new DenseVector(raw);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        double[] values = ((DenseVector) raw).values();
        Softmax.of(values.clone(), values);
        return raw;
    }

    @Override
    public VecnetClassificationModel copy(ParamMap extra) {
        VecnetClassificationModel copy = of(uid, weights());
        return copyValues(copy, extra).setParent(parent());
    }

    /** MLlib's summaries' view of this model (Java sees the Scala override twice: a raw type settles it). */
    @Override
    @SuppressWarnings("rawtypes")
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public String toString() {
        return "VecnetClassificationModel: uid=" + uid + ", shape=" + weights().shape() + ", precision=" + getPrecision();
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<VecnetClassificationModel> read() {
        return new Reader();
    }

    public static VecnetClassificationModel load(String path) {
        return read().load(path);
    }

    /** Spark ML's layout: the params as JSON in {@code metadata/}, the weights as one .vnet file in {@code data/}. */
    private static final class Writer extends MLWriter {
        private final VecnetClassificationModel model;

        Writer(VecnetClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(path, "data"), "model.vnet");
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (OutputStream out = fs.create(file, true)) {
                    out.write(model.vnet);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + file, e);
            }
        }
    }

    private static final class Reader extends MLReader<VecnetClassificationModel> {
        @Override
        public VecnetClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    VecnetClassificationModel.class.getName());
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(path, "data"), "model.vnet");
            byte[] bytes;
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (FSDataInputStream in = fs.open(file)) {
                    bytes = in.readAllBytes();
                }
                Weights w = ModelFormat.readWeights(bytes, file.toString());
                VecnetClassificationModel model = of(metadata.uid(), w);
                metadata.getAndSetParams(model, scala.Option.empty());
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
        }
    }
}
