package dev.vecnet.infer;

import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.Transpose;

/**
 * Inference over a shared {@link Model}. Threading rule: a Predictor owns its scratch buffers and is
 * NOT thread-safe; give each thread its own ({@code model.predictor()}), the Model itself is shared.
 * A call allocates nothing in steady state (batch buffers grow once to the largest batch seen).
 *
 * <p>Input policy: an image must have exactly {@code model.inputSize()} values and all of them
 * finite; a wrong length or a NaN/Inf value is rejected with an IllegalArgumentException naming it.
 */
public final class Predictor {
    private final Model m;
    private final FloatKernels k = Kernels.f32();
    private float[] hidden, logits;

    Predictor(Model model) {
        this.m = model;
        this.hidden = new float[model.hidden];
        this.logits = new float[model.output];
    }

    /** probabilities (length outputSize) = softmax of the network's output for one image. */
    public void predict(float[] image, float[] probabilities) {
        checkImage(image);
        if (probabilities == null || probabilities.length != m.output) {
            throw new IllegalArgumentException("probabilities must have " + m.output + " elements, got "
                    + (probabilities == null ? "null" : probabilities.length));
        }
        forward(image, 1);
        k.softmaxRows(1, m.output, logits, 0, m.output, probabilities, 0, m.output);
    }

    /** The most probable class of one image. */
    public int classify(float[] image) {
        checkImage(image);
        forward(image, 1);
        int best = 0;
        for (int j = 1; j < m.output; j++) {
            if (logits[j] > logits[best]) {
                best = j;
            }
        }
        return best;
    }

    /** count images, contiguous in {@code images}; their probabilities, contiguous, into {@code probabilities}. */
    public void predictBatch(float[] images, int count, float[] probabilities) {
        if (count < 1 || images == null || (long) count * m.input != images.length) {
            throw new IllegalArgumentException("images must hold count x " + m.input + " = " + (long) count * m.input
                    + " values, got " + (images == null ? "null" : images.length));
        }
        if (probabilities == null || (long) count * m.output != probabilities.length) {
            throw new IllegalArgumentException("probabilities must hold " + (long) count * m.output + " values");
        }
        for (int i = 0; i < count; i++) {
            check(images, i, "image " + i);
        }
        forward(images, count);
        k.softmaxRows(count, m.output, logits, 0, m.output, probabilities, 0, m.output);
    }

    private void forward(float[] x, int rows) {
        if (hidden.length < rows * m.hidden) {
            hidden = new float[rows * m.hidden];
            logits = new float[rows * m.output];
        }
        k.gemm(Transpose.NO, Transpose.NO, rows, m.hidden, m.input, 1f, x, 0, m.input, m.w1, 0, m.hidden,
                0f, hidden, 0, m.hidden, m.b1, 0, m.activation, 1);
        k.gemm(Transpose.NO, Transpose.NO, rows, m.output, m.hidden, 1f, hidden, 0, m.hidden, m.w2, 0, m.output,
                0f, logits, 0, m.output, m.b2, 0, dev.vecnet.kernel.Activation.NONE, 1);
    }

    private void checkImage(float[] image) {
        if (image == null || image.length != m.input) {
            throw new IllegalArgumentException("image has " + (image == null ? "no" : image.length)
                    + " values, the model expects " + m.input);
        }
        check(image, 0, "image");
    }

    /** Values of row {@code row} (already known to be in the array) must all be finite. */
    private void check(float[] x, int row, String what) {
        int from = row * m.input;
        for (int j = 0; j < m.input; j++) {
            float v = x[from + j];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(what + ": value " + j + " is " + v + "; inputs must be finite");
            }
        }
    }
}
