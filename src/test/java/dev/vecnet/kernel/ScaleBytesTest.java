package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * scaleBytes (pixels to floats) against the division itself, bitwise, in both precisions: every byte
 * value, lengths around the vector sizes, offsets, divisors that round differently; nothing outside
 * the range is written. Divisors for which the vector path multiplies and those for which it divides
 * alternate, as a caller's might.
 */
class ScaleBytesTest {
    private final FloatKernels f = Kernels.f32();
    private final DoubleKernels d = Kernels.f64();

    @Test
    void isTheDivisionBitForBitForEveryByteLengthAndOffset() {
        SplittableRandom r = new SplittableRandom(17);
        for (int len : new int[] {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 256, 784}) {
            for (float divisor : new float[] {255f, 1f, 3.7f, 0.1f, -7f, 0f, 254f, 255f}) {
                byte[] src = new byte[len + 5];
                for (int i = 0; i < src.length; i++) {
                    src[i] = (byte) (len == 256 ? i - 3 : r.nextInt(256)); // 256: every value once
                }
                float[] x = new float[len + 6];
                double[] y = new double[len + 6];
                java.util.Arrays.fill(x, -1f);
                java.util.Arrays.fill(y, -1.0);
                f.scaleBytes(len, src, 3, divisor, x, 2);
                d.scaleBytes(len, src, 3, divisor, y, 2);
                for (int i = 0; i < len; i++) {
                    int b = src[3 + i] & 0xff;
                    assertEquals(Float.floatToRawIntBits(b / divisor), Float.floatToRawIntBits(x[2 + i]),
                            "f32 byte " + b + " / " + divisor + " at " + i + " of " + len);
                    assertEquals(Double.doubleToRawLongBits(b / (double) divisor), Double.doubleToRawLongBits(y[2 + i]),
                            "f64 byte " + b + " / " + divisor + " at " + i + " of " + len);
                }
                for (int i : new int[] {0, 1, len + 2, len + 3, len + 4, len + 5}) {
                    assertEquals(-1f, x[i], "f32 outside, " + i);
                    assertEquals(-1.0, y[i], "f64 outside, " + i);
                }
            }
        }
    }

    @Test
    void rejectsRangesThatDoNotFit() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> f.scaleBytes(8, new byte[8], 1, 255f, new float[8], 0));
        assertTrue(e.getMessage().startsWith("src: 8 elements at offset 1"), e.getMessage());
        var o = assertThrows(IndexOutOfBoundsException.class, () -> d.scaleBytes(8, new byte[8], 0, 255, new double[8], 2));
        assertTrue(o.getMessage().startsWith("dst: 8 elements at offset 2"), o.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.scaleBytes(0, new byte[8], 0, 255f, new float[8], 0));
        assertThrows(NullPointerException.class, () -> f.scaleBytes(1, null, 0, 255f, new float[8], 0));
    }
}
