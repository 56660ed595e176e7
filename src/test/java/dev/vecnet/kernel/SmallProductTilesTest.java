package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The move of the small products from the GEMM's small path to its tiles: the same bits on either
 * side of it, in both precisions; the warm-up switches where the tiles win and only there, and starts
 * after {@link SmallProductTiles#WARM_AFTER} small products. The warm-up's decisions are tested on
 * stand-ins whose "paths" sleep for set times, so no test depends on the machine's speed; whether
 * the real tiles win once compiled is the GEMM benchmark's question.
 */
class SmallProductTilesTest {
    private static final long SEED = Long.getLong("vecnet.test.seed", 0x5A11L);

    /** A stand-in whose tiles and small path take these many milliseconds a round. */
    private static SmallProductTiles sleeping(long tilesMillis, long smallMillis, long patienceMillis) {
        return new SmallProductTiles("test", patienceMillis * 1_000_000L) {
            @Override
            void products(boolean tiles) {
                try {
                    Thread.sleep(tiles ? tilesMillis : smallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static void awaitFinished(SmallProductTiles t) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!t.finished() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(t.finished(), "the warm-up ends");
    }

    @Test
    void theWarmUpSwitchesWhereTheTilesWin() throws InterruptedException {
        SmallProductTiles faster = sleeping(1, 6, 10_000);
        assertTrue(faster.small(1000), "cold: the small path");
        faster.start();
        awaitFinished(faster);
        assertTrue(faster.ready());
        assertFalse(faster.small(1000), "warm: the tiles");
        assertTrue(faster.small(GemmPlan.DEFAULT_SMALL_WORK + 1), "a larger product the plan gives the small path keeps it");
        SmallProductTiles.suspended = true;
        try {
            assertTrue(faster.small(1000), "while the tuner measures, the plan as it is");
        } finally {
            SmallProductTiles.suspended = false;
        }
    }

    @Test
    void whereTheSmallPathWinsNothingSwitches() throws InterruptedException {
        SmallProductTiles slower = sleeping(6, 1, 300);
        slower.start();
        awaitFinished(slower);
        assertFalse(slower.ready());
        assertTrue(slower.small(1000));
    }

    @Test
    void theWarmUpStartsAfterSoManySmallProducts() throws InterruptedException {
        SmallProductTiles t = sleeping(0, 2, 10_000);
        for (int i = 1; i < SmallProductTiles.WARM_AFTER; i++) {
            t.small(1000);
            t.small(GemmPlan.DEFAULT_SMALL_WORK + 1); // not a small product: not counted
        }
        Thread.sleep(50);
        assertFalse(t.finished() || t.ready(), "not started before " + SmallProductTiles.WARM_AFTER);
        t.small(1000);
        awaitFinished(t);
        assertTrue(t.ready());
    }

    private static double[] values(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-2, 2);
        }
        return v;
    }

    /** Small products, both precisions, on the small path and on the tiles: the scalar kernels' bits each time. */
    @Test
    void theSwitchChangesNoBit() {
        assumeTrue(Kernels.panamaUnavailableReason() == null, "SIMD kernels");
        Precision[] simd = {new Precision.F32(Kernels.f32(Kernels.Provider.PANAMA)), new Precision.F64(Kernels.f64(Kernels.Provider.PANAMA))};
        Precision[] scalar = {new Precision.F32(Kernels.f32(Kernels.Provider.SCALAR)), new Precision.F64(Kernels.f64(Kernels.Provider.SCALAR))};
        SmallProductTiles[] switches = {PanamaFloatGemm.SMALL_PRODUCTS, PanamaDoubleGemm.SMALL_PRODUCTS};
        boolean[] before = {switches[0].ready(), switches[1].ready()};
        GemmPlan plan = GemmPlans.current();
        GemmPlans.use(GemmPlan.defaults(PanamaSpecies.REGISTERS), "test");
        SplittableRandom seeds = new SplittableRandom(SEED);
        try {
            for (int c = 0; c < 80; c++) {
                long seed = seeds.nextLong();
                SplittableRandom r = new SplittableRandom(seed);
                int pi = c % 2;
                int m = 4 + r.nextInt(200), n = 1 + r.nextInt(r.nextBoolean() ? 12 : 60), k = 1 + r.nextInt(120);
                Transpose ta = r.nextBoolean() ? Transpose.NO : Transpose.YES, tb = r.nextBoolean() ? Transpose.NO : Transpose.YES;
                Activation act = Activation.values()[r.nextInt(Activation.values().length)];
                double alpha = new double[] {1, -0.75}[r.nextInt(2)], beta = new double[] {0, 0.5}[r.nextInt(2)];
                int lda = ta == Transpose.NO ? k : m, ldb = tb == Transpose.NO ? n : k, threads = 1 + r.nextInt(2);
                Precision p = simd[pi];
                double[] a = p.round(values(r, m * k)), b = p.round(values(r, k * n)), bias = p.round(values(r, n));
                double[] c0 = p.round(values(r, m * n)), expected = c0.clone(), small = c0.clone(), tiles = c0.clone();
                scalar[pi].gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, expected, 0, n, bias, 0, act, 1);
                switches[pi].switchTo(false);
                p.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, small, 0, n, bias, 0, act, threads);
                switches[pi].switchTo(true);
                p.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, tiles, 0, n, bias, 0, act, threads);
                for (int i = 0; i < expected.length; i++) {
                    if (Double.doubleToLongBits(small[i]) != Double.doubleToLongBits(expected[i])
                            || Double.doubleToLongBits(tiles[i]) != Double.doubleToLongBits(expected[i])) {
                        fail(p.name() + " seed " + seed + ": " + ta + tb + " " + m + "x" + n + "x" + k + " " + act + " beta "
                                + beta + ": element " + i + " small path " + small[i] + ", tiles " + tiles[i] + ", scalar " + expected[i]);
                    }
                }
            }
        } finally {
            switches[0].switchTo(before[0]);
            switches[1].switchTo(before[1]);
            GemmPlans.use(plan, "restored after a test");
        }
    }
}
