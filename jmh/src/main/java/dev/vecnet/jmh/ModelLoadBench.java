package dev.vecnet.jmh;

import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.kernel.Activation;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a 784-50-10 model file (read, validate, CRC, pack W1 and W2): warm (AverageTime) and the
 * first load in a fresh JVM (SingleShotTime, one shot per fork, 10 forks: class loading and the
 * interpreter included; the kernel provider, i.e. the Vector API, is already initialised by the
 * setup, which builds the network it saves), for vecnet's format and .npz.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ModelLoadBench {
    @Param({"vnet", "npz"})
    public String format;

    Path file;

    @Setup(Level.Trial)
    public void write() throws IOException {
        MultiLayerNet<float[]> net = new MultiLayerNet<>(Precision.F32, NetworkConfig.of(784, 50, 10).withActivation(Activation.SIGMOID).withInit(WeightInit.STD, 0.01).withSeed(1).withMaxBatch(1).withThreads(1));
        file = Files.createTempFile("vecnet-load", "." + format);
        ModelFormat.forPath(file).write(net.weights(), file);

    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Model warm() throws IOException {
        return ModelFormat.read(file);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 10, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public Model cold() throws IOException {
        return ModelFormat.read(file);
    }
}
