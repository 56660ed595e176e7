package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Parameter;
import dev.vecnet.nn.Precision;
import dev.vecnet.runtime.KernelRuntime;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seed's training loop: mini-batches drawn with replacement from a seeded stream, backprop, an
 * optimizer step (plain SGD in the seed); every epoch (train size / batch iterations, from iteration 0 on) the accuracy on the whole
 * train and test sets and the mean batch loss go to the listener. Same seed, same data → bitwise the
 * same weights and figures, whatever the thread count.
 */
public final class Trainer<A> {

    /** Settings of one run. */
    public record Options(int iterations, int batch, double learningRate, long seed, Optimizer.Kind optimizer) {
        public Options {
            if (iterations < 1 || batch < 1 || !(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("iterations and batch must be >= 1 and the learning rate > 0, got "
                        + iterations + ", " + batch + ", " + learningRate);
            }
            java.util.Objects.requireNonNull(optimizer, "optimizer");
        }

        /** The seed's optimizer, plain SGD. */
        public Options(int iterations, int batch, double learningRate, long seed) {
            this(iterations, batch, learningRate, seed, Optimizer.Kind.SGD);
        }
    }

    /** One evaluation. */
    public record Epoch(int epoch, int iteration, double trainAccuracy, double testAccuracy, double meanLoss) {}

    /** Receives each evaluation as it happens, and optionally every iteration's end. */
    @FunctionalInterface
    public interface Listener {
        void epoch(Epoch e);

        /** After iteration {@code done} − 1 (of the run's total): for progress displays. */
        default void iterations(int done) {
        }
    }

    /**
     * Accuracy after the last iteration, the loop's wall time (evaluations included, data loading not),
     * and where that time went.
     */
    public record Result(double trainAccuracy, double testAccuracy, double seconds, Phases phases) {}

    /**
     * The loop's time by phase, in seconds: gathering batches, the forward pass with the loss, the
     * backward pass, the optimizer's update, and the evaluations. Five clock reads a step, against a
     * step of hundreds of microseconds.
     */
    public record Phases(double gather, double forward, double backward, double update, double evaluation) {
        public double total() {
            return gather + forward + backward + update + evaluation;
        }
    }

    private final MultiLayerNet<A> net;
    private final Precision<A> p;
    private final A x;
    private final int[] labels, samples;
    /** The sum of the bytes {@link Dataset#touch} read: kept, so the reads stay. */
    private int touched;
    /** Pixels to the network's precision, as load_mnist scales them: float32(x) / 255. */
    private final Dataset.PixelScaler<A> pixels;

    /**
     * About how many multiply-adds a run takes, what {@link dev.vecnet.runtime.KernelRuntime#f32ForWork}
     * chooses kernels by: forward and backward of every step (the first layer's two products, no
     * input gradient; every later layer's three) and an evaluation of both sets every epoch and at the
     * end. The first layer skips zero inputs where they are most of them, so its products count
     * {@code density} (the share of nonzero inputs) where the network skips them ({@link Precision#SPARSE_MAX_DENSITY},
     * float32's).
     */
    public static double multiplyAdds(List<Integer> sizes, int batch, int iterations,
                                      int trainSize, int testSize, double density) {
        double first = (double) sizes.get(0) * sizes.get(1) * (density <= Precision.SPARSE_MAX_DENSITY ? density : 1), later = 0;
        for (int l = 1; l + 1 < sizes.size(); l++) {
            later += (double) sizes.get(l) * sizes.get(l + 1);
        }
        int perEpoch = Math.max(trainSize / Math.max(batch, 1), 1);
        double evaluations = iterations / perEpoch + 1.0;
        return (double) batch * iterations * (2 * first + 3 * later)
                + evaluations * ((double) trainSize + testSize) * (first + later);
    }

    /**
     * {@link #multiplyAdds} before the data set is read, which is when a run must choose the kernels it
     * warms during the load: the train and test sets' expected rows, and a fifth of the inputs nonzero
     * (handwritten digits' share of lit pixels).
     */
    public static double expectedMultiplyAdds(List<Integer> sizes, int batch, int iterations, int trainRows,
                                              int testRows) {
        return multiplyAdds(sizes, batch, iterations, trainRows, testRows, 0.2);
    }

    public Trainer(MultiLayerNet<A> net) {
        this.net = net;
        this.p = net.precision();
        this.x = p.alloc(net.maxBatch() * net.inputSize());
        this.labels = new int[net.maxBatch()];
        this.samples = new int[net.maxBatch()];
        this.pixels = pixels(p);
    }

    /** Pixels into rows of the precision's arrays as the book's load_mnist scales them: float32(x) / 255. */
    public static <A> Dataset.PixelScaler<A> pixels(Precision<A> p) {
        return (len, bytes, from, row, to) -> p.scaleBytes(len, bytes, from, 255f, row, to);
    }

    public Result train(Dataset train, Dataset test, Options o, Listener listener) {
        if (o.batch() > net.maxBatch()) {
            throw new IllegalArgumentException("batch " + o.batch() + " exceeds the network's " + net.maxBatch());
        }
        for (Dataset d : new Dataset[] {train, test}) {
            if (d.size() == 0) {
                throw new IllegalArgumentException("the data set " + d.name() + " is empty");
            }
            if (d.features() != net.inputSize()) {
                throw new IllegalArgumentException("the data set " + d.name() + " has " + d.features()
                        + " features per sample, the network takes " + net.inputSize());
            }
            if (d.classes() > net.outputSize()) {
                throw new IllegalArgumentException("the data set " + d.name() + " has " + d.classes()
                        + " classes, the network " + net.outputSize() + " outputs");
            }
        }
        // the GEMM batches of this run: its steps' and its evaluations' chunks
        KernelRuntime.expect(net.config().sizes(), net.config().activations(), List.of(o.batch(), evaluationRows()));
        Optimizer<A> optimizer = Optimizer.of(o.optimizer(), net, o.learningRate());
        SplittableRandom random = new SplittableRandom(o.seed());
        int perEpoch = Math.max(train.size() / o.batch(), 1);
        long start = System.nanoTime();
        double lossSum = 0;
        int lossCount = 0;
        int lastEvaluated = -1;
        double trainAcc = 0, testAcc = 0;
        long gather = 0, forward = 0, backward = 0, update = 0, evaluation = 0;
        for (int it = 0; it < o.iterations(); it++) {
            long t0 = System.nanoTime();
            int touched = 0;
            for (int r = 0; r < o.batch(); r++) { // the batch's samples drawn and their pixels fetched, then copied
                samples[r] = random.nextInt(train.size());
                touched += train.touch(samples[r]);
            }
            for (int r = 0; r < o.batch(); r++) {
                train.copyTo(samples[r], x, r, pixels);
                labels[r] = train.label(samples[r]);
            }
            this.touched += touched;
            long t1 = System.nanoTime();
            double loss = net.loss(x, labels, o.batch());
            if (!Double.isFinite(loss)) {
                String bad = firstNonFinite();
                throw new DivergedException(it + 1, o.iterations(), "the batch's loss is " + loss
                        + (bad != null ? " and " + bad : " (every parameter finite, but their products overflow)"));
            }
            lossSum += loss;
            long t2 = System.nanoTime();
            net.backward(o.batch());
            long t3 = System.nanoTime();
            optimizer.step();
            long t4 = System.nanoTime();
            gather += t1 - t0;
            forward += t2 - t1;
            backward += t3 - t2;
            update += t4 - t3;
            lossCount++;
            listener.iterations(it + 1);
            if (it % perEpoch == 0) {
                requireFinite(it + 1, o.iterations());
                trainAcc = accuracy(train);
                testAcc = accuracy(test);
                evaluation += System.nanoTime() - t4;
                lastEvaluated = it;
                listener.epoch(new Epoch(it / perEpoch + 1, it, trainAcc, testAcc, lossSum / lossCount));
                lossSum = 0;
                lossCount = 0;
            }
        }
        requireFinite(o.iterations(), o.iterations());
        if (lastEvaluated != o.iterations() - 1) {
            long t0 = System.nanoTime();
            trainAcc = accuracy(train);
            testAcc = accuracy(test);
            evaluation += System.nanoTime() - t0;
        }
        return new Result(trainAcc, testAcc, (System.nanoTime() - start) / 1e9,
                new Phases(gather / 1e9, forward / 1e9, backward / 1e9, update / 1e9, evaluation / 1e9));
    }

    /**
     * Every parameter finite after {@code step}: a weight whose gradient's inputs are always zero (an
     * image's border pixel) can go NaN without touching the loss, so the loss alone does not tell.
     */
    private void requireFinite(int step, int iterations) {
        String bad = firstNonFinite();
        if (bad != null) {
            throw new DivergedException(step, iterations, bad + " (the loss stayed finite)");
        }
    }

    /** The first parameter value that is NaN or infinite, as "W1[1950] is NaN", or null: read in place, nothing copied. */
    private String firstNonFinite() {
        for (Parameter<A> param : net.parameters()) {
            int i = p.firstNonFinite(param.value(), param.size());
            if (i >= 0) {
                return param.name() + "[" + i + "] is " + p.get(param.value(), i);
            }
        }
        return null;
    }

    /**
     * Rows per chunk of an evaluation (at most the network's batch size): a chunk's hidden activations
     * stay in the nearest cache between layers; the figures: docs/design-notes.md, "A fresh JVM".
     */
    public static final int EVALUATION_ROWS = 128;

    private int evaluationRows() {
        return Math.min(EVALUATION_ROWS, net.maxBatch());
    }

    /** Accuracy over a whole data set, in chunks of {@link #EVALUATION_ROWS}. */
    public double accuracy(Dataset data) {
        int hits = 0, chunk = evaluationRows();
        for (int from = 0; from < data.size(); from += chunk) {
            int rows = Math.min(chunk, data.size() - from);
            data.copyRowsTo(from, rows, x, pixels);
            for (int r = 0; r < rows; r++) {
                labels[r] = data.label(from + r);
            }
            hits += net.correct(x, labels, rows);
        }
        return (double) hits / data.size();
    }
}
