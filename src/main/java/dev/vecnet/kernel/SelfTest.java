package dev.vecnet.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The kernel contract checked where it runs: every kernel of both precisions on random cases, the
 * kernels under test against a reference (by default the SIMD kernels of this JVM — its CPU, JDK and
 * vector width — against the scalar ones), bit for bit, until a time budget is spent. Shapes favour
 * the edges of vectors (a dimension of 1, and one below, at and above a multiple of 4, 8, 16, 32 and
 * 64). A case that differs is shrunk: each dimension is made as small as it can be while the same
 * random stream still shows a difference, and the report names the kernel, the smallest shape and
 * the seed that replays the run ({@link #run(FloatKernels, DoubleKernels, FloatKernels, DoubleKernels,
 * Duration, long)} with that seed).
 */
public final class SelfTest {
    private SelfTest() {}

    /** One kernel's check: its shape's dimensions, and a case of a shape from a random stream (null when the bits agree). */
    record Check(String kernel, String precision, String[] dimensions, BiFunction<int[], SplittableRandom, String> run) {}

    /** A difference: the kernel, the smallest shape found, the case's seed, and what differed. */
    public record Failure(String kernel, String precision, String shape, long caseSeed, String detail) {
        @Override
        public String toString() {
            return precision + " " + kernel + " at " + shape + " (case seed " + caseSeed + "): " + detail;
        }
    }

    /**
     * What ran: the kernels tested and their reference, the run's seed, the cases per kernel, the
     * failures (none when every case agreed) and the time taken.
     */
    public record Report(String tested, String reference, long seed, Map<String, Integer> cases, List<Failure> failures,
                         Duration took) {
        public boolean passed() {
            return failures.isEmpty();
        }

        public int totalCases() {
            return cases.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The largest dimension drawn: big enough for blocked GEMM paths and several vectors, small enough to run many cases. */
    static final int MAX_DIMENSION = 200;
    /** At most this many failures are shrunk and reported; the run stops there. */
    static final int MAX_FAILURES = 5;

    /**
     * Runs the cases for {@code budget} (at least one round of every kernel): {@code tested} against
     * {@code reference}, for both precisions, from {@code seed}.
     */
    public static Report run(FloatKernels tested32, DoubleKernels tested64, FloatKernels reference32, DoubleKernels reference64,
                             Duration budget, long seed) {
        long start = System.nanoTime(), deadline = start + budget.toNanos();
        List<Check> checks = new ArrayList<>(new FloatContractChecks(tested32, reference32).checks());
        checks.addAll(new DoubleContractChecks(tested64, reference64).checks());
        Map<String, Integer> cases = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int round = 0; failures.size() < MAX_FAILURES && (round == 0 || System.nanoTime() < deadline); round++) {
            for (Check c : checks) {
                long caseSeed = seeds.nextLong();
                int[] shape = shape(new SplittableRandom(caseSeed), c.dimensions().length);
                String diff = c.run().apply(shape, new SplittableRandom(caseSeed ^ STREAM));
                cases.merge(c.precision() + " " + c.kernel(), 1, Integer::sum);
                if (diff != null) {
                    failures.add(shrink(c, shape, caseSeed, diff));
                    if (failures.size() >= MAX_FAILURES) {
                        break;
                    }
                }
            }
        }
        String tested = tested32.provider() + " (" + tested32.lanes() + " float lanes)";
        return new Report(tested, reference32.provider(), seed, cases, failures, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The values' stream of a case, apart from the one its shape is drawn from. */
    private static final long STREAM = 0x9E3779B97F4A7C15L;

    /** A shape: each dimension 1, near a multiple of a vector's lanes, or anything up to {@link #MAX_DIMENSION}. */
    static int[] shape(SplittableRandom r, int dimensions) {
        int[] d = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            int kind = r.nextInt(8);
            if (kind == 0) {
                d[i] = 1;
            } else if (kind <= 4) {
                int lanes = new int[] {4, 8, 16, 32, 64}[r.nextInt(5)];
                d[i] = Math.max(1, lanes * (1 + r.nextInt(3)) + r.nextInt(3) - 1);
            } else {
                d[i] = 1 + r.nextInt(MAX_DIMENSION);
            }
        }
        return d;
    }

    /**
     * The smallest shape the case still fails at, one dimension at a time: for each, the smallest of 1,
     * a half, and one less (repeated while it shrinks) with the same random stream.
     */
    static Failure shrink(Check c, int[] shape, long caseSeed, String diff) {
        int[] best = shape.clone();
        String detail = diff;
        boolean smaller = true;
        while (smaller) {
            smaller = false;
            for (int i = 0; i < best.length; i++) {
                for (int candidate : new int[] {1, best[i] / 2, best[i] - 1}) {
                    if (candidate < 1 || candidate >= best[i]) {
                        continue;
                    }
                    int[] tryShape = best.clone();
                    tryShape[i] = candidate;
                    String d;
                    try {
                        d = c.run().apply(tryShape, new SplittableRandom(caseSeed ^ STREAM));
                    } catch (RuntimeException e) {
                        d = null; // a shape the kernel refuses is no smaller failing case
                    }
                    if (d != null) {
                        best = tryShape;
                        detail = d;
                        smaller = true;
                        break;
                    }
                }
            }
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < best.length; i++) {
            s.append(i == 0 ? "" : " ").append(c.dimensions()[i]).append('=').append(best[i]);
        }
        return new Failure(c.kernel(), c.precision(), s.toString(), caseSeed, detail);
    }
}
