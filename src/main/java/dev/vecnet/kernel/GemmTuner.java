package dev.vecnet.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Measures the GEMM's candidates on this machine and returns the fastest plan: the packed tile of each
 * precision (on a large product and a hidden layer's), the small path's bound (on the network's
 * products), then the split over two threads (on a large product). A candidate replaces the default
 * only when clearly faster ({@link #MARGIN}). Candidates run in alternation, several rounds, the best time of each
 * kept, so a noisy neighbour slows them alike. Each candidate first runs on a small product, then on
 * the product itself, until C2 has compiled its paths (Vector API code is hundreds of times slower
 * before). Every candidate computes the
 * same bits: the tuner checks that too, against the first candidate's result, and fails on a difference.
 */
final class GemmTuner {
    /** Products that decide the tile: a large square one and a hidden layer's (batch 256, 784 in, 128 out). */
    static final int[][] TILE_SHAPES = {{512, 512, 512, 0, 0}, {256, 128, 784, 0, 0}};
    /** Products that decide the small path: the network's (784-50-10, batch 100), forward and backward (1: transposed). */
    static final int[][] SMALL_SHAPES = {{100, 50, 784, 0, 0}, {784, 50, 100, 1, 0}, {100, 10, 50, 0, 0},
        {100, 50, 10, 0, 1}, {50, 10, 100, 1, 0}};
    /** Small-path bounds tried: off, the network's 10-wide products, and its 784-wide ones too. */
    static final long[] SMALL_WORK = {0, 100 * 50 * 10, 100 * 784 * 50};
    /** A candidate replaces the default only when this much faster: closer than that is noise on a shared machine. */
    static final double MARGIN = 0.97;
    static final int ROUNDS = 5;
    static final long WARM_NANOS = 400_000_000L;
    /** A timed sample is this long (as many calls as fit): a single call of a microsecond product is mostly noise. */
    static final long SAMPLE_NANOS = 3_000_000L;

    private GemmTuner() {}

    /** Tunes the plan (the caller stores it); {@code report} (may be null) gets one line per measurement. */
    static GemmPlan tune(Consumer<String> report) {
        Consumer<String> out = report != null ? report : s -> { };
        GemmPlan start = GemmPlans.current();
        String startOrigin = GemmPlans.origin();
        try {
            List<GemmTile> tiles = GemmTile.candidates(PanamaSpecies.REGISTERS);
            GemmTile f32 = fastestTile(tiles, false, start, out);
            GemmTile f64 = fastestTile(tiles, true, start, out);
            GemmPlan plan = new GemmPlan(f32, f64, GemmPlan.Split.ROWS, 0);
            plan = new GemmPlan(f32, f64, plan.split(), fastestSmallWork(plan, out));
            if (Runtime.getRuntime().availableProcessors() >= 2) {
                plan = new GemmPlan(f32, f64, fastestSplit(plan, out), plan.smallWork());
            }
            return plan;
        } finally {
            GemmPlans.use(start, startOrigin);
        }
    }

    private static GemmTile fastestTile(List<GemmTile> tiles, boolean f64, GemmPlan base, Consumer<String> out) {
        List<GemmPlan> plans = new ArrayList<>();
        for (GemmTile t : tiles) {
            plans.add(f64 ? new GemmPlan(base.float32Tile(), t, base.split(), base.smallWork())
                    : new GemmPlan(t, base.float64Tile(), base.split(), base.smallWork()));
        }
        double[] score = measure(plans, TILE_SHAPES, 1, f64);
        for (int i = 0; i < tiles.size(); i++) {
            out.accept(String.format(Locale.ROOT, "  %s tile %-5s %7.3f ms", f64 ? "float64" : "float32",
                    tiles.get(i).label(), score[i] * 1e3));
        }
        GemmPlan defaults = GemmPlan.defaults(PanamaSpecies.REGISTERS);
        return tiles.get(best(score, tiles.indexOf(f64 ? defaults.float64Tile() : defaults.float32Tile())));
    }

    private static GemmPlan.Split fastestSplit(GemmPlan base, Consumer<String> out) {
        GemmPlan.Split[] splits = GemmPlan.Split.values();
        List<GemmPlan> plans = new ArrayList<>();
        for (GemmPlan.Split s : splits) {
            plans.add(new GemmPlan(base.float32Tile(), base.float64Tile(), s, base.smallWork()));
        }
        double[] score = measure(plans, new int[][] {{768, 768, 768, 0, 0}}, 2, false);
        for (int i = 0; i < splits.length; i++) {
            out.accept(String.format(Locale.ROOT, "  2 threads by %-7s %7.3f ms", splits[i].name().toLowerCase(Locale.ROOT),
                    score[i] * 1e3));
        }
        return splits[best(score, 0)];
    }

    private static long fastestSmallWork(GemmPlan base, Consumer<String> out) {
        List<GemmPlan> plans = new ArrayList<>();
        for (long w : SMALL_WORK) {
            plans.add(new GemmPlan(base.float32Tile(), base.float64Tile(), base.split(), w));
        }
        double[] score = measure(plans, SMALL_SHAPES, 1, false);
        for (int i = 0; i < SMALL_WORK.length; i++) {
            out.accept(String.format(Locale.ROOT, "  small path up to %-8d %7.3f us (geometric mean of the network's products)",
                    SMALL_WORK[i], score[i] * 1e6));
        }
        return SMALL_WORK[best(score, 0)];
    }

    /** The fastest candidate, if it beats the default one by {@link #MARGIN}; else the default. */
    private static int best(double[] score, int byDefault) {
        int best = byDefault;
        for (int i = 0; i < score.length; i++) {
            best = score[i] < score[best] ? i : best;
        }
        return score[best] < MARGIN * score[byDefault] ? best : byDefault;
    }

    /** Per plan, the geometric mean over the shapes of its best time (seconds). */
    private static double[] measure(List<GemmPlan> plans, int[][] shapes, int threads, boolean f64) {
        SplittableRandom r = new SplittableRandom(7);
        double[] logSum = new double[plans.size()];
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            Operands o = new Operands(m, n, k, s[3] == 1, s[4] == 1, f64, r);
            double[] best = new double[plans.size()];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            Object reference = null;
            for (int i = 0; i < plans.size(); i++) { // warm each candidate: small products until compiled, then this one
                GemmPlans.use(plans.get(i), "tuning");
                Operands small = new Operands(Math.min(m, 64), Math.min(n, 128), Math.min(k, 128), s[3] == 1, s[4] == 1, f64, r);
                long until = System.nanoTime() + WARM_NANOS;
                while (System.nanoTime() < until) {
                    small.run(threads);
                }
                until = System.nanoTime() + WARM_NANOS; // then the product itself: its own paths compiled too
                do {
                    o.run(threads);
                } while (System.nanoTime() < until);
                Object result = o.result();
                if (reference == null) {
                    reference = result;
                } else if (!o.same(reference)) {
                    throw new IllegalStateException("GEMM plan " + plans.get(i).describe() + " computed other bits than "
                            + plans.get(0).describe() + " on " + m + "x" + n + "x" + k + ": a kernel breaks the reference order");
                }
            }
            long t = System.nanoTime();
            o.run(threads);
            int calls = (int) Math.max(1, Math.min(100_000, SAMPLE_NANOS / Math.max(1, System.nanoTime() - t)));
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < plans.size(); i++) {
                    GemmPlans.use(plans.get(i), "tuning");
                    long t0 = System.nanoTime();
                    for (int call = 0; call < calls; call++) {
                        o.run(threads);
                    }
                    best[i] = Math.min(best[i], (System.nanoTime() - t0) / 1e9 / calls);
                }
            }
            for (int i = 0; i < plans.size(); i++) {
                logSum[i] += Math.log(best[i]);
            }
        }
        double[] score = new double[plans.size()];
        for (int i = 0; i < score.length; i++) {
            score[i] = Math.exp(logSum[i] / shapes.length);
        }
        return score;
    }

    /** One product's operands in one precision. */
    private static final class Operands {
        final int m, n, k;
        final Transpose ta, tb;
        final float[] af, bf, cf;
        final double[] ad, bd, cd;

        Operands(int m, int n, int k, boolean transposeA, boolean transposeB, boolean f64, SplittableRandom r) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.ta = transposeA ? Transpose.YES : Transpose.NO;
            this.tb = transposeB ? Transpose.YES : Transpose.NO;
            if (f64) {
                ad = r.doubles(m * k, -1, 1).toArray();
                bd = r.doubles(k * n, -1, 1).toArray();
                cd = new double[m * n];
                af = bf = cf = null;
            } else {
                af = floats(r, m * k);
                bf = floats(r, k * n);
                cf = new float[m * n];
                ad = bd = cd = null;
            }
        }

        private static float[] floats(SplittableRandom r, int len) {
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
                v[i] = (float) r.nextDouble(-1, 1);
            }
            return v;
        }

        void run(int threads) {
            if (af != null) {
                PanamaFloatGemm.gemm(ta, tb, m, n, k, 1f, af, 0, ta == Transpose.NO ? k : m, bf, 0, tb == Transpose.NO ? n : k,
                        0f, cf, 0, n, null, 0, Activation.NONE, threads);
            } else {
                PanamaDoubleGemm.gemm(ta, tb, m, n, k, 1, ad, 0, ta == Transpose.NO ? k : m, bd, 0, tb == Transpose.NO ? n : k,
                        0, cd, 0, n, null, 0, Activation.NONE, threads);
            }
        }

        Object result() {
            return af != null ? cf.clone() : cd.clone();
        }

        boolean same(Object reference) {
            return af != null ? java.util.Arrays.equals(cf, (float[]) reference) : java.util.Arrays.equals(cd, (double[]) reference);
        }
    }
}
