package dev.vecnet.nn;

import dev.vecnet.kernel.Activation;

/**
 * Sigmoid (backward dout·(1 − y)·y from the saved output), tanh (dout·(1 − y²)) or ReLU (the book's
 * mask: x &lt;= 0 is off, taken from the saved output, which is &lt;= 0 exactly where x is).
 */
public final class ActivationLayer<A> implements Layer<A> {
    private final Precision<A> p;
    private final Activation kind;
    private final int width;
    private final A output, dx;

    ActivationLayer(Precision<A> p, Activation kind, int width, int maxBatch) {
        if (kind == Activation.NONE) {
            throw new IllegalArgumentException("an activation layer needs SIGMOID, RELU or TANH");
        }
        this.p = p;
        this.kind = kind;
        this.width = width;
        this.output = p.alloc(maxBatch * width);
        this.dx = p.alloc(maxBatch * width);
    }

    public Activation kind() {
        return kind;
    }

    @Override
    public A forward(A x, int batch) {
        p.activate(kind, x, output, batch * width);
        return output;
    }

    @Override
    public A backward(A dout, int batch) {
        p.activationBackward(kind, dout, output, dx, batch * width);
        return dx;
    }
}
