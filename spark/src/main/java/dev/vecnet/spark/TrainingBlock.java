package dev.vecnet.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * One partition's training rows, packed once and cached: features row-major (float[] or double[], the
 * training precision's), labels as class indices. Refuses a row it cannot train on, naming the column.
 */
final class TrainingBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final Object x;
    final int[] labels;
    final int rows;

    private TrainingBlock(Object x, int[] labels, int rows) {
        this.x = x;
        this.labels = labels;
        this.rows = rows;
    }

    /** Spark's internal rows of (features, label as double): no Row or Vector object made. */
    static TrainingBlock of(Iterator<InternalRow> rows, FeatureColumn features, String labelCol, int labelIndex, int inputs,
                            int classes, boolean f64) {
        int capacity = 64, n = 0;
        Object x = f64 ? new double[capacity * inputs] : new float[capacity * inputs];
        int[] labels = new int[capacity];
        while (rows.hasNext()) {
            InternalRow row = rows.next();
            if (n == capacity) {
                capacity = Math.multiplyExact(capacity, 2);
                x = f64 ? Arrays.copyOf((double[]) x, Math.multiplyExact(capacity, inputs))
                        : Arrays.copyOf((float[]) x, Math.multiplyExact(capacity, inputs));
                labels = Arrays.copyOf(labels, capacity);
            }
            String bad = features.copy(row, x, n * inputs);
            if (bad != null) {
                throw new IllegalArgumentException("featuresCol '" + features.name() + "' " + bad + "; vecnet trains on no such row");
            }
            labels[n] = label(row, labelCol, labelIndex, classes);
            n++;
        }
        return new TrainingBlock(f64 ? Arrays.copyOf((double[]) x, n * inputs) : Arrays.copyOf((float[]) x, n * inputs),
                Arrays.copyOf(labels, n), n);
    }

    private static int label(InternalRow row, String labelCol, int i, int classes) {
        if (row.isNullAt(i)) {
            throw new IllegalArgumentException("labelCol '" + labelCol + "' is null; vecnet trains on no such row");
        }
        double v = row.getDouble(i);
        if (!(v >= 0 && v < classes && v == Math.rint(v))) {
            throw new IllegalArgumentException("labelCol '" + labelCol + "' has " + v + "; the network's " + classes
                    + " classes take labels 0.." + (classes - 1));
        }
        return (int) v;
    }
}
