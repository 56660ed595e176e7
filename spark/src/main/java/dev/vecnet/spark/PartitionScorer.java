package dev.vecnet.spark;

import dev.vecnet.infer.Predictor;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.Precision;
import dev.vecnet.runtime.KernelRuntime;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;

/**
 * Scores one partition on Spark's internal rows: rows gathered into batches of {@code batchRows} (each
 * copied, as the scan reuses its row), each batch through one predictor (float32: {@code predictBatch})
 * or one float64 network, then each row given back with its raw scores, probabilities and prediction
 * appended, in input order. The model comes from the broadcast bytes, decoded once per JVM
 * ({@link ExecutorModels}); the predictor is this task's own. No Row or Vector object is made for the
 * input, so a row costs little more than the scan that reads it.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private static final VectorUDT VECTORS = new VectorUDT();

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

    /**
     * The float64 network of a model's weights, giving the last layer's scores for up to {@code rows} rows
     * on the SIMD kernels from the first call; refused (IllegalArgumentException) for what it cannot run.
     */
    static MultiLayerNet<double[]> f64Network(Weights w, int rows) {
        return MultiLayerNet.of(Precision.f64(KernelRuntime.f64ForWork(Double.MAX_VALUE)),
                new Weights(w.layers(), Output.PROBABILITIES, true), rows, 1);
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        ExecutorModels.Decoded m = ExecutorModels.get(key, model.value());
        return new Batches(rows, m);
    }

    private final class Batches implements Iterator<InternalRow> {
        private final Iterator<InternalRow> in;
        private final int inputs, classes;
        private final Predictor predictor;
        private final MultiLayerNet<double[]> net;
        private final float[] x32, scores32;
        private final double[] x64;
        private final InternalRow[] batch;
        private final GenericInternalRow appended;
        private final JoinedRow joined = new JoinedRow();
        private int count, next;
        private long seen;
        private double[] scores64;
        private final double[] raw, p;

        Batches(Iterator<InternalRow> in, ExecutorModels.Decoded m) {
            this.in = in;
            this.inputs = m.scores().inputSize();
            this.classes = m.scores().outputSize();
            this.raw = new double[classes];
            this.p = new double[classes];
            this.batch = new InternalRow[s.batchRows()];
            this.appended = new GenericInternalRow((s.raw() ? 1 : 0) + (s.probability() ? 1 : 0) + (s.prediction() ? 1 : 0));
            if (s.f64()) {
                net = f64Network(m.weights(), s.batchRows());
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
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int r = next++;
            InternalRow row = batch[r];
            batch[r] = null;
            // the output vectors copy these (VectorUDT.serialize): one pair of arrays serves every row
            if (s.f64()) {
                System.arraycopy(scores64, r * classes, raw, 0, classes);
            } else {
                for (int c = 0; c < classes; c++) {
                    raw[c] = scores32[r * classes + c];
                }
            }
            Softmax.of(raw, p);
            int at = 0;
            if (s.raw()) {
                appended.update(at++, VECTORS.serialize(new DenseVector(raw)));
            }
            if (s.probability()) {
                appended.update(at++, VECTORS.serialize(new DenseVector(p)));
            }
            if (s.prediction()) {
                appended.setDouble(at, Softmax.predict(p, s.thresholds()));
            }
            // Spark's scan of the resulting DataFrame makes each row unsafe as it reads it, before asking for
            // the next: the joined row (and the appended values it shows) may be reused
            return joined.apply(row, appended);
        }

        private void fill() {
            count = 0;
            next = 0;
            Object buffer = s.f64() ? x64 : x32;
            while (count < batch.length && in.hasNext()) {
                InternalRow row = in.next();
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
                batch[count++] = row.copy();
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
