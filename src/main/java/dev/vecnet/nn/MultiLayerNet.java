package dev.vecnet.nn;

import dev.vecnet.io.Memory;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import dev.vecnet.runtime.KernelRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The book's MultiLayerNet (chapter 6): (Affine → activation) per hidden layer, a last Affine, then
 * SoftmaxWithLoss; with one hidden layer and no weight decay it is chapter 5's TwoLayerNet, the seed's
 * network. Weights start as std·N(0, 1) per layer (std by {@link WeightInit} from the layer's fan-in),
 * biases at 0. Weight decay λ adds λ/2·Σ‖W‖² to the loss and λ·W to each weight's gradient. Written
 * once for both precisions ({@link Precision}); workspaces are sized for the configuration's batch
 * capacity at construction, so a training step allocates nothing.
 */
public final class MultiLayerNet<A> {
    /** Central-difference step of the numerical gradient, as in the book. */
    public static final double H = 1e-4;

    private final Precision<A> p;
    private final NetworkConfig config;
    private final List<Affine<A>> affines = new ArrayList<>();
    private final List<Layer<A>> layers = new ArrayList<>();
    private final SoftmaxWithLoss<A> last;
    private final List<Parameter<A>> parameters = new ArrayList<>();
    private final int[] predicted;
    /** The weight decay penalty's running sums (see {@link Precision#addSquares}). */
    private final double[] penaltyStripes = new double[Precision.STRIPES];

    /** A network; the random stream of the configuration's seed draws W1, W2, ... element by element. */
    public MultiLayerNet(Precision<A> p, NetworkConfig config) {
        this.p = java.util.Objects.requireNonNull(p, "precision");
        this.config = config;
        checkFits(p, config);
        List<Integer> sizes = config.sizes();
        KernelRuntime.expect(sizes, config.activations(), List.of(config.maxBatch()));
        int depth = config.depth(), maxBatch = config.maxBatch();
        for (int l = 0; l < depth; l++) {
            Affine<A> affine = new Affine<>(p, String.valueOf(l + 1), sizes.get(l), sizes.get(l + 1), maxBatch, l > 0,
                    config.threads());
            affines.add(affine);
            layers.add(affine);
            parameters.add(affine.weight());
            parameters.add(affine.bias());
            if (l < depth - 1) {
                layers.add(new ActivationLayer<>(p, config.activations().get(l), sizes.get(l + 1), maxBatch));
            }
        }
        this.last = new SoftmaxWithLoss<>(p, outputSize(), maxBatch);
        this.predicted = new int[maxBatch];
        SplittableRandom random = new SplittableRandom(config.seed());
        for (int l = 0; l < depth; l++) {
            p.gaussian(affines.get(l).weight().value(), config.init().std(config.initStd(), sizes.get(l)), random);
        }
    }

    /**
     * A network holding trained weights (a file read by {@code ModelFormat.readWeights} of the serving side), for
     * more training or for its gradients: sizes and activations from the weights, the rest from
     * {@code config}. Only what training can do is accepted: softmax output, sigmoid/ReLU/tanh hidden layers.
     * Subnormal values become zero, as every update of the training leaves them.
     */
    public static <A> MultiLayerNet<A> of(Precision<A> p, Weights w, int maxBatch, int threads) {
        if (w.output() != Output.PROBABILITIES) {
            throw new IllegalArgumentException("these weights end in raw scores; a MultiLayerNet trains a softmax output");
        }
        if (w.layers().get(w.layers().size() - 1).activation() != Activation.NONE) {
            throw new IllegalArgumentException("the last layer has an activation before the softmax; a MultiLayerNet trains none there");
        }
        List<Activation> acts = new ArrayList<>();
        for (int l = 0; l < w.layers().size() - 1; l++) {
            Weights.Dense d = w.layers().get(l);
            if (d.leak() != 0) {
                throw new IllegalArgumentException("layer " + (l + 1) + " is a leaky ReLU, which vecnet serves but does not train");
            }
            acts.add(d.activation());
        }
        NetworkConfig c = new NetworkConfig(w.sizes(), acts, WeightInit.STD, 0.01, 0, 0, maxBatch, threads);
        MultiLayerNet<A> net = new MultiLayerNet<>(p, c);
        for (int l = 0; l < w.layers().size(); l++) {
            Weights.Dense d = w.layers().get(l);
            Affine<A> a = net.affines.get(l);
            for (int i = 0; i < d.w().length; i++) {
                p.set(a.weight().value(), i, d.w()[i]);
            }
            for (int i = 0; i < d.b().length; i++) {
                p.set(a.bias().value(), i, d.b()[i]);
            }
            p.flushSubnormals(a.weight().value(), a.weight().size());
            p.flushSubnormals(a.bias().value(), a.bias().size());
        }
        return net;
    }

    /**
     * Refuses, before anything is allocated, a network whose arrays a Java array cannot index or whose
     * weights, gradients, optimizer state and batch buffers cannot fit in the heap, with a message
     * that says what it needs.
     */
    private static void checkFits(Precision<?> p, NetworkConfig c) {
        String what = "a " + c.shape() + " network with batches of " + c.maxBatch();
        List<Integer> s = c.sizes();
        long widest = 0, parameters = 0, rowValues = 2L * s.get(0) + 4L * s.get(s.size() - 1);
        for (int l = 0; l + 1 < s.size(); l++) {
            long in = s.get(l), out = s.get(l + 1);
            widest = Math.max(widest, Math.max(in * out, (long) c.maxBatch() * Math.max(in, out)));
            parameters += in * out + out;
            if (l > 0) {
                rowValues += 4 * in;
            }
        }
        if (widest > Memory.MAX_ARRAY) {
            throw new IllegalArgumentException(what + " needs arrays of " + widest
                    + " values, more than a Java array holds (" + Memory.MAX_ARRAY + ")");
        }
        long width = p.type() == Precision.Type.F64 ? 8 : 4;
        // weights, gradients, up to two optimizer states and a packed copy; inputs and each layer's
        // outputs and gradients for a whole batch
        long values = Memory.product(parameters, 5) + Memory.product(c.maxBatch(), rowValues);
        Memory.require(Memory.product(values, width), what);
    }

    public Precision<A> precision() {
        return p;
    }

    public NetworkConfig config() {
        return config;
    }

    public int inputSize() {
        return config.sizes().get(0);
    }

    public int outputSize() {
        return config.sizes().get(config.depth());
    }

    public int maxBatch() {
        return config.maxBatch();
    }

    /** W1, b1, W2, b2, ... */
    public List<Parameter<A>> parameters() {
        return parameters;
    }

    /** Logits of the first {@code batch} rows of x (a workspace: valid until the next call). */
    public A predict(A x, int batch) {
        checkBatch(batch);
        A out = x;
        for (Layer<A> layer : layers) {
            out = layer.forward(out, batch);
        }
        return out;
    }

    /** Mean cross-entropy of the first {@code batch} rows against class labels, plus the weight decay's penalty. */
    public double loss(A x, int[] labels, int batch) {
        return last.forward(predict(x, batch), labels, batch) + decayPenalty();
    }

    private double decayPenalty() {
        if (config.weightDecay() == 0) {
            return 0;
        }
        java.util.Arrays.fill(penaltyStripes, 0);
        for (Affine<A> a : affines) {
            p.addSquares(a.weight().value(), a.weight().size(), penaltyStripes);
        }
        double sum = 0;
        for (double stripe : penaltyStripes) {
            sum += stripe;
        }
        return 0.5 * config.weightDecay() * sum;
    }

    /** Backpropagation against class labels: fills every parameter's gradient, returns the loss. */
    public double gradient(A x, int[] labels, int batch) {
        double loss = loss(x, labels, batch);
        backward(batch);
        return loss;
    }

    /** Correct predictions among the first {@code batch} rows. */
    public int correct(A x, int[] labels, int batch) {
        p.argmaxRows(batch, outputSize(), predict(x, batch), predicted);
        int hits = 0;
        for (int i = 0; i < batch; i++) {
            hits += predicted[i] == labels[i] ? 1 : 0;
        }
        return hits;
    }

    /** The backward pass of the last {@link #loss} call: fills every parameter's gradient. */
    public void backward(int batch) {
        checkBatch(batch);
        A dout = last.backward(batch);
        for (int i = layers.size() - 1; i >= 0; i--) {
            dout = layers.get(i).backward(dout, batch);
        }
        addDecayGradient();
    }

    /**
     * Adds the weight decay's λ·W to every weight's gradient (no-op without decay): what {@link #backward}
     * ends with, for a gradient that arrives from elsewhere (summed over data-parallel workers).
     */
    public void addDecayGradient() {
        if (config.weightDecay() != 0) {
            for (Affine<A> a : affines) {
                p.axpy(a.weight().size(), config.weightDecay(), a.weight().value(), a.weight().grad());
            }
        }
    }

    /**
     * The book's numerical gradient: central differences with h = 1e-4 over every element of every
     * parameter, each value restored afterwards. Slow (two forward passes per element): for checks.
     */
    public List<double[]> numericalGradient(A x, int[] labels, int batch) {
        List<double[]> grads = new ArrayList<>();
        for (Parameter<A> param : parameters) {
            A v = param.value();
            double[] g = new double[param.size()];
            for (int i = 0; i < g.length; i++) {
                double saved = p.get(v, i);
                p.set(v, i, saved + H);
                double plus = loss(x, labels, batch);
                p.set(v, i, saved - H);
                double minus = loss(x, labels, batch);
                p.set(v, i, saved);
                g[i] = (plus - minus) / (2 * H);
            }
            grads.add(g);
        }
        return grads;
    }

    /** The parameters as they are now, for a model file or an inference model (which the serving side makes of them). */
    public Weights weights() {
        List<Weights.Dense> dense = new ArrayList<>();
        for (int l = 0; l < affines.size(); l++) {
            Affine<A> a = affines.get(l);
            dense.add(new Weights.Dense(config.sizes().get(l), config.sizes().get(l + 1), doubles(a.weight()),
                    doubles(a.bias()), l < affines.size() - 1 ? config.activations().get(l) : Activation.NONE, 0));
        }
        return new Weights(dense, Output.PROBABILITIES, p.type() == Precision.Type.F64);
    }

    private double[] doubles(Parameter<A> param) {
        double[] d = new double[param.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = p.get(param.value(), i);
        }
        return d;
    }

    private void checkBatch(int batch) {
        if (batch < 1 || batch > config.maxBatch()) {
            throw new IllegalArgumentException("batch of " + batch + " rows, this network was sized for 1.." + config.maxBatch());
        }
    }
}
