package dev.vecnet.spark;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Parameter;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import dev.vecnet.runtime.KernelRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver's side of {@link VecnetClassifier}'s training: one Spark job per step or round over the
 * cached blocks, the partitions' results combined in partition order, weighted by the rows each used.
 * With one step per round every partition returns its mean gradient and the driver takes the
 * optimizer's step (synchronous mini-batch training); with more, every partition takes that many steps
 * from the broadcast weights and optimizer state, and the driver averages what they reach.
 */
final class DataParallel<A> {
    /** What a run needs on the executors, all serializable. */
    record Plan(List<Integer> sizes, String activation, String optimizer, double stepSize, double weightDecay, long seed,
                boolean f64, int steps, int stepsPerRound, int maxRows, double work) implements java.io.Serializable {
        NetworkConfig workerConfig() {
            // local steps apply the weight decay themselves; summed gradients get it on the driver
            return config(sizes, activation, stepsPerRound > 1 ? weightDecay : 0, maxRows);
        }

        /** The kernels for a run of this much work: SIMD from the first step for a long run (KernelRuntime.f32ForWork). */
        Precision<?> precision() {
            return DataParallel.precision(f64, work);
        }

        Optimizer.Kind kind() {
            return Optimizer.Kind.valueOf(optimizer.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Precision<A> p;
    private final Plan plan;
    private final MultiLayerNet<A> net;
    private final Optimizer<A> optimizer;
    private final List<A> values = new ArrayList<>();
    private final List<A> grads = new ArrayList<>();
    private final String run = UUID.randomUUID().toString();

    DataParallel(Precision<A> p, NetworkConfig start, Plan plan) {
        this.p = p;
        this.plan = plan;
        this.net = new MultiLayerNet<>(p, start.withMaxBatch(1));
        this.optimizer = Optimizer.of(plan.kind(), net, plan.stepSize());
        for (Parameter<A> param : net.parameters()) {
            values.add(param.value());
            grads.add(param.grad());
        }
    }

    static NetworkConfig config(List<Integer> sizes, String activation, double weightDecay, int maxRows) {
        return new NetworkConfig(sizes, Collections.nCopies(sizes.size() - 2, Activation.valueOf(activation)), WeightInit.STD, 0.01,
                weightDecay, 0, maxRows, 1);
    }

    static Precision<?> precision(boolean f64, double work) {
        return f64 ? Precision.f64(KernelRuntime.f64ForWork(work)) : Precision.f32(KernelRuntime.f32ForWork(work));
    }

    Weights weights() {
        return net.weights();
    }

    /** Frees the partitions' networks on the executors that ran them (where their cached blocks are). */
    void forget(JavaRDD<TrainingBlock> blocks) {
        String id = run;
        blocks.foreachPartition(it -> PartitionWorker.forget(id));
    }

    /** One epoch; its rows' mean loss. */
    double epoch(JavaRDD<TrainingBlock> blocks, int epoch) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
        double loss = 0;
        long rows = 0;
        for (int first = 0; first < plan.steps(); first += plan.stepsPerRound()) {
            int last = Math.min(plan.steps(), first + plan.stepsPerRound());
            boolean local = plan.stepsPerRound() > 1;
            List<A> sent = new ArrayList<>(values);
            if (local) {
                sent.addAll(optimizer.state());
            }
            Broadcast<Object> shipped = sc.broadcast(FlatArrays.of(p, sent));
            Plan pl = plan;
            String id = run;
            int e = epoch, f = first, taken = optimizer.steps();
            JavaRDD<StepResult> results = blocks.mapPartitionsWithIndex((Integer part, Iterator<TrainingBlock> it) -> {
                PartitionWorker<?> w = PartitionWorker.of(id, part, pl);
                TrainingBlock block = it.next();
                StepResult r = local ? w.localSteps(part, block, shipped.value(), taken, pl.seed(), e, f, last, pl.steps())
                        : w.gradient(part, block, shipped.value(), pl.seed(), e, f, pl.steps());
                return Collections.singletonList(r).iterator();
            }, true);
            FixedOrderSum.Partial sum = FixedOrderSum.of(results);
            shipped.destroy();
            long used = sum.rows();
            if (used == 0) { // a step whose share is empty in every partition (tiny partitions, small batches)
                continue;
            }
            double roundLoss = sum.loss();
            if (!Double.isFinite(roundLoss)) {
                throw new IllegalStateException("training diverged in epoch " + (epoch + 1) + ", step " + (first + 1)
                        + " (loss " + roundLoss / used + "); a smaller stepSize may help");
            }
            if (local) {
                FlatArrays.setMeans(p, sum.sums(), used, sent);
                optimizer.steps(taken + (last - first));
            } else {
                FlatArrays.setMeans(p, sum.sums(), used, grads);
                net.addDecayGradient();
                optimizer.step();
            }
            loss += roundLoss;
            rows += used;
        }
        return loss / rows;
    }
}
