package dev.vecnet.spark;

import dev.vecnet.infer.Predictor;
import dev.vecnet.model.Weights;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.Precision;
import dev.vecnet.model.Output;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition: rows gathered into batches of {@code batchRows}, each batch through one
 * predictor (float32: {@code predictBatch}) or one float64 network, then each row given back with its
 * raw scores, probabilities and prediction appended, in input order. The model comes from the
 * broadcast bytes, decoded once per JVM ({@link ExecutorModels}); the predictor is this task's own.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** What the transform asked for: the columns to append and how to treat rows it cannot score. */
    record Settings(FeatureColumn features, boolean raw, boolean probability, boolean prediction, double[] thresholds,
                    boolean skipInvalid, int batchRows, boolean f64) implements java.io.Serializable {
    }

    private final String key;
    private final Broadcast<byte[]> model;
    private final Settings s;

    PartitionScorer(String key, Broadcast<byte[]> model, Settings settings) {
        this.key = key;
        this.model = model;
        this.s = settings;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorModels.Decoded m = ExecutorModels.get(key, model.value());
        return new Batches(rows, m);
    }

    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> in;
        private final int inputs, classes;
        private final Predictor predictor;
        private final MultiLayerNet<double[]> net;
        private final float[] x32, scores32;
        private final double[] x64;
        private final Row[] batch;
        private int count, next;
        private long seen;
        private double[] scores64;

        Batches(Iterator<Row> in, ExecutorModels.Decoded m) {
            this.in = in;
            this.inputs = m.scores().inputSize();
            this.classes = m.scores().outputSize();
            this.batch = new Row[s.batchRows()];
            if (s.f64()) {
                Weights w = m.weights();
                net = MultiLayerNet.of(Precision.F64, new Weights(w.layers(), Output.PROBABILITIES, true), s.batchRows(), 1);
                x64 = new double[s.batchRows() * inputs];
                predictor = null;
                x32 = scores32 = null;
            } else {
                predictor = m.scores().predictor();
                x32 = new float[s.batchRows() * inputs];
                scores32 = new float[s.batchRows() * classes];
                net = null;
                x64 = null;
            }
        }

        @Override
        public boolean hasNext() {
            if (next < count) {
                return true;
            }
            fill();
            return count > 0;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int r = next++;
            Row row = batch[r];
            batch[r] = null;
            double[] raw = new double[classes];
            if (s.f64()) {
                System.arraycopy(scores64, r * classes, raw, 0, classes);
            } else {
                for (int c = 0; c < classes; c++) {
                    raw[c] = scores32[r * classes + c];
                }
            }
            double[] p = new double[classes];
            Softmax.of(raw, p);
            int extra = (s.raw() ? 1 : 0) + (s.probability() ? 1 : 0) + (s.prediction() ? 1 : 0);
            Object[] values = new Object[row.length() + extra];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            int at = row.length();
            if (s.raw()) {
                values[at++] = new DenseVector(raw);
            }
            if (s.probability()) {
                values[at++] = new DenseVector(p);
            }
            if (s.prediction()) {
                values[at] = (double) Softmax.predict(p, s.thresholds());
            }
            return RowFactory.create(values);
        }

        private void fill() {
            count = 0;
            next = 0;
            Object buffer = s.f64() ? x64 : x32;
            while (count < batch.length && in.hasNext()) {
                Row row = in.next();
                seen++;
                String bad = s.features().copy(row, buffer, count * inputs);
                if (bad != null) {
                    if (s.skipInvalid()) {
                        continue;
                    }
                    throw new IllegalArgumentException("featuresCol '" + s.features().name() + "' " + bad + " (row "
                            + seen + " of its partition); vecnet scores no such row: fix the data, or set handleInvalid "
                            + "to 'skip' to leave such rows out");
                }
                batch[count++] = row;
            }
            if (count == 0) {
                return;
            }
            if (s.f64()) {
                scores64 = net.predict(x64, count);
            } else {
                predictor.predictBatch(x32, 0, count, scores32, 0);
            }
        }
    }
}
