package dev.vecnet.jmh.harness;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vecnet.jmh.ColdStart;
import dev.vecnet.jmh.SeedRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fresh JVM per measurement: what a service's first requests and a short training job cost before
 * the JIT has compiled anything. The first 1000 predictions, model load included ({@link ColdStart}),
 * for vecnet on its default kernels, on the scalar kernels, on the Panama kernels from the first call,
 * and ONNX Runtime (session creation included); and the loop of {@code vecnet train} for 100 and 1000
 * iterations on mnist-10k ({@link SeedRun}) on the same three choices of kernels. Engines alternate
 * within each repetition. Every vecnet variant must give the same results (the same bits): the runs'
 * checksums and accuracies are compared.
 */
final class ColdStarts {
    static final String PREDICT = "cold/predict1000";
    static final String[] TRAIN_ITERATIONS = {"100", "1000"};
    /** vecnet's engines: the kernels property each runs with. */
    private static final Map<String, String> VECNET = new LinkedHashMap<>();

    static {
        VECNET.put("vecnet", "auto");
        VECNET.put("vecnet-scalar", "scalar");
        VECNET.put("vecnet-panama", "panama");
    }

    final List<Measurement> measurements = new ArrayList<>();
    final List<NotMeasured> notMeasured = new ArrayList<>();
    final JsonArray raw = new JsonArray();
    private final Mode mode;
    private final Path dir;
    private final PrintStream log;

    ColdStarts(Mode mode, Path dir) throws IOException {
        this.mode = mode;
        this.dir = dir.resolve("cold");
        Files.createDirectories(this.dir);
        this.log = new PrintStream(Files.newOutputStream(dir.resolve("cold-starts.log")), true, "UTF-8");
    }

    private List<String> java(String kernels) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(PairedRuns.extraFlags());
        if (kernels != null) {
            cmd.add("-Dvecnet.kernels=" + kernels);
        }
        if (mode != Mode.FULL) { // when SIMD runs everywhere can take the warm-up's patience (15 s a group) to tell
            cmd.add("-D" + ColdStart.SIMD_EVERYWHERE_PROPERTY + "=false");
        }
        cmd.addAll(List.of("-cp", SeedRuns.jar()));
        return cmd;
    }

    void run() throws IOException {
        List<String> write = java(null);
        write.addAll(List.of(ColdStart.class.getName(), "write", dir.toString()));
        if (SeedRuns.runOnce(write, log) == null) {
            notMeasured.add(new NotMeasured("cold starts", "writing the model files failed; see cold-starts.log"));
            return;
        }
        int reps = mode.coldRuns;
        String trainIters = mode == Mode.SMOKE ? "30" : null;
        Map<String, List<JsonObject>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (String engine : List.of("vecnet", "vecnet-scalar", "vecnet-panama", "onnxruntime")) {
                List<String> cmd = java(VECNET.get(engine));
                boolean ort = engine.equals("onnxruntime");
                cmd.addAll(List.of(ColdStart.class.getName(), ort ? "onnxruntime" : "vecnet",
                        dir.resolve(ort ? "model.onnx" : "model.vnet").toString(), "1000"));
                once(PREDICT, engine, cmd, "total_s", rep, reps, runs);
            }
            for (String iters : TRAIN_ITERATIONS) {
                for (String engine : VECNET.keySet()) {
                    List<String> cmd = java(VECNET.get(engine));
                    cmd.addAll(List.of(SeedRun.class.getName(), "seed", "mnist-10k", "f32", "1", trainIters != null ? trainIters : iters));
                    once(trainCase(iters), engine, cmd, "loop_s", rep, reps, runs);
                }
            }
        }
        runs.forEach((key, rs) -> {
            String[] k = key.split("\\|");
            double[] v = rs.stream().mapToDouble(r -> r.get("value").getAsDouble()).sorted().toArray();
            Measurement m = Measurement.seconds(k[0], k[1], v[v.length / 2])
                    .withRounds(rs.stream().mapToDouble(r -> r.get("value").getAsDouble()).toArray())
                    .with("kernels", rs.get(0).get("kernels").getAsString());
            if (rs.get(0).has("load_s")) {
                m.with("load_s", rs.stream().mapToDouble(r -> r.get("load_s").getAsDouble()).sorted().toArray()[rs.size() / 2]);
            }
            if (rs.get(0).has("simd_everywhere_s")) {
                double[] s = rs.stream().mapToDouble(r -> r.get("simd_everywhere_s").getAsDouble())
                        .map(x -> x < 0 ? Double.MAX_VALUE : x).sorted().toArray(); // never: after every time
                m.with("simd_everywhere_s", s[rs.size() / 2] == Double.MAX_VALUE ? -1 : s[rs.size() / 2]);
            }
            measurements.add(m);
        });
        checkSameResults(runs);
    }

    static String trainCase(String iters) {
        return "cold/train" + iters;
    }

    private void once(String caseId, String engine, List<String> cmd, String key, int rep, int reps,
                      Map<String, List<JsonObject>> runs) throws IOException {
        System.out.printf(Locale.ROOT, "  cold start %d/%d %-18s %-14s ", rep, reps, caseId, engine);
        JsonObject r = SeedRuns.runOnce(cmd, log);
        if (r == null) {
            System.out.println("failed (cold-starts.log)");
            notMeasured.add(new NotMeasured(caseId + " " + engine, "a run failed; see cold-starts.log"));
            return;
        }
        r.addProperty("value", r.get(key).getAsDouble());
        r.addProperty("case", caseId);
        r.addProperty("engine", engine);
        System.out.printf(Locale.ROOT, "%.3f s (%s)%n", r.get(key).getAsDouble(), r.get("kernels").getAsString());
        raw.add(r);
        runs.computeIfAbsent(caseId + "|" + engine, x -> new ArrayList<>()).add(r);
    }

    /** Every kernel choice computes the same thing: the same checksum of probabilities, the same accuracies. */
    private void checkSameResults(Map<String, List<JsonObject>> runs) {
        Map<String, String> seen = new LinkedHashMap<>();
        runs.forEach((key, rs) -> {
            String[] k = key.split("\\|");
            if (k[1].equals("onnxruntime")) {
                return;
            }
            for (JsonObject r : rs) {
                String result = r.has("checksum") ? r.get("checksum").getAsString()
                        : r.get("train_acc").getAsString() + "/" + r.get("test_acc").getAsString();
                String before = seen.putIfAbsent(k[0], result);
                if (before != null && !before.equals(result)) {
                    throw new IllegalStateException(k[0] + ": " + k[1] + " computed " + result + ", another run " + before
                            + ": the kernels disagree");
                }
            }
        });
    }
}
