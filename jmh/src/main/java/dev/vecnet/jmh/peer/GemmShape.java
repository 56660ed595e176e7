package dev.vecnet.jmh.peer;

import dev.vecnet.kernel.Transpose;

/**
 * A GEMM case "MxKxN:op(A)op(B)", as numpy writes {@code op(A) @ op(B)}: C (M×N) = op(A) (M×K) · op(B) (K×N).
 * Operands are row-major and contiguous: A is M×K (K×M when transposed), B is K×N (N×K when transposed).
 */
public record GemmShape(int m, int k, int n, Transpose ta, Transpose tb) {

    public static GemmShape parse(String text) {
        String[] parts = text.split(":");
        String[] dims = parts[0].split("x");
        if (dims.length != 3 || parts.length != 2 || parts[1].length() != 2) {
            throw new IllegalArgumentException("a GEMM shape is MxKxN:TT (T = N or T), got '" + text + "'");
        }
        return new GemmShape(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]),
                parts[1].charAt(0) == 'T' ? Transpose.YES : Transpose.NO,
                parts[1].charAt(1) == 'T' ? Transpose.YES : Transpose.NO);
    }

    /** Leading dimension of A as stored (row-major). */
    public int lda() {
        return ta == Transpose.NO ? k : m;
    }

    public int ldb() {
        return tb == Transpose.NO ? n : k;
    }

    public double flops() {
        return 2.0 * m * k * n;
    }
}
