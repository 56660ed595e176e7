package dev.vecnet.jmh.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** The least relative spread a ratio is given: how far a median moves between back-to-back runs (docs/BENCHMARKS.md). */
    static final double RUN_TO_RUN = 0.05;

    record Target(String caseId, String engine, String metric, String peer, double minRatio, String goal) {
        String describe() {
            return caseId + (metric.equals("value") ? "" : " " + metric) + " vs " + peer;
        }
    }

    /** Met, missed, or undecided: the spread of the per-round ratios straddles the target. */
    enum Status { PASS, FAIL, UNDECIDED, NOT_MEASURED }

    /**
     * A target judged: vecnet's and the peer's figures (medians), the median of the per-round ratios and
     * their spread ({@code low}..{@code high}: the quartiles over four rounds or more, else the extremes,
     * and never narrower than ±{@link #RUN_TO_RUN} of the median) over {@code rounds} pairs.
     */
    record Verdict(Target target, double vecnet, double peer, double ratio, double low, double high, int rounds,
                   Status status, String note) {
        String mark() {
            return switch (status) {
                case PASS -> "✔";
                case FAIL -> "✘";
                case UNDECIDED -> "?";
                case NOT_MEASURED -> "–";
            };
        }

        static Verdict notMeasured(Target t, String why) {
            return new Verdict(t, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Status.NOT_MEASURED, why);
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
                out.add(Verdict.notMeasured(t, t.engine() + " on " + t.caseId() + " not measured"));
                continue;
            }
            double mine = metric(v, t.metric()), theirs;
            double[] mineRounds = v.rounds(t.metric()), theirRounds;
            boolean inverse = false; // the ratio is vecnet's over the peer's (GFLOP/s against the peak)
            if (t.peer().startsWith("=")) {
                String detail = t.peer().substring(1);
                theirs = v.detail(detail);
                theirRounds = v.rounds(detail);
            } else if (t.peer().equals(FMA_PEAK)) {
                int threads = t.caseId().endsWith("/t2") ? 2 : 1;
                theirs = (t.caseId().contains("/f64/") ? peakF64 : peakF32) * threads;
                mine = v.detail("gflops");
                mineRounds = v.rounds("gflops");
                theirRounds = new double[mineRounds.length];
                Arrays.fill(theirRounds, theirs);
                inverse = true;
            } else {
                String[] ref = t.peer().contains(":") && t.peer().contains("/")
                        ? t.peer().split(":(?=[^:]*$)") : new String[] {t.caseId(), t.peer()};
                Measurement p = findBeside(ms, ref[0], ref[1], v);
                if (p == null) {
                    out.add(new Verdict(t, mine, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Status.NOT_MEASURED,
                            ref[1] + " on " + ref[0] + " not measured"));
                    continue;
                }
                theirs = metric(p, t.metric());
                theirRounds = p.rounds(t.metric());
            }
            double[] ratios;
            if (mineRounds.length == theirRounds.length) { // timed by turns: each round's pair
                ratios = new double[mineRounds.length];
                for (int i = 0; i < ratios.length; i++) {
                    ratios[i] = inverse ? mineRounds[i] / theirRounds[i] : theirRounds[i] / mineRounds[i];
                }
            } else {
                ratios = new double[] {inverse ? mine / theirs : theirs / mine};
            }
            double ratio = Stats.median(ratios);
            int n = (int) Arrays.stream(ratios).filter(Double::isFinite).count();
            // rounds in one JVM share its compiled code, so their spread misses what moves from run to run: never
            // narrower than that floor
            double low = Math.min(n >= 4 ? Stats.quantile(ratios, 0.25) : Stats.min(ratios), ratio * (1 - RUN_TO_RUN));
            double high = Math.max(n >= 4 ? Stats.quantile(ratios, 0.75) : Stats.max(ratios), ratio * (1 + RUN_TO_RUN));
            Status s = Double.isNaN(ratio) ? Status.NOT_MEASURED : low >= t.minRatio() ? Status.PASS
                    : high < t.minRatio() ? Status.FAIL : Status.UNDECIDED;
            out.add(new Verdict(t, mine, theirs, ratio, low, high, n, s, ""));
        }
        return out;
    }

    private static double metric(Measurement m, String metric) {
        return metric.equals("value") ? m.value() : m.detail(metric);
    }

    /** The peer's measurement timed beside {@code mine} (the same paired case) if there is one, else the first. */
    static Measurement findBeside(List<Measurement> ms, String caseId, String engine, Measurement mine) {
        Object pair = mine.details().get("pair");
        for (Measurement m : ms) {
            if (pair != null && pair.equals(m.details().get("pair")) && m.caseId().equals(caseId) && m.engine().equals(engine)) {
                return m;
            }
        }
        return find(ms, caseId, engine);
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
