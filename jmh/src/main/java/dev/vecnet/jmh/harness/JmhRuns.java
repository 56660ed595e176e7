package dev.vecnet.jmh.harness;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the plan's groups through JMH and collects their results, raw and as {@link Measurement}s. */
final class JmhRuns {
    /** JVM flags of every fork (the benchmarks' own annotations are replaced by these plus the group's). */
    static final List<String> FORK_FLAGS = List.of("--add-modules", "jdk.incubator.vector", "-Xmx4g",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    /** Flags every JVM of the run gets beyond {@link #FORK_FLAGS}: e.g. -XX:UseAVX=2 (the AVX2 path on an AVX-512 CPU). */
    static List<String> extraFlags() {
        String avx = System.getProperty("vecnet.bench.useAVX");
        return avx == null || avx.isBlank() ? List.of() : List.of("-XX:UseAVX=" + avx);
    }

    final List<Measurement> measurements = new ArrayList<>();
    final List<NotMeasured> notMeasured = new ArrayList<>();
    final JsonArray raw = new JsonArray();
    private final Mode mode;
    private final Path dir;
    private final PrintStream log;

    JmhRuns(Mode mode, Path dir) throws IOException {
        this.mode = mode;
        this.dir = dir;
        this.log = new PrintStream(Files.newOutputStream(dir.resolve("jmh.log")), true, "UTF-8");
    }

    /** Runs one group; the engines in {@code skip} (peers that could not be loaded) are left out. */
    void run(Group g, Collection<String> skip) throws IOException {
        Group group = g;
        List<String> engines = g.params().get("engine");
        if (engines != null) {
            List<String> kept = engines.stream().filter(e -> !skip.contains(e)).toList();
            if (kept.isEmpty()) {
                return;
            }
            group = g.param("engine", kept.toArray(String[]::new));
        }
        System.out.println(group.name() + ":");
        Path json = Files.createTempFile(dir, "jmh-", ".json");
        List<String> jvm = new ArrayList<>(FORK_FLAGS);
        jvm.addAll(extraFlags());
        jvm.addAll(group.jvmArgs());
        if (mode == Mode.SMOKE) { // its timings mean nothing: no wait for the kernels' warm-up
            jvm.add("-Dvecnet.bench.steadyState=false");
        }
        Mode.Timing t = group.heavy() ? mode.heavy : mode.light;
        ChainedOptionsBuilder o = new OptionsBuilder().include("^" + group.include() + "$")
                .forks(1).shouldFailOnError(false)
                .warmupIterations(t.warmups()).warmupTime(TimeValue.milliseconds(t.warmupMillis()))
                .measurementIterations(t.iterations()).measurementTime(TimeValue.milliseconds(t.iterationMillis()))
                .jvmArgsAppend(jvm.toArray(String[]::new))
                .result(json.toString()).resultFormat(ResultFormatType.JSON);
        for (Map.Entry<String, List<String>> p : group.params().entrySet()) {
            o.param(p.getKey(), p.getValue().toArray(String[]::new));
        }
        if (group.allocation()) {
            o.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> results;
        ProgressOutput out = new ProgressOutput(log, System.out);
        try {
            results = new Runner(o.build(), out).run();
            if (Files.size(json) > 0) {
                raw.addAll(JsonParser.parseString(Files.readString(json)).getAsJsonArray());
            }
        } catch (RunnerException e) {
            notMeasured.add(new NotMeasured(group.name(), "JMH failed: " + e.getMessage()));
            return;
        } finally {
            Files.deleteIfExists(json);
        }
        for (RunResult r : results) {
            measurements.addAll(Results.of(group, r));
        }
        if (results.size() < out.started()) {
            notMeasured.add(new NotMeasured(group.name(), (out.started() - results.size()) + " of " + out.started()
                    + " benchmarks failed; their errors are in jmh.log"));
        }
    }

}
