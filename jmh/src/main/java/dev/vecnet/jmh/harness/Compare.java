package dev.vecnet.jmh.harness;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vecnet bench --compare A B}: two reports' verdict ratios side by side, and which moved beyond
 * their spread: B's median outside A's spread and A's median outside B's. What a developer runs before
 * and after a change (on the same machine: the ratios are to peers of the same run, so they carry
 * better than times, but a CPU's own balance still differs).
 */
final class Compare {
    private Compare() {}

    record Row(String key, double ratio, double low, double high, int rounds, String status) {}

    static int run(Path a, Path b) throws IOException {
        JsonObject ra = JsonParser.parseString(Files.readString(a)).getAsJsonObject();
        JsonObject rb = JsonParser.parseString(Files.readString(b)).getAsJsonObject();
        Map<String, Row> va = verdicts(ra), vb = verdicts(rb);
        System.out.printf(Locale.ROOT, "A: %s (%s, %s)%nB: %s (%s, %s)%n", a, cpu(ra), ra.get("mode").getAsString(), b, cpu(rb),
                rb.get("mode").getAsString());
        if (!cpu(ra).equals(cpu(rb))) {
            System.out.println("note: the two reports come from different CPUs");
        }
        List<String[]> rows = new ArrayList<>();
        int moved = 0;
        for (Map.Entry<String, Row> e : va.entrySet()) {
            Row x = e.getValue(), y = vb.get(e.getKey());
            if (y == null || Double.isNaN(x.ratio()) || Double.isNaN(y.ratio())) {
                continue;
            }
            String what;
            if (y.ratio() > x.high() && x.ratio() < y.low()) {
                what = "up";
                moved++;
            } else if (y.ratio() < x.low() && x.ratio() > y.high()) {
                what = "DOWN";
                moved++;
            } else {
                what = "within spread";
            }
            rows.add(new String[] {e.getKey(), show(x), show(y), String.format(Locale.ROOT, "%+.1f %%",
                100 * (y.ratio() / x.ratio() - 1)), what, x.status() + " → " + y.status()});
        }
        System.out.print(Report.table(new String[] {"target", "A: ratio, spread (rounds)", "B: ratio, spread (rounds)",
            "B vs A", "moved", "verdict"}, rows, false));
        System.out.printf(Locale.ROOT, "%d of %d targets moved beyond their spread%n", moved, rows.size());
        return 0;
    }

    private static String cpu(JsonObject report) {
        JsonObject m = report.getAsJsonObject("machine");
        return m != null && m.has("CPU") ? m.get("CPU").getAsString() : "?";
    }

    private static String show(Row r) {
        return String.format(Locale.ROOT, "%.2fx %.2f–%.2f (%d)", r.ratio(), r.low(), r.high(), r.rounds());
    }

    private static Map<String, Row> verdicts(JsonObject report) {
        Map<String, Row> out = new LinkedHashMap<>();
        for (JsonElement e : report.getAsJsonArray("verdicts")) {
            JsonObject v = e.getAsJsonObject();
            JsonObject t = v.getAsJsonObject("target");
            String key = t.get("caseId").getAsString() + (t.get("metric").getAsString().equals("value") ? ""
                    : " " + t.get("metric").getAsString()) + " vs " + Report.peerName(t.get("peer").getAsString());
            out.put(key, new Row(key, num(v, "ratio"), num(v, "low"), num(v, "high"),
                    v.has("rounds") ? v.get("rounds").getAsInt() : 0, v.get("status").getAsString().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static double num(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return Double.NaN;
        }
        try {
            return e.getAsDouble();
        } catch (NumberFormatException x) { // "NaN" as a string
            return Double.NaN;
        }
    }
}
