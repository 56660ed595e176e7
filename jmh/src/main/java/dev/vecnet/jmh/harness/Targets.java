package dev.vecnet.jmh.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The project's speed targets, each a ratio to a peer measured in the same run, read from
 * {@code bench/targets.csv}: {@code case,engine,metric,peer,min_ratio,goal}. The ratio is the peer's
 * figure over vecnet's (seconds, bytes: how many times less vecnet needs), so ≥ 1 means vecnet is
 * ahead. {@code metric} is "value" (the measurement) or one of its details ("process_s", "peak_rss_mb").
 * The peer is another engine on the same case, "CASE:ENGINE" for another case, "=DETAIL" for another
 * detail of vecnet's own measurement (e.g. the second epoch's seconds against the last one's), or
 * "fma-peak" (then the ratio is vecnet's GFLOP/s over the measured FMA peak times the case's threads).
 */
final class Targets {
    static final String FMA_PEAK = "fma-peak";

    record Target(String caseId, String engine, String metric, String peer, double minRatio, String goal) {
        String describe() {
            return caseId + (metric.equals("value") ? "" : " " + metric) + " vs " + peer;
        }
    }

    enum Status { PASS, FAIL, NOT_MEASURED }

    record Verdict(Target target, double vecnet, double peer, double ratio, Status status, String note) {
        String mark() {
            return switch (status) {
                case PASS -> "✔";
                case FAIL -> "✘";
                case NOT_MEASURED -> "–";
            };
        }
    }

    private Targets() {}

    static List<Target> read(Path file) throws IOException {
        List<Target> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("case,")) {
                continue;
            }
            String[] f = t.split(",");
            if (f.length != 6) {
                throw new IOException(file + ":" + n + ": expected 6 comma-separated fields, got " + f.length);
            }
            out.add(new Target(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip(), Double.parseDouble(f[4].strip()),
                    f[5].strip()));
        }
        return out;
    }

    static List<Verdict> judge(List<Target> targets, List<Measurement> ms, double peakF32, double peakF64) {
        List<Verdict> out = new ArrayList<>();
        for (Target t : targets) {
            Measurement v = find(ms, t.caseId(), t.engine());
            if (v == null) {
                out.add(new Verdict(t, Double.NaN, Double.NaN, Double.NaN, Status.NOT_MEASURED,
                        t.engine() + " on " + t.caseId() + " not measured"));
                continue;
            }
            double mine = metric(v, t.metric());
            double theirs, ratio;
            if (t.peer().startsWith("=")) {
                theirs = v.detail(t.peer().substring(1));
                ratio = theirs / mine;
            } else if (t.peer().equals(FMA_PEAK)) {
                int threads = t.caseId().endsWith("/t2") ? 2 : 1;
                theirs = (t.caseId().contains("/f64/") ? peakF64 : peakF32) * threads;
                mine = v.detail("gflops");
                ratio = mine / theirs;
            } else {
                String[] ref = t.peer().contains(":") && t.peer().contains("/")
                        ? t.peer().split(":(?=[^:]*$)") : new String[] {t.caseId(), t.peer()};
                Measurement p = find(ms, ref[0], ref[1]);
                if (p == null) {
                    out.add(new Verdict(t, mine, Double.NaN, Double.NaN, Status.NOT_MEASURED,
                            ref[1] + " on " + ref[0] + " not measured"));
                    continue;
                }
                theirs = metric(p, t.metric());
                ratio = theirs / mine;
            }
            Status s = Double.isNaN(ratio) ? Status.NOT_MEASURED : ratio >= t.minRatio() ? Status.PASS : Status.FAIL;
            out.add(new Verdict(t, mine, theirs, ratio, s, ""));
        }
        return out;
    }

    private static double metric(Measurement m, String metric) {
        return metric.equals("value") ? m.value() : m.detail(metric);
    }

    static Measurement find(List<Measurement> ms, String caseId, String engine) {
        for (Measurement m : ms) {
            if (m.caseId().equals(caseId) && m.engine().equals(engine)) {
                return m;
            }
        }
        return null;
    }

    static String format(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2f", x);
    }
}
