package dev.vecnet.kernel.simd;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.scalar.ScalarMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh over arrays, and ReLU on vectors, shared by the Panama kernels.
 *
 * <p>exp: x = n·ln2 + r with |r| &lt;= ln2/2 (n rounded by the 1.5·2^p trick, ln2 split in two so that
 * n·ln2_hi is exact), a polynomial for e^r (Cephes' degree-5 minimax for float, degree-13 Taylor for
 * double), and 2^n built in two halves so that the whole range down to the subnormals and up to the
 * largest finite value works. Measured against {@link Math#exp} on 2 million points over the whole
 * range (ExpAccuracyTest): float and double within 1 ulp of the correctly rounded result. Above the
 * overflow threshold +Inf; a result below the smallest normal value is flushed to +0 (the kernel
 * contract's flush); NaN stays NaN. Clamping uses compare-and-blend only.
 *
 * <p>Why a polynomial and why over arrays. The Vector API's lanewise EXP is as accurate and fast, but
 * it is an intrinsic only in C2-compiled code: interpreted and C1 code computes it lane by lane with
 * Math.exp, which rounds differently, so results would depend on JIT timing, and training would not
 * be bitwise reproducible. The polynomial uses only FMA, add, multiply and bit operations, which are
 * exact-rounded the same way everywhere. It is written once, inline in the loop below: as a helper
 * method taking and returning vectors, the JIT compiles it on its own early on, then refuses to
 * inline it ("already compiled into a big method") and boxes a vector per call.
 */
public final class PanamaMath {
    private static final VectorSpecies<Float> F = PanamaSpecies.FLOAT;
    private static final VectorSpecies<Double> D = PanamaSpecies.DOUBLE;
    private static final int FL = F.length();
    private static final int DL = D.length();

    // float: Cephes expf coefficients on [-ln2/2, ln2/2]
    private static final float F_LOG2E = 1.44269504088896341f;
    private static final float F_LN2_HI = 0.693359375f;
    private static final float F_LN2_LO = -2.12194440e-4f;
    private static final float F_MAGIC = 12582912f; // 1.5·2^23: adding it rounds to an integer
    private static final int F_MAGIC_BITS = Float.floatToRawIntBits(F_MAGIC);
    private static final float F_HI = 88.72284f;    // above: +Inf
    private static final float F_ZERO = -87.34f;    // below: +0 (the smallest normal is e^-87.3365)

    // double: degree-13 Taylor polynomial on [-ln2/2, ln2/2] (truncation error < 5e-18 relative)
    private static final double D_LOG2E = 1.4426950408889634;
    private static final double D_LN2_HI = 6.93147180369123816490e-01;
    private static final double D_LN2_LO = 1.90821492927058770002e-10;
    private static final double D_MAGIC = 6755399441055744.0; // 1.5·2^52
    private static final long D_MAGIC_BITS = Double.doubleToRawLongBits(D_MAGIC);
    private static final double D_HI = 709.782712893384;      // above: +Inf
    private static final double D_ZERO = -708.4;              // below: +0 (the smallest normal is e^-708.3964)
    private static final int F_EXPONENT = 0x7f800000, F_SIGN = 0x80000000;
    private static final int F_SMALLEST_NORMAL_BITS = Float.floatToRawIntBits(Float.MIN_NORMAL);
    private static final long D_SMALLEST_NORMAL_BITS = Double.doubleToRawLongBits(Double.MIN_NORMAL);
    private static final long D_EXPONENT = 0x7ff0000000000000L, D_SIGN = 0x8000000000000000L;

    private static final int EXP = 0, SIGMOID = 1, TANH = 2;
    /** Two vectors' worth of scratch per thread, for a row shorter than a vector. */
    private static final ThreadLocal<float[]> F_LANES = ThreadLocal.withInitial(() -> new float[FL]);
    private static final ThreadLocal<double[]> D_LANES = ThreadLocal.withInitial(() -> new double[DL]);

    private PanamaMath() {}

    /** y[yOff..+len) = exp(x[xOff..+len)); y may be x (the same offset), not otherwise overlap it. */
    public static void exp(float[] x, int xOff, float[] y, int yOff, int len) {
        expOrSigmoid(x, xOff, y, yOff, len, EXP);
    }

    /** y[yOff..+len) = 1 / (1 + exp(−x[xOff..+len))), in the same pass as exp; y as for exp. */
    public static void sigmoid(float[] x, int xOff, float[] y, int yOff, int len) {
        expOrSigmoid(x, xOff, y, yOff, len, SIGMOID);
    }

    /** y[yOff..+len) = 2 / (1 + exp(−2x)) − 1 = tanh(x), in the same pass as exp; y as for exp. */
    public static void tanh(float[] x, int xOff, float[] y, int yOff, int len) {
        expOrSigmoid(x, xOff, y, yOff, len, TANH);
    }

    private static void expOrSigmoid(float[] x, int xOff, float[] y, int yOff, int len, int mode) {
        // one path through the loop for every length and mode: a branch there that the JIT's profile had
        // never seen taken (a first tail, a first tanh) would send the whole kernel back to the interpreter
        boolean shortRow = len < FL; // shorter than a vector: computed in the scratch
        float[] src = x, dst = y;
        int from = xOff, to = yOff, count = len;
        if (shortRow) {
            src = F_LANES.get();
            dst = src;
            System.arraycopy(x, xOff, src, 0, len);
            from = 0;
            to = 0;
            count = FL;
        }
        // the tail is the last whole vector, loaded before anything is written (y may be x): it
        // recomputes a few elements of the vector before it, to the same bits (lane by lane)
        FloatVector last = FloatVector.fromArray(F, src, from + count - FL);
        // exp(v), exp(−v) or exp(−2v) (a product by ±1 or −2 is exact), then e, 1/(1 + e) or 2/(1 + e) − 1
        FloatVector scale = FloatVector.broadcast(F, mode == SIGMOID ? -1f : mode == TANH ? -2f : 1f);
        FloatVector numerator = FloatVector.broadcast(F, mode == TANH ? 2f : 1f);
        FloatVector offset = FloatVector.broadcast(F, mode == TANH ? 1f : 0f);
        VectorMask<Float> expOnly = F.maskAll(mode == EXP);
        for (int i = 0; i < count; i += FL) {
            int at = Math.min(i, count - FL);
            FloatVector v = FloatVector.fromArray(F, src, from + at).blend(last, F.maskAll(i + FL > count)).mul(scale);
            VectorMask<Float> zero = v.compare(VectorOperators.LT, F_ZERO);
            FloatVector xc = v.blend(F_HI, v.compare(VectorOperators.GT, F_HI)).blend(0f, zero);
            FloatVector tt = xc.fma(F_LOG2E, F_MAGIC);
            FloatVector n = tt.sub(F_MAGIC);
            FloatVector r = n.fma(FloatVector.broadcast(F, -F_LN2_HI), xc);
            r = n.fma(FloatVector.broadcast(F, -F_LN2_LO), r);
            FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f)
                    .fma(r, FloatVector.broadcast(F, 8.3334519073E-3f))
                    .fma(r, FloatVector.broadcast(F, 4.1665795894E-2f))
                    .fma(r, FloatVector.broadcast(F, 1.6666665459E-1f))
                    .fma(r, FloatVector.broadcast(F, 5.0000001201E-1f));
            p = p.mul(r.mul(r)).add(r).add(1f);
            IntVector ni = ((IntVector) tt.reinterpretAsInts()).sub(F_MAGIC_BITS);
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            FloatVector s1 = (FloatVector) n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = (FloatVector) n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            // the flush written out (not the helper below, which C2 may refuse to inline into this large
            // method and then box a vector a call): e >= +0, so below the smallest normal means bits below its bits
            FloatVector e = p.mul(s1).mul(s2);
            IntVector eb = (IntVector) e.reinterpretAsInts();
            e = e.blend(0f, eb.compare(VectorOperators.LT, F_SMALLEST_NORMAL_BITS).cast(F).or(zero))
                    .blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.GT, F_HI));
            FloatVector q = numerator.div(e.add(1f)).sub(offset);
            // the sigmoid's flush, on the magnitude (a tanh's 2/(1 + e) − 1 is never subnormal: it stays as it is)
            IntVector qb = (IntVector) q.reinterpretAsInts();
            q = q.blend(0f, qb.and(Integer.MAX_VALUE).compare(VectorOperators.LT, F_SMALLEST_NORMAL_BITS).cast(F));
            e = e.blend(q, expOnly.not());
            e.intoArray(dst, to + at);
        }
        if (shortRow) {
            System.arraycopy(dst, 0, y, yOff, len);
        }
    }

    /** y[yOff..+len) = exp(x[xOff..+len)); y may be x (the same offset), not otherwise overlap it. */
    public static void exp(double[] x, int xOff, double[] y, int yOff, int len) {
        expOrSigmoid(x, xOff, y, yOff, len, EXP);
    }

    /** y[yOff..+len) = 1 / (1 + exp(−x[xOff..+len))), in the same pass as exp; y as for exp. */
    public static void sigmoid(double[] x, int xOff, double[] y, int yOff, int len) {
        expOrSigmoid(x, xOff, y, yOff, len, SIGMOID);
    }

    /** y[yOff..+len) = 2 / (1 + exp(−2x)) − 1 = tanh(x), in the same pass as exp; y as for exp. */
    public static void tanh(double[] x, int xOff, double[] y, int yOff, int len) {
        expOrSigmoid(x, xOff, y, yOff, len, TANH);
    }

    private static void expOrSigmoid(double[] x, int xOff, double[] y, int yOff, int len, int mode) {
        // one path through the loop for every length and mode: a branch there that the JIT's profile had
        // never seen taken (a first tail, a first tanh) would send the whole kernel back to the interpreter
        boolean shortRow = len < DL; // shorter than a vector: computed in the scratch
        double[] src = x, dst = y;
        int from = xOff, to = yOff, count = len;
        if (shortRow) {
            src = D_LANES.get();
            dst = src;
            System.arraycopy(x, xOff, src, 0, len);
            from = 0;
            to = 0;
            count = DL;
        }
        // the tail is the last whole vector, loaded before anything is written (y may be x): it
        // recomputes a few elements of the vector before it, to the same bits (lane by lane)
        DoubleVector last = DoubleVector.fromArray(D, src, from + count - DL);
        // exp(v), exp(−v) or exp(−2v) (a product by ±1 or −2 is exact), then e, 1/(1 + e) or 2/(1 + e) − 1
        DoubleVector scale = DoubleVector.broadcast(D, mode == SIGMOID ? -1.0 : mode == TANH ? -2.0 : 1.0);
        DoubleVector numerator = DoubleVector.broadcast(D, mode == TANH ? 2.0 : 1.0);
        DoubleVector offset = DoubleVector.broadcast(D, mode == TANH ? 1.0 : 0.0);
        VectorMask<Double> expOnly = D.maskAll(mode == EXP);
        for (int i = 0; i < count; i += DL) {
            int at = Math.min(i, count - DL);
            DoubleVector v = DoubleVector.fromArray(D, src, from + at).blend(last, D.maskAll(i + DL > count)).mul(scale);
            VectorMask<Double> zero = v.compare(VectorOperators.LT, D_ZERO);
            DoubleVector xc = v.blend(D_HI, v.compare(VectorOperators.GT, D_HI)).blend(0.0, zero);
            DoubleVector tt = xc.fma(D_LOG2E, D_MAGIC);
            DoubleVector n = tt.sub(D_MAGIC);
            DoubleVector r = n.fma(DoubleVector.broadcast(D, -D_LN2_HI), xc);
            r = n.fma(DoubleVector.broadcast(D, -D_LN2_LO), r);
            DoubleVector p = r.fma(1.0 / 6227020800.0, 1.0 / 479001600.0)   // 1/13!, 1/12!
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 39916800.0))
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 3628800.0))
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 362880.0))
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 40320.0))
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 5040.0))
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 720.0))
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 120.0))
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 24.0))
                    .fma(r, DoubleVector.broadcast(D, 1.0 / 6.0))
                    .fma(r, DoubleVector.broadcast(D, 0.5));
            p = p.mul(r.mul(r)).add(r).add(1.0);
            LongVector ni = ((LongVector) tt.reinterpretAsLongs()).sub(D_MAGIC_BITS);
            LongVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            LongVector n2 = ni.sub(n1);
            DoubleVector s1 = (DoubleVector) n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector s2 = (DoubleVector) n2.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector e = p.mul(s1).mul(s2);
            LongVector eb = (LongVector) e.reinterpretAsLongs();
            e = e.blend(0.0, eb.compare(VectorOperators.LT, D_SMALLEST_NORMAL_BITS).cast(D).or(zero))
                    .blend(Double.POSITIVE_INFINITY, v.compare(VectorOperators.GT, D_HI));
            DoubleVector q = numerator.div(e.add(1.0)).sub(offset);
            // the sigmoid's flush, on the magnitude (a tanh's 2/(1 + e) − 1 is never subnormal: it stays as it is)
            LongVector qb = (LongVector) q.reinterpretAsLongs();
            q = q.blend(0.0, qb.and(Long.MAX_VALUE).compare(VectorOperators.LT, D_SMALLEST_NORMAL_BITS).cast(D));
            e = e.blend(q, expOnly.not());
            e.intoArray(dst, to + at);
        }
        if (shortRow) {
            System.arraycopy(dst, 0, y, yOff, len);
        }
    }

    /**
     * Each lane of v, or the zero of its sign where it is subnormal (docs/kernel-contract.md, the
     * flush): a test of the exponent's bits, so that no floating-point instruction reads the subnormal.
     */
    public static FloatVector flush(FloatVector v) {
        IntVector bits = (IntVector) v.reinterpretAsInts();
        return (FloatVector) bits.blend(bits.and(F_SIGN), bits.and(F_EXPONENT).compare(VectorOperators.EQ, 0))
                .reinterpretAsFloats();
    }

    public static DoubleVector flush(DoubleVector v) {
        LongVector bits = (LongVector) v.reinterpretAsLongs();
        return (DoubleVector) bits.blend(bits.and(D_SIGN), bits.and(D_EXPONENT).compare(VectorOperators.EQ, 0))
                .reinterpretAsDoubles();
    }

    /** Each lane of v, or the zero of its sign where |v| &lt; 2^-63: {@link ScalarMath#flushParameter(float)}. */
    public static FloatVector flushParameter(FloatVector v) {
        IntVector bits = (IntVector) v.reinterpretAsInts();
        return (FloatVector) bits.blend(bits.and(F_SIGN),
                bits.and(F_EXPONENT).compare(VectorOperators.LT, ScalarMath.F_PARAMETER_EXPONENT)).reinterpretAsFloats();
    }

    public static DoubleVector flushParameter(DoubleVector v) {
        LongVector bits = (LongVector) v.reinterpretAsLongs();
        return (DoubleVector) bits.blend(bits.and(D_SIGN),
                bits.and(D_EXPONENT).compare(VectorOperators.LT, ScalarMath.D_PARAMETER_EXPONENT)).reinterpretAsDoubles();
    }

    /** flush(v·v) lane by lane, as {@link ScalarMath#square(float)}: no lane computes a subnormal. */
    public static FloatVector square(FloatVector v) {
        FloatVector kept = v.blend(0f, v.abs().compare(VectorOperators.LT, 0x1p-63f));
        return kept.mul(kept);
    }

    public static DoubleVector square(DoubleVector v) {
        DoubleVector kept = v.blend(0.0, v.abs().compare(VectorOperators.LT, 0x1p-511));
        return kept.mul(kept);
    }

    /** x[off..off+len) = act(x[off..off+len)) in place: the GEMM's epilogue and bias + activation. */
    public static void activate(float[] x, int off, int len, Activation act) {
        switch (act.kind()) {
            case NONE -> { }
            case SIGMOID -> sigmoid(x, off, x, off, len);
            case RELU -> relu(len, x, off, x, off);
            case TANH -> tanh(x, off, x, off, len);
            case LEAKY_RELU -> leakyRelu(len, act.slope(), x, off, x, off);
        }
    }

    public static void activate(double[] x, int off, int len, Activation act) {
        switch (act.kind()) {
            case NONE -> { }
            case SIGMOID -> sigmoid(x, off, x, off, len);
            case RELU -> relu(len, x, off, x, off);
            case TANH -> tanh(x, off, x, off, len);
            case LEAKY_RELU -> leakyRelu(len, act.slope(), x, off, x, off);
        }
    }

    /** y = x &lt; 0 ? flush(alpha·x) : x over len values (NaN passes; y may be x at the same offset). */
    public static void leakyRelu(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (; i <= len - FL; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.blend(flush(v.mul(alpha)), v.compare(VectorOperators.LT, 0f)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v < 0f ? ScalarMath.flush(alpha * v) : v;
        }
    }

    public static void leakyRelu(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        for (; i <= len - DL; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            v.blend(flush(v.mul(alpha)), v.compare(VectorOperators.LT, 0.0)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            double v = x[xOff + i];
            y[yOff + i] = v < 0.0 ? ScalarMath.flush(alpha * v) : v;
        }
    }

    /** y = x &lt;= 0 ? 0 : x over len values (y may be x at the same offset). */
    public static void relu(int len, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (; i <= len - FL; i += FL) {
            relu(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v <= 0f ? 0f : v;
        }
    }

    public static void relu(int len, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        for (; i <= len - DL; i += DL) {
            relu(DoubleVector.fromArray(D, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            double v = x[xOff + i];
            y[yOff + i] = v <= 0.0 ? 0.0 : v;
        }
    }

    /** x &lt;= 0 ? 0 : x, the book's mask: x = 0 is off and NaN passes. */
    public static FloatVector relu(FloatVector x) {
        return x.blend(0f, x.compare(VectorOperators.LE, 0f));
    }

    public static DoubleVector relu(DoubleVector x) {
        return x.blend(0.0, x.compare(VectorOperators.LE, 0.0));
    }
}
