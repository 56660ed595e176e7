package dev.vecnet.jmh.harness;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vecnet.jmh.PeakFlopsBench;
import dev.vecnet.jmh.peer.GemmShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A paired run's figures as the report's {@link Measurement}s: one case id per question, values in seconds per operation. */
final class CaseIds {
    private CaseIds() {}

    static List<Measurement> measurements(Group group, String method, Map<String, String> p, JsonObject r) {
        double[] seconds = doubles(r.getAsJsonArray("seconds"));
        List<Measurement> out = new ArrayList<>();
        switch (group.benchmark()) {
            case "PeakFlopsBench" -> {
                boolean f64 = method.endsWith("F64");
                double[] gflops = gflops(f64 ? PeakFlopsBench.flopsF64() : PeakFlopsBench.flopsF32(), seconds);
                // a capability: its best round (a noisy neighbour only ever slows it down)
                out.add(new Measurement("peak/" + (f64 ? "f64" : "f32"), "vecnet", Stats.max(gflops), Measurement.GFLOPS,
                        Map.of("median_gflops", Stats.median(gflops), "chains", PeakFlopsBench.CHAINS)).withRounds(gflops));
            }
            case "GemmBench" -> {
                String shape = p.get("shape");
                double flops = GemmShape.parse(shape).flops();
                out.add(of("gemm/" + p.get("precision") + "/" + shape + "/t" + p.get("threads"), p.get("engine"), seconds)
                        .with("gflops", flops / Stats.median(seconds) / 1e9).with("rounds_gflops", gflops(flops, seconds)));
            }
            case "ElementwiseBench" -> out.add(of("elementwise/" + p.get("precision") + "/" + p.get("op"),
                    p.get("provider").equals("panama") ? "vecnet" : "scalar", seconds));
            case "InferenceBench" -> {
                String engine = method.endsWith("OnnxRuntime") ? "onnxruntime" : group.vecnetEngine();
                String network = p.get("network"), prefix = network == null || network.equals("seed") ? "infer/"
                        : "infer/" + network + "/";
                if (method.startsWith("single")) {
                    out.add(of(prefix + "single/p50", engine, doubles(r.getAsJsonArray("p50"))));
                    out.add(of(prefix + "single/p99", engine, doubles(r.getAsJsonArray("p99"))));
                    out.add(of(prefix + "single/mean", engine, seconds));
                } else {
                    out.add(of(prefix + "batch" + p.get("batch") + "/t" + p.get("threads"), engine, seconds));
                }
            }
            case "TrainingBench" -> out.add(of("train/" + (method.equals("step") ? "step" : "eval10k") + "/"
                    + p.get("precision") + "/t" + p.get("threads"), group.vecnetEngine(), seconds));
            default -> out.add(of("other/" + group.benchmark() + "." + method, group.vecnetEngine(), seconds));
        }
        for (Measurement m : out) {
            m.details().put("operations", r.get("operations").getAsLong());
            m.details().put("alloc_bytes_per_op", r.get("alloc_bytes_per_op").getAsDouble());
        }
        return out;
    }

    /** Each round's GFLOP/s for an operation of {@code flops} taking these seconds. */
    private static double[] gflops(double flops, double[] seconds) {
        double[] g = new double[seconds.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = flops / seconds[i] / 1e9;
        }
        return g;
    }

    /** The median round's figure, every round's beside it. */
    private static Measurement of(String caseId, String engine, double[] rounds) {
        return Measurement.seconds(caseId, engine, Stats.median(rounds)).withRounds(rounds);
    }

    static double[] doubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }
}
