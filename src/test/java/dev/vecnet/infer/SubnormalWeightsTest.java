package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose weights are partly subnormal (as weight decay leaves those of dead units) is flushed
 * on load, in every format: the count is reported, the model serves the bits of its flushed twin, and
 * it classifies as the unflushed weights do in exact arithmetic.
 */
class SubnormalWeightsTest {

    /** The weights with every {@code every}-th weight replaced by a subnormal float32 of either sign. */
    private static Weights withSubnormals(Weights w, int every, boolean flushed) {
        SplittableRandom r = new SplittableRandom(3);
        List<Weights.Dense> layers = new ArrayList<>();
        for (Weights.Dense d : w.layers()) {
            double[] ww = d.w().clone();
            for (int i = 0; i < ww.length; i += every) {
                double tiny = (float) (Float.MIN_NORMAL * r.nextDouble(1e-6, 0.999));
                ww[i] = flushed ? (r.nextBoolean() ? 0.0 : -0.0) : (r.nextBoolean() ? tiny : -tiny);
            }
            layers.add(new Weights.Dense(d.inputs(), d.outputs(), ww, d.b(), d.activation(), d.leak()));
        }
        return new Weights(layers, w.output(), w.f64());
    }

    private static long subnormals(Weights w, int every) {
        long n = 0;
        for (Weights.Dense d : w.layers()) {
            n += (d.w().length + every - 1) / every;
        }
        return n;
    }

    @Test
    void everyFormatFlushesOnLoadAndServesTheFlushedTwinsBits(@TempDir Path dir) throws IOException {
        Weights base = TestWeights.random(11, false, Activation.RELU, 30, 17, 12, 5);
        int every = 3;
        Weights tiny = withSubnormals(base, every, false);
        Model twin = Model.of("twin", withSubnormals(base, every, true), dev.vecnet.kernel.Kernels.f32());
        assertEquals(0, twin.flushedParameters());
        float[] images = new float[40 * 30];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextDouble();
        }
        float[] expected = new float[40 * 5];
        twin.predictor().predictBatch(images, 0, 40, expected, 0);
        for (ModelFormat format : ModelFormat.values()) {
            Path f = dir.resolve("tiny." + format.name().toLowerCase(java.util.Locale.ROOT));
            format.write(tiny, f);
            Model m = ModelFormat.read(f);
            assertEquals(subnormals(base, every), m.flushedParameters(), format + ": flushed count");
            assertTrue(m.describe().endsWith("(" + m.flushedParameters() + " subnormal parameters flushed to zero)"),
                    m.describe());
            float[] got = new float[40 * 5];
            m.predictor().predictBatch(images, 0, 40, got, 0);
            for (int i = 0; i < got.length; i++) { // -0 and +0 weights give the same sums: compare values
                assertEquals(expected[i], got[i], 0f, format + ": probability " + i);
            }
            for (Weights.Dense d : m.weights().layers()) {
                for (double v : d.w()) {
                    assertTrue(v == 0 || Math.abs(v) >= Float.MIN_NORMAL, format + ": a subnormal weight survived: " + v);
                }
            }
        }
        // the classes are those of the unflushed weights computed exactly (in double)
        for (int i = 0; i < 40; i++) {
            double[] logits = forward(tiny, images, i * 30);
            float[] probs = java.util.Arrays.copyOfRange(expected, i * 5, i * 5 + 5);
            assertEquals(argmax(logits), argmaxF(probs), "image " + i);
        }
    }

    @Test
    void float64ValuesThatRoundToSubnormalFloatsAreFlushedToo() {
        Weights base = TestWeights.random(2, true, Activation.SIGMOID, 4, 3, 2);
        List<Weights.Dense> layers = new ArrayList<>(base.layers());
        Weights.Dense d = layers.get(0);
        double[] w = d.w().clone();
        w[0] = 1e-39;      // normal as a double, subnormal as a float
        w[1] = -3e-45;     // rounds to the smallest subnormal float
        w[2] = 1e-50;      // rounds to +0 as a float: nothing to flush
        layers.set(0, new Weights.Dense(d.inputs(), d.outputs(), w, d.b(), d.activation(), 0));
        Model m = Model.of("test", new Weights(layers, base.output(), true), dev.vecnet.kernel.Kernels.f32());
        assertEquals(2, m.flushedParameters());
        double[] back = m.weights().layers().get(0).w();
        assertEquals(0L, Double.doubleToRawLongBits(back[0]));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back[1]));
    }

    @Test
    void aNetworkMadeFromWeightsHoldsNoSubnormal() {
        Weights tiny = withSubnormals(TestWeights.random(4, true, Activation.TANH, 9, 6, 3), 2, false);
        Weights.Dense first = tiny.layers().get(0); // and subnormal doubles, which a float64 network flushes
        double[] w = first.w().clone();
        w[1] = 3 * Double.MIN_VALUE;
        w[3] = -Double.MIN_NORMAL / 2;
        List<Weights.Dense> layers = new ArrayList<>(tiny.layers());
        layers.set(0, new Weights.Dense(first.inputs(), first.outputs(), w, first.b(), first.activation(), 0));
        tiny = new Weights(layers, tiny.output(), true);
        for (dev.vecnet.nn.Precision<?> p : List.of(dev.vecnet.nn.Precision.F32, dev.vecnet.nn.Precision.F64)) {
            double smallestNormal = p == dev.vecnet.nn.Precision.F32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
            MultiLayerNet<?> net = MultiLayerNet.of(p, tiny, 4, 1);
            for (Parameter<?> param : net.parameters()) {
                for (int i = 0; i < param.size(); i++) {
                    double v = get(p, param, i);
                    assertTrue(v == 0 || Math.abs(v) >= smallestNormal, p.name() + " " + param.name() + "[" + i + "] = " + v);
                }
            }
            assertEquals(0.0, get(p, net.parameters().get(0), 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static <A> double get(dev.vecnet.nn.Precision<A> p, Parameter<?> param, int i) {
        return p.get(((Parameter<A>) param).value(), i);
    }

    private static double[] forward(Weights w, float[] x, int off) {
        double[] a = new double[w.layers().get(0).inputs()];
        for (int i = 0; i < a.length; i++) {
            a[i] = x[off + i];
        }
        for (Weights.Dense d : w.layers()) {
            double[] z = d.b().clone();
            for (int i = 0; i < d.inputs(); i++) {
                for (int j = 0; j < d.outputs(); j++) {
                    z[j] += a[i] * d.w()[i * d.outputs() + j];
                }
            }
            if (d.activation() == Activation.RELU) {
                for (int j = 0; j < z.length; j++) {
                    z[j] = Math.max(z[j], 0);
                }
            }
            a = z;
        }
        return a;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    private static int argmaxF(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
