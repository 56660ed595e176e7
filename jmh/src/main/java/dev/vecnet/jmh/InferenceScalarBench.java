package dev.vecnet.jmh;

import dev.vecnet.infer.Predictor;
import dev.vecnet.kernel.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link InferenceBench}'s vecnet cases on the scalar kernels (the fallback without SIMD), in a JVM
 * forked with {@code -Dvecnet.kernels=scalar}: the same model, images and calls, so the three
 * engines (vecnet, its scalar fallback, ONNX Runtime) compare side by side in one suite run.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g", "-Dvecnet.kernels=scalar"})
public class InferenceScalarBench {
    Predictor predictor;
    float[] images, image = new float[784], one = new float[10], probs;
    int next;

    @Param({"100"})
    public int batch;

    @Setup(Level.Trial)
    public void setUp() {
        if (Kernels.provider() != Kernels.Provider.SCALAR) {
            throw new IllegalStateException("expected the scalar kernels, got " + Kernels.describe());
        }
        predictor = InferenceBench.model().predictor();
        images = InferenceBench.images();
        probs = new float[batch * 10];
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] singleScalar() {
        int i = next;
        next = i + 1 == InferenceBench.IMAGES ? 0 : i + 1;
        System.arraycopy(images, i * 784, image, 0, 784);
        predictor.predict(image, one);
        return one;
    }

    /** Samples per second, {@code batch} at a time on one thread, as InferenceBench's batches. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(InferenceBench.IMAGES)
    public float[] batchScalar() {
        for (int from = 0; from < InferenceBench.IMAGES; from += batch) {
            predictor.predictBatch(images, from * 784, batch, probs, 0);
        }
        return probs;
    }
}
