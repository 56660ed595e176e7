package dev.vecnet.infer;

import dev.vecnet.kernel.Activation;

/**
 * A trained 2-layer network for inference: immutable, shared by any number of threads (each with its
 * own {@link Predictor}). Parameters are float32; a float64 file is rounded once on load.
 */
public final class Model {
    final int input, hidden, output;
    final Activation activation;
    final float[] w1, b1, w2, b2;
    private final String sourcePrecision;

    Model(int input, int hidden, int output, Activation activation, float[] w1, float[] b1, float[] w2, float[] b2,
          String sourcePrecision) {
        this.input = input;
        this.hidden = hidden;
        this.output = output;
        this.activation = activation;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.sourcePrecision = sourcePrecision;
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

    public Activation activation() {
        return activation;
    }

    /** "f32" or "f64": the precision the file stored. */
    public String sourcePrecision() {
        return sourcePrecision;
    }

    /** A new predictor for the calling thread. */
    public Predictor predictor() {
        return new Predictor(this);
    }
}
