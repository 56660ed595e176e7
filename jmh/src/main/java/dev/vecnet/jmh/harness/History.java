package dev.vecnet.jmh.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code target/bench/history.csv}: every run appends its verdicts (commit, CPU, mode, case, median
 * ratio and spread) and its own duration, so that runs can be followed over time and the next run's
 * length estimated.
 */
final class History {
    static final String HEADER = "time,commit,cpu,mode,case,metric,peer,target,ratio,low,high,rounds,status";
    /** The case name of the row that records a whole run's seconds (in the ratio column). */
    static final String WHOLE_RUN = "(whole run)";

    private History() {}

    static void append(Path csv, Map<String, String> machine, Mode mode, List<Targets.Verdict> verdicts, double seconds)
            throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(csv)) {
            lines.add(HEADER);
        }
        String prefix = String.join(",", Instant.now().toString(), field(machine.get("commit")), field(machine.get("CPU")),
                mode.name().toLowerCase(Locale.ROOT));
        for (Targets.Verdict v : verdicts) {
            Targets.Target t = v.target();
            lines.add(String.join(",", prefix, field(t.caseId()), field(t.metric()), field(t.peer()), num(t.minRatio()),
                    num(v.ratio()), num(v.low()), num(v.high()), Integer.toString(v.rounds()),
                    v.status().name().toLowerCase(Locale.ROOT)));
        }
        lines.add(String.join(",", prefix, WHOLE_RUN, "seconds", "", "", num(seconds), "", "", "1", ""));
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.write(csv, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The seconds of the last whole run of this mode on this CPU recorded in {@code csv}, or NaN. */
    static double lastDuration(Path csv, Mode mode, String cpu) {
        double last = Double.NaN;
        try {
            for (String line : Files.readAllLines(csv)) {
                String[] f = line.split(",", -1);
                if (f.length == 13 && f[4].equals(WHOLE_RUN) && f[3].equals(mode.name().toLowerCase(Locale.ROOT))
                        && f[2].equals(field(cpu))) {
                    last = Double.parseDouble(f[8]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // no history yet, or a file from elsewhere: no estimate from it
        }
        return last;
    }

    /** A CSV field: commas and quotes, which no case id has, become spaces. */
    private static String field(String s) {
        return s == null ? "" : s.replace(',', ' ').replace('"', ' ');
    }

    private static String num(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.4g", x);
    }
}
