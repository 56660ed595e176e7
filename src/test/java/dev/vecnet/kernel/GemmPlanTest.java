package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vecnet.kernel.gemm.GemmBlocking;
import dev.vecnet.kernel.gemm.GemmPlan;
import dev.vecnet.kernel.gemm.GemmPlans;
import dev.vecnet.kernel.gemm.GemmTile;
import dev.vecnet.kernel.gemm.PanamaDoubleGemm;
import dev.vecnet.kernel.gemm.PanamaFloatGemm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A GEMM plan changes speed only: every candidate tile (of either register file), thread split and
 * small-path bound gives the scalar kernels' bits on random shapes, transposes, alpha, beta, bias,
 * activations and thread counts, both precisions, at this run's vector width (the build runs it at
 * 128, 256 and 512 bits). Seeds are printed on failure. Plans read back what they wrote.
 */
class GemmPlanTest {
    private static final long SEED = Long.getLong("vecnet.test.seed", 0x91A7L);
    private static final int CASES = 12;
    private GemmPlan before;

    @AfterEach
    void restore() {
        if (before != null) {
            GemmPlans.use(before, "restored after a test");
        }
    }

    /**
     * Every tile with each split, the small path bound at none, the network's products, and everything,
     * and blockings from the caches' to ones so small that every product crosses many blocks of each kind.
     */
    private static List<GemmPlan> plans() {
        List<GemmPlan> plans = new ArrayList<>();
        GemmTile[] tiles = GemmTile.values();
        GemmBlocking[] blockings = {GemmPlan.defaultBlocking(4), new GemmBlocking(16, 1, 1), new GemmBlocking(64, 24, 96),
            new GemmBlocking(2048, 512, 2048)};
        for (int i = 0; i < tiles.length; i++) {
            for (GemmPlan.Split split : GemmPlan.Split.values()) {
                long small = new long[] {0, 100 * 784 * 50, Long.MAX_VALUE}[(i + split.ordinal()) % 3];
                GemmBlocking b = blockings[(i + 2 * split.ordinal()) % blockings.length];
                plans.add(new GemmPlan(tiles[i], tiles[tiles.length - 1 - i], b, blockings[(i + 1) % blockings.length], split, small));
            }
        }
        return plans;
    }

    private static void assertSameBits(String what, long seed, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                fail(what + " (seed " + seed + "): element " + i + " is " + actual[i] + ", the scalar kernels give " + expected[i]);
            }
        }
    }

    private static double[] values(SplittableRandom r, int size, double zeros) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextDouble() < zeros ? 0 : r.nextDouble(-2, 2);
        }
        return x;
    }

    @Test
    void everyPlanGivesTheScalarBits() {
        assumeTrue(Kernels.panamaUnavailableReason() == null, "SIMD kernels to plan for");
        Precision[] simd = {new Precision.F32(Kernels.f32(Kernels.Provider.PANAMA)), new Precision.F64(Kernels.f64(Kernels.Provider.PANAMA))};
        Precision[] scalar = {new Precision.F32(Kernels.f32(Kernels.Provider.SCALAR)), new Precision.F64(Kernels.f64(Kernels.Provider.SCALAR))};
        before = GemmPlans.current();
        SplittableRandom seeds = new SplittableRandom(SEED);
        // each plan as it is, small path included, whatever the JVM's small products run on
        PanamaFloatGemm.SMALL_PRODUCTS.suspend(true);
        PanamaDoubleGemm.SMALL_PRODUCTS.suspend(true);
        try {
            everyPlan(simd, scalar, seeds);
        } finally {
            PanamaFloatGemm.SMALL_PRODUCTS.suspend(false);
            PanamaDoubleGemm.SMALL_PRODUCTS.suspend(false);
        }
    }

    private void everyPlan(Precision[] simd, Precision[] scalar, SplittableRandom seeds) {
        for (GemmPlan plan : plans()) {
            GemmPlans.use(plan, "test");
            for (int c = 0; c < CASES; c++) {
                long seed = seeds.nextLong();
                SplittableRandom r = new SplittableRandom(seed);
                int m = r.nextInt(5) == 0 ? 1 + r.nextInt(4) : 4 + r.nextInt(150);
                int n = 1 + r.nextInt(r.nextBoolean() ? 20 : 260); // wide C packs A: the plan's tile
                int k = r.nextInt(6) == 0 ? 1000 + r.nextInt(300) : 1 + r.nextInt(200); // some cross KC
                Transpose ta = r.nextBoolean() ? Transpose.NO : Transpose.YES;
                Transpose tb = r.nextBoolean() ? Transpose.NO : Transpose.YES;
                double alpha = new double[] {1, -0.75, 2.5}[r.nextInt(3)];
                double beta = new double[] {0, 1, 0.5}[r.nextInt(3)];
                Activation act = Reference.activations()[r.nextInt(Reference.activations().length)];
                int threads = 1 + r.nextInt(2);
                int pi = r.nextInt(2);
                Precision p = simd[pi], s = scalar[pi];
                double[] a = p.round(values(r, m * k, r.nextDouble() * 0.5));
                double[] b = p.round(values(r, k * n, 0.1));
                double[] bias = r.nextBoolean() ? p.round(values(r, n, 0)) : null;
                double[] c0 = p.round(values(r, m * n, 0));
                int lda = ta == Transpose.NO ? k : m, ldb = tb == Transpose.NO ? n : k;
                double[] expected = c0.clone(), actual = c0.clone();
                s.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, expected, 0, n, bias, 0, act, 1);
                p.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, actual, 0, n, bias, 0, act, threads);
                assertSameBits(plan.describe() + ": " + p.name() + " gemm " + ta + tb + " " + m + "x" + n + "x" + k
                        + " alpha " + alpha + " beta " + beta + " " + act + " threads " + threads, seed, expected, actual);
            }
        }
    }

    @Test
    void aPlanReadsBackWhatItWrote() {
        for (GemmPlan plan : plans()) {
            String text = plan.format("some CPU | 512-bit vectors");
            assertEquals(plan, GemmPlan.parse(text));
            assertEquals("some CPU | 512-bit vectors", GemmPlan.machineOf(text));
        }
        assertEquals(GemmTile.T8x2, GemmPlan.defaults(32).float32Tile());
        assertEquals(GemmTile.T6x2, GemmPlan.defaults(16).float32Tile());
        assertEquals(GemmTile.T2x4, GemmPlan.defaults(16).float64Tile());
        for (int registers : new int[] {16, 32}) {
            for (GemmTile t : GemmTile.candidates(registers)) {
                assertTrue(t.rows * t.vectors + t.vectors + 1 <= registers, t.label() + " fits " + registers + " registers");
            }
        }
    }

    @Test
    void aBadPlanIsRefusedNamingWhatIsWrong() {
        String good = new GemmPlan(GemmTile.T6x4, GemmTile.T8x2, GemmPlan.Split.COLUMNS, 5).format("cpu");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmPlan.parse(good.replace("6x4", "7x7")))
                .getMessage().contains("7x7"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmPlan.parse(good.replace("float64.tile", "f64")))
                .getMessage().contains("float64.tile"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmPlan.parse(good.replace("columns", "diagonal")))
                .getMessage().contains("DIAGONAL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmPlan.parse(good.replace("small.work=5", "small.work=-5")))
                .getMessage().contains("-5"));
        assertThrows(IllegalArgumentException.class, () -> GemmPlan.parse("\u0000\\u12"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmPlan.parse(good.replaceFirst("float32.blocking=k\\d+",
                "float32.blocking=k8"))).getMessage().contains("k 8"));
    }

    /** A plan file from before plans held the blocking reads with this machine's default blockings. */
    @Test
    void aPlanWithoutBlockingGetsTheDefaults() {
        String old = "machine=cpu\nfloat32.tile=8x2\nfloat64.tile=6x4\nthreads.split=rows\nsmall.work=0\n";
        GemmPlan p = GemmPlan.parse(old);
        assertEquals(GemmPlan.defaultBlocking(4), p.float32Blocking());
        assertEquals(GemmPlan.defaultBlocking(8), p.float64Blocking());
    }

    /** The caches give the blocking: A's block half of L2, B's half of a core's L3 share; unknown caches the measured defaults. */
    @Test
    void theBlockingFollowsTheCaches() {
        assertEquals(new GemmBlocking(1024, 128, 512), GemmBlocking.forCaches(0, 0, 4));
        assertEquals(new GemmBlocking(1024, 64, 256), GemmBlocking.forCaches(0, 0, 8));
        assertEquals(new GemmBlocking(1024, 256, 1024), GemmBlocking.forCaches(2L << 20, 16L << 20, 4));
        assertEquals(new GemmBlocking(1024, 16, 128), GemmBlocking.forCaches(64 << 10, 256 << 10, 8));
        assertEquals("k1024 m128 n512", GemmBlocking.forCaches(0, 0, 4).label());
        assertEquals(new GemmBlocking(64, 24, 96), GemmBlocking.of("k64 m24 n96"));
    }
}
