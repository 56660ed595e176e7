package dev.vecnet.jmh.harness;

import java.util.List;
import java.util.Locale;

/**
 * The FMA peak of one core that the GFLOP/s targets are judged against: the best of the FMA probe's
 * rounds ({@code peak/f32}, {@code peak/f64}) and of every one-thread GEMM measured in the run (any
 * engine, its best round), since a probe of dependent FMA chains can read below what a tuned GEMM
 * reaches on the same CPU. {@code source} says which set it.
 */
record Peak(double gflops, String source) {
    static Peak of(List<Measurement> ms, String precision) {
        double best = Double.NaN;
        String source = "not measured";
        Measurement probe = Targets.find(ms, "peak/" + precision, "vecnet");
        if (probe != null) {
            best = probe.value();
            source = "FMA probe";
        }
        for (Measurement m : ms) {
            if (m.caseId().startsWith("gemm/" + precision + "/") && m.caseId().endsWith("/t1")) {
                double g = Stats.max(m.rounds("gflops"));
                if (g > best || Double.isNaN(best)) {
                    best = g;
                    source = String.format(Locale.ROOT, "%s on %s", Report.ENGINE_NAMES.getOrDefault(m.engine(), m.engine()),
                            m.caseId().substring(m.caseId().indexOf('/', 5) + 1, m.caseId().lastIndexOf('/')));
                }
            }
        }
        return new Peak(best, source);
    }
}
