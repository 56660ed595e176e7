package dev.vecnet.nn;

import dev.vecnet.io.Memory;
import dev.vecnet.kernel.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The book's TwoLayerNet (chapter 5): Affine → Sigmoid or ReLU → Affine, then SoftmaxWithLoss.
 * W ~ std·N(0, 1), b = 0. Written once for both precisions ({@link Precision}); workspaces are sized
 * for {@code maxBatch} rows at construction, so a training step allocates nothing.
 */
public final class TwoLayerNet<A> {
    /** Central-difference step of the numerical gradient, as in the book. */
    public static final double H = 1e-4;

    private final Precision<A> p;
    private final int input, hidden, output, maxBatch;
    private final Affine<A> affine1, affine2;
    private final ActivationLayer<A> activation;
    private final List<Layer<A>> layers;
    private final SoftmaxWithLoss<A> last;
    private final List<Parameter<A>> parameters;
    private final int[] predicted;

    /** A network; the random stream of {@code seed} draws W1 then W2, element by element. */
    public TwoLayerNet(Precision<A> p, int input, int hidden, int output, Activation act, WeightInit init,
                       double weightInitStd, long seed, int maxBatch, int threads, boolean bookLoss) {
        if (input < 1 || hidden < 1 || output < 2 || maxBatch < 1) {
            throw new IllegalArgumentException("sizes must be >= 1 (output >= 2), got input " + input
                    + ", hidden " + hidden + ", output " + output + ", batch " + maxBatch);
        }
        checkFits(p, input, hidden, output, maxBatch);
        this.p = p;
        this.input = input;
        this.hidden = hidden;
        this.output = output;
        this.maxBatch = maxBatch;
        this.affine1 = new Affine<>(p, "1", input, hidden, maxBatch, false, threads);
        this.activation = new ActivationLayer<>(p, act, hidden, maxBatch);
        this.affine2 = new Affine<>(p, "2", hidden, output, maxBatch, true, threads);
        this.layers = List.of(affine1, activation, affine2);
        this.last = new SoftmaxWithLoss<>(p, output, maxBatch, bookLoss);
        this.parameters = List.of(affine1.weight(), affine1.bias(), affine2.weight(), affine2.bias());
        this.predicted = new int[maxBatch];
        SplittableRandom random = new SplittableRandom(seed);
        p.gaussian(affine1.weight().value(), init.std(weightInitStd, input), random);
        p.gaussian(affine2.weight().value(), init.std(weightInitStd, hidden), random);
    }

    /**
     * Refuses, before anything is allocated, a network whose arrays a Java array cannot index or whose
     * weights, gradients, optimizer state and batch buffers cannot fit in the heap, with a message
     * that says what it needs.
     */
    private static void checkFits(Precision<?> p, long input, long hidden, long output, long maxBatch) {
        String what = "a " + input + "-" + hidden + "-" + output + " network with batches of " + maxBatch;
        long widest = Math.max(Math.max(input * hidden, hidden * output), maxBatch * Math.max(input, hidden));
        if (widest > Memory.MAX_ARRAY) {
            throw new IllegalArgumentException(what + " needs arrays of " + widest
                    + " values, more than a Java array holds (" + Memory.MAX_ARRAY + ")");
        }
        long parameters = input * hidden + hidden + hidden * output + output;
        long width = p.name().equals("f64") ? 8 : 4;
        // weights, gradients, up to two optimizer states and a packed copy; inputs and each layer's
        // outputs and gradients for a whole batch
        long values = Memory.product(parameters, 5) + Memory.product(maxBatch, 2 * input + 4 * hidden + 4 * output);
        Memory.require(Memory.product(values, width), what);
    }

    public Precision<A> precision() {
        return p;
    }

    public int inputSize() {
        return input;
    }

    public int hiddenSize() {
        return hidden;
    }

    public int outputSize() {
        return output;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public Activation activation() {
        return activation.kind();
    }

    /** W1, b1, W2, b2. */
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

    public double loss(A x, int[] labels, int batch) {
        return last.forward(predict(x, batch), labels, batch);
    }

    /** The loss against one-hot targets (batch x output), as the book's net with one_hot_label=True. */
    public double loss(A x, A targets, int batch) {
        return last.forward(predict(x, batch), targets, batch);
    }

    /** Backpropagation against one-hot targets. */
    public double gradient(A x, A targets, int batch) {
        double loss = loss(x, targets, batch);
        backward(batch);
        return loss;
    }

    /** Correct predictions among the first {@code batch} rows. */
    public int correct(A x, int[] labels, int batch) {
        p.argmaxRows(batch, output, predict(x, batch), predicted);
        int hits = 0;
        for (int i = 0; i < batch; i++) {
            hits += predicted[i] == labels[i] ? 1 : 0;
        }
        return hits;
    }

    public double accuracy(A x, int[] labels, int batch) {
        return (double) correct(x, labels, batch) / batch;
    }

    /** Backpropagation: fills every parameter's gradient, returns the loss. */
    public double gradient(A x, int[] labels, int batch) {
        double loss = loss(x, labels, batch);
        backward(batch);
        return loss;
    }

    /** The backward pass of the last {@link #loss} call: fills every parameter's gradient. */
    public void backward(int batch) {
        checkBatch(batch);
        A dout = last.backward(batch);
        for (int i = layers.size() - 1; i >= 0; i--) {
            dout = layers.get(i).backward(dout, batch);
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

    private void checkBatch(int batch) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch of " + batch + " rows, this network was sized for 1.." + maxBatch);
        }
    }
}
