package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels of a fresh JVM (scalar until the SIMD ones are compiled): a switch at any moment
 * changes no result, a matrix packed before the switch serves after it (and follows a repack), and
 * the warm-up does switch every group where SIMD runs natively.
 */
class SwitchingKernelsTest {
    private static float[] values(SplittableRandom r, int n, double zeros) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() < zeros ? 0f : (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToIntBits(x[i]);
        }
        return b;
    }

    @Test
    void aSwitchAtAnyMomentChangesNoBit() {
        SwitchingFloatKernels sw = new SwitchingFloatKernels(new ScalarFloatKernels(), PanamaFloatKernels::new);
        FloatKernels k = new FloatKernels(sw), scalar = Kernels.f32(Kernels.Provider.SCALAR);
        SplittableRandom r = new SplittableRandom(11);
        int m = 37, in = 784, out = 50;
        float[] x = values(r, m * in, 0.8), w = values(r, in * out, 0), w2 = values(r, in * out, 0), bias = values(r, out, 0);
        PackedFloatMatrix packed = k.pack(in, out, w, 0, out);
        float[] before = new float[m * out], after = new float[m * out], expected = new float[m * out];
        k.vecMatRows(m, x, 0, in, packed, bias, 0, Activation.SIGMOID, before, 0, out, 1);
        float[] gBefore = new float[m * out], gAfter = new float[m * out];
        k.gemm(Transpose.NO, Transpose.NO, m, out, in, 1f, x, 0, in, w, 0, out, 0f, gBefore, 0, out, bias, 0,
                Activation.SIGMOID, 1);

        sw.switchNow(SwitchingFloatKernels.ALL);
        k.vecMatRows(m, x, 0, in, packed, bias, 0, Activation.SIGMOID, after, 0, out, 2);
        k.gemm(Transpose.NO, Transpose.NO, m, out, in, 1f, x, 0, in, w, 0, out, 0f, gAfter, 0, out, bias, 0,
                Activation.SIGMOID, 2);
        assertArrayEquals(bits(before), bits(after), "vecMatRows before and after the switch");
        assertArrayEquals(bits(gBefore), bits(gAfter), "gemm before and after the switch");
        assertArrayEquals(bits(before), bits(gAfter), "the zero-skipping rows and the GEMM");

        k.pack(w2, 0, out, packed); // new weights into the same storage: the SIMD panels follow
        k.vecMatRows(m, x, 0, in, packed, bias, 0, Activation.SIGMOID, after, 0, out, 1);
        scalar.vecMatRows(m, x, 0, in, scalar.pack(in, out, w2, 0, out), bias, 0, Activation.SIGMOID, expected, 0,
                out, 1);
        assertArrayEquals(bits(expected), bits(after), "after a repack");
        assertEquals(new PanamaFloatKernels().name(), k.provider());
    }

    /** Where this JVM's default kernels warm up (Panama at the CPU's own width, C2), every group switches. */
    @Test
    void theWarmupSwitchesEveryGroup() throws InterruptedException {
        assumeTrue(Kernels.provider() == Kernels.Provider.PANAMA && VectorWidth.BITS == 0
                && System.getProperty(Kernels.PROVIDER_PROPERTY, "auto").equals("auto"), "default kernels that warm up");
        assertTrue(Kernels.awaitWarmup(Duration.ofMinutes(3)), "the SIMD kernels should beat the scalar ones once compiled");
        assertTrue(Kernels.f32().provider().startsWith("panama"), Kernels.describe());
    }
}
