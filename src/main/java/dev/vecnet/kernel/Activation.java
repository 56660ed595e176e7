package dev.vecnet.kernel;

/** Activation applied in a GEMM epilogue or by the elementwise kernels. */
public enum Activation {
    /** Identity: the epilogue only adds the bias. */
    NONE,
    /** 1 / (1 + exp(-x)). */
    SIGMOID,
    /** max(x, 0), with x = 0 counted as "off" (the book's Relu mask is x &lt;= 0). */
    RELU
}
