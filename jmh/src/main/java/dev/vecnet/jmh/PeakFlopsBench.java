package dev.vecnet.jmh;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * This core's FMA peak as the Vector API reaches it: 10 independent FMA chains on the preferred
 * species, enough to cover FMA latency on two pipes (10 measured best here, of 8 to 14).
 * One op = {@link #ITERATIONS} x 10 vector FMAs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeakFlopsBench {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int ITERATIONS = 100_000;
    public static final int CHAINS = 10;

    public float[] x = {1.0000001f, 0.9999999f};
    public double[] xd = {1.0000000001, 0.9999999999};

    /** Floating-point operations of one call at the float species (2 per FMA lane). */
    public static double flopsF32() {
        return 2.0 * ITERATIONS * CHAINS * F.length();
    }

    public static double flopsF64() {
        return 2.0 * ITERATIONS * CHAINS * D.length();
    }

    @Benchmark
    public float peakF32() {
        FloatVector m = FloatVector.broadcast(F, x[0]), a = FloatVector.broadcast(F, x[1]);
        FloatVector c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a;
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = c0.fma(m, a); c1 = c1.fma(m, a); c2 = c2.fma(m, a); c3 = c3.fma(m, a);
            c4 = c4.fma(m, a); c5 = c5.fma(m, a); c6 = c6.fma(m, a); c7 = c7.fma(m, a);
            c8 = c8.fma(m, a); c9 = c9.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9)
                .reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public double peakF64() {
        DoubleVector m = DoubleVector.broadcast(D, xd[0]), a = DoubleVector.broadcast(D, xd[1]);
        DoubleVector c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a;
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = c0.fma(m, a); c1 = c1.fma(m, a); c2 = c2.fma(m, a); c3 = c3.fma(m, a);
            c4 = c4.fma(m, a); c5 = c5.fma(m, a); c6 = c6.fma(m, a); c7 = c7.fma(m, a);
            c8 = c8.fma(m, a); c9 = c9.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9)
                .reduceLanes(VectorOperators.ADD);
    }
}
