package dev.vecnet.kernel;

/** Whether a GEMM operand is used as stored ({@link #NO}) or transposed ({@link #YES}). */
public enum Transpose {
    NO,
    YES;

    /** Row stride of op(X) for a row-major X with leading dimension {@code ld}. */
    public int rowStride(int ld) {
        return this == NO ? ld : 1;
    }

    /** Column stride of op(X) for a row-major X with leading dimension {@code ld}. */
    public int colStride(int ld) {
        return this == NO ? 1 : ld;
    }
}
