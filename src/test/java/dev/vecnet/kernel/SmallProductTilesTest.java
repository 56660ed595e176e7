package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static float[] floats(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-2, 2);
        }
        return v;
    }

    private static double[] doubles(SplittableRandom r, int n) {
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
        FloatKernels f = Kernels.f32(Kernels.Provider.PANAMA), fs = Kernels.f32(Kernels.Provider.SCALAR);
        DoubleKernels d = Kernels.f64(Kernels.Provider.PANAMA), ds = Kernels.f64(Kernels.Provider.SCALAR);
        GemmPlan before = GemmPlans.current();
        boolean floatsBefore = PanamaFloatGemm.SMALL_PRODUCTS.ready(), doublesBefore = PanamaDoubleGemm.SMALL_PRODUCTS.ready();
        GemmPlans.use(GemmPlan.defaults(PanamaSpecies.REGISTERS), "test");
        SplittableRandom seeds = new SplittableRandom(SEED);
        try {
            for (int c = 0; c < 40; c++) {
                long seed = seeds.nextLong();
                SplittableRandom r = new SplittableRandom(seed);
                int m = 4 + r.nextInt(200), n = 1 + r.nextInt(r.nextBoolean() ? 12 : 60), k = 1 + r.nextInt(120);
                Transpose ta = r.nextBoolean() ? Transpose.NO : Transpose.YES, tb = r.nextBoolean() ? Transpose.NO : Transpose.YES;
                Activation act = Activation.values()[r.nextInt(Activation.values().length)];
                float alpha = new float[] {1, -0.75f}[r.nextInt(2)], beta = new float[] {0, 0.5f}[r.nextInt(2)];
                int lda = ta == Transpose.NO ? k : m, ldb = tb == Transpose.NO ? n : k, threads = 1 + r.nextInt(2);
                String what = "seed " + seed + ": " + ta + tb + " " + m + "x" + n + "x" + k + " " + act + " beta " + beta;
                float[] a = floats(r, m * k), b = floats(r, k * n), bias = floats(r, n), c0 = floats(r, m * n);
                float[] expected = c0.clone(), small = c0.clone(), tiles = c0.clone();
                fs.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, expected, 0, n, bias, 0, act, 1);
                PanamaFloatGemm.SMALL_PRODUCTS.switchTo(false);
                f.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, small, 0, n, bias, 0, act, threads);
                PanamaFloatGemm.SMALL_PRODUCTS.switchTo(true);
                f.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, tiles, 0, n, bias, 0, act, threads);
                for (int i = 0; i < expected.length; i++) {
                    if (Float.floatToIntBits(small[i]) != Float.floatToIntBits(expected[i])
                            || Float.floatToIntBits(tiles[i]) != Float.floatToIntBits(expected[i])) {
                        fail("float32 " + what + ": element " + i + " small path " + small[i] + ", tiles " + tiles[i]
                                + ", scalar " + expected[i]);
                    }
                }
                double[] ad = doubles(r, m * k), bd = doubles(r, k * n), biasd = doubles(r, n), cd = doubles(r, m * n);
                double[] expectedD = cd.clone(), smallD = cd.clone(), tilesD = cd.clone();
                ds.gemm(ta, tb, m, n, k, alpha, ad, 0, lda, bd, 0, ldb, beta, expectedD, 0, n, biasd, 0, act, 1);
                PanamaDoubleGemm.SMALL_PRODUCTS.switchTo(false);
                d.gemm(ta, tb, m, n, k, alpha, ad, 0, lda, bd, 0, ldb, beta, smallD, 0, n, biasd, 0, act, threads);
                PanamaDoubleGemm.SMALL_PRODUCTS.switchTo(true);
                d.gemm(ta, tb, m, n, k, alpha, ad, 0, lda, bd, 0, ldb, beta, tilesD, 0, n, biasd, 0, act, threads);
                for (int i = 0; i < expectedD.length; i++) {
                    assertEquals(Double.doubleToLongBits(expectedD[i]), Double.doubleToLongBits(smallD[i]), "float64 small path " + what);
                    assertEquals(Double.doubleToLongBits(expectedD[i]), Double.doubleToLongBits(tilesD[i]), "float64 tiles " + what);
                }
            }
        } finally {
            PanamaFloatGemm.SMALL_PRODUCTS.switchTo(floatsBefore);
            PanamaDoubleGemm.SMALL_PRODUCTS.switchTo(doublesBefore);
            GemmPlans.use(before, "restored after a test");
        }
    }
}
