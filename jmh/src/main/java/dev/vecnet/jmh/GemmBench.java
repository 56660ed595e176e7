package dev.vecnet.jmh;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.DoubleKernels;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.Transpose;
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

/**
 * GEMM at the network's shapes and at 1024³, Panama vs scalar, float32 and float64, in one run.
 * Shapes are "MxKxN:op(A)op(B)" as numpy writes A @ B: forward x·W1, weight gradient xᵀ·dz,
 * dy·W2ᵀ, one sample, the 10 000-image evaluation, a square.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class GemmBench {

    @Param({"100x784x50:NN", "784x100x50:TN", "100x10x50:NT", "1x784x50:NN", "100x50x10:NN", "50x100x10:TN",
            "10000x784x50:NN", "1024x1024x1024:NN"})
    public String shape;

    @Param({"panama", "scalar"})
    public String provider;

    @Param({"f32", "f64"})
    public String precision;

    @Param({"1"})
    public int threads;

    int m, k, n, lda, ldb;
    Transpose ta, tb;
    FloatKernels fk;
    DoubleKernels dk;
    float[] af, bf, cf;
    double[] ad, bd, cd;

    /** Parses "MxKxN:TT" into the GEMM arguments. */
    void parse() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        ta = parts[1].charAt(0) == 'T' ? Transpose.YES : Transpose.NO;
        tb = parts[1].charAt(1) == 'T' ? Transpose.YES : Transpose.NO;
        lda = ta == Transpose.NO ? k : m;
        ldb = tb == Transpose.NO ? n : k;
    }

    @Setup
    public void setup() {
        parse();
        if (precision.equals("f32")) {
            fk = Operands.f32(provider);
            af = Operands.floats(m * k, 1);
            bf = Operands.floats(k * n, 2);
            cf = new float[m * n];
            run();
            if (m * (long) n * k <= 50_000_000L) {
                float[] ref = new float[m * n];
                Kernels.f32(Kernels.Provider.SCALAR).gemm(ta, tb, m, n, k, 1f, af, 0, lda, bf, 0, ldb, 0f, ref, 0, n);
                Operands.check("gemm " + shape, Operands.widen(ref), Operands.widen(cf), 1e-4 * Math.sqrt(k));
            }
        } else {
            dk = Operands.f64(provider);
            ad = Operands.doubles(m * k, 1);
            bd = Operands.doubles(k * n, 2);
            cd = new double[m * n];
            run();
            if (m * (long) n * k <= 50_000_000L) {
                double[] ref = new double[m * n];
                Kernels.f64(Kernels.Provider.SCALAR).gemm(ta, tb, m, n, k, 1, ad, 0, lda, bd, 0, ldb, 0, ref, 0, n);
                Operands.check("gemm " + shape, ref, cd, 1e-12 * Math.sqrt(k));
            }
        }
    }

    @Benchmark
    public Object run() {
        if (fk != null) {
            fk.gemm(ta, tb, m, n, k, 1f, af, 0, lda, bf, 0, ldb, 0f, cf, 0, n, null, 0, Activation.NONE, threads);
            return cf;
        }
        dk.gemm(ta, tb, m, n, k, 1, ad, 0, lda, bd, 0, ldb, 0, cd, 0, n, null, 0, Activation.NONE, threads);
        return cd;
    }
}
