package dev.vecnet.kernel;

import java.util.Locale;

/**
 * The activation a GEMM epilogue, a rows-times-packed product or an elementwise kernel applies to its
 * values: none, sigmoid, ReLU, tanh, or a leaky ReLU of a given slope (ONNX's LeakyRelu). Immutable;
 * the four without a parameter are the constants, a leaky ReLU is made by {@link #leakyRelu}.
 */
public final class Activation {
    /** What an activation computes; a leaky ReLU's slope is the activation's {@link #slope()}. */
    public enum Kind {
        /** Identity: the epilogue only adds the bias. */
        NONE,
        /** 1 / (1 + exp(-x)). */
        SIGMOID,
        /** max(x, 0), with x = 0 counted as "off" (the book's Relu mask is x &lt;= 0). */
        RELU,
        /**
         * tanh(x), computed as 2 / (1 + exp(−2x)) − 1 by the kernels' exp: within a few float32 ulps of
         * 1 in magnitude (absolute, not relative, near 0), the same bits on every provider.
         */
        TANH,
        /** x &lt; 0 ? slope·x : x (NaN passes). */
        LEAKY_RELU
    }

    public static final Activation NONE = new Activation(Kind.NONE, 0f);
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0f);
    public static final Activation RELU = new Activation(Kind.RELU, 0f);
    public static final Activation TANH = new Activation(Kind.TANH, 0f);

    private static final Activation[] PLAIN = {NONE, SIGMOID, RELU, TANH};

    private final Kind kind;
    private final float slope;

    private Activation(Kind kind, float slope) {
        this.kind = kind;
        this.slope = slope;
    }

    /** A leaky ReLU: x &lt; 0 ? slope·x : x. The slope must be finite; 0 is the plain {@link #RELU}. */
    public static Activation leakyRelu(float slope) {
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("a leaky ReLU's slope must be finite, got " + slope);
        }
        return slope == 0 ? RELU : new Activation(Kind.LEAKY_RELU, slope);
    }

    /** The activation of a kind without a parameter (a leaky ReLU needs its slope: {@link #leakyRelu}). */
    public static Activation of(Kind kind) {
        if (kind == Kind.LEAKY_RELU) {
            throw new IllegalArgumentException("a leaky ReLU needs its slope: Activation.leakyRelu(slope)");
        }
        return PLAIN[kind.ordinal()];
    }

    /** The four activations without a parameter. */
    public static Activation[] values() {
        return PLAIN.clone();
    }

    /** By name, as a command line gives it: "none", "sigmoid", "relu" or "tanh" (any case). */
    public static Activation valueOf(String name) {
        return of(Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
    }

    public Kind kind() {
        return kind;
    }

    /** A leaky ReLU's slope; 0 for every other activation. */
    public float slope() {
        return slope;
    }

    /** "NONE", "SIGMOID", "RELU", "TANH" or "LEAKY_RELU". */
    public String name() {
        return kind.name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.kind == kind && Float.floatToIntBits(a.slope) == Float.floatToIntBits(slope);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Float.floatToIntBits(slope);
    }

    /** "sigmoid", or "leaky_relu(0.01)". */
    @Override
    public String toString() {
        return kind == Kind.LEAKY_RELU ? "leaky_relu(" + slope + ")" : kind.name().toLowerCase(Locale.ROOT);
    }
}
