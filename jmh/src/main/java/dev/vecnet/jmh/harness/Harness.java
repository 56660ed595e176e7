package dev.vecnet.jmh.harness;

import dev.vecnet.jmh.peer.GemmEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One run of the yardstick: machine facts, the in-JVM peers loaded, the JMH groups of the plan, the seed
 * runs, the targets judged; then report.json, report.md, gemm.png and the verdict table.
 */
public final class Harness {
    private Harness() {}

    public static int run(String[] args) throws IOException {
        Mode mode = Mode.FULL;
        boolean check = false;
        Path home = Path.of(System.getProperty("vecnet.home", ".")).toAbsolutePath().normalize();
        Path out = home.resolve("target/bench");
        List<Pattern> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = Mode.QUICK;
                case "--smoke" -> mode = Mode.SMOKE;
                case "--check" -> check = true;
                case "--compare" -> {
                    if (i + 2 >= args.length) {
                        System.err.println("vecnet bench: --compare needs two report.json files");
                        return 2;
                    }
                    return Compare.run(Path.of(args[i + 1]), Path.of(args[i + 2]));
                }
                case "--avx2" -> {
                    if (PairedRuns.extraFlags().isEmpty()) {
                        System.err.println("vecnet bench: --avx2 is the launcher's (./vecnet bench --avx2): it sets the JVM flags");
                        return 2;
                    }
                }
                case "--out" -> {
                    if (++i == args.length) {
                        System.err.println("vecnet bench: --out needs a directory");
                        return 2;
                    }
                    out = Path.of(args[i]).toAbsolutePath();
                }
                case "-h", "--help" -> {
                    System.out.println("usage: vecnet bench [--quick | --smoke] [--avx2] [--check] [--out DIR] [regex ...]\n"
                            + "       vecnet bench --compare A/report.json B/report.json\n"
                            + "       vecnet bench jmh JMH-ARGS...\n"
                            + "regexes select parts of the plan by name: peak, gemm, elementwise, inference, training, seed, cold, spark");
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        System.err.println("vecnet bench: unknown option " + args[i] + " (see --help)");
                        return 2;
                    }
                    only.add(Pattern.compile(args[i]));
                }
            }
        }
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        Map<String, String> machine = Machine.facts(home);
        System.out.printf(Locale.ROOT, "vecnet bench (%s) on %s [%s], %s%n", mode.name().toLowerCase(Locale.ROOT),
                machine.get("CPU"), machine.get("SIMD flags"), machine.get("vecnet kernels"));
        Path history = out.resolve("history.csv");
        double last = History.lastDuration(history, mode, machine.get("CPU"));
        if (only.isEmpty()) {
            System.out.printf(Locale.ROOT, "estimated duration: %s%n", Double.isNaN(last)
                    ? duration(Estimate.seconds(mode)) + " (from the plan)" : duration(last) + " (the last " + mode.name()
                    .toLowerCase(Locale.ROOT) + " run on this CPU)");
        }
        Peers peers = new Peers();
        peers.versions.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        peers.notMeasured.forEach(n -> System.out.println("  " + n.what() + ": not measured: " + n.why()));

        PairedRuns paired = new PairedRuns(mode, out);
        paired.run(Plan.groups(mode).stream().filter(g -> selected(only, g.name())).toList(), peers.unavailable);
        SeedRuns seed = new SeedRuns(mode, out, home);
        if (selected(only, "seed")) {
            System.out.println("seed runs:");
            long s0 = System.nanoTime();
            seed.run(Plan.seedCases(mode, Files.isDirectory(SeedRuns.FASHION)));
            System.out.printf(Locale.ROOT, "  (seed runs: %.0f s)%n", (System.nanoTime() - s0) / 1e9);
        }

        ColdStarts cold = new ColdStarts(mode, out);
        if (selected(only, "cold")) {
            System.out.println("cold starts (a fresh JVM each):");
            long c0 = System.nanoTime();
            cold.run();
            System.out.printf(Locale.ROOT, "  (cold starts: %.0f s)%n", (System.nanoTime() - c0) / 1e9);
        }

        SparkRuns spark = new SparkRuns(mode, out, home);
        if (selected(only, "spark")) {
            System.out.println("vecnet on Spark against MLlib (local[2], a JVM of its own):");
            long k0 = System.nanoTime();
            spark.run();
            System.out.printf(Locale.ROOT, "  (spark: %.0f s)%n", (System.nanoTime() - k0) / 1e9);
        }

        List<Measurement> ms = new ArrayList<>(paired.measurements);
        ms.addAll(seed.measurements);
        ms.addAll(cold.measurements);
        ms.addAll(spark.measurements);
        List<NotMeasured> missing = new ArrayList<>(peers.notMeasured);
        missing.addAll(paired.notMeasured);
        missing.addAll(seed.notMeasured);
        missing.addAll(cold.notMeasured);
        missing.addAll(spark.notMeasured);
        Peak peakF32 = Peak.of(ms, "f32"), peakF64 = Peak.of(ms, "f64");
        Path targetsFile = home.resolve("bench/targets.csv");
        List<Targets.Target> targets = Files.isRegularFile(targetsFile) ? Targets.read(targetsFile) : List.of();
        if (targets.isEmpty()) {
            missing.add(new NotMeasured("verdicts", "no targets at " + targetsFile));
        }
        List<Targets.Verdict> verdicts = Targets.judge(targets, ms, peakF32.gflops(), peakF64.gflops());
        Map<String, String> versions = new java.util.LinkedHashMap<>();
        versions.put("vecnet", machine.get("vecnet kernels") + ", commit " + machine.get("commit"));
        versions.putAll(peers.versions);
        for (String module : List.of("numpy", "torch")) {
            Measurement m = ms.stream().filter(x -> x.engine().equals(module)).findFirst().orElse(null);
            if (m != null) {
                versions.put(module, module + " " + m.details().get("version") + " on " + m.details().get("executable")
                        + "; BLAS: " + m.details().getOrDefault("blas", "?"));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9; // the report's writing and the chart take a moment more
        Report report = new Report(mode, machine, versions, ms, missing, verdicts, peakF32, peakF64, seconds);
        report.writeJson(out.resolve("report.json"), paired.raw, seed.raw, cold.raw);
        report.writeMarkdown(out.resolve("report.md"));
        String where = machine.get("CPU") + ", vecnet " + machine.get("vecnet kernels").split(" ")[0] + ", OpenBLAS "
                + peers.openBlasCore;
        GemmChart.write(ms, "f32", "GEMM float32, 1 thread: " + where, out.resolve("gemm.png"));
        GemmChart.write(ms, "f64", "GEMM float64, 1 thread: " + where, out.resolve("gemm-f64.png"));

        System.out.println();
        System.out.printf(Locale.ROOT, (mode == Mode.SMOKE ? "SMOKE RUN, its timings mean nothing. " : "")
                + "Verdicts (%s; ratio = peer's time / vecnet's, median of per-round ratios in this run; "
                + "FMA peak %.1f GFLOP/s f32 (%s), %.1f f64 (%s))%n", machine.get("CPU"), peakF32.gflops(), peakF32.source(),
                peakF64.gflops(), peakF64.source());
        System.out.print(report.verdictTable(false));
        missing.forEach(n -> System.out.println("not measured: " + n.what() + ": " + n.why()));
        long failed = verdicts.stream().filter(v -> v.status() == Targets.Status.FAIL).count();
        long passed = verdicts.stream().filter(v -> v.status() == Targets.Status.PASS).count();
        long undecided = verdicts.stream().filter(v -> v.status() == Targets.Status.UNDECIDED).count();
        if (only.isEmpty()) {
            History.append(history, machine, mode, verdicts, seconds);
        }
        System.out.printf(Locale.ROOT, "%d of %d targets met, %d missed, %d undecided, %d not measured; report: %s%n",
                passed, verdicts.size(), failed, undecided, verdicts.size() - passed - failed - undecided,
                out.resolve("report.md"));
        System.out.printf(Locale.ROOT, "took %s%s%n", duration(seconds), only.isEmpty() ? "" : " (a part of the plan)");
        return check && failed > 0 ? 1 : 0;
    }

    private static boolean selected(List<Pattern> only, String name) {
        return only.isEmpty() || only.stream().anyMatch(p -> p.matcher(name).find());
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
