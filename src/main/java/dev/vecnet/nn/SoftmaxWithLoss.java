package dev.vecnet.nn;

/**
 * The last layer: softmax and cross-entropy. The loss is computed from the logits by log-sum-exp
 * (exact, never log(0), where the book's −log(softmax + 1e-7) would cap it), against class indices
 * (the book's one-hot labels carry the same information). Backward is (y − onehot(t)) / batch.
 */
public final class SoftmaxWithLoss<A> {
    private final Precision<A> p;
    private final int classes;
    private final A y, dx;
    private int[] labels;

    SoftmaxWithLoss(Precision<A> p, int classes, int maxBatch) {
        this.p = p;
        this.classes = classes;
        this.y = p.alloc(maxBatch * classes);
        this.dx = p.alloc(maxBatch * classes);
    }

    public double forward(A logits, int[] labels, int batch) {
        this.labels = labels;
        p.softmaxRows(batch, classes, logits, y);
        return p.crossEntropyLogits(batch, classes, logits, labels);
    }

    public A backward(int batch) {
        p.softmaxLossBackward(batch, classes, y, labels, dx);
        return dx;
    }
}
