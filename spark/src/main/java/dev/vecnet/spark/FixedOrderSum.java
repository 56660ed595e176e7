package dev.vecnet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The row-weighted sum of the partitions' results of a step, in an order fixed by partition index, so
 * that the same partitioning gives the same bits. Spark's {@code treeAggregate} combines in the order
 * tasks finish; here a few partitions' results go to the driver and are added there in index order,
 * and many go through a tree: groups of {@link #FAN_IN} consecutive partitions, each group added in
 * index order on an executor (one shuffle a level), so the driver receives at most {@code FAN_IN}.
 */
final class FixedOrderSum {
    static final int FAN_IN = 16;

    private FixedOrderSum() {
    }

    /** A sum over consecutive partitions from {@code index·FAN_IN^level}: rows, rows·loss, rows·values. */
    record Partial(int index, long rows, double loss, double[] sums) implements Serializable {
    }

    /** The sum of every partition's result (computing them: this runs the step's job). */
    static Partial of(JavaRDD<StepResult> results) {
        int n = results.getNumPartitions();
        if (n <= FAN_IN) {
            return add(0, results.map(FixedOrderSum::partial).collect());
        }
        JavaRDD<Partial> level = results.map(FixedOrderSum::partial);
        while (n > FAN_IN) {
            int groups = (n + FAN_IN - 1) / FAN_IN;
            level = level.mapToPair(p -> new Tuple2<>(p.index() / FAN_IN, p)).groupByKey(groups)
                    .map(g -> add(g._1(), g._2()));
            n = groups;
        }
        return add(0, level.collect());
    }

    private static Partial partial(StepResult r) {
        if (r.rows() == 0) {
            return new Partial(r.partition(), 0, 0, null);
        }
        double[] sums;
        if (r.values() instanceof float[] g) {
            sums = new double[g.length];
            for (int j = 0; j < g.length; j++) {
                sums[j] = r.rows() * (double) g[j];
            }
        } else {
            double[] g = (double[]) r.values();
            sums = new double[g.length];
            for (int j = 0; j < g.length; j++) {
                sums[j] = r.rows() * g[j];
            }
        }
        return new Partial(r.partition(), r.rows(), r.rows() * r.loss(), sums);
    }

    /** The partials added in index order (whatever order they arrive in); {@code index} names the sum. */
    static Partial add(int index, Iterable<Partial> parts) {
        List<Partial> sorted = new ArrayList<>();
        parts.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Partial::index));
        long rows = 0;
        double loss = 0;
        double[] sums = null;
        for (Partial p : sorted) {
            if (p.rows() == 0) {
                continue;
            }
            rows += p.rows();
            loss += p.loss();
            if (sums == null) {
                sums = p.sums().clone();
            } else {
                for (int j = 0; j < sums.length; j++) {
                    sums[j] += p.sums()[j];
                }
            }
        }
        return new Partial(index, rows, loss, sums);
    }
}
