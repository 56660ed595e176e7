package dev.vecnet.jmh.harness;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report: {@code report.json} (every round of every paired case, the seed runs, the cold starts, machine facts), {@code report.md}, the verdict table. */
final class Report {
    /** Engines in the order of the tables, with the names they print as. */
    static final Map<String, String> ENGINE_NAMES = new LinkedHashMap<>();

    static {
        ENGINE_NAMES.put("vecnet", "vecnet");
        ENGINE_NAMES.put("openblas", "OpenBLAS");
        ENGINE_NAMES.put("vectorblas", "VectorBLAS");
        ENGINE_NAMES.put("ejml", "EJML");
        ENGINE_NAMES.put("onnxruntime", "ONNX Runtime");
        ENGINE_NAMES.put("numpy", "numpy");
        ENGINE_NAMES.put("torch", "PyTorch");
        ENGINE_NAMES.put("torch-ftz", "PyTorch, subnormals flushed");
        ENGINE_NAMES.put("scalar", "vecnet scalar");
        ENGINE_NAMES.put("vecnet-scalar", "vecnet, scalar kernels");
        ENGINE_NAMES.put(SeedRuns.OLD_JDK, "vecnet on JDK 17 (scalar)");
        ENGINE_NAMES.put("vecnet-panama", "vecnet, Panama from the first call");
        ENGINE_NAMES.put("mllib", "Spark MLlib");
    }

    final Mode mode;
    final Map<String, String> machine;
    final Map<String, String> peers;
    final List<Measurement> ms;
    final List<NotMeasured> notMeasured;
    final List<Targets.Verdict> verdicts;
    final Peak peakF32, peakF64;
    final double seconds;

    Report(Mode mode, Map<String, String> machine, Map<String, String> peers, List<Measurement> ms,
           List<NotMeasured> notMeasured, List<Targets.Verdict> verdicts, Peak peakF32, Peak peakF64, double seconds) {
        this.mode = mode;
        this.machine = machine;
        this.peers = peers;
        this.ms = ms;
        this.notMeasured = notMeasured;
        this.verdicts = verdicts;
        this.peakF32 = peakF32;
        this.peakF64 = peakF64;
        this.seconds = seconds;
    }

    void writeJson(Path file, JsonArray rounds, JsonArray seedRuns, JsonArray coldStarts) throws IOException {
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        JsonObject o = new JsonObject();
        o.addProperty("mode", mode.name().toLowerCase(Locale.ROOT));
        o.add("machine", gson.toJsonTree(machine));
        JsonObject peak = new JsonObject();
        peak.addProperty("f32_gflops", peakF32.gflops());
        peak.addProperty("f32_source", peakF32.source());
        peak.addProperty("f64_gflops", peakF64.gflops());
        peak.addProperty("f64_source", peakF64.source());
        o.addProperty("seconds", seconds);
        o.add("fma_peak", peak);
        o.add("peers", gson.toJsonTree(peers));
        o.add("measurements", gson.toJsonTree(ms));
        o.add("verdicts", gson.toJsonTree(verdicts));
        o.add("not_measured", gson.toJsonTree(notMeasured));
        o.add("rounds", rounds);
        o.add("seed_runs", seedRuns);
        o.add("cold_starts", coldStarts);
        Files.writeString(file, gson.toJson(o));
    }

    void writeMarkdown(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# vecnet benchmark report\n\n");
        if (mode != Mode.FULL) {
            md.append("**").append(mode == Mode.QUICK ? "Quick run: fewer and shorter rounds, shorter seed runs"
                    : "Smoke run: tiny rounds; these timings mean nothing").append(".**\n\n");
        }
        md.append("| | |\n| --- | --- |\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append(String.format(Locale.ROOT, "| measured FMA peak, 1 thread | %.1f GFLOP/s float32 (%s), %.1f GFLOP/s "
                + "float64 (%s): the best of the FMA probe and every one-thread GEMM of the run |%n", peakF32.gflops(),
                peakF32.source(), peakF64.gflops(), peakF64.source()));
        md.append("| this run took | ").append(Harness.duration(seconds)).append(" |\n");
        md.append("\nEvery ratio below is the peer's time over vecnet's, measured in this run on this machine: "
                + "above 1, vecnet is faster. Engines of a case are timed by turns, in rounds (seed runs and cold "
                + "starts: whole processes by turns); a ratio is the median of the per-round ratios, its spread their "
                + "quartiles (the extremes under four rounds). ✔ the whole spread meets the target, ✘ none of it does, "
                + "? undecided: the spread straddles it. Times are medians over the rounds.\n");
        md.append("\n## Verdicts\n\n").append(verdictTable(true));
        gemm(md, "f32", "1");
        gemm(md, "f64", "1");
        gemm(md, "f32", "2");
        gemm(md, "f64", "2");
        elementwise(md);
        inference(md);
        training(md);
        seed(md);
        cold(md);
        spark(md);
        md.append("\n## Peers\n\n| engine | what |\n| --- | --- |\n");
        peers.forEach((k, v) -> md.append("| ").append(ENGINE_NAMES.getOrDefault(k, k)).append(" | ").append(v).append(" |\n"));
        if (!notMeasured.isEmpty()) {
            md.append("\n## Not measured\n\n");
            for (NotMeasured n : notMeasured) {
                md.append("- ").append(n.what()).append(": not measured: ").append(n.why()).append('\n');
            }
        }
        Files.writeString(file, md.toString());
    }

    /** The verdict table, markdown or plain text for the terminal. */
    String verdictTable(boolean markdown) {
        List<String[]> rows = new ArrayList<>();
        for (Targets.Verdict v : verdicts) {
            Targets.Target t = v.target();
            boolean seconds = t.metric().equals("value") || t.metric().endsWith("_s");
            String unit = t.peer().equals(Targets.FMA_PEAK) ? "GFLOP/s" : t.metric().equals("peak_rss_mb") ? "MB" : "";
            rows.add(new String[] {v.mark(), t.caseId() + (t.metric().equals("value") ? "" : " (" + t.metric() + ")"),
                peerName(t.peer()),
                seconds && unit.isEmpty() ? time(v.vecnet()) : Targets.format(v.vecnet()) + " " + unit,
                seconds && unit.isEmpty() ? time(v.peer()) : Targets.format(v.peer()) + " " + unit,
                Targets.format(v.ratio()) + (Double.isNaN(v.ratio()) ? "" : "x"), spread(v), "≥ " + t.minRatio() + "x",
                v.note().isEmpty() ? t.goal() : v.note()});
        }
        String[] head = {"", "case", "peer", "vecnet", "peer's", "ratio", "spread (rounds)", "target", "goal"};
        return table(head, rows, markdown);
    }

    /** The per-round ratios' spread and how many rounds: "1.21–1.34 (7)". */
    static String spread(Targets.Verdict v) {
        if (v.rounds() == 0) {
            return "–";
        }
        return Targets.format(v.low()) + "–" + Targets.format(v.high()) + " (" + v.rounds() + ")";
    }

    static String peerName(String peer) {
        if (peer.contains("/")) {
            return peer;
        }
        if (peer.startsWith("=")) {
            return "its " + peer.substring(1);
        }
        return peer.equals(Targets.FMA_PEAK) ? "FMA peak" : ENGINE_NAMES.getOrDefault(peer, peer);
    }

    private void gemm(StringBuilder md, String precision, String threads) {
        List<String[]> rows = new ArrayList<>();
        List<String> engines = new ArrayList<>();
        for (String e : List.of("vecnet", "openblas", "vectorblas", "ejml", "scalar")) {
            if (ms.stream().anyMatch(m -> m.family().equals("gemm") && m.engine().equals(e)
                    && m.caseId().startsWith("gemm/" + precision + "/") && m.caseId().endsWith("/t" + threads))) {
                engines.add(e);
            }
        }
        if (!engines.contains("vecnet")) {
            return;
        }
        double peak = (precision.equals("f32") ? peakF32 : peakF64).gflops() * Integer.parseInt(threads);
        for (String shape : Plan.SHAPES) {
            String id = "gemm/" + precision + "/" + shape + "/t" + threads;
            Measurement v = Targets.find(ms, id, "vecnet");
            if (v == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(shape));
            for (String e : engines) {
                Measurement m = Targets.find(ms, id, e);
                row.add(m == null ? "–" : time(m.value()) + " (" + fmt1(m.detail("gflops")) + ")");
            }
            row.add(String.format(Locale.ROOT, "%.0f%%", 100 * v.detail("gflops") / peak));
            for (String e : engines) {
                if (!e.equals("vecnet")) {
                    Measurement m = Targets.find(ms, id, e);
                    row.add(m == null ? "–" : Targets.format(m.value() / v.value()) + "x");
                }
            }
            rows.add(row.toArray(String[]::new));
        }
        List<String> head = new ArrayList<>(List.of("shape"));
        engines.forEach(e -> head.add(ENGINE_NAMES.get(e) + " (GFLOP/s)"));
        head.add("vecnet % of peak");
        engines.stream().filter(e -> !e.equals("vecnet")).forEach(e -> head.add("vs " + ENGINE_NAMES.get(e)));
        md.append("\n## GEMM, ").append(precision.equals("f32") ? "float32" : "float64").append(", ")
                .append(threads).append(threads.equals("1") ? " thread" : " threads").append("\n\n")
                .append(table(head.toArray(String[]::new), rows, true));
    }

    private void elementwise(StringBuilder md) {
        List<String[]> rows = new ArrayList<>();
        for (String precision : List.of("f32", "f64")) {
            for (String op : Plan.ELEMENTWISE) {
                String id = "elementwise/" + precision + "/" + op;
                Measurement v = Targets.find(ms, id, "vecnet"), s = Targets.find(ms, id, "scalar");
                if (v != null) {
                    rows.add(new String[] {op, precision, time(v.value()), s == null ? "–" : time(s.value()),
                        s == null ? "–" : Targets.format(s.value() / v.value()) + "x"});
                }
            }
        }
        if (!rows.isEmpty()) {
            md.append("\n## Elementwise kernels, 1 thread\n\n").append(table(
                    new String[] {"kernel", "precision", "vecnet", "vecnet scalar", "vs scalar"}, rows, true));
        }
    }

    private void inference(StringBuilder md) {
        List<String[]> rows = new ArrayList<>();
        for (String id : List.of("infer/single/p50", "infer/single/p99", "infer/single/mean", "infer/batch100/t1",
                "infer/batch100/t2", "infer/batch10000/t1", "infer/batch10000/t2", "infer/mlp/single/p50",
                "infer/mlp/single/p99", "infer/mlp/single/mean", "infer/mlp/batch100/t1", "infer/mlp/batch10000/t1",
                "infer/subnormal/single/p50", "infer/subnormal/single/p99", "infer/flushed/single/p50", "infer/flushed/single/p99")) {
            Measurement v = Targets.find(ms, id, "vecnet");
            if (v == null) {
                continue;
            }
            Measurement s = Targets.find(ms, id, "scalar"), o = Targets.find(ms, id, "onnxruntime");
            boolean batch = id.contains("batch");
            rows.add(new String[] {id.replace("infer/", ""), perImage(v, batch), perImage(s, batch), perImage(o, batch),
                o == null ? "–" : Targets.format(o.value() / v.value()) + "x", bytes(v), bytes(o)});
        }
        if (!rows.isEmpty()) {
            md.append("\n## Inference\n\nThe seed's 784-50-10 sigmoid network, (mlp/) a 784-256-128-10 ReLU network "
                    + "exported by PyTorch, and (subnormal/) a 784-100-100-10 ReLU network whose dead units' weights are "
                    + "subnormal, as weight decay leaves them, beside (flushed/) its twin with those weights zero (vecnet "
                    + "flushes them on load; ONNX Runtime computes with them), on the same ONNX file in both engines. One image: latency percentiles of single "
                    + "calls. Batches: time per image (images per second), all 10 000 test images per invocation. "
                    + "Allocation: bytes per call (one image) or per image (batches), every thread, over the measured rounds.\n\n")
                    .append(table(new String[] {"case", "vecnet", "vecnet scalar", "ONNX Runtime", "vs ONNX Runtime",
                        "vecnet B/op", "ONNX Runtime B/op"}, rows, true));
        }
    }

    private void training(StringBuilder md) {
        List<String[]> rows = new ArrayList<>();
        for (String what : List.of("step", "eval10k")) {
            for (String precision : List.of("f32", "f64")) {
                String id = "train/" + what + "/" + precision + "/t1";
                Measurement v = Targets.find(ms, id, "vecnet"), s = Targets.find(ms, id, "scalar");
                if (v != null) {
                    rows.add(new String[] {what.equals("step") ? "training step, batch 100" : "evaluation, 10 000 images",
                        precision, time(v.value()), s == null ? "–" : time(s.value()),
                        s == null ? "–" : Targets.format(s.value() / v.value()) + "x", bytes(v)});
                }
            }
        }
        if (!rows.isEmpty()) {
            md.append("\n## Training pieces (warm), mnist-10k, 1 thread\n\n").append(table(
                    new String[] {"case", "precision", "vecnet", "vecnet scalar", "vs scalar", "vecnet B/op"}, rows, true));
        }
    }

    private void seed(StringBuilder md) {
        List<String[]> rows = new ArrayList<>();
        for (Measurement m : ms) {
            if (!m.family().equals("seed") && !m.family().equals("deep")) {
                continue;
            }
            Measurement v = Targets.find(ms, m.caseId(), "vecnet");
            String what = m.details().containsKey("kernels") ? "kernels " + m.details().get("kernels") + "; " + m.details().get("phases")
                    + String.format(Locale.ROOT, "; JIT compiling %.1f s", m.detail("jit_s"))
                    : m.details().getOrDefault("version", "?") + ", BLAS: " + m.details().getOrDefault("blas", "?")
                    + (m.details().containsKey("blas_core") ? ", core " + m.details().get("blas_core") : "")
                    + (m.details().containsKey("openblas_coretype") ? " (its OpenBLAS fell back to an old kernel on this CPU: "
                    + "run with OPENBLAS_CORETYPE=" + m.details().get("openblas_coretype") + ")" : "");
            rows.add(new String[] {m.caseId(), ENGINE_NAMES.getOrDefault(m.engine(), m.engine()),
                String.format(Locale.ROOT, "%.2f s", m.value()), runs(m),
                v == null || m == v ? "" : Targets.format(m.value() / v.value()) + "x",
                String.format(Locale.ROOT, "%.2f s", m.detail("process_s")),
                String.format(Locale.ROOT, "%.0f MB", m.detail("peak_rss_mb")),
                String.format(Locale.ROOT, "%.4f", m.detail("test_acc")), what});
        }
        if (!rows.isEmpty()) {
            md.append("\n## Training runs\n\nseed/: the seed run, 784-50-10 sigmoid, SGD lr 0.1. deep/: README's library "
                    + "recipe, 784-100-100-10 ReLU, He init, weight decay 1e-4, Adam lr 0.01 (the numpy peer as the book's "
                    + "chapter 6 code, which does not flush subnormals, as numpy does not; PyTorch with its default, and "
                    + "with subnormals flushed by the CPU). Both: batches of 100, an evaluation of the whole train and "
                    + "test sets every epoch. Each run is a fresh process. Loop: the training loop with its evaluations, "
                    + "loading excluded; process: the whole process as the harness waited for it. One BLAS thread for the "
                    + "peers; a peer whose OpenBLAS picks a kernel older than AVX2 on a CPU that has it (an OpenBLAS "
                    + "older than the CPU) is run with OPENBLAS_CORETYPE set to the newest core it knows for the CPU."
                    + (mode == Mode.FULL ? "" : " The quick run's seed runs are shorter: " + mode.seedIterations
                    + " iterations (the deep recipe " + mode.deepIterations + ").") + "\n\n")
                    .append(table(new String[] {"case", "engine", "loop (median)", "runs", "peer / vecnet", "process",
                        "peak RSS", "test acc", "what ran"}, rows, true));
            epochs(md);
        }
    }

    /** Each whole epoch's seconds (its steps and the evaluation after them), per engine, where a run reports them. */
    private void epochs(StringBuilder md) {
        List<Measurement> with = ms.stream().filter(m -> m.details().get("epoch_s") instanceof List<?> l && !l.isEmpty()
                && m.family().equals("deep")).toList();
        if (with.isEmpty()) {
            return;
        }
        int most = with.stream().mapToInt(m -> ((List<?>) m.details().get("epoch_s")).size()).max().orElse(0);
        String[] head = new String[most + 3];
        head[0] = "case";
        head[1] = "engine";
        for (int e = 0; e < most; e++) {
            head[e + 2] = Integer.toString(e + 1);
        }
        head[most + 2] = "subnormal weights at the end";
        List<String[]> rows = new ArrayList<>();
        for (Measurement m : with) {
            List<?> epochs = (List<?>) m.details().get("epoch_s");
            String[] row = new String[most + 3];
            row[0] = m.caseId();
            row[1] = ENGINE_NAMES.getOrDefault(m.engine(), m.engine());
            for (int e = 0; e < most; e++) {
                row[e + 2] = e < epochs.size() ? String.format(Locale.ROOT, "%.2f", ((Number) epochs.get(e)).doubleValue()) : "";
            }
            row[most + 2] = m.details().containsKey("subnormal_weights") ? String.format(Locale.ROOT, "%.0f of %.0f",
                    m.detail("subnormal_weights"), m.detail("weights")) : "";
            rows.add(row);
        }
        md.append("\nEach whole epoch of the median run, in seconds (its steps and the evaluation after them; the first "
                + "includes the JIT's warm-up):\n\n").append(table(head, rows, true));
    }

    private void cold(StringBuilder md) {
        List<String[]> rows = new ArrayList<>();
        for (Measurement m : ms) {
            if (!m.family().equals("cold")) {
                continue;
            }
            Measurement v = Targets.find(ms, m.caseId(), "vecnet");
            rows.add(new String[] {m.caseId().replace("cold/", ""), ENGINE_NAMES.getOrDefault(m.engine(), m.engine()),
                String.format(Locale.ROOT, "%.3f s", m.value()), runs(m),
                v == null || m == v ? "" : Targets.format(m.value() / v.value()) + "x",
                m.details().containsKey("load_s") ? String.format(Locale.ROOT, "%.3f s", m.detail("load_s")) : "",
                simdEverywhere(m), String.valueOf(m.details().getOrDefault("kernels", ""))});
        }
        if (!rows.isEmpty()) {
            md.append("\n## Cold start (a fresh JVM per run)\n\n"
                    + "predict1000: the model file loaded (ONNX Runtime: its session created), then 1000 images one call "
                    + "each, timed from before the load to the last result. train100 / train1000: the loop of the seed "
                    + "run on mnist-10k for 100 / 1000 iterations. vecnet runs on its default kernels (for inference: "
                    + "scalar while the SIMD ones compile on the side; for training: chosen by the job's size), on the "
                    + "scalar kernels, and on the Panama kernels from the first call; all compute the same bits. SIMD everywhere "
                    + "after: from the start of the clock until the default kernels' warm-up has switched every "
                    + "operation of both precisions to SIMD (median; never: the warm-up settled with a group kept scalar, "
                    + "SIMD not having won it within its patience; not measured in the quick run).\n\n")
                    .append(table(new String[] {"case", "engine", "time (median)", "runs", "engine / vecnet", "load",
                        "SIMD everywhere after", "kernels"}, rows, true));
        }
    }

    private void spark(StringBuilder md) {
        List<String[]> rows = new ArrayList<>();
        for (Measurement m : ms) {
            if (!m.family().equals("spark")) {
                continue;
            }
            Measurement v = Targets.find(ms, m.caseId(), "vecnet");
            boolean perRow = m.caseId().startsWith("spark/score/");
            rows.add(new String[] {m.caseId().replace("spark/", ""), ENGINE_NAMES.getOrDefault(m.engine(), m.engine()),
                perRow ? String.format(Locale.ROOT, "%.0f rows/s", 1 / m.value()) : String.format(Locale.ROOT, "%.2f s", m.value()),
                perRow ? Arrays.stream(m.rounds()).mapToObj(x -> String.format(Locale.ROOT, "%.0f", 1 / x))
                        .collect(java.util.stream.Collectors.joining(", ")) : runs(m),
                v == null || m == v ? "" : Targets.format(m.value() / v.value()) + "x",
                String.valueOf(m.details().getOrDefault("note", ""))});
        }
        if (!rows.isEmpty()) {
            md.append("\n## vecnet on Spark against MLlib (local[2], one JVM)\n\n"
                    + "train: from `fit` to the first epoch whose model reaches the test accuracy (vecnet's `VecnetClassifier`; "
                    + "the accuracy checks' time not counted) against MLlib's `MultilayerPerceptronClassifier` (L-BFGS), whose "
                    + "figure is the longest fit of a maxIter that fell short of the accuracy: a lower bound of its time. "
                    + "score: `transform` of the same network (MLlib's trained model, vecnet's copy of it) on the same cached "
                    + "DataFrame, every output column written to Spark's noop sink, engines in turns.\n\n")
                    .append(table(new String[] {"case", "engine", "median", "rounds", "engine's time / vecnet's", "how"}, rows, true));
        }
    }

    private static String simdEverywhere(Measurement m) {
        Object s = m.details().get("simd_everywhere_s");
        if (!(s instanceof Number n)) {
            return "";
        }
        return n.doubleValue() < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", n.doubleValue());
    }

    /** Each run's figure, in the order the runs took turns. */
    private static String runs(Measurement m) {
        List<String> s = new ArrayList<>();
        for (double x : m.rounds()) {
            s.add(String.format(Locale.ROOT, x < 1 ? "%.3f" : "%.2f", x));
        }
        return String.join(", ", s);
    }

    private static String perImage(Measurement m, boolean batch) {
        if (m == null) {
            return "–";
        }
        return batch ? time(m.value()) + String.format(Locale.ROOT, " (%.2f M/s)", 1e-6 / m.value()) : time(m.value());
    }

    private static String bytes(Measurement m) {
        if (m == null || Double.isNaN(m.detail("alloc_bytes_per_op"))) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", m.detail("alloc_bytes_per_op"));
    }

    static String fmt1(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.1f", x);
    }

    /** Seconds as ns / µs / ms / s with three significant digits. */
    static String time(double s) {
        if (Double.isNaN(s)) {
            return "–";
        }
        double a = Math.abs(s);
        if (a < 1e-6) {
            return sig(s * 1e9) + " ns";
        } else if (a < 1e-3) {
            return sig(s * 1e6) + " µs";
        } else if (a < 1) {
            return sig(s * 1e3) + " ms";
        }
        return sig(s) + " s";
    }

    private static String sig(double x) {
        double a = Math.abs(x);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", x);
    }

    static String table(String[] head, List<String[]> rows, boolean markdown) {
        StringBuilder sb = new StringBuilder();
        if (markdown) {
            sb.append("| ").append(String.join(" | ", head)).append(" |\n|");
            for (int i = 0; i < head.length; i++) {
                sb.append(" --- |");
            }
            sb.append('\n');
            for (String[] r : rows) {
                sb.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            return sb.toString();
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : prepend(head, rows)) {
            for (int i = 0; i < r.length; i++) {
                sb.append(String.format("%-" + (w[i] + 2) + "s", r[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static List<String[]> prepend(String[] head, List<String[]> rows) {
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        return all;
    }
}
