package dev.vecnet.spark;

import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Parameter;
import dev.vecnet.nn.Precision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A partition's side of a training step, on its executor: the network set to the broadcast weights,
 * the step's rows of the partition gathered (an epoch visits each row once, in an order drawn from the
 * run's seed, the epoch and the partition), their mean gradient by vecnet's backprop. Kept per run and
 * partition in the executor's JVM, so a step allocates no network.
 */
final class GradientWorker<A> {
    private static final int KEEP = 64;
    private static final Map<String, GradientWorker<?>> WORKERS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GradientWorker<?>> eldest) {
            return size() > KEEP;
        }
    };

    private final Precision<A> p;
    private final MultiLayerNet<A> net;
    private final A x;
    private final int[] labels;
    private final int inputs;
    private int[] order;
    private int orderEpoch = -1;

    private GradientWorker(Precision<A> p, NetworkConfig config) {
        this.p = p;
        this.net = new MultiLayerNet<>(p, config);
        this.inputs = net.inputSize();
        this.x = p.alloc(config.maxBatch() * inputs);
        this.labels = new int[config.maxBatch()];
    }

    /** This JVM's worker of a run's partition (made on first use). */
    static GradientWorker<?> of(String run, int partition, NetworkConfig config, boolean f64) {
        String key = run + "/" + partition;
        synchronized (WORKERS) {
            GradientWorker<?> w = WORKERS.get(key);
            if (w == null) {
                w = f64 ? new GradientWorker<>(Precision.F64, config) : new GradientWorker<>(Precision.F32, config);
                WORKERS.put(key, w);
            }
            return w;
        }
    }

    /** Step {@code step} of {@code steps} in {@code epoch}: this partition's rows of it, from weights {@code flat}. */
    synchronized StepResult step(int partition, TrainingBlock block, Object flat, long seed, int epoch, int step, int steps) {
        int from = (int) ((long) step * block.rows / steps), to = (int) ((long) (step + 1) * block.rows / steps);
        int rows = to - from;
        if (rows == 0) {
            return new StepResult(partition, 0, 0, null);
        }
        setWeights(flat);
        int[] perm = order(block.rows, seed, epoch, partition);
        for (int r = 0; r < rows; r++) {
            int row = perm[from + r];
            System.arraycopy(block.x, row * inputs, x, r * inputs, inputs);
            labels[r] = block.labels[row];
        }
        double loss = net.gradient(x, labels, rows);
        return new StepResult(partition, rows, loss, gradients());
    }

    private void setWeights(Object flat) {
        int at = 0;
        for (Parameter<A> param : net.parameters()) {
            System.arraycopy(flat, at, param.value(), 0, param.size());
            at += param.size();
        }
    }

    private A gradients() {
        int total = 0;
        for (Parameter<A> param : net.parameters()) {
            total += param.size();
        }
        A g = p.alloc(total);
        int at = 0;
        for (Parameter<A> param : net.parameters()) {
            System.arraycopy(param.grad(), 0, g, at, param.size());
            at += param.size();
        }
        return g;
    }

    /** The epoch's order of the partition's rows: a Fisher–Yates shuffle from (seed, epoch, partition). */
    private int[] order(int rows, long seed, int epoch, int partition) {
        if (orderEpoch != epoch || order == null || order.length != rows) {
            order = new int[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = i;
            }
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + partition);
            for (int i = rows - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            orderEpoch = epoch;
        }
        return order;
    }
}
