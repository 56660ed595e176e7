package dev.vecnet.kernel;

/** Activation applied in a GEMM epilogue or by the elementwise kernels. */
public enum Activation {
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
    TANH
}
