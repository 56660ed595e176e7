package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The public facades reject bad arguments with messages that name the argument and what was expected. */
class KernelArgumentsTest {
    private final FloatKernels f = Kernels.f32();
    private final DoubleKernels d = Kernels.f64();

    @Test
    void gemmRejectsNonPositiveSizes() {
        float[] x = new float[16];
        var e = assertThrows(IllegalArgumentException.class,
                () -> f.gemm(Transpose.NO, Transpose.NO, 0, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertTrue(e.getMessage().contains("m must be >= 1"), e.getMessage());
    }

    @Test
    void gemmRejectsOperandsThatDoNotFit() {
        float[] a = new float[6], b = new float[6], c = new float[4];
        var e = assertThrows(IndexOutOfBoundsException.class,
                () -> f.gemm(Transpose.NO, Transpose.NO, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().startsWith("A: a 2x3 matrix at offset 1"), e.getMessage());
        var t = assertThrows(IndexOutOfBoundsException.class,
                () -> d.gemm(Transpose.YES, Transpose.NO, 4, 2, 2, 1, new double[6], 0, 4, new double[4], 0, 2, 0, new double[8], 0, 2));
        assertTrue(t.getMessage().startsWith("A: a 2x4 matrix"), t.getMessage());
        var ld = assertThrows(IllegalArgumentException.class,
                () -> f.gemm(Transpose.NO, Transpose.NO, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertTrue(ld.getMessage().contains("leading dimension of A is 2 but the matrix has 3 columns"), ld.getMessage());
    }

    @Test
    void gemmRejectsShortBiasAndBadThreads() {
        float[] x = new float[4];
        var e = assertThrows(IndexOutOfBoundsException.class, () -> f.gemm(Transpose.NO, Transpose.NO, 2, 2, 2,
                1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2, new float[1], 0, Activation.NONE, 1));
        assertTrue(e.getMessage().startsWith("bias"), e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> f.gemm(Transpose.NO, Transpose.NO, 2, 2, 2,
                1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2, null, 0, Activation.NONE, 0));
        assertEquals("threads must be >= 1, got 0", t.getMessage());
    }

    @Test
    void labelsOutOfRangeAreNamed() {
        float[] logits = new float[6];
        var e = assertThrows(IllegalArgumentException.class,
                () -> f.crossEntropyLogits(2, 3, logits, 0, 3, new int[] {0, 3}, 0));
        assertEquals("label of row 1 is 3, expected a class index in [0, 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> d.softmaxLossBackward(2, 3, new double[6], 0, 3, new int[] {-1, 0}, 0, new double[6], 0, 3));
    }

    @Test
    void elementwiseRejectsShortArraysAndNulls() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> f.sigmoid(5, new float[5], 1, new float[5], 0));
        assertTrue(e.getMessage().startsWith("input: 5 elements at offset 1"), e.getMessage());
        var n = assertThrows(NullPointerException.class, () -> d.axpy(3, 1, null, 0, new double[3], 0));
        assertEquals("input is null", n.getMessage());
    }

    @Test
    void providerAndWidthFollowTheSystemProperties() {
        String forced = System.getProperty(Kernels.PROVIDER_PROPERTY, "auto");
        if (forced.equals("scalar")) {
            assertEquals("scalar", f.provider());
            assertEquals(1, f.lanes());
        } else {
            assertTrue(f.provider().startsWith("panama-"), f.provider());
            String bits = System.getProperty(VectorWidth.PROPERTY);
            if (bits != null) {
                assertEquals("panama-" + bits, f.provider());
                assertEquals(Integer.parseInt(bits) / 32, f.lanes());
                assertEquals(Integer.parseInt(bits) / 64, d.lanes());
            }
        }
        assertEquals("scalar", Kernels.f32(Kernels.Provider.SCALAR).provider());
    }

    @Test
    void badWidthValuesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> VectorWidth.parse("384"));
        assertTrue(e.getMessage().contains("use 128, 256, 512 or auto"), e.getMessage());
        assertEquals(0, VectorWidth.parse(null));
        assertEquals(256, VectorWidth.parse("256"));
    }

    @Test
    void elementwiseOutputMayBeTheInputButNotOverlapIt() {
        float[] a = new float[16];
        f.exp(8, a, 0, a, 0);
        f.sigmoid(8, a, 0, a, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> f.exp(8, a, 0, a, 3));
        assertTrue(e.getMessage().startsWith("output overlaps the input: offsets 0 and 3"), e.getMessage());
        double[] b = new double[16];
        assertThrows(IllegalArgumentException.class, () -> d.sigmoid(8, b, 5, b, 0));
    }
}
