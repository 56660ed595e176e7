package dev.vecnet.jmh.rounds;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paired measurement in one JVM: for each case of the spec, its contestants (vecnet and its peers, as
 * JMH benchmark methods of this module) are set up, warmed up by turns, then timed by turns in rounds of
 * equal slices, the first to run rotating from round to round, so that a slow spell of a shared machine
 * falls on all of them and each round gives every engine's figure under the same weather (an engine
 * whose single call outlasts four slices, a slow peer on a large product, is timed in three rounds
 * only). Prints one
 * {@code RESULT} line of JSON per case: each contestant's seconds per operation in every round (and,
 * for per-call benchmarks, each round's 50th and 99th percentile of single calls), and the bytes it
 * allocated per operation over all threads.
 *
 * <pre>RoundsMain SPEC.json</pre>
 * SPEC: {"cases": [{"id", "warmupMillis", "rounds", "sliceMillis", "contestants": [{"label", "class",
 * "method", "params": {...}}]}]}
 */
public final class RoundsMain {
    /** Calls are timed in chunks of at least this long, so the clock's own cost stays below 1 %. */
    private static final long CHUNK_NANOS = 10_000;
    private static final int MAX_SAMPLES = 1 << 18;
    private static final int FIRST_CASE_WARMUP = 3;
    /** An engine whose call takes longer than this many slices is timed in {@link #SLOW_ROUNDS} rounds only. */
    private static final int SLOW_CALL_SLICES = 4, SLOW_ROUNDS = 3;

    private RoundsMain() {}

    public static void main(String[] args) throws Exception {
        JsonObject spec = JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonObject();
        boolean first = true;
        for (JsonElement e : spec.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            // the JVM's first case also waits out the compilation of what every case shares
            long warmup = c.get("warmupMillis").getAsLong() * 1_000_000 * (first ? FIRST_CASE_WARMUP : 1);
            first = false;
            long slice = c.get("sliceMillis").getAsLong() * 1_000_000;
            JsonObject result = runCase(c, warmup, slice, c.get("rounds").getAsInt());
            System.out.println("RESULT " + result);
            System.out.flush();
        }
    }

    /** Per contestant, what it measured. */
    private static final class Tally {
        final Contestant c;
        final double[] seconds, p50, p99;
        long allocated, ops, nanosPerCall;
        int rounds;
        String error;

        Tally(Contestant c, int rounds) {
            this.c = c;
            seconds = new double[rounds];
            p50 = new double[rounds];
            p99 = new double[rounds];
        }
    }

    private static JsonObject runCase(JsonObject spec, long warmup, long slice, int rounds) {
        JsonObject out = new JsonObject();
        out.addProperty("id", spec.get("id").getAsString());
        JsonArray results = new JsonArray();
        out.add("contestants", results);
        Map<String, Object> states = new LinkedHashMap<>();
        List<Tally> live = new ArrayList<>();
        List<Tally> all = new ArrayList<>();
        try {
            for (JsonElement e : spec.getAsJsonArray("contestants")) {
                JsonObject o = e.getAsJsonObject();
                Map<String, String> params = new LinkedHashMap<>();
                o.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
                String label = o.get("label").getAsString();
                try {
                    Tally t = new Tally(Contestant.of(label, o.get("class").getAsString(), o.get("method").getAsString(),
                            params, states), rounds);
                    live.add(t);
                    all.add(t);
                } catch (Throwable x) {
                    JsonObject r = new JsonObject();
                    r.addProperty("label", label);
                    r.addProperty("error", "set-up failed: " + describe(x));
                    results.add(r);
                }
            }
            long[] samples = new long[MAX_SAMPLES];
            // warm-up by turns, until each has run its share and at least twice
            long[] warmed = new long[live.size()];
            for (boolean more = true; more; ) {
                more = false;
                for (int i = 0; i < live.size(); i++) {
                    Tally t = live.get(i);
                    if (t.error == null && warmed[i] < warmup) {
                        long t0 = System.nanoTime();
                        int calls = 0;
                        long bits = 0;
                        try {
                            do {
                                bits ^= t.c.call();
                                calls++;
                            } while (System.nanoTime() - t0 < Math.min(slice, warmup) || calls < 2);
                            Contestant.consume(bits);
                        } catch (Throwable x) {
                            t.error = describe(x);
                        }
                        long spent = System.nanoTime() - t0;
                        warmed[i] += spent;
                        t.nanosPerCall = spent / Math.max(calls, 1);
                        more |= warmed[i] < warmup;
                    }
                }
            }
            for (Tally t : live) { // an engine whose single call outlasts several slices gets fewer rounds
                t.rounds = t.nanosPerCall > SLOW_CALL_SLICES * slice ? Math.min(rounds, SLOW_ROUNDS) : rounds;
            }
            for (int r = 0; r < rounds; r++) {
                for (int j = 0; j < live.size(); j++) {
                    Tally t = live.get((r + j) % live.size());
                    if (t.error == null && r < t.rounds) {
                        measure(t, r, slice, samples);
                    }
                }
            }
        } finally {
            Contestant.tearDown(states);
        }
        for (Tally t : all) {
            JsonObject r = new JsonObject();
            r.addProperty("label", t.c.label);
            if (t.error != null) {
                r.addProperty("error", t.error);
            } else {
                r.add("seconds", array(Arrays.copyOf(t.seconds, t.rounds)));
                if (t.c.perCall) {
                    r.add("p50", array(Arrays.copyOf(t.p50, t.rounds)));
                    r.add("p99", array(Arrays.copyOf(t.p99, t.rounds)));
                }
                r.addProperty("alloc_bytes_per_op", (double) t.allocated / t.ops);
                r.addProperty("operations", t.ops);
            }
            results.add(r);
        }
        return out;
    }

    /** One round's slice of one contestant. */
    private static void measure(Tally t, int round, long slice, long[] samples) {
        Contestant c = t.c;
        int chunk = c.perCall ? 1 : (int) Math.max(1, Math.min(1 << 20, CHUNK_NANOS / Math.max(t.nanosPerCall, 1)));
        long before = allocatedBytes();
        long calls = 0, busy = 0, bits = 0;
        int n = 0;
        try {
            long start = System.nanoTime();
            do {
                long t0 = System.nanoTime();
                for (int i = 0; i < chunk; i++) {
                    bits ^= c.call();
                }
                long d = System.nanoTime() - t0;
                busy += d;
                calls += chunk;
                if (c.perCall && n < samples.length) {
                    samples[n++] = d;
                }
            } while (System.nanoTime() - start < slice);
            Contestant.consume(bits);
        } catch (Throwable x) {
            t.error = describe(x);
            return;
        }
        // a thread that ended since takes its bytes along: never below zero
        t.allocated += Math.max(allocatedBytes() - before - READING_BYTES, 0);
        t.ops += calls * c.opsPerCall;
        t.seconds[round] = busy / 1e9 / (calls * c.opsPerCall);
        if (c.perCall) {
            long[] s = Arrays.copyOf(samples, n);
            Arrays.sort(s);
            t.p50[round] = s[(int) Math.min(n - 1, Math.round(0.50 * (n - 1)))] / 1e9 / c.opsPerCall;
            t.p99[round] = s[(int) Math.min(n - 1, Math.round(0.99 * (n - 1)))] / 1e9 / c.opsPerCall;
        }
    }

    /** What one reading of {@link #allocatedBytes()} allocates itself (its arrays), taken off every slice's count. */
    private static final long READING_BYTES = readingBytes();

    private static long readingBytes() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long a = allocatedBytes();
            least = Math.min(least, allocatedBytes() - a);
        }
        return least;
    }

    /** Bytes allocated so far by every live thread (the kernels' worker threads too). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(b, 0);
        }
        return sum;
    }

    private static JsonArray array(double[] v) {
        JsonArray a = new JsonArray();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    private static String describe(Throwable x) {
        return x.getClass().getSimpleName() + ": " + x.getMessage();
    }
}
