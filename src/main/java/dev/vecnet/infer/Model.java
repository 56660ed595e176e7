package dev.vecnet.infer;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.Kernels;
import java.io.IOException;
import dev.vecnet.kernel.PackedFloatMatrix;
import dev.vecnet.nn.TwoLayerNet;

/**
 * A trained 2-layer network for inference: immutable, shared by any number of threads (each with its
 * own {@link Predictor}). Parameters are float32 (a float64 file is rounded once on load) and must
 * be finite. W1 and W2 are packed once, here, into the layout its kernels stream: a model runs on the
 * kernels it was made for ({@link Kernels#f32()} unless given), {@link #withKernels} gives the same
 * model on others (e.g. the scalar ones, to compare).
 */
public final class Model {
    final int input, hidden, output;
    final Activation activation;
    final float[] w1, b1, w2, b2;
    final PackedFloatMatrix w1Packed, w2Packed;
    final FloatKernels kernels;
    private final String sourcePrecision;

    private Model(int input, int hidden, int output, Activation activation, float[] w1, float[] b1, float[] w2,
                  float[] b2, String sourcePrecision, FloatKernels kernels) {
        this.input = input;
        this.hidden = hidden;
        this.output = output;
        this.activation = activation;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.sourcePrecision = sourcePrecision;
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        this.w1Packed = kernels.pack(input, hidden, w1, 0, hidden);
        this.w2Packed = kernels.pack(hidden, output, w2, 0, output);
    }

    /** A model from validated sizes; rejects a NaN or infinite parameter, naming it (after {@code source}). */
    static Model create(String source, int input, int hidden, int output, Activation activation, float[] w1, float[] b1,
                        float[] w2, float[] b2, String sourcePrecision, FloatKernels kernels) throws IOException {
        float[][] params = {w1, b1, w2, b2};
        for (int p = 0; p < 4; p++) {
            float[] a = params[p];
            float sum = 0f; // v - v is 0 for finite v, NaN otherwise: one cheap pass, even interpreted
            for (float v : a) {
                sum += v - v;
            }
            if (sum != 0f) {
                for (int i = 0; i < a.length; i++) {
                    if (!Float.isFinite(a[i])) {
                        throw new IOException(source + ": " + Weights.NAMES[p] + "[" + i + "] is " + a[i]
                                + ("f64".equals(sourcePrecision) ? " as float32" : "") + "; a model's parameters must be finite");
                    }
                }
            }
        }
        return new Model(input, hidden, output, activation, w1, b1, w2, b2, sourcePrecision, kernels);
    }

    /** The float32 model of a network (float64 parameters are rounded); its parameters must be finite. */
    public static Model of(TwoLayerNet<?> net) {
        return of(net, Kernels.f32());
    }

    /** {@link #of(TwoLayerNet)} on the given kernels. */
    public static Model of(TwoLayerNet<?> net, FloatKernels kernels) {
        try {
            return Weights.of(net).toModel("the network", kernels);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** This model on other kernels: the same parameters, packed for them (results within the kernels' contract). */
    public Model withKernels(FloatKernels kernels) {
        return kernels == this.kernels ? this
                : new Model(input, hidden, output, activation, w1, b1, w2, b2, sourcePrecision, kernels);
    }

    /** The kernels this model runs on. */
    public FloatKernels kernels() {
        return kernels;
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

    /** A new predictor for the calling thread; single-threaded kernels. */
    public Predictor predictor() {
        return new Predictor(this, 1);
    }

    /**
     * A new predictor for the calling thread whose batch calls split their rows over up to
     * {@code threads} kernel threads, at least {@link FloatKernels#VEC_MAT_MIN_ROWS_PER_THREAD} rows
     * each (results are bitwise those of one thread); single samples always run on one.
     */
    public Predictor predictor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new Predictor(this, threads);
    }
}
