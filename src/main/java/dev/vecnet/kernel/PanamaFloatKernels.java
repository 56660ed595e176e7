package dev.vecnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels on the Vector API. Loops run whole vectors and finish with one partial vector
 * through {@link PanamaFloatLanes}, so tails get the same arithmetic as the body.
 */
final class PanamaFloatKernels implements FloatKernelsImpl {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final ScalarFloatKernels SCALAR = new ScalarFloatKernels();

    @Override
    public String name() {
        return "panama-" + S.vectorBitSize();
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, Activation act, int threads) {
        PanamaFloatGemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                bias, biasOff, act, threads);
    }

    @Override
    public void biasActivation(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation act) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j += L) {
                int valid = Math.min(L, n - j);
                FloatVector v = PanamaFloatLanes.load(c, ci + j, valid);
                if (bias != null) {
                    v = v.add(PanamaFloatLanes.load(bias, biasOff + j, valid));
                }
                PanamaFloatLanes.store(PanamaMath.activate(v, act), c, ci + j, valid);
            }
        }
    }

    @Override
    public void exp(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            PanamaFloatLanes.store(PanamaMath.exp(PanamaFloatLanes.load(x, xOff + i, valid)), y, yOff + i, valid);
        }
    }

    @Override
    public void sigmoid(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            PanamaFloatLanes.store(PanamaMath.sigmoid(PanamaFloatLanes.load(x, xOff + i, valid)), y, yOff + i, valid);
        }
    }

    @Override
    public void sigmoidBackward(int len, float[] dout, int dOff, float[] y, int yOff, float[] dx, int dxOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            FloatVector v = PanamaFloatLanes.load(y, yOff + i, valid);
            FloatVector d = PanamaFloatLanes.load(dout, dOff + i, valid);
            PanamaFloatLanes.store(d.mul(v.neg().add(1f)).mul(v), dx, dxOff + i, valid);
        }
    }

    @Override
    public void relu(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            PanamaFloatLanes.store(PanamaMath.relu(PanamaFloatLanes.load(x, xOff + i, valid)), y, yOff + i, valid);
        }
    }

    @Override
    public void reluBackward(int len, float[] dout, int dOff, float[] x, int xOff, float[] dx, int dxOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            FloatVector v = PanamaFloatLanes.load(x, xOff + i, valid);
            FloatVector d = PanamaFloatLanes.load(dout, dOff + i, valid);
            PanamaFloatLanes.store(d.blend(0f, v.compare(VectorOperators.LE, 0f)), dx, dxOff + i, valid);
        }
    }

    /** Row maximum; lanes past the row are ignored. */
    private static float rowMax(int n, float[] x, int xi) {
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < n; j += L) {
            int valid = Math.min(L, n - j);
            FloatVector v = PanamaFloatLanes.load(x, xi + j, valid);
            VectorMask<Float> take = v.compare(VectorOperators.GT, max);
            if (valid < L) {
                take = take.and(S.indexInRange(0, valid));
            }
            max = max.blend(v, take);
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /** Writes exp(x − max) of a row to y (may alias x) and returns the row's sum of them. */
    private static float expShiftedRow(int n, float[] x, int xi, float max, float[] y, int yi) {
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            int valid = Math.min(L, n - j);
            FloatVector e = PanamaMath.exp(PanamaFloatLanes.load(x, xi + j, valid).sub(max));
            if (valid < L) {
                sum = sum.add(e, S.indexInRange(0, valid));
            } else {
                sum = sum.add(e);
            }
            if (y != null) {
                PanamaFloatLanes.store(e, y, yi + j, valid);
            }
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void softmaxRows(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            float max = rowMax(n, x, xi);
            float inv = 1f / expShiftedRow(n, x, xi, max, y, yi);
            for (int j = 0; j < n; j += L) {
                int valid = Math.min(L, n - j);
                PanamaFloatLanes.store(PanamaFloatLanes.load(y, yi + j, valid).mul(inv), y, yi + j, valid);
            }
        }
    }

    @Override
    public double crossEntropyLogits(int m, int n, float[] logits, int off, int ld, int[] labels, int labelsOff) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld;
            float max = rowMax(n, logits, xi);
            double sum = expShiftedRow(n, logits, xi, max, null, 0);
            total += Math.log(sum) + max - logits[xi + labels[labelsOff + i]];
        }
        return total / m;
    }

    @Override
    public double crossEntropyBook(int m, int n, float[] probs, int off, int ld, int[] labels, int labelsOff) {
        return SCALAR.crossEntropyBook(m, n, probs, off, ld, labels, labelsOff);
    }

    @Override
    public void softmaxLossBackward(int m, int n, float[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    float[] dx, int dxOff, int lddx) {
        float batch = m;
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy, di = dxOff + i * lddx;
            for (int j = 0; j < n; j += L) {
                int valid = Math.min(L, n - j);
                PanamaFloatLanes.store(PanamaFloatLanes.load(y, yi + j, valid).div(batch), dx, di + j, valid);
            }
            int t = labels[labelsOff + i];
            dx[di + t] = (y[yi + t] - 1f) / batch;
        }
    }

    @Override
    public void columnSums(int m, int n, float[] x, int xOff, int ldx, float[] out, int outOff) {
        for (int j = 0; j < n; j += L) {
            int valid = Math.min(L, n - j);
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                acc = acc.add(PanamaFloatLanes.load(x, xOff + i * ldx + j, valid));
            }
            PanamaFloatLanes.store(acc, out, outOff + j, valid);
        }
    }

    @Override
    public void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            FloatVector v = PanamaFloatLanes.load(x, xOff + i, valid);
            PanamaFloatLanes.store(v.fma(av, PanamaFloatLanes.load(y, yOff + i, valid)), y, yOff + i, valid);
        }
    }

    @Override
    public void argmaxRows(int m, int n, float[] x, int off, int ld, int[] out, int outOff) {
        SCALAR.argmaxRows(m, n, x, off, ld, out, outOff);
    }
}
