package dev.vecnet.jmh.peer;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.vecnet.kernel.Transpose;

/**
 * VectorBLAS (dev.ludovic.netlib), the pure-Java Vector API BLAS that Apache Spark uses. It is
 * column-major: the row-major C = op(A)·op(B) is the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, so the operands
 * swap places and keep their transpose flags.
 */
public final class VectorBlasGemm extends GemmEngine {
    private static final BLAS BLAS = JavaBLAS.getInstance(); // VectorBLAS when the Vector API is there

    private final float[] af, bf, cf;
    private final double[] ad, bd, cd;

    VectorBlasGemm(GemmShape s, Object a, Object b) {
        super(s, 1);
        if (!BLAS.getClass().getSimpleName().equals("VectorBLAS")) {
            throw new IllegalStateException("VectorBLAS is not in use (got " + BLAS.getClass().getName()
                    + "): is jdk.incubator.vector loaded?");
        }
        if (a instanceof double[] d) {
            ad = d;
            bd = (double[]) b;
            cd = new double[s.m() * s.n()];
            af = bf = cf = null;
        } else {
            af = (float[]) a;
            bf = (float[]) b;
            cf = new float[s.m() * s.n()];
            ad = bd = cd = null;
        }
    }

    /** The name of the implementation in use, for the report. */
    public static String implementation() {
        return BLAS.getClass().getName();
    }

    private static String flag(Transpose t) {
        return t == Transpose.YES ? "T" : "N";
    }

    @Override
    public void run() {
        GemmShape s = shape;
        if (cf != null) {
            BLAS.sgemm(flag(s.tb()), flag(s.ta()), s.n(), s.m(), s.k(), 1f, bf, 0, s.ldb(), af, 0, s.lda(), 0f, cf, 0,
                    s.n());
        } else {
            BLAS.dgemm(flag(s.tb()), flag(s.ta()), s.n(), s.m(), s.k(), 1, bd, 0, s.ldb(), ad, 0, s.lda(), 0, cd, 0,
                    s.n());
        }
    }

    @Override
    public double[] result() {
        return cf != null ? widen(cf) : cd.clone();
    }
}
