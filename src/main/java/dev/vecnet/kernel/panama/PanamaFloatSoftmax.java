package dev.vecnet.kernel.panama;

import dev.vecnet.kernel.scalar.ScalarMath;
import dev.vecnet.kernel.simd.PanamaMath;
import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax over rows, cross-entropy on logits and the gradient of softmax-with-loss: row maxima, exp of
 * the shifted rows (one pass over a block of contiguous rows), row sums in a fixed order.
 */
public final class PanamaFloatSoftmax {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();

    private PanamaFloatSoftmax() {}

    /**
     * Row maximum: per lane the first value then any greater one, then the lanes scanned the same way,
     * lane 0 first: the value {@link ScalarMath#rowMax} finds (a NaN never wins unless it comes first;
     * of +0 and −0 either may be kept, which no later step can tell apart).
     */
    private static float rowMax(int n, float[] x, int xi, float[] lanes) {
        int j = 0;
        float max;
        if (n >= L) {
            FloatVector mv = FloatVector.fromArray(S, x, xi);
            for (j = L; j <= n - L; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xi + j);
                mv = mv.blend(v, v.compare(VectorOperators.GT, mv));
            }
            mv.intoArray(lanes, 0);
            max = lanes[0];
            for (int l = 1; l < L; l++) {
                max = lanes[l] > max ? lanes[l] : max;
            }
        } else {
            max = x[xi];
            j = 1;
        }
        for (; j < n; j++) {
            max = x[xi + j] > max ? x[xi + j] : max;
        }
        return max;
    }

    /**
     * y = exp(x − rowmax) for an m x n block (y may alias x): the shift row by row, then one exp pass
     * over the whole block when its rows are contiguous (narrow rows, like a classifier's few classes,
     * would otherwise pay a tail per row).
     */
    private static void expShiftedRows(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        float[] lanes = PanamaFloatScratch.lanes();
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            float max = rowMax(n, x, xi, lanes);
            int j = 0;
            for (; j <= n - L; j += L) {
                FloatVector.fromArray(S, x, xi + j).sub(max).intoArray(y, yi + j);
            }
            for (; j < n; j++) {
                y[yi + j] = x[xi + j] - max;
            }
        }
        if (ldy == n) {
            PanamaMath.exp(y, yOff, y, yOff, m * n);
        } else {
            for (int i = 0; i < m; i++) {
                PanamaMath.exp(y, yOff + i * ldy, y, yOff + i * ldy, n);
            }
        }
    }

    /**
     * The row sum in the reference order, at any vector width: element j into stripe j mod 16 (whole
     * blocks of 16 a vector at a time), every stripe from +0, then the 16 stripes added in order from
     * +0 (see {@link ScalarMath#rowSum}). Not reduceLanes(ADD): its order is unspecified, and
     * interpreted, C1 and C2 code differ. {@code stripes}: 16 values of scratch.
     */
    private static float rowSum(int n, float[] y, int yi, float[] stripes) {
        if (n <= ScalarMath.STRIPES) { // a stripe per value: nothing to vectorise
            return ScalarMath.rowSum(n, y, yi);
        }
        java.util.Arrays.fill(stripes, 0, ScalarMath.STRIPES, 0f);
        int j = 0;
        for (; j <= n - ScalarMath.STRIPES; j += ScalarMath.STRIPES) {
            for (int g = 0; g < ScalarMath.STRIPES; g += L) {
                FloatVector.fromArray(S, stripes, g).add(FloatVector.fromArray(S, y, yi + j + g)).intoArray(stripes, g);
            }
        }
        for (int s = 0; j < n; j++, s++) {
            stripes[s] += y[yi + j];
        }
        float sum = 0f;
        for (int s = 0; s < ScalarMath.STRIPES; s++) {
            sum += stripes[s];
        }
        return sum;
    }

    static void softmaxRows(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        expShiftedRows(m, n, x, xOff, ldx, y, yOff, ldy);
        float[] lanes = PanamaFloatScratch.lanes();
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy;
            float inv = 1f / rowSum(n, y, yi, lanes);
            int j = 0;
            for (; j <= n - L; j += L) {
                PanamaMath.flush(FloatVector.fromArray(S, y, yi + j).mul(inv)).intoArray(y, yi + j);
            }
            for (; j < n; j++) {
                y[yi + j] = ScalarMath.flush(y[yi + j] * inv);
            }
        }
    }

    static double crossEntropyLogits(int m, int n, float[] logits, int off, int ld, int[] labels, int labelsOff) {
        float[] e = PanamaFloatScratch.row(m * n);
        expShiftedRows(m, n, logits, off, ld, e, 0, n);
        float[] lanes = PanamaFloatScratch.lanes();
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld, label = labels[labelsOff + i];
            total += StrictMath.log(rowSum(n, e, i * n, lanes)) + rowMax(n, logits, xi, lanes) - logits[xi + label];
        }
        return total / m;
    }

    static void softmaxLossBackward(int m, int n, float[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    float[] dx, int dxOff, int lddx) {
        float batch = m;
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy, di = dxOff + i * lddx;
            int j = 0;
            for (; j <= n - L; j += L) {
                PanamaMath.flush(FloatVector.fromArray(S, y, yi + j).div(batch)).intoArray(dx, di + j);
            }
            for (; j < n; j++) {
                dx[di + j] = ScalarMath.flush(y[yi + j] / batch);
            }
            int label = labels[labelsOff + i];
            dx[di + label] = ScalarMath.flush((y[yi + label] - 1f) / batch);
        }
    }
}
