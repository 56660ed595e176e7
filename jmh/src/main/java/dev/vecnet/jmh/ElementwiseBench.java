package dev.vecnet.jmh;

import dev.vecnet.kernel.DoubleKernels;
import dev.vecnet.kernel.FloatKernels;
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

/** Activations, softmax, losses and updates at the network's shapes ("op:MxN"), Panama vs scalar. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBench {

    @Param({"sigmoid:100x50", "sigmoidBackward:100x50", "relu:100x50", "softmax:100x10", "crossEntropy:100x10",
            "softmaxLossBackward:100x10", "columnSums:100x50", "axpy:784x50"})
    public String op;

    @Param({"panama", "scalar"})
    public String provider;

    @Param({"f32", "f64"})
    public String precision;

    String name;
    int m, n;
    FloatKernels fk;
    DoubleKernels dk;
    float[] xf, yf, zf;
    double[] xd, yd, zd;
    int[] labels;
    /** The loss of the last crossEntropy call: a field, so that returning it boxes nothing. */
    public double loss;

    @Setup
    public void setup() {
        String[] parts = op.split(":");
        name = parts[0];
        String[] dims = parts[1].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        labels = Operands.labels(m, n, 3);
        if (precision.equals("f32")) {
            fk = Operands.f32(provider);
            xf = Operands.floats(m * n, 1);
            yf = Operands.floats(m * n, 2);
            zf = new float[m * n];
        } else {
            dk = Operands.f64(provider);
            xd = Operands.doubles(m * n, 1);
            yd = Operands.doubles(m * n, 2);
            zd = new double[m * n];
        }
        run();
    }

    @Benchmark
    public Object run() {
        if (fk != null) {
            switch (name) {
                case "sigmoid" -> fk.sigmoid(m * n, xf, 0, zf, 0);
                case "sigmoidBackward" -> fk.sigmoidBackward(m * n, xf, 0, yf, 0, zf, 0);
                case "relu" -> fk.relu(m * n, xf, 0, zf, 0);
                case "softmax" -> fk.softmaxRows(m, n, xf, 0, n, zf, 0, n);
                case "crossEntropy" -> loss = fk.crossEntropyLogits(m, n, xf, 0, n, labels, 0);
                case "softmaxLossBackward" -> fk.softmaxLossBackward(m, n, yf, 0, n, labels, 0, zf, 0, n);
                case "columnSums" -> fk.columnSums(m, n, xf, 0, n, zf, 0);
                case "axpy" -> fk.axpy(m * n, -1e-3f, xf, 0, zf, 0);
                default -> throw new IllegalArgumentException(name);
            }
            return zf;
        }
        switch (name) {
            case "sigmoid" -> dk.sigmoid(m * n, xd, 0, zd, 0);
            case "sigmoidBackward" -> dk.sigmoidBackward(m * n, xd, 0, yd, 0, zd, 0);
            case "relu" -> dk.relu(m * n, xd, 0, zd, 0);
            case "softmax" -> dk.softmaxRows(m, n, xd, 0, n, zd, 0, n);
            case "crossEntropy" -> loss = dk.crossEntropyLogits(m, n, xd, 0, n, labels, 0);
            case "softmaxLossBackward" -> dk.softmaxLossBackward(m, n, yd, 0, n, labels, 0, zd, 0, n);
            case "columnSums" -> dk.columnSums(m, n, xd, 0, n, zd, 0);
            case "axpy" -> dk.axpy(m * n, -1e-3, xd, 0, zd, 0);
            default -> throw new IllegalArgumentException(name);
        }
        return zd;
    }
}
