package dev.vecnet.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the suite and prints one table: median µs/op over the measurement iterations, GFLOP/s and
 * share of the measured FMA peak for GEMMs, and the Panama/scalar speed-up measured in the same run.
 *
 * <pre>
 *   BenchMain [--quick] [regex ...]   the suite (or the benchmarks matching the regexes)
 *   BenchMain jmh ARGS...             plain JMH command line (e.g. jmh -prof gc GemmBench)
 * </pre>
 * Full: 1 fork, 3 warm-up + 4 measurement iterations of 1 s (about 10 minutes). Quick (a smoke run):
 * 2 x 0.5 s + 3 x 0.5 s.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        boolean quick = false;
        List<String> includes = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else {
                includes.add(a);
            }
        }
        if (includes.isEmpty()) {
            includes = List.of("PeakFlopsBench", "GemmBench", "GemmThreadsBench", "ElementwiseBench");
        }
        ChainedOptionsBuilder opts = new OptionsBuilder().forks(1).shouldFailOnError(true);
        for (String inc : includes) {
            opts.include(inc);
        }
        if (quick) {
            opts.warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        } else {
            opts.warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(4).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        print(results, quick);
    }

    private static void print(Collection<RunResult> results, boolean quick) {
        double peak32 = Double.NaN, peak64 = Double.NaN;
        Map<String, Double> scalarMedian = new HashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            double us = median(r);
            // the peak is a capability: its best iteration (a noisy neighbour only ever slows it down)
            double best = r.getPrimaryResult().getStatistics().getMin();
            if (bench.endsWith("peakF32")) {
                peak32 = PeakFlopsBench.flopsF32() / best / 1e3;
            } else if (bench.endsWith("peakF64")) {
                peak64 = PeakFlopsBench.flopsF64() / best / 1e3;
            }
            if ("scalar".equals(param(r, "provider"))) {
                scalarMedian.put(key(r), us);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "vecnet JMH summary (%s; median of the measurement iterations, 1 fork)%n",
                quick ? "QUICK smoke run: 2x0.5 s warm-up, 3x0.5 s measured" : "3x1 s warm-up, 4x1 s measured");
        System.out.printf(Locale.ROOT, "measured FMA peak (1 thread, best iteration): %.1f GFLOP/s f32, %.1f GFLOP/s f64;"
                + " %%peak below is against threads x this%n", peak32, peak64);
        System.out.printf(Locale.ROOT, "%-18s %-22s %-8s %-5s %3s %12s %9s %7s %9s%n",
                "benchmark", "case", "provider", "prec", "thr", "us/op", "GFLOP/s", "%peak", "x scalar");
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String cls = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            double us = median(r);
            String kase = param(r, "shape") != null ? param(r, "shape") : param(r, "op");
            String precision = param(r, "precision");
            String provider = param(r, "provider");
            String threads = param(r, "threads");
            if (cls.startsWith("GemmThreadsBench")) {
                provider = "panama";
                precision = "f32";
            }
            String gflops = "", share = "", speedup = "";
            if (cls.startsWith("PeakFlops")) {
                boolean f64 = bench.endsWith("F64");
                double g = (f64 ? PeakFlopsBench.flopsF64() : PeakFlopsBench.flopsF32()) / us / 1e3;
                gflops = String.format(Locale.ROOT, "%.1f", g); // the median here; the best is the peak above
                kase = PeakFlopsBench.CHAINS + " FMA chains";
                precision = f64 ? "f64" : "f32";
                provider = "panama";
            } else if (kase != null && cls.startsWith("Gemm")) {
                String[] d = kase.split(":")[0].split("x");
                double flops = 2.0 * Double.parseDouble(d[0]) * Double.parseDouble(d[1]) * Double.parseDouble(d[2]);
                double g = flops / us / 1e3;
                gflops = String.format(Locale.ROOT, "%.1f", g);
                double peak = ("f64".equals(precision) ? peak64 : peak32) * (threads == null ? 1 : Integer.parseInt(threads));
                if (!Double.isNaN(peak)) {
                    share = String.format(Locale.ROOT, "%.0f%%", 100 * g / peak);
                }
            }
            Double scalar = scalarMedian.get(key(r));
            if ("panama".equals(param(r, "provider")) && scalar != null) {
                speedup = String.format(Locale.ROOT, "%.1f", scalar / us);
            }
            System.out.printf(Locale.ROOT, "%-18s %-22s %-8s %-5s %3s %12.3f %9s %7s %9s%n",
                    cls.replace("Bench.", "."), kase, provider, precision, threads == null ? "1" : threads,
                    us, gflops, share, speedup);
        }
    }

    private static String key(RunResult r) {
        String b = r.getParams().getBenchmark();
        return b + "|" + param(r, "shape") + "|" + param(r, "op") + "|" + param(r, "precision") + "|" + param(r, "threads");
    }

    private static String param(RunResult r, String name) {
        return r.getParams().getParam(name);
    }

    /** Median of the iteration scores (µs/op). */
    private static double median(RunResult r) {
        return r.getPrimaryResult().getStatistics().getPercentile(50);
    }
}
