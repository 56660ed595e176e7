package dev.vecnet.jmh.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One figure of the report: what was measured ({@code caseId}, e.g. "gemm/f32/100x784x50:NN/t1"), by which
 * engine ("vecnet", "scalar", "openblas", "numpy", ...), and its value: seconds per operation (lower is
 * better) unless {@code unit} says otherwise. {@code details} holds what goes beside it (GFLOP/s,
 * percentiles, bytes allocated per operation, accuracy, ...).
 */
public record Measurement(String caseId, String engine, double value, String unit, Map<String, Object> details) {
    public static final String SECONDS = "s";
    public static final String GFLOPS = "GFLOP/s";

    public Measurement {
        details = new LinkedHashMap<>(details);
    }

    public static Measurement seconds(String caseId, String engine, double seconds) {
        return new Measurement(caseId, engine, seconds, SECONDS, Map.of());
    }

    public Measurement with(String key, Object value) {
        details.put(key, value);
        return this;
    }

    /** The figure of each round (or each run), in the order they were taken. */
    public Measurement withRounds(double[] rounds) {
        return with("rounds", rounds.clone());
    }

    /** The rounds' figures of the measurement itself ("value") or of one of its details; the value alone when it has none. */
    public double[] rounds(String metric) {
        Object r = details.get(metric.equals("value") ? "rounds" : "rounds_" + metric);
        if (r instanceof double[] d) {
            return d.clone();
        }
        if (r instanceof List<?> l) {
            return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        double v = metric.equals("value") ? value : detail(metric);
        return new double[] {v};
    }

    public double[] rounds() {
        return rounds("value");
    }

    public double detail(String key) {
        return details.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The family of the case: its first path element ("gemm", "infer", "seed", ...). */
    public String family() {
        return caseId.substring(0, caseId.indexOf('/') < 0 ? caseId.length() : caseId.indexOf('/'));
    }
}
