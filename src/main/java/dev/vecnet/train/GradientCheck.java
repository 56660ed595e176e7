package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.kernel.Activation;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Parameter;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The seed's gradient check: a fresh network (std 0.01), the first samples of a data set, backprop
 * against the numerical gradient; mean |difference| per parameter and the largest relative error
 * |a − b| / max(|a| + |b|, 1e-8). Tolerances on the means: 1e-9 in float64 (the reference prints
 * 4.7e-13 .. 1.2e-10), 1e-3 in float32 (h = 1e-4 against float32 rounding of the loss).
 */
public final class GradientCheck {
    public static final double TOLERANCE_F64 = 1e-9;
    public static final double TOLERANCE_F32 = 1e-3;
    /**
     * float64's tolerance for {@link #onRandomNetwork}: its weights (std 0.5) make gradients some hundred
     * times the seed's, and the central difference's error grows with them; a wrong gradient is off by
     * orders more.
     */
    public static final double TOLERANCE_RANDOM_F64 = 1e-7;

    private GradientCheck() {}

    /** Names, mean |backprop − numerical| per parameter, the max relative error, pass or fail. */
    public record Report(List<String> names, double[] meanAbsDiff, double maxRelative, double tolerance) {
        public boolean passed() {
            for (double d : meanAbsDiff) {
                if (!(d <= tolerance)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The seed's check: a 784-{@code hidden}-10 sigmoid network, std 0.01. */
    public static <A> Report run(Precision<A> p, Dataset data, int samples, int hidden, long seed) {
        return run(p, data, samples, NetworkConfig.of(data.features(), hidden, data.classes()).withSeed(seed));
    }

    /** The check on a network of any configuration (its batch capacity is set to {@code samples}). */
    public static <A> Report run(Precision<A> p, Dataset data, int samples, NetworkConfig config) {
        MultiLayerNet<A> net = new MultiLayerNet<>(p, config.withMaxBatch(samples).withThreads(1));
        A x = p.alloc(samples * data.features());
        int[] t = new int[samples];
        Dataset.PixelScaler<A> pixels = Trainer.pixels(p);
        for (int i = 0; i < samples; i++) {
            data.copyTo(i, x, i, pixels);
            t[i] = data.label(i);
        }
        return compare(net, x, t, samples, p == Precision.F64 ? TOLERANCE_F64 : TOLERANCE_F32);
    }

    /** Backprop vs numerical on the given batch. */
    public static <A> Report compare(MultiLayerNet<A> net, A x, int[] t, int batch, double tolerance) {
        Precision<A> p = net.precision();
        List<double[]> numerical = net.numericalGradient(x, t, batch);
        net.gradient(x, t, batch);
        List<Parameter<A>> params = net.parameters();
        double[] mean = new double[params.size()];
        double maxRel = 0;
        for (int k = 0; k < params.size(); k++) {
            A g = params.get(k).grad();
            double[] num = numerical.get(k);
            double sum = 0;
            for (int i = 0; i < num.length; i++) {
                double a = p.get(g, i), b = num[i];
                sum += Math.abs(a - b);
                maxRel = Math.max(maxRel, Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), 1e-8));
            }
            mean[k] = sum / num.length;
        }
        return new Report(params.stream().map(Parameter::name).toList(), mean, maxRel, tolerance);
    }

    /**
     * The check on a random network drawn from {@code r}: 1 to 3 hidden layers of 1 to 12 units (sigmoid
     * or tanh: smooth, so that the central difference holds everywhere; ReLU's kink is the test suite's
     * business), 1 to 30 inputs, 2 to 10 classes, 1 to 6 samples, weight decay on or off, inputs in
     * (-1, 1). Returns the report and what was drawn.
     */
    public static <A> RandomCase onRandomNetwork(Precision<A> p, SplittableRandom r) {
        int depth = 1 + r.nextInt(3), inputs = 1 + r.nextInt(30), classes = 2 + r.nextInt(9), batch = 1 + r.nextInt(6);
        List<Integer> sizes = new ArrayList<>(List.of(inputs));
        for (int l = 0; l < depth; l++) {
            sizes.add(1 + r.nextInt(12));
        }
        sizes.add(classes);
        Activation act = r.nextBoolean() ? Activation.SIGMOID : Activation.TANH;
        double decay = r.nextBoolean() ? 0 : 0.01;
        NetworkConfig config = new NetworkConfig(sizes, Collections.nCopies(depth, act),
                WeightInit.STD, 0.5, decay, r.nextLong(), batch, 1);
        MultiLayerNet<A> net = new MultiLayerNet<>(p, config);
        A x = p.alloc(batch * inputs);
        int[] t = new int[batch];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < inputs; j++) {
                p.set(x, i * inputs + j, r.nextDouble(-1, 1));
            }
            t[i] = r.nextInt(classes);
        }
        String what = sizes + " " + act.name().toLowerCase(Locale.ROOT) + (decay > 0 ? " weight decay " + decay : "")
                + ", " + batch + " samples";
        return new RandomCase(what, compare(net, x, t, batch, p.type() == Precision.Type.F64 ? TOLERANCE_RANDOM_F64 : TOLERANCE_F32));
    }

    /** A random network's check: what it was, and its report. */
    public record RandomCase(String network, Report report) {}
}
