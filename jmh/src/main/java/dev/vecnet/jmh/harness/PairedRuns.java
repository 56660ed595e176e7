package dev.vecnet.jmh.harness;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vecnet.jmh.rounds.BenchmarkMethods;
import dev.vecnet.jmh.rounds.RoundsMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the plan's groups, each in a JVM of its own ({@link RoundsMain}): a case's engines are measured
 * by turns in rounds, so every ratio of the report is a median of per-round ratios with its spread.
 * Collects the results, raw and as {@link Measurement}s whose {@code rounds} detail lists the per-round
 * figures and whose {@code pair} detail names the case they were timed beside.
 */
final class PairedRuns {
    /** JVM flags of every measuring JVM. */
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

    PairedRuns(Mode mode, Path dir) throws IOException {
        this.mode = mode;
        this.dir = dir;
        this.log = new PrintStream(Files.newOutputStream(dir.resolve("rounds.log")), true, "UTF-8");
    }

    /** A case: the parameters it fixes and its engines (a method with the pairing parameters' values). */
    record Case(String id, Map<String, String> fixed, List<Entry> entries) {}

    record Entry(String label, String method, Map<String, String> params) {}

    /** The group's cases: every assignment of each method's parameters, its pairing ones making engines of one case. */
    static List<Case> cases(Group g) {
        Map<String, Case> cases = new LinkedHashMap<>();
        for (String method : g.methods()) {
            List<String> names = paramNames(g.className(), method);
            List<Map<String, String>> assignments = new ArrayList<>(List.of(new LinkedHashMap<>()));
            for (String n : names) {
                List<String> values = g.params().get(n);
                if (values == null) {
                    throw new IllegalArgumentException(g.name() + ": " + g.benchmark() + "." + method + " needs " + n);
                }
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> a : assignments) {
                    for (String v : values) {
                        Map<String, String> b = new LinkedHashMap<>(a);
                        b.put(n, v);
                        next.add(b);
                    }
                }
                assignments = next;
            }
            for (Map<String, String> a : assignments) {
                Map<String, String> fixed = new LinkedHashMap<>(a);
                StringBuilder label = new StringBuilder(method);
                for (String p : g.pairBy()) {
                    String v = fixed.remove(p);
                    if (v != null) {
                        label.append(' ').append(p).append('=').append(v);
                    }
                }
                String id = g.name() + " " + fixed;
                cases.computeIfAbsent(id, k -> new Case(k, fixed, new ArrayList<>())).entries()
                        .add(new Entry(label.toString(), method, a));
            }
        }
        return List.copyOf(cases.values());
    }

    /** The {@code @Param} names a benchmark method reads. */
    private static List<String> paramNames(String className, String method) {
        try {
            Class<?> c = Class.forName(className);
            return BenchmarkMethods.paramNames(c, BenchmarkMethods.find(c, method));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(className + "." + method, e);
        }
    }

    /**
     * Runs the groups, each in a JVM of its own but for consecutive groups of whole calls with the same
     * JVM flags, which share one (the default kernels' warm-up paid once); the engines in {@code skip}
     * (peers that could not be loaded) are left out.
     */
    void run(List<Group> groups, Collection<String> skip) throws IOException {
        List<Group> batch = new ArrayList<>();
        for (Group g : groups) {
            if (!batch.isEmpty() && !(g.heavy() && batch.get(0).heavy() && batch.get(0).jvmArgs().equals(g.jvmArgs()))) {
                runInOneJvm(batch, skip);
                batch.clear();
            }
            batch.add(g);
        }
        if (!batch.isEmpty()) {
            runInOneJvm(batch, skip);
        }
    }

    private void runInOneJvm(List<Group> groups, Collection<String> skip) throws IOException {
        JsonArray cs = new JsonArray();
        Map<String, Case> byId = new LinkedHashMap<>();
        Map<String, Group> groupOf = new LinkedHashMap<>();
        for (Group g : groups) {
            Mode.Timing t = g.heavy() ? mode.heavy : mode.light;
            for (Case c : cases(g)) {
                List<Entry> kept = c.entries().stream().filter(e -> !skip.contains(e.params().getOrDefault("engine", "")))
                        .toList();
                if (kept.isEmpty()) {
                    continue;
                }
                byId.put(c.id(), new Case(c.id(), c.fixed(), kept));
                groupOf.put(c.id(), g);
                JsonObject o = new JsonObject();
                o.addProperty("id", c.id());
                o.addProperty("warmupMillis", t.warmupMillis());
                o.addProperty("rounds", t.rounds());
                o.addProperty("sliceMillis", t.sliceMillis());
                JsonArray es = new JsonArray();
                for (Entry e : kept) {
                    JsonObject x = new JsonObject();
                    x.addProperty("label", e.label());
                    x.addProperty("class", g.className());
                    x.addProperty("method", e.method());
                    JsonObject p = new JsonObject();
                    e.params().forEach(p::addProperty);
                    x.add("params", p);
                    es.add(x);
                }
                o.add("contestants", es);
                cs.add(o);
            }
        }
        if (byId.isEmpty()) {
            return;
        }
        JsonObject spec = new JsonObject();
        spec.add("cases", cs);
        Path specFile = Files.createTempFile(dir, "rounds-", ".json");
        Files.writeString(specFile, spec.toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(FORK_FLAGS);
        cmd.addAll(extraFlags());
        cmd.addAll(groups.get(0).jvmArgs());
        if (mode == Mode.SMOKE) { // its timings mean nothing: no wait for the kernels' warm-up
            cmd.add("-Dvecnet.bench.steadyState=false");
        }
        cmd.addAll(List.of("-cp", SeedRuns.jar(), RoundsMain.class.getName(), specFile.toString()));
        log.println("$ " + String.join(" ", cmd));
        String names = String.join(", ", groups.stream().map(Group::name).toList());
        int done = 0;
        Group current = null;
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.println(line);
                    if (line.startsWith("RESULT ")) {
                        JsonObject r = JsonParser.parseString(line.substring(7)).getAsJsonObject();
                        String id = r.get("id").getAsString();
                        Group g = groupOf.get(id);
                        if (g != current) {
                            System.out.println(g.name() + ":");
                            current = g;
                        }
                        r.addProperty("group", g.name());
                        raw.add(r);
                        collect(g, byId.get(id), r);
                        done++;
                    }
                }
            }
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            System.out.printf(Locale.ROOT, "  (%s: %.0f s)%n", names, (System.nanoTime() - t0) / 1e9);
            if (p.exitValue() != 0 || done < byId.size()) {
                notMeasured.add(new NotMeasured(names, (byId.size() - done) + " of " + byId.size()
                        + " cases not measured (exit " + p.exitValue() + "); see rounds.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notMeasured.add(new NotMeasured(names, "interrupted"));
        } finally {
            Files.deleteIfExists(specFile);
        }
    }

    private void collect(Group g, Case c, JsonObject r) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        c.entries().forEach(e -> entries.put(e.label(), e));
        for (JsonElement e : r.getAsJsonArray("contestants")) {
            JsonObject o = e.getAsJsonObject();
            Entry entry = entries.get(o.get("label").getAsString());
            if (o.has("error")) {
                String why = o.get("error").getAsString();
                System.out.printf(Locale.ROOT, "  %-60s failed: %s%n", c.id() + " " + entry.label(), why);
                notMeasured.add(new NotMeasured(c.id() + " " + entry.label(), why));
                continue;
            }
            List<Measurement> ms = CaseIds.measurements(g, entry.method(), entry.params(), o);
            for (Measurement m : ms) {
                m.details().put("pair", c.id());
                measurements.add(m);
                java.util.function.DoubleFunction<String> f = m.unit().equals(Measurement.GFLOPS)
                        ? x -> String.format(Locale.ROOT, "%.1f GFLOP/s", x) : Report::time;
                System.out.printf(Locale.ROOT, "  %-44s %-12s %s  [%s … %s] %d rounds%n", m.caseId(), m.engine(),
                        f.apply(m.value()), f.apply(Stats.quantile(m.rounds(), 0.25)),
                        f.apply(Stats.quantile(m.rounds(), 0.75)), m.rounds().length);
            }
        }
    }
}
