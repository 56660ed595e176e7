package dev.vecnet.jmh.harness;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vecnet.jmh.SeedRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The seed run as separate processes, each started cold and timed from inside (loop seconds, evaluations
 * included, loading not) and from outside (the whole process): vecnet in a fresh JVM
 * ({@link SeedRun}), and the numpy and PyTorch scripts of {@code bench/peers/} when a python3 with
 * numpy / torch is on the machine. Every engine runs with one BLAS thread. Repetitions alternate the
 * engines, so a slow spell of a shared machine falls on all of them.
 */
final class SeedRuns {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String[] EMBEDDED_FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    final List<Measurement> measurements = new ArrayList<>();
    final List<NotMeasured> notMeasured = new ArrayList<>();
    final JsonArray raw = new JsonArray();
    private final Mode mode;
    private final Path dir, peers;
    private final PrintStream log;
    private final Map<String, String> python = new LinkedHashMap<>();

    /** The engine that runs the packaged jar's command line on an older JDK: its base classes, scalar kernels. */
    static final String OLD_JDK = "vecnet-jdk17";
    /** Where the packaged jar and its libraries are (target/ of the repository). */
    private final Path library;
    /** The java of a JDK 17 (or 21), or null. */
    private final String oldJava;

    /** The JVM options ./vecnet starts its processes with (jvm.options), so a seed run is the one users run. */
    private final List<String> launcherOptions;

    SeedRuns(Mode mode, Path dir, Path home) throws IOException {
        this.mode = mode;
        this.dir = dir;
        this.library = home.resolve("target");
        this.oldJava = oldJdk();
        if (oldJava == null) {
            notMeasured.add(new NotMeasured(OLD_JDK, "no JDK 17 or 21 under /usr/lib/jvm (Debian: apt-get install openjdk-17-jre-headless)"));
        } else if (!Files.isRegularFile(library.resolve("vecnet.jar"))) {
            notMeasured.add(new NotMeasured(OLD_JDK, "no " + library.resolve("vecnet.jar") + " (./mvnw package makes it)"));
        }
        this.peers = home.resolve("bench/peers");
        this.launcherOptions = Files.readAllLines(home.resolve("jvm.options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        this.log = new PrintStream(Files.newOutputStream(dir.resolve("seed-runs.log")), true, "UTF-8");
        for (String module : List.of("numpy", "torch")) {
            String why = findPython(module);
            if (why != null) {
                notMeasured.add(new NotMeasured(module, why));
            }
        }
    }

    /** The python that runs a peer engine ("numpy", "torch", "torch-ftz"), or null with the reason in notMeasured. */
    String python(String engine) {
        return python.get(Plan.module(engine));
    }

    private String findPython(String module) {
        if (!Files.isRegularFile(peers.resolve("seed_numpy.py"))) {
            return "the peer scripts are not at " + peers + " (run through ./vecnet bench)";
        }
        List<String> candidates = new ArrayList<>();
        String forced = System.getenv("VECNET_BENCH_PYTHON");
        if (forced != null && !forced.isBlank()) {
            candidates.add(forced);
        }
        candidates.addAll(List.of("python3", "/usr/bin/python3"));
        for (String py : candidates) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import numpy, " + module).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python.put(module, py);
                    return null;
                }
            } catch (IOException e) {
                // not installed under that name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return "no python3 with " + module + " (looked at " + String.join(", ", candidates) + "; Debian: apt-get install "
                + (module.equals("torch") ? "python3-torch" : "python3-numpy") + " libopenblas0-pthread)";
    }

    void run(List<Plan.SeedCase> cases) throws IOException {
        Map<String, List<JsonObject>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= mode.seedRuns; rep++) {
            for (Plan.SeedCase c : cases) {
                Path data = data(c.dataset());
                for (String engine : c.engines()) {
                    List<String> cmd = command(engine, c, data);
                    if (cmd == null) {
                        continue;
                    }
                    System.out.printf(Locale.ROOT, "  seed run %d/%d %-28s %-9s ", rep, mode.seedRuns, c.caseId(), engine);
                    JsonObject r = runOnce(cmd, log, coreType.getOrDefault(engine, Map.of()));
                    String newer = r == null || coreType.containsKey(engine) ? null : newerCore(r);
                    if (newer != null) { // its OpenBLAS fell back to an old kernel for this CPU: rerun it on one it has
                        coreType.put(engine, Map.of("OPENBLAS_CORETYPE", newer));
                        System.out.printf(Locale.ROOT, "its OpenBLAS chose %s; again with OPENBLAS_CORETYPE=%s: ",
                                r.getAsJsonObject("blas").get("corename").getAsString(), newer);
                        r = runOnce(cmd, log, coreType.get(engine));
                    }
                    if (r != null && coreType.containsKey(engine)) {
                        r.addProperty("openblas_coretype", coreType.get(engine).get("OPENBLAS_CORETYPE"));
                    }
                    if (r == null) {
                        System.out.println("failed (seed-runs.log)");
                        continue;
                    }
                    System.out.printf(Locale.ROOT, "loop %.2f s  process %.2f s  test_acc %.4f%n",
                            r.get("loop_s").getAsDouble(), r.get("process_s").getAsDouble(), r.get("test_acc").getAsDouble());
                    r.addProperty("case", c.caseId());
                    r.addProperty("engine", engine);
                    raw.add(r);
                    runs.computeIfAbsent(c.caseId() + "|" + engine, k -> new ArrayList<>()).add(r);
                }
            }
        }
        for (Plan.SeedCase c : cases) {
            for (String engine : c.engines()) {
                List<JsonObject> rs = runs.get(c.caseId() + "|" + engine);
                if (rs == null) {
                    if (engine.equals("vecnet") || (engine.equals(OLD_JDK) && oldJava != null) || python(engine) != null) {
                        notMeasured.add(new NotMeasured(c.caseId() + " " + engine, "every run failed; see seed-runs.log"));
                    }
                    continue;
                }
                measurements.add(summary(c.caseId(), engine, rs));
            }
        }
    }

    /** OpenBLAS cores that predate AVX2: a peer's OpenBLAS picks one when it does not know the CPU. */
    private static final java.util.Set<String> OLD_CORES = java.util.Set.of("prescott", "core2", "penryn", "dunnington",
            "nehalem", "atom", "katmai", "coppermine", "northwood", "banias", "opteron", "opteron_sse3", "barcelona",
            "bobcat", "bulldozer", "piledriver", "steamroller", "excavator", "sandybridge");

    /** Per peer engine, the environment its runs get (OPENBLAS_CORETYPE once its OpenBLAS was seen to fall back). */
    private final Map<String, Map<String, String>> coreType = new LinkedHashMap<>();

    /**
     * The newest OpenBLAS core this CPU runs when the run's OpenBLAS chose one that predates AVX2 on a CPU
     * that has it (an OpenBLAS older than the CPU), else null.
     */
    static String newerCore(JsonObject run) {
        if (!run.has("blas") || !run.getAsJsonObject("blas").has("corename")) {
            return null;
        }
        String core = run.getAsJsonObject("blas").get("corename").getAsString().toLowerCase(Locale.ROOT);
        if (!OLD_CORES.contains(core)) {
            return null;
        }
        String flags = Machine.cpuFlags();
        return flags.contains(" avx512f ") && flags.contains(" avx512vl ") ? "SkylakeX"
                : flags.contains(" avx2 ") && flags.contains(" fma ") ? "Haswell" : null;
    }

    /** Median loop time over the runs, with the figures of the median run beside it. */
    private static Measurement summary(String caseId, String engine, List<JsonObject> rs) {
        List<JsonObject> sorted = new ArrayList<>(rs);
        sorted.sort((a, b) -> Double.compare(a.get("loop_s").getAsDouble(), b.get("loop_s").getAsDouble()));
        JsonObject med = sorted.get(sorted.size() / 2);
        Measurement m = Measurement.seconds(caseId, engine, med.get("loop_s").getAsDouble())
                .with("process_s", median(rs, "process_s"))
                .with("peak_rss_mb", median(rs, "peak_rss_mb"))
                .with("load_s", median(rs, "load_s"))
                .with("train_acc", med.get("train_acc").getAsDouble())
                .with("test_acc", med.get("test_acc").getAsDouble());
        if (med.has("dense_gflop")) { // against the FMA peak: the run's arithmetic limit over its loop time
            m.with("gflops", med.get("dense_gflop").getAsDouble() / med.get("loop_s").getAsDouble());
        }
        // each run's figures in the order the runs took turns (ratios are paired run by run)
        m.withRounds(rs.stream().mapToDouble(r -> r.get("loop_s").getAsDouble()).toArray());
        for (String key : List.of("process_s", "peak_rss_mb")) {
            m.with("rounds_" + key, rs.stream().mapToDouble(r -> r.has(key) ? r.get(key).getAsDouble() : Double.NaN).toArray());
        }
        if (med.has("dense_gflop")) {
            m.with("rounds_gflops", rs.stream().mapToDouble(r -> r.get("dense_gflop").getAsDouble() / r.get("loop_s").getAsDouble())
                    .toArray());
        }
        if (rs.stream().allMatch(r -> r.has("epoch_s") && r.getAsJsonArray("epoch_s").size() >= 2)) {
            m.with("rounds_second_epoch_s", rs.stream().mapToDouble(r -> r.getAsJsonArray("epoch_s").get(1).getAsDouble()).toArray());
            m.with("rounds_last_epoch_s", rs.stream().mapToDouble(r -> {
                var e = r.getAsJsonArray("epoch_s");
                return e.get(e.size() - 1).getAsDouble();
            }).toArray());
        }
        if (med.has("epoch_s")) { // each whole epoch: its steps and the evaluation after them
            List<Double> epochs = new ArrayList<>();
            med.getAsJsonArray("epoch_s").forEach(e -> epochs.add(e.getAsDouble()));
            m.with("epoch_s", epochs);
            if (epochs.size() >= 2) {
                m.with("second_epoch_s", epochs.get(1)).with("last_epoch_s", epochs.get(epochs.size() - 1));
            }
        }
        for (String key : List.of("subnormal_weights", "weights")) {
            if (med.has(key)) {
                m.with(key, med.get(key).getAsDouble());
            }
        }
        if (med.has("phases_s")) {
            JsonObject ph = med.getAsJsonObject("phases_s");
            m.with("phases", String.format(Locale.ROOT, "gather %.2f, forward %.2f, backward %.2f, update %.2f, evaluation %.2f s",
                    ph.get("gather").getAsDouble(), ph.get("forward").getAsDouble(), ph.get("backward").getAsDouble(),
                    ph.get("update").getAsDouble(), ph.get("evaluation").getAsDouble()));
            m.with("jit_s", med.get("jit_s").getAsDouble());
        }
        for (String key : List.of("version", "kernels", "python", "executable", "openblas_coretype")) {
            if (med.has(key)) {
                m.with(key, med.get(key).getAsString());
            }
        }
        if (med.has("blas")) {
            JsonObject blas = med.getAsJsonObject("blas");
            m.with("blas", blas.has("config") ? blas.get("config").getAsString()
                    : blas.has("libraries") ? blas.get("libraries").toString() : "?");
            if (blas.has("corename")) {
                m.with("blas_core", blas.get("corename").getAsString());
            }
        }
        return m;
    }

    private static double median(List<JsonObject> rs, String key) {
        double[] v = rs.stream().filter(r -> r.has(key)).mapToDouble(r -> r.get(key).getAsDouble()).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private List<String> command(String engine, Plan.SeedCase c, Path data) {
        String iters = Integer.toString(c.recipe().equals("deep") ? mode.deepIterations : mode.seedIterations);
        if (engine.equals(OLD_JDK)) {
            if (oldJava == null || !Files.isRegularFile(library.resolve("vecnet.jar"))) {
                return null;
            }
            String cp = String.join(java.io.File.pathSeparator, library.resolve("vecnet.jar").toString(),
                    library.resolve("vecnet-mnist-10k.jar").toString(), library.resolve("lib").resolve("*").toString());
            return List.of(oldJava, "-cp", cp, "dev.vecnet.cli.Main", "train", "--dataset", c.dataset(), "--precision",
                    c.precision(), "--threads", Integer.toString(c.threads()), "--iters", iters);
        }
        if (engine.equals("vecnet")) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(launcherOptions);
            cmd.addAll(PairedRuns.extraFlags());
            cmd.addAll(List.of("-cp", jar(), SeedRun.class.getName(), c.recipe(), c.dataset(), c.precision(),
                    Integer.toString(c.threads()), iters));
            return cmd;
        }
        String py = python(engine);
        if (py == null) {
            return null;
        }
        List<String> cmd = new ArrayList<>(List.of(py, peers.resolve(c.recipe() + "_" + Plan.module(engine) + ".py").toString(),
                "--data", data.toString(), "--precision", c.precision(), "--iters", iters));
        if (engine.equals("torch-ftz")) {
            cmd.add("--flush-denormal");
        }
        return cmd;
    }

    /** One process; its RESULT line with the process's wall time added, or null when it failed. */
    static JsonObject runOnce(List<String> cmd, PrintStream log) throws IOException {
        return runOnce(cmd, log, Map.of());
    }

    /** {@link #runOnce(List, PrintStream)} with these environment variables added. */
    static JsonObject runOnce(List<String> cmd, PrintStream log, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (!env.isEmpty()) {
            log.println("# environment " + env);
        }
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        log.println("$ " + String.join(" ", cmd));
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                log.println("timed out");
                return null;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        }
        double process = (System.nanoTime() - t0) / 1e9;
        log.print(out);
        log.println("exit " + p.exitValue() + ", " + process + " s");
        if (p.exitValue() != 0) {
            return null;
        }
        JsonObject cli = commandLineResult(out);
        if (cli != null) {
            cli.addProperty("process_s", process);
            return cli;
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("RESULT ")) {
                JsonObject r = JsonParser.parseString(line.substring(7)).getAsJsonObject();
                r.addProperty("process_s", process);
                return r;
            }
        }
        return null;
    }

    /**
     * The figures of {@code vecnet train}'s own output (its first line names the kernels, its last is
     * {@code final train_acc=… test_acc=… seconds=…}, the loop's time), or null when it is not that.
     */
    static JsonObject commandLineResult(String out) {
        java.util.regex.Matcher kernels = java.util.regex.Pattern.compile(" on ([\\w-]+), \\d+ iterations").matcher(out);
        java.util.regex.Matcher last = java.util.regex.Pattern
                .compile("(?m)^final train_acc=([\\d.]+) test_acc=([\\d.]+) seconds=([\\d.]+)$").matcher(out);
        if (!last.find()) {
            return null;
        }
        JsonObject r = new JsonObject();
        r.addProperty("loop_s", Double.parseDouble(last.group(3)));
        r.addProperty("train_acc", Double.parseDouble(last.group(1)));
        r.addProperty("test_acc", Double.parseDouble(last.group(2)));
        if (kernels.find()) {
            r.addProperty("kernels", kernels.group(1));
        }
        r.addProperty("version", "JDK " + versionOf(out));
        return r;
    }

    private static String versionOf(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("this is JDK (\\d+)").matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    /** A JDK 17's java (or else a 21's) under /usr/lib/jvm, or null. */
    static String oldJdk() {
        for (String release : List.of("17", "21")) {
            try (java.util.stream.Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
                java.util.Optional<Path> java = homes.filter(h -> h.getFileName().toString().matches(".*-" + release + "([.-].*)?"))
                        .map(h -> h.resolve("bin/java")).filter(Files::isExecutable).sorted().findFirst();
                if (java.isPresent()) {
                    return java.get().toString();
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** The data set's directory: Fashion-MNIST where Debian puts it; mnist-10k copied out of the jar once. */
    private Path data(String dataset) throws IOException {
        if (dataset.equals("fashion-mnist")) {
            return FASHION;
        }
        Path d = dir.resolve("data").resolve(dataset);
        Files.createDirectories(d);
        for (String f : EMBEDDED_FILES) {
            try (InputStream in = SeedRuns.class.getResourceAsStream("/dev/vecnet/data/mnist-10k/" + f)) {
                if (in == null) {
                    throw new IOException("mnist-10k is not in the benchmark jar: " + f);
                }
                Files.copy(in, d.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return d;
    }

    static String jar() {
        try {
            return Path.of(SeedRuns.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
