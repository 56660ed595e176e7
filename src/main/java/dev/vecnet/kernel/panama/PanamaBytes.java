package dev.vecnet.kernel.panama;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unsigned bytes to scaled floats for both Panama providers (not generated: the float64 twin would
 * need 4-byte vectors, which the Vector API does not have). A vector of bytes is widened to ints and
 * converted to floats (16 lanes where the CPU has 512-bit vectors, else 8), then divided. A vector
 * division takes several times a multiplication's throughput, so where it gives the same bits the
 * quotient is the product by the reciprocal corrected by one FMA step (q = b·r, q += (b − q·d)·r):
 * for a divisor checked against the division on all 256 byte values, which is every input there is
 * (255: all match; the plain product misses 126 of them). Other divisors divide (measured:
 * docs/design-notes.md, "Elementwise kernels").
 */
public final class PanamaBytes {
    /** 512-bit vectors: 16 bytes to 16 floats a step; else 8. */
    private static final boolean WIDE = VectorShape.preferredShape().vectorBitSize() >= 512;
    private static final VectorSpecies<Byte> B = WIDE ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;
    private static final VectorSpecies<Integer> I = WIDE ? IntVector.SPECIES_512 : IntVector.SPECIES_256;
    private static final VectorSpecies<Float> F = WIDE ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    private static final int N = F.length();
    /** 8-lane float vectors are native from AVX2 on; below that the scalar loop is the faster. */
    private static final boolean NATIVE = VectorShape.preferredShape().vectorBitSize() >= 256;
    /** The last divisor whose corrected product matched the division on every byte (NaN: none yet). */
    private static volatile float exactDivisor = Float.NaN;

    private PanamaBytes() {}

    /** dst[dstOff + i] = (src[srcOff + i] &amp; 0xff) / divisor in float32, i &lt; len. */
    static void scale(int len, byte[] src, int srcOff, float divisor, float[] dst, int dstOff) {
        int i = 0;
        if (NATIVE) {
            if (divisor == exactDivisor || productIsExact(divisor)) {
                FloatVector d = FloatVector.broadcast(F, divisor), r = FloatVector.broadcast(F, 1f / divisor);
                for (; i <= len - N; i += N) {
                    FloatVector b = widen(src, srcOff + i);
                    FloatVector q = b.mul(r);
                    q.neg().fma(d, b).fma(r, q).intoArray(dst, dstOff + i);
                }
            } else {
                for (; i <= len - N; i += N) {
                    widen(src, srcOff + i).div(divisor).intoArray(dst, dstOff + i);
                }
            }
        }
        for (; i < len; i++) {
            dst[dstOff + i] = (src[srcOff + i] & 0xff) / divisor;
        }
    }

    private static FloatVector widen(byte[] src, int off) {
        return (FloatVector) ByteVector.fromArray(B, src, off).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0)
                .convertShape(VectorOperators.I2F, F, 0);
    }

    /** Whether b·r corrected by one FMA step is b / divisor for every byte b (remembered when it is). */
    private static boolean productIsExact(float divisor) {
        float r = 1f / divisor;
        for (int b = 0; b < 256; b++) {
            float q = b * r;
            float corrected = Math.fma(Math.fma(-q, divisor, b), r, q);
            if (Float.floatToRawIntBits(corrected) != Float.floatToRawIntBits(b / divisor)) {
                return false;
            }
        }
        exactDivisor = divisor;
        return true;
    }

    /** dst[dstOff + i] = (src[srcOff + i] &amp; 0xff) / divisor in float64, i &lt; len (scalar: not on a hot path). */
    static void scale(int len, byte[] src, int srcOff, double divisor, double[] dst, int dstOff) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = (src[srcOff + i] & 0xff) / divisor;
        }
    }
}
