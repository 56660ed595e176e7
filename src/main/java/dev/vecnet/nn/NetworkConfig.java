package dev.vecnet.nn;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import java.util.Collections;
import java.util.List;

/**
 * What a {@link MultiLayerNet} is and how it runs: the layer sizes (input, hidden..., output), one
 * activation per hidden layer, the initial weights (scheme, the fixed std of {@link WeightInit#STD},
 * seed), the L2 weight decay λ (the book's {@code weight_decay_lambda}: loss + λ/2·Σ‖W‖², never the
 * biases), and the batch capacity and kernel threads. {@code NetworkConfig.of(784, 50, 10)} is the
 * seed's TwoLayerNet; the {@code with...} methods change one setting.
 */
public record NetworkConfig(List<Integer> sizes, List<Activation> activations, WeightInit init, double initStd,
                            double weightDecay, long seed, int maxBatch, int threads) {
    public NetworkConfig {
        sizes = List.copyOf(sizes);
        activations = List.copyOf(activations);
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output size, got " + sizes);
        }
        if (sizes.size() - 1 > Weights.MAX_LAYERS) {
            throw new IllegalArgumentException(sizes.size() - 1 + " dense layers; a model has 1.." + Weights.MAX_LAYERS);
        }
        for (int i = 0; i < sizes.size(); i++) {
            int min = i == sizes.size() - 1 ? 2 : 1;
            if (sizes.get(i) < min) {
                throw new IllegalArgumentException("layer sizes must be >= 1 (the output >= 2), got " + sizes);
            }
        }
        if (activations.size() != sizes.size() - 2) {
            throw new IllegalArgumentException(sizes.size() - 2 + " hidden layers need as many activations, got "
                    + activations);
        }
        for (Activation a : activations) {
            if (a == Activation.NONE) {
                throw new IllegalArgumentException("a hidden layer's activation is SIGMOID, RELU or TANH, got " + activations);
            }
        }
        java.util.Objects.requireNonNull(init, "init");
        if (!(initStd > 0) || Double.isInfinite(initStd)) {
            throw new IllegalArgumentException("the initial weight std must be a finite number > 0, got " + initStd);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("the weight decay must be a finite number >= 0, got " + weightDecay);
        }
        if (maxBatch < 1 || threads < 1) {
            throw new IllegalArgumentException("batch capacity and threads must be >= 1, got " + maxBatch + " and " + threads);
        }
    }

    /** The given sizes, sigmoid hidden layers, weights std·N(0, 1) with std 0.01, no decay, seed 0, batches of 100, 1 thread. */
    public static NetworkConfig of(int... sizes) {
        List<Integer> s = java.util.Arrays.stream(sizes).boxed().toList();
        return new NetworkConfig(s, Collections.nCopies(Math.max(sizes.length - 2, 0), Activation.SIGMOID),
                WeightInit.STD, 0.01, 0, 0, 100, 1);
    }

    /** The same activation on every hidden layer. */
    public NetworkConfig withActivation(Activation a) {
        return withActivations(Collections.nCopies(sizes.size() - 2, a));
    }

    public NetworkConfig withActivations(List<Activation> a) {
        return new NetworkConfig(sizes, a, init, initStd, weightDecay, seed, maxBatch, threads);
    }

    /** Initial weights by {@code scheme}; {@code std} is used by {@link WeightInit#STD} only. */
    public NetworkConfig withInit(WeightInit scheme, double std) {
        return new NetworkConfig(sizes, activations, scheme, std, weightDecay, seed, maxBatch, threads);
    }

    public NetworkConfig withWeightDecay(double lambda) {
        return new NetworkConfig(sizes, activations, init, initStd, lambda, seed, maxBatch, threads);
    }

    public NetworkConfig withSeed(long s) {
        return new NetworkConfig(sizes, activations, init, initStd, weightDecay, s, maxBatch, threads);
    }

    /** Workspaces hold this many rows: the largest batch a call may pass. */
    public NetworkConfig withMaxBatch(int rows) {
        return new NetworkConfig(sizes, activations, init, initStd, weightDecay, seed, rows, threads);
    }

    /** GEMM threads; results are the same bits for any count. */
    public NetworkConfig withThreads(int n) {
        return new NetworkConfig(sizes, activations, init, initStd, weightDecay, seed, maxBatch, n);
    }

    /** Number of dense layers (sizes − 1). */
    public int depth() {
        return sizes.size() - 1;
    }

    /** "784-50-10". */
    public String shape() {
        return String.join("-", sizes.stream().map(String::valueOf).toList());
    }
}
