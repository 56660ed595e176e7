package dev.vecnet.spark;

import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Parameter;
import dev.vecnet.nn.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A partition's side of training, on its executor: the network set to the broadcast weights, a step's
 * rows of the partition gathered (an epoch visits each row once, in an order drawn from the run's seed,
 * the epoch and the partition), then either their mean gradient by vecnet's backprop ({@link #gradient})
 * or several local optimizer steps from the broadcast optimizer state ({@link #localSteps}). Kept per
 * run and partition in the executor's JVM, so a step allocates no network.
 */
final class PartitionWorker<A> {
    private static final int KEEP = 64;
    private static final Map<String, PartitionWorker<?>> WORKERS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PartitionWorker<?>> eldest) {
            return size() > KEEP;
        }
    };

    private final Precision<A> p;
    private final MultiLayerNet<A> net;
    private final Optimizer<A> optimizer;
    /** The parameters' values and gradients, W1, b1, W2, ... (what travels, in this order). */
    private final List<A> values = new ArrayList<>(), grads = new ArrayList<>();
    private final A x;
    private final int[] labels;
    private final int inputs;
    private int[] order;
    private int orderEpoch = -1;

    private PartitionWorker(Precision<A> p, NetworkConfig config, Optimizer.Kind kind, double lr) {
        this.p = p;
        this.net = new MultiLayerNet<>(p, config);
        this.optimizer = Optimizer.of(kind, net, lr);
        this.inputs = net.inputSize();
        this.x = p.alloc(config.maxBatch() * inputs);
        this.labels = new int[config.maxBatch()];
        for (Parameter<A> param : net.parameters()) {
            values.add(param.value());
            grads.add(param.grad());
        }
    }

    /** This JVM's worker of a run's partition (made on first use). */
    static PartitionWorker<?> of(String run, int partition, DataParallel.Plan plan) {
        String key = run + "/" + partition;
        synchronized (WORKERS) {
            PartitionWorker<?> w = WORKERS.get(key);
            if (w == null) {
                w = new PartitionWorker<>(plan.precision(), plan.workerConfig(), plan.kind(), plan.stepSize());
                WORKERS.put(key, w);
            }
            return w;
        }
    }

    /** Drops this JVM's workers of a run (its training is over). */
    static void forget(String run) {
        synchronized (WORKERS) {
            WORKERS.keySet().removeIf(k -> k.startsWith(run + "/"));
        }
    }

    /**
     * Step {@code step} of {@code steps} in {@code epoch}: the mean gradient of this partition's rows of
     * it, from weights {@code flat} (all parameters in order).
     */
    synchronized StepResult gradient(int partition, TrainingBlock block, Object flat, long seed, int epoch, int step, int steps) {
        int rows = gather(block, seed, epoch, partition, step, steps);
        if (rows == 0) {
            return new StepResult(partition, 0, 0, null);
        }
        FlatArrays.copyInto(flat, 0, values);
        double loss = net.gradient(x, labels, rows);
        return new StepResult(partition, rows, loss, FlatArrays.of(p, grads));
    }

    /**
     * Steps {@code first} to {@code last} (exclusive) of {@code steps} in {@code epoch}, taken locally:
     * from {@code flat} (weights, then the optimizer's state, in {@link Optimizer#state()} order) and the
     * optimizer's {@code taken} steps; gives back the weights and state reached, in the same layout, and
     * the rows used.
     */
    synchronized StepResult localSteps(int partition, TrainingBlock block, Object flat, int taken, long seed, int epoch,
                                       int first, int last, int steps) {
        FlatArrays.copyInto(flat, FlatArrays.copyInto(flat, 0, values), optimizer.state());
        optimizer.steps(taken);
        int used = 0;
        double loss = 0;
        for (int step = first; step < last; step++) {
            int rows = gather(block, seed, epoch, partition, step, steps);
            if (rows == 0) {
                continue;
            }
            loss += rows * net.gradient(x, labels, rows);
            used += rows;
            optimizer.step();
        }
        if (used == 0) {
            return new StepResult(partition, 0, 0, null);
        }
        List<A> all = new ArrayList<>(values);
        all.addAll(optimizer.state());
        return new StepResult(partition, used, loss / used, FlatArrays.of(p, all));
    }

    /** The step's rows of this partition into x and labels; how many. */
    private int gather(TrainingBlock block, long seed, int epoch, int partition, int step, int steps) {
        int from = (int) ((long) step * block.rows / steps), to = (int) ((long) (step + 1) * block.rows / steps);
        int[] perm = order(block.rows, seed, epoch, partition);
        for (int r = 0; r < to - from; r++) {
            int row = perm[from + r];
            System.arraycopy(block.x, row * inputs, x, r * inputs, inputs);
            labels[r] = block.labels[row];
        }
        return to - from;
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
