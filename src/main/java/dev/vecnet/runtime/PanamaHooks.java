package dev.vecnet.runtime;

import dev.vecnet.kernel.gemm.GemmPlan;
import java.util.function.Consumer;

/** {@link SimdHooks} where the Panama kernels run: compiled for JDK 25 only. */
final class PanamaHooks implements SimdHooks {
    @Override
    public void watchSmallProducts() {
        SmallProductMove.watch();
    }

    @Override
    public void startSmallProducts() {
        SmallProductMove.F32.start();
        SmallProductMove.F64.start();
    }

    @Override
    public boolean smallProductsFinished() {
        return SmallProductMove.F32.finished() && SmallProductMove.F64.finished();
    }

    @Override
    public GemmPlan tune(Consumer<String> report) {
        return GemmTuner.tune(report);
    }
}
