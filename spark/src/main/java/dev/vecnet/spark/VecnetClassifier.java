package dev.vecnet.spark;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import dev.vecnet.train.Trainer;
import dev.vecnet.train.Warmup;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Data-parallel training of a vecnet network as a Spark ML {@code Estimator}. Each step is one Spark
 * job: every partition computes the mean gradient of its share of the step's rows with vecnet's
 * backprop (its rows packed once and cached), the partitions' gradients are summed in partition
 * order, weighted by their rows ({@link FixedOrderSum}), and the driver takes the optimizer's step. An
 * epoch is ⌈rows / batchSize⌉ steps and visits each row once, each partition in an order drawn from the
 * seed, the epoch and the partition: the same seed and partitions (the same rows in the same order)
 * give the same weights, bit for bit.
 *
 * <p>With {@code syncSteps} above 1 each job instead lets every partition take that many optimizer
 * steps on its own rows, from the broadcast weights and optimizer state, and the driver averages the
 * weights and state they reach (row-weighted, in partition order): far fewer jobs per epoch, the same
 * determinism, a different (usually as good) path than synchronous training.
 *
 * <p>{@code layers} are the sizes from the inputs to the classes, as MLlib's perceptron takes them;
 * the hidden layers' {@code activation} is sigmoid, relu or tanh; the {@code optimizer} is sgd,
 * momentum, adagrad or adam with {@code stepSize}; {@code maxIter} counts epochs.
 */
public final class VecnetClassifier extends ProbabilisticClassifier<Vector, VecnetClassifier, VecnetClassificationModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final IntArrayParam layers;
    private final Param<String> activation, optimizer, init, precision;
    private final DoubleParam stepSize, weightDecay;
    private final IntParam batchSize, maxIter, syncSteps;
    private final LongParam seed;
    private transient EpochListener listener;

    public VecnetClassifier() {
        this(Identifiable$.MODULE$.randomUID("vecnetClassifier"));
    }

    /** Spark's readers and {@code copy} construct a stage by its uid. */
    public VecnetClassifier(String uid) {
        this(Uids.entering(uid), 0);
    }

    private VecnetClassifier(String uid, int constructing) {
        super(); // MLlib's params are made here and ask uid(): see Uids
        this.uid = uid;
        Uids.entered();
        layers = new IntArrayParam(this, "layers", "sizes from the inputs to the classes, e.g. [784, 100, 10]");
        activation = new Param<>(this, "activation", "the hidden layers' activation: sigmoid, relu or tanh",
                ParamValidators.inArray(new String[] {"sigmoid", "relu", "tanh"}));
        optimizer = new Param<>(this, "optimizer", "sgd, momentum, adagrad or adam",
                ParamValidators.inArray(new String[] {"sgd", "momentum", "adagrad", "adam"}));
        init = new Param<>(this, "init", "initial weights' std: xavier (1/sqrt(fan-in)), he (sqrt(2/fan-in)) or std (0.01)",
                ParamValidators.inArray(new String[] {"xavier", "he", "std"}));
        precision = new Param<>(this, "precision", "f32 or f64: the training's arithmetic, and the model's scoring",
                ParamValidators.inArray(new String[] {"f32", "f64"}));
        stepSize = new DoubleParam(this, "stepSize", "the optimizer's learning rate (> 0)", ParamValidators.gt(0));
        weightDecay = new DoubleParam(this, "weightDecay", "L2 weight decay lambda (>= 0)", ParamValidators.gtEq(0));
        batchSize = new IntParam(this, "batchSize", "rows per step, over all partitions (>= 1)", ParamValidators.gtEq(1));
        maxIter = new IntParam(this, "maxIter", "epochs (>= 1)", ParamValidators.gtEq(1));
        seed = new LongParam(this, "seed", "initial weights and each epoch's row order");
        syncSteps = new IntParam(this, "syncSteps", "optimizer steps each partition takes on its own between averagings; "
                + "1: every step's gradients summed on the driver (synchronous mini-batch training)", ParamValidators.gtEq(1));
        setDefault(activation, "sigmoid");
        setDefault(optimizer, "adam");
        setDefault(init, "xavier");
        setDefault(precision, "f32");
        setDefault(stepSize, 0.001);
        setDefault(weightDecay, 0.0);
        setDefault(batchSize, 100);
        setDefault(maxIter, 10);
        setDefault(seed, 0L);
        setDefault(syncSteps, 1);
    }

    @Override
    public String uid() {
        return uid != null ? uid : Uids.current();
    }

    public IntArrayParam layers() { return layers; }
    public Param<String> activation() { return activation; }
    public Param<String> optimizer() { return optimizer; }
    public Param<String> init() { return init; }
    public Param<String> precision() { return precision; }
    public DoubleParam stepSize() { return stepSize; }
    public DoubleParam weightDecay() { return weightDecay; }
    public IntParam batchSize() { return batchSize; }
    public IntParam maxIter() { return maxIter; }
    public LongParam seed() { return seed; }
    public IntParam syncSteps() { return syncSteps; }

    public int[] getLayers() { return $(layers); }
    public String getActivation() { return $(activation); }
    public String getOptimizer() { return $(optimizer); }
    public String getInit() { return $(init); }
    public String getPrecision() { return $(precision); }
    public double getStepSize() { return (Double) $(stepSize); }
    public double getWeightDecay() { return (Double) $(weightDecay); }
    public int getBatchSize() { return (Integer) $(batchSize); }
    public int getMaxIter() { return (Integer) $(maxIter); }
    public long getSeed() { return (Long) $(seed); }
    public int getSyncSteps() { return (Integer) $(syncSteps); }

    public VecnetClassifier setLayers(int... value) { return (VecnetClassifier) set(layers, value); }
    public VecnetClassifier setActivation(String value) { return (VecnetClassifier) set(activation, value); }
    public VecnetClassifier setOptimizer(String value) { return (VecnetClassifier) set(optimizer, value); }
    public VecnetClassifier setInit(String value) { return (VecnetClassifier) set(init, value); }
    public VecnetClassifier setPrecision(String value) { return (VecnetClassifier) set(precision, value); }
    public VecnetClassifier setStepSize(double value) { return (VecnetClassifier) set(stepSize, value); }
    public VecnetClassifier setWeightDecay(double value) { return (VecnetClassifier) set(weightDecay, value); }
    public VecnetClassifier setBatchSize(int value) { return (VecnetClassifier) set(batchSize, value); }
    public VecnetClassifier setMaxIter(int value) { return (VecnetClassifier) set(maxIter, value); }
    public VecnetClassifier setSeed(long value) { return (VecnetClassifier) set(seed, value); }
    public VecnetClassifier setSyncSteps(int value) { return (VecnetClassifier) set(syncSteps, value); }

    /** Told after each epoch on the driver; not a param (not saved with the stage). */
    public VecnetClassifier setEpochListener(EpochListener value) {
        this.listener = value;
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!isDefined(layers)) {
            throw new IllegalArgumentException("layers is not set: the sizes from the inputs to the classes, e.g. setLayers(784, 100, 10)");
        }
        FeatureColumn.kind(schema, $(featuresCol()));
        String label = $(labelCol());
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(label)) {
            throw new IllegalArgumentException("labelCol '" + label + "' is not a column of " + schema.simpleString());
        }
        if (!(schema.apply(label).dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("labelCol '" + label + "' is of type " + schema.apply(label).dataType().simpleString()
                    + "; vecnet takes class indices 0, 1, ... of a numeric type");
        }
        return schema;
    }

    @Override
    public VecnetClassificationModel train(Dataset<?> dataset) {
        int[] sizes = getLayers();
        NetworkConfig config = config(sizes);
        return VecnetClassificationModel.of(run(config, dataset));
    }

    private NetworkConfig config(int[] sizes) {
        NetworkConfig c = NetworkConfig.of(sizes).withActivation(Activation.valueOf(getActivation()))
                .withInit(WeightInit.valueOf(getInit().toUpperCase(Locale.ROOT)), 0.01).withSeed(getSeed());
        return getWeightDecay() > 0 ? c.withWeightDecay(getWeightDecay()) : c;
    }


    private Weights run(NetworkConfig config, Dataset<?> dataset) {
        int[] sizes = getLayers();
        int inputs = sizes[0], classes = sizes[sizes.length - 1];
        boolean f64 = "f64".equals(getPrecision());
        String label = $(labelCol());
        Dataset<Row> columns = dataset.select(org.apache.spark.sql.functions.col($(featuresCol())),
                org.apache.spark.sql.functions.col(label).cast("double")).toDF();
        if (!(columns instanceof org.apache.spark.sql.classic.Dataset<Row> classic)) {
            throw new UnsupportedOperationException("vecnet trains in the JVM that runs the Spark job (classic Spark), "
                    + "not through a Spark Connect client");
        }
        FeatureColumn features = FeatureColumn.of(columns.schema(), $(featuresCol()), inputs);
        // the SIMD kernels warm up on a synthetic run of this network while each partition is packed, as vecnet
        // train does while it loads (the size of the run is known only after)
        List<Integer> layerSizes = config.sizes();
        String act = getActivation();
        Optimizer.Kind kind = Optimizer.Kind.valueOf(getOptimizer().toUpperCase(Locale.ROOT));
        org.apache.spark.rdd.RDD<InternalRow> rows = classic.queryExecution().toRdd();
        int warmRows = Math.max(1, getBatchSize() / Math.max(1, rows.getNumPartitions()));
        JavaRDD<TrainingBlock> blocks = rows.toJavaRDD()
                .mapPartitions((Iterator<InternalRow> it) -> Collections.singletonList(Warmup.during(
                        DataParallel.precision(f64, Double.MAX_VALUE), DataParallel.config(layerSizes, act, 0, warmRows), warmRows, kind,
                        () -> TrainingBlock.of(it, features, label, 1, inputs, classes, f64))).iterator(), true);
        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Integer> counts = blocks.map(b -> b.rows).collect();
            long total = 0;
            int largest = 0;
            for (int c : counts) {
                total += c;
                largest = Math.max(largest, c);
            }
            if (total == 0) {
                throw new IllegalArgumentException("no rows to train on");
            }
            int steps = (int) Math.min(Integer.MAX_VALUE, (total + getBatchSize() - 1) / getBatchSize());
            int maxRows = Math.max(1, (int) (((long) largest + steps - 1) / steps) + 1);
            DataParallel.Plan plan = new DataParallel.Plan(layerSizes, act, getOptimizer(), getStepSize(), getWeightDecay(),
                    getSeed(), f64, steps, getSyncSteps(), maxRows,
                    // the run's size, as vecnet train counts it (with an evaluation an epoch: an upper bound here)
                    Trainer.multiplyAdds(layerSizes, getBatchSize(), (int) Math.min(Integer.MAX_VALUE, (long) steps * getMaxIter()), (int) Math.min(total, Integer.MAX_VALUE), 0, 1));
            return f64 ? loop(DataParallel.precision(true, plan.work()), config, blocks, plan)
                    : loop(DataParallel.precision(false, plan.work()), config, blocks, plan);
        } finally {
            blocks.unpersist(false);
        }
    }

    private <A> Weights loop(Precision<A> p, NetworkConfig config, JavaRDD<TrainingBlock> blocks, DataParallel.Plan plan) {
        DataParallel<A> training = new DataParallel<>(p, config, plan);
        RuntimeException failure = null;
        try {
            for (int epoch = 0; epoch < getMaxIter(); epoch++) {
                double loss = training.epoch(blocks, epoch);
                if (listener != null && !listener.epochDone(epoch + 1, loss, training.weights())) {
                    break;
                }
            }
            return training.weights();
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                training.forget(blocks);
            } catch (RuntimeException e) { // cleanup is best effort: executors also drop least recently used workers
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    @Override
    public VecnetClassifier copy(ParamMap extra) {
        VecnetClassifier copy = defaultCopy(extra);
        copy.listener = listener;
        return copy;
    }

    public static MLReader<VecnetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static VecnetClassifier load(String path) {
        return read().load(path);
    }

}
