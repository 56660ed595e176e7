package dev.vecnet.jmh;

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

/** The large GEMMs on 1 and 2 threads (Panama, float32): the same work split by rows. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class GemmThreadsBench {
    @Param({"10000x784x50:NN", "1024x1024x1024:NN"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private final GemmBench gemm = new GemmBench();

    @Setup
    public void setup() {
        gemm.shape = shape;
        gemm.provider = "panama";
        gemm.precision = "f32";
        gemm.threads = threads;
        gemm.setup();
    }

    @Benchmark
    public Object run() {
        return gemm.run();
    }
}
