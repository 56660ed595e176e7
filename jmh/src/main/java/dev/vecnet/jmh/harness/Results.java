package dev.vecnet.jmh.harness;

import dev.vecnet.jmh.PeakFlopsBench;
import dev.vecnet.jmh.peer.GemmShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/** JMH's results as the report's {@link Measurement}s: one case id per question, values in seconds per operation. */
final class Results {
    private Results() {}

    static List<Measurement> of(Group group, RunResult r) {
        BenchmarkParams p = r.getParams();
        String full = p.getBenchmark();
        String method = full.substring(full.lastIndexOf('.') + 1);
        String cls = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1, full.lastIndexOf('.'));
        Result<?> primary = r.getPrimaryResult();
        Statistics st = primary.getStatistics();
        String unit = primary.getScoreUnit();
        double median = seconds(st.getPercentile(50), unit);
        List<Measurement> out = new ArrayList<>();
        switch (cls) {
            case "PeakFlopsBench" -> {
                boolean f64 = method.endsWith("F64");
                // a capability: its best iteration (a noisy neighbour only ever slows it down)
                double best = seconds(st.getMin(), unit);
                double flops = f64 ? PeakFlopsBench.flopsF64() : PeakFlopsBench.flopsF32();
                out.add(new Measurement("peak/" + (f64 ? "f64" : "f32"), "vecnet", flops / best / 1e9,
                        Measurement.GFLOPS, Map.of("median_gflops", flops / median / 1e9,
                        "chains", PeakFlopsBench.CHAINS)));
            }
            case "GemmBench" -> {
                String shape = p.getParam("shape");
                out.add(Measurement.seconds("gemm/" + p.getParam("precision") + "/" + shape + "/t" + p.getParam("threads"),
                        p.getParam("engine"), median).with("gflops", GemmShape.parse(shape).flops() / median / 1e9));
            }
            case "ElementwiseBench" -> out.add(Measurement.seconds("elementwise/" + p.getParam("precision") + "/"
                    + p.getParam("op"), p.getParam("provider").equals("panama") ? "vecnet" : "scalar", median));
            case "InferenceBench" -> {
                String engine = method.endsWith("OnnxRuntime") ? "onnxruntime" : group.vecnetEngine();
                String network = p.getParam("network"), prefix = network == null || network.equals("seed") ? "infer/"
                        : "infer/" + network + "/";
                if (method.startsWith("single")) {
                    out.add(Measurement.seconds(prefix + "single/p50", engine, seconds(st.getPercentile(50), unit)));
                    out.add(Measurement.seconds(prefix + "single/p99", engine, seconds(st.getPercentile(99), unit)));
                    out.add(Measurement.seconds(prefix + "single/mean", engine, seconds(st.getMean(), unit)));
                } else {
                    out.add(Measurement.seconds(prefix + "batch" + p.getParam("batch") + "/t" + p.getParam("threads"),
                            engine, median));
                }
            }
            case "TrainingBench" -> out.add(Measurement.seconds("train/" + (method.equals("step") ? "step" : "eval10k") + "/"
                    + p.getParam("precision") + "/t" + p.getParam("threads"), group.vecnetEngine(), median));
            default -> out.add(Measurement.seconds("other/" + cls + "." + method, group.vecnetEngine(), median));
        }
        double alloc = allocation(r);
        for (Measurement m : out) {
            m.details().put("samples", st.getN());
            m.details().put("mode", p.getMode().shortLabel());
            if (!Double.isNaN(alloc)) {
                m.details().put("alloc_bytes_per_op", alloc);
            }
        }
        return out;
    }

    /** Bytes allocated per operation (JMH's gc profiler), or NaN when it did not run. */
    private static double allocation(RunResult r) {
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getStatistics().getPercentile(50);
            }
        }
        return Double.NaN;
    }

    /** A score in JMH's unit as seconds per operation: "us/op" scales, "ops/s" inverts. */
    static double seconds(double score, String unit) {
        String[] parts = unit.split("/");
        boolean throughput = parts[0].equals("ops");
        double s = switch (throughput ? parts[1] : parts[0]) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
        return throughput ? s / score : score * s;
    }
}
