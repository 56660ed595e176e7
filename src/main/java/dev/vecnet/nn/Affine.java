package dev.vecnet.nn;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Transpose;
import java.util.List;

/**
 * out = x·W + b. Backward: dW = xᵀ·dout, db = Σ_rows dout, dx = dout·Wᵀ (skipped for the first layer).
 * The first layer skips the zeros of its input, forward and in dW, where they are most of it
 * ({@link Precision#sparseTimes}).
 */
public final class Affine<A> implements Layer<A> {
    private final Precision<A> p;
    private final int in, out;
    private final Parameter<A> w, b;
    private final A output, dx;
    private final int threads;
    /** The first layer's W, packed for the zero-skipping kernel (null for later layers, whose inputs are dense). */
    private final Object packed;
    private A x;
    /** Whether the last forward skipped the zeros of its input (the weight gradient then does too). */
    private boolean sparse;

    Affine(Precision<A> p, String suffix, int in, int out, int maxBatch, boolean needsInputGradient, int threads) {
        this.p = p;
        this.in = in;
        this.out = out;
        this.threads = threads;
        this.w = new Parameter<>("W" + suffix, p, in * out);
        this.b = new Parameter<>("b" + suffix, p, out);
        this.output = p.alloc(maxBatch * out);
        this.dx = needsInputGradient ? p.alloc(maxBatch * in) : null;
        this.packed = needsInputGradient ? null : p.newPacked(in, out);
    }

    public Parameter<A> weight() {
        return w;
    }

    public Parameter<A> bias() {
        return b;
    }

    @Override
    public A forward(A x, int batch) {
        this.x = x;
        if (packed != null) { // the network's input: images are mostly background, often worth skipping
            sparse = p.sparseTimes(batch, in, out, x, w.value(), packed, b.value(), output, threads);
        } else {
            p.gemm(Transpose.NO, Transpose.NO, batch, out, in, x, w.value(), 0, output, b.value(), Activation.NONE, threads);
        }
        return output;
    }

    @Override
    public A backward(A dout, int batch) {
        if (sparse) {
            p.sparseTransposeTimes(batch, in, out, x, dout, w.grad(), threads);
        } else {
            p.gemm(Transpose.YES, Transpose.NO, in, out, batch, x, dout, 0, w.grad(), null, Activation.NONE, threads);
        }
        p.columnSums(batch, out, dout, b.grad());
        if (dx == null) {
            return null;
        }
        p.gemm(Transpose.NO, Transpose.YES, batch, in, out, dout, w.value(), 0, dx, null, Activation.NONE, threads);
        return dx;
    }

    @Override
    public List<Parameter<A>> parameters() {
        return List.of(w, b);
    }
}
