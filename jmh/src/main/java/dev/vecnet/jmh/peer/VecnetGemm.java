package dev.vecnet.jmh.peer;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.DoubleKernels;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.gemm.GemmPlan;

/** vecnet's GEMM on its SIMD (Panama) kernels, or on its scalar kernels. */
final class VecnetGemm extends GemmEngine {
    private final FloatKernels fk;
    private final DoubleKernels dk;
    private final float[] af, bf, cf;
    private final double[] ad, bd, cd;

    VecnetGemm(boolean scalar, GemmShape s, Object a, Object b, int threads) {
        super(s, threads);
        Kernels.Provider provider = scalar ? Kernels.Provider.SCALAR : Kernels.Provider.PANAMA;
        if (a instanceof double[] ad0) {
            dk = Kernels.f64(provider);
            fk = null;
            ad = ad0;
            bd = (double[]) b;
            cd = new double[s.m() * s.n()];
            af = bf = cf = null;
        } else {
            fk = Kernels.f32(provider);
            dk = null;
            af = (float[]) a;
            bf = (float[]) b;
            cf = new float[s.m() * s.n()];
            ad = bd = cd = null;
        }
        if (!scalar && (long) s.m() * s.n() * s.k() <= GemmPlan.DEFAULT_SMALL_WORK) {
            // a long-running JVM's small products: on the tiles once C2 has compiled them and they are the faster
            // the product as one layer's forward pass: the run-time times the small products of that layer
            dev.vecnet.runtime.KernelRuntime.expect(java.util.List.of(s.k(), s.n()), java.util.List.of(), java.util.List.of(s.m()));
            dev.vecnet.jmh.SteadyState.awaitSmallProducts(java.time.Duration.ofMinutes(1));
        }
    }

    @Override
    public void run() {
        GemmShape s = shape;
        if (fk != null) {
            fk.gemm(s.ta(), s.tb(), s.m(), s.n(), s.k(), 1f, af, 0, s.lda(), bf, 0, s.ldb(), 0f, cf, 0, s.n(),
                    null, 0, Activation.NONE, threads);
        } else {
            dk.gemm(s.ta(), s.tb(), s.m(), s.n(), s.k(), 1, ad, 0, s.lda(), bd, 0, s.ldb(), 0, cd, 0, s.n(),
                    null, 0, Activation.NONE, threads);
        }
    }

    @Override
    public double[] result() {
        return cf != null ? widen(cf) : cd.clone();
    }
}
