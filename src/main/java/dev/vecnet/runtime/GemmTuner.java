package dev.vecnet.runtime;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.gemm.GemmBlocking;
import dev.vecnet.kernel.gemm.GemmPlan;
import dev.vecnet.kernel.gemm.GemmPlans;
import dev.vecnet.kernel.gemm.GemmTile;
import dev.vecnet.kernel.gemm.PanamaDoubleGemm;
import dev.vecnet.kernel.gemm.PanamaFloatGemm;
import dev.vecnet.kernel.simd.PanamaSpecies;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * Measures the GEMM's candidates on this machine and returns the fastest plan: the packed tile of each
 * precision (on a large product and a hidden layer's), the cache blocking of each (on 1024³), the small path's bound (on a layer's
 * products), then the split over two threads (on a large product). A candidate replaces the default
 * only when clearly faster ({@link #MARGIN}). Candidates run in alternation, several rounds, the best time of each
 * kept, so a noisy neighbour slows them alike. Each candidate first runs on a small product, then on
 * the product itself, until C2 has compiled its paths (Vector API code is hundreds of times slower
 * before). Every candidate computes the
 * same bits: the tuner checks that too, against the first candidate's result, and fails on a difference.
 */
public final class GemmTuner {
    /** Products that decide the tile: a large square one and a wide layer's (batch 256, 768 in, 128 out). */
    static final int[][] TILE_SHAPES = {{512, 512, 512, 0, 0}, {256, 128, 768, 0, 0}};
    /**
     * Products that decide the small path: a layer of 768 inputs, 64 units and 16 outputs in batches of
     * 128, forward and backward ({m, n, k, transposeA, transposeB}, 1: transposed).
     */
    static final int[][] SMALL_SHAPES = {{128, 64, 768, 0, 0}, {768, 64, 128, 1, 0}, {128, 16, 64, 0, 0},
        {128, 64, 16, 0, 1}, {64, 16, 128, 1, 0}};
    /**
     * Small-path bounds tried: off, the narrow products of one batch, and of batches up to eight times
     * larger (the default), and the wide ones too. Measured warm: the default's reason, the compile
     * time a fresh JVM saves, is not in these figures.
     */
    static final long[] SMALL_WORK = {0, 128 * 64 * 16, GemmPlan.DEFAULT_SMALL_WORK, 128 * 768 * 64};
    /** The product that decides the blocking: one large enough to need several blocks of each kind. */
    static final int[][] BLOCKING_SHAPES = {{1024, 1024, 1024, 0, 0}};
    /** The product that decides the split over two threads. */
    static final int[][] SPLIT_SHAPES = {{768, 768, 768, 0, 0}};
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
        GemmPlan start = GemmPlans.current(), defaults = GemmPlan.defaults(PanamaSpecies.REGISTERS);
        String startOrigin = GemmPlans.origin();
        suspendSmallProducts(true); // every candidate measured as its plan says
        try {
            List<GemmTile> tiles = GemmTile.candidates(PanamaSpecies.REGISTERS);
            GemmTile f32 = fastest("float32 tile ", tiles, GemmTile::label, defaults.float32Tile(),
                    t -> new GemmPlan(t, start.float64Tile(), start.split(), start.smallWork()), TILE_SHAPES, 1, false, out);
            GemmTile f64 = fastest("float64 tile ", tiles, GemmTile::label, defaults.float64Tile(),
                    t -> new GemmPlan(f32, t, start.split(), start.smallWork()), TILE_SHAPES, 1, true, out);
            GemmBlocking b32 = fastest("float32 blocks ", blockings(defaults.float32Blocking()), GemmBlocking::label,
                    defaults.float32Blocking(), b -> new GemmPlan(f32, f64, b, defaults.float64Blocking(), start.split(),
                            start.smallWork()), BLOCKING_SHAPES, 1, false, out);
            GemmBlocking b64 = fastest("float64 blocks ", blockings(defaults.float64Blocking()), GemmBlocking::label,
                    defaults.float64Blocking(), b -> new GemmPlan(f32, f64, b32, b, start.split(), start.smallWork()),
                    BLOCKING_SHAPES, 1, true, out);
            long small = fastest("small path up to ", LongStream.of(SMALL_WORK).boxed().toList(), w -> w + " multiply-adds",
                    defaults.smallWork(), w -> new GemmPlan(f32, f64, b32, b64, defaults.split(), w), SMALL_SHAPES, 1, false, out);
            GemmPlan.Split split = Runtime.getRuntime().availableProcessors() < 2 ? defaults.split()
                    : fastest("2 threads by ", List.of(GemmPlan.Split.values()), v -> v.name().toLowerCase(Locale.ROOT),
                            defaults.split(), v -> new GemmPlan(f32, f64, b32, b64, v, small), SPLIT_SHAPES, 2, false, out);
            return new GemmPlan(f32, f64, b32, b64, split, small);
        } finally {
            GemmPlans.use(start, startOrigin);
            suspendSmallProducts(false);
        }
    }

    /**
     * The blockings tried: the caches' default, B's block twice as wide, A's twice as tall, and half
     * the k per block with A's block twice as tall (the same packed bytes).
     */
    static List<GemmBlocking> blockings(GemmBlocking d) {
        java.util.LinkedHashSet<GemmBlocking> c = new java.util.LinkedHashSet<>();
        c.add(d);
        c.add(new GemmBlocking(d.kc(), d.mc(), Math.min(GemmBlocking.MAX_BLOCK, 2 * d.nc())));
        c.add(new GemmBlocking(d.kc(), Math.min(GemmBlocking.MAX_BLOCK, 2 * d.mc()), d.nc()));
        c.add(new GemmBlocking(Math.max(16, d.kc() / 2), Math.min(GemmBlocking.MAX_BLOCK, 2 * d.mc()), d.nc()));
        return List.copyOf(c);
    }

    private static void suspendSmallProducts(boolean on) {
        PanamaFloatGemm.SMALL_PRODUCTS.suspend(on);
        PanamaDoubleGemm.SMALL_PRODUCTS.suspend(on);
    }

    /** The candidate whose plan runs the shapes fastest (geometric mean), reported a line each; see {@link #best}. */
    private static <T> T fastest(String what, List<T> candidates, Function<T, String> label, T byDefault,
                                 Function<T, GemmPlan> planOf, int[][] shapes, int threads, boolean f64, Consumer<String> out) {
        double[] score = measure(candidates.stream().map(planOf).toList(), shapes, threads, f64);
        for (int i = 0; i < candidates.size(); i++) {
            out.accept(String.format(Locale.ROOT, "  %-36s %10.2f us", what + label.apply(candidates.get(i)), score[i] * 1e6));
        }
        return candidates.get(best(score, candidates.indexOf(byDefault)));
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
            for (int i = 0; i < plans.size(); i++) { // warm each candidate, and check it gives the first one's bits
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
