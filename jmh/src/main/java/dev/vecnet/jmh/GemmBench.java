package dev.vecnet.jmh;

import dev.vecnet.jmh.peer.GemmEngine;
import dev.vecnet.jmh.peer.GemmShape;
import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * GEMM at the network's shapes and at 1024³, float32 and float64, on vecnet (SIMD), vecnet's scalar
 * kernels, OpenBLAS (native, in-process), VectorBLAS and EJML, in one run on the same operands.
 * Shapes are "MxKxN:op(A)op(B)" as numpy writes A @ B: forward x·W1, weight gradient xᵀ·dz, dy·W2ᵀ,
 * h·W2, hᵀ·dy, one sample, the 10 000-image evaluation, a square. Every engine's result is checked
 * once against vecnet's scalar kernels before it is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class GemmBench {

    @Param({"100x784x50:NN", "784x100x50:TN", "100x10x50:NT", "100x50x10:NN", "50x100x10:TN", "1x784x50:NN",
            "10000x784x50:NN", "1024x1024x1024:NN"})
    public String shape;

    @Param({GemmEngine.VECNET, GemmEngine.SCALAR, GemmEngine.OPENBLAS, GemmEngine.VECTORBLAS, GemmEngine.EJML})
    public String engine;

    @Param({"f32", "f64"})
    public String precision;

    @Param({"1"})
    public int threads;

    GemmEngine gemm;

    @Setup
    public void setup() {
        GemmShape s = GemmShape.parse(shape);
        boolean f64 = precision.equals("f64");
        Object a = f64 ? Operands.doubles(s.m() * s.k(), 1) : Operands.floats(s.m() * s.k(), 1);
        Object b = f64 ? Operands.doubles(s.k() * s.n(), 2) : Operands.floats(s.k() * s.n(), 2);
        gemm = GemmEngine.create(engine, s, a, b, threads);
        gemm.run();
        if (!engine.equals(GemmEngine.SCALAR)) { // the reference itself
            Operands.check(engine + " gemm " + shape + " " + precision, reference(s, a, b), gemm.result(),
                    (f64 ? 1e-12 : 1e-4) * Math.sqrt(s.k()));
        }
    }

    /** C by vecnet's scalar kernels, each element one chain of products over k. */
    static double[] reference(GemmShape s, Object a, Object b) {
        if (a instanceof double[] ad) {
            double[] c = new double[s.m() * s.n()];
            Kernels.f64(Kernels.Provider.SCALAR).gemm(s.ta(), s.tb(), s.m(), s.n(), s.k(), 1, ad, 0, s.lda(),
                    (double[]) b, 0, s.ldb(), 0, c, 0, s.n(), null, 0, Activation.NONE, 1);
            return c;
        }
        float[] c = new float[s.m() * s.n()];
        Kernels.f32(Kernels.Provider.SCALAR).gemm(s.ta(), s.tb(), s.m(), s.n(), s.k(), 1f, (float[]) a, 0, s.lda(),
                (float[]) b, 0, s.ldb(), 0f, c, 0, s.n(), null, 0, Activation.NONE, 1);
        return Operands.widen(c);
    }

    @TearDown
    public void tearDown() {
        gemm.close();
    }

    @Benchmark
    public GemmEngine run() {
        gemm.run();
        return gemm;
    }
}
