package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vecnet.kernel.gemm.GemmPlan;
import dev.vecnet.kernel.gemm.GemmPlans;
import dev.vecnet.kernel.gemm.PanamaDoubleGemm;
import dev.vecnet.kernel.gemm.PanamaFloatGemm;
import dev.vecnet.kernel.gemm.SmallProducts;
import dev.vecnet.kernel.simd.PanamaSpecies;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The GEMM's small products on its small path and on its tiles ({@link SmallProducts}): the scalar
 * kernels' bits either way, in both precisions, so that no result depends on when, or whether, the
 * run-time moves them.
 */
class SmallProductsTest {
    private static final long SEED = Long.getLong("vecnet.test.seed", 0x5A11L);

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
        SmallProducts[] switches = {PanamaFloatGemm.SMALL_PRODUCTS, PanamaDoubleGemm.SMALL_PRODUCTS};
        boolean[] before = {switches[0].onTiles(), switches[1].onTiles()};
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
                Activation act = Reference.activations()[r.nextInt(Reference.activations().length)];
                double alpha = new double[] {1, -0.75}[r.nextInt(2)], beta = new double[] {0, 0.5}[r.nextInt(2)];
                int lda = ta == Transpose.NO ? k : m, ldb = tb == Transpose.NO ? n : k, threads = 1 + r.nextInt(2);
                Precision p = simd[pi];
                double[] a = p.round(values(r, m * k)), b = p.round(values(r, k * n)), bias = p.round(values(r, n));
                double[] c0 = p.round(values(r, m * n)), expected = c0.clone(), small = c0.clone(), tiles = c0.clone();
                scalar[pi].gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, expected, 0, n, bias, 0, act, 1);
                switches[pi].moveToTiles(false);
                p.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, small, 0, n, bias, 0, act, threads);
                switches[pi].moveToTiles(true);
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
            switches[0].moveToTiles(before[0]);
            switches[1].moveToTiles(before[1]);
            GemmPlans.use(plan, "restored after a test");
        }
    }
}
