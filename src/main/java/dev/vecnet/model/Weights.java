package dev.vecnet.model;

import dev.vecnet.kernel.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A dense network's parameters on their way to or from a file, or between training and inference:
 * the dense layers in order, what the network outputs, and whether the values were float64. What
 * training and serving share: every format reader produces one, every writer consumes one, an
 * inference model is made from one, and a training network both gives and takes one.
 *
 * @param layers the dense layers, input first; each one's outputs are the next one's inputs
 * @param output probabilities (a softmax after the last layer) or its raw scores
 * @param f64    whether the values are float64 (stored as such in files)
 */
public record Weights(List<Dense> layers, Output output, boolean f64) {
    /** Sizes beyond this are corruption, not models: 2^24 inputs or units. */
    public static final int MAX_SIZE = 1 << 24;
    /** The most dense layers a model has: what every reader accepts and every writer and the trainer check. */
    public static final int MAX_LAYERS = 1024;

    /**
     * y = act(x·W + b): W is inputs x outputs row-major, b has outputs values, both as doubles (exact
     * for both precisions). {@code leak} is the slope of a leaky ReLU for x &lt; 0 (ONNX LeakyRelu's
     * alpha), 0 for every other activation. The last layer's activation, usually NONE, comes before the softmax.
     */
    public record Dense(int inputs, int outputs, double[] w, double[] b, Activation activation, double leak) {
        public Dense {
            if (inputs < 1 || outputs < 1 || inputs > MAX_SIZE || outputs > MAX_SIZE) {
                throw new IllegalArgumentException("a dense layer of " + inputs + " x " + outputs + " (each 1.." + MAX_SIZE + ")");
            }
            if (w.length != (long) inputs * outputs || b.length != outputs) {
                throw new IllegalArgumentException("a " + inputs + " x " + outputs + " layer with " + w.length
                        + " weights and " + b.length + " biases");
            }
            java.util.Objects.requireNonNull(activation, "activation");
            if (leak != 0 && (activation != Activation.RELU || !Double.isFinite(leak))) {
                throw new IllegalArgumentException("a leak of " + leak + " belongs to a ReLU and must be finite");
            }
        }

        /** "sigmoid", "relu", "tanh", "none" or "leaky_relu(0.01)". */
        public String activationName() {
            return activationName(activation, leak);
        }

        public static String activationName(Activation activation, double leak) {
            return leak != 0 ? "leaky_relu(" + leak + ")" : activation.name().toLowerCase(Locale.ROOT);
        }
    }

    public Weights {
        layers = List.copyOf(layers);
        java.util.Objects.requireNonNull(output, "output");
        if (layers.isEmpty() || layers.size() > MAX_LAYERS) {
            throw new IllegalArgumentException(layers.size() + " dense layers; a model has 1.." + MAX_LAYERS);
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).outputs()) {
                throw new IllegalArgumentException("layer " + (l + 1) + " takes " + layers.get(l).inputs()
                        + " values, layer " + l + " gives " + layers.get(l - 1).outputs());
            }
        }
        Dense last = layers.get(layers.size() - 1);
        if (output == Output.PROBABILITIES && last.outputs() < 2) {
            throw new IllegalArgumentException("a softmax over " + last.outputs() + " output: at least 2 are needed");
        }
    }

    /**
     * The first parameter that is not finite as float32 — what every reader refuses, since a model is
     * served in float32 — as "W2[17] is NaN"; null when all are finite.
     */
    public String firstNonFinite() {
        for (int l = 0; l < layers.size(); l++) {
            Dense d = layers.get(l);
            String bad = firstNonFinite(d.w(), "W" + (l + 1));
            if (bad == null) {
                bad = firstNonFinite(d.b(), "b" + (l + 1));
            }
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static String firstNonFinite(double[] a, String name) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite((float) a[i])) {
                return name + "[" + i + "] is " + a[i] + (Double.isFinite(a[i]) ? " (beyond float32)" : "");
            }
        }
        return null;
    }

    /** input, hidden..., output. */
    public List<Integer> sizes() {
        List<Integer> s = new ArrayList<>();
        s.add(layers.get(0).inputs());
        for (Dense d : layers) {
            s.add(d.outputs());
        }
        return s;
    }

    /** "784-50-10". */
    public String shape() {
        return String.join("-", sizes().stream().map(String::valueOf).toList());
    }

    /** One line: shape, the layers' activations, the output ("784-50-10 sigmoid -> softmax"). */
    public String describe() {
        int depth = layers.size();
        Activation[] acts = new Activation[depth];
        double[] leaks = new double[depth];
        for (int l = 0; l < depth; l++) {
            acts[l] = layers.get(l).activation();
            leaks[l] = layers.get(l).leak();
        }
        return describe(shape(), acts, leaks, output);
    }

    /** The line of {@link #describe()} from a shape and each layer's activation and leak. */
    public static String describe(String shape, Activation[] acts, double[] leaks, Output output) {
        StringBuilder s = new StringBuilder(shape);
        for (int l = 0; l < acts.length; l++) {
            if (l < acts.length - 1 || acts[l] != Activation.NONE) {
                s.append(l == 0 ? " " : ",").append(Dense.activationName(acts[l], leaks[l]));
            }
        }
        return s.append(output == Output.PROBABILITIES ? " -> softmax" : " -> scores").toString();
    }

    /** How many parameters in all. */
    public long parameterCount() {
        long n = 0;
        for (Dense d : layers) {
            n += (long) d.inputs() * d.outputs() + d.outputs();
        }
        return n;
    }
}
