package dev.vecnet.infer;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random weights of a given shape, for the format and predictor tests. */
final class TestWeights {
    private TestWeights() {}

    /** Gaussian W (std 1/√fan-in) and b (std 0.1), {@code act} on every hidden layer, a softmax output. */
    static Weights random(long seed, boolean f64, Activation act, int... sizes) {
        return random(seed, f64, Output.PROBABILITIES, java.util.Collections.nCopies(sizes.length - 2, act), sizes);
    }

    static Weights random(long seed, boolean f64, Output output, List<Activation> acts, int... sizes) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Weights.Dense> layers = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            double[] w = new double[sizes[l] * sizes[l + 1]], b = new double[sizes[l + 1]];
            for (int i = 0; i < w.length; i++) {
                w[i] = round(r.nextGaussian() / Math.sqrt(sizes[l]), f64);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = round(0.1 * r.nextGaussian(), f64);
            }
            layers.add(new Weights.Dense(sizes[l], sizes[l + 1], w, b, l + 2 < sizes.length ? acts.get(l) : Activation.NONE, 0));
        }
        return new Weights(layers, output, f64);
    }

    private static double round(double v, boolean f64) {
        return f64 ? v : (float) v;
    }
}
