package dev.vecnet.jmh;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Mnist;
import dev.vecnet.kernel.Activation;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import dev.vecnet.train.Trainer;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The seed's training work on mnist-10k, one piece at a time: a training step (a batch of 100 drawn with
 * replacement and gathered, forward, backward, SGD update, exactly as the trainer's loop does it) and
 * one evaluation pass (accuracy over the 10 000 test images). Run in a JVM with
 * {@code -Dvecnet.kernels=scalar}, it measures the scalar fallback.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class TrainingBench {
    static final int BATCH = 100;

    @Param({"f32", "f64"})
    public String precision;

    @Param({"1"})
    public int threads;

    Work<?> work;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Mnist.Splits data = Mnist.embedded();
        work = precision.equals("f64") ? new Work<>(Precision.F64, data, threads) : new Work<>(Precision.F32, data, threads);
        // the default kernels run scalar until the SIMD ones are compiled, on the network's shapes: measure the steady state
        SteadyState.await(java.time.Duration.ofMinutes(2));
        double loss = work.step();
        if (!(loss > 2.0 && loss < 2.5)) { // ln 10 ≈ 2.30 for the seed's small initial weights
            throw new IllegalStateException("first step's loss " + loss + ", expected about ln 10");
        }
    }

    /** One step; returns its batch loss. */
    @Benchmark
    public double step() {
        return work.step();
    }

    /** Accuracy over the 10 000 test images. */
    @Benchmark
    public double evaluate() {
        return work.trainer.accuracy(work.test);
    }

    /** The seed's network, optimizer and batch buffers in one precision. */
    static final class Work<A> {
        final MultiLayerNet<A> net;
        final Optimizer<A> sgd;
        final Trainer<A> trainer;
        final Dataset train, test;
        final Precision<A> p;
        final A x;
        final int[] labels = new int[BATCH];
        final SplittableRandom random = new SplittableRandom(0);

        final dev.vecnet.data.Dataset.PixelScaler<A> pixels;

        Work(Precision<A> p, Mnist.Splits data, int threads) {
            this.p = p;
            this.pixels = Trainer.pixels(p);
            this.net = new MultiLayerNet<>(p, NetworkConfig.of(784, 50, 10).withActivation(Activation.SIGMOID).withInit(WeightInit.STD, 0.01).withSeed(0).withMaxBatch(BATCH).withThreads(threads));
            this.sgd = Optimizer.of(Optimizer.Kind.SGD, net, 0.1);
            this.trainer = new Trainer<>(net);
            this.train = data.train();
            this.test = data.test();
            this.x = p.alloc(BATCH * 784);
        }

        double step() {
            for (int r = 0; r < BATCH; r++) {
                int sample = random.nextInt(train.size());
                train.copyTo(sample, x, r, pixels);
                labels[r] = train.label(sample);
            }
            double loss = net.gradient(x, labels, BATCH);
            sgd.step();
            return loss;
        }
    }
}
