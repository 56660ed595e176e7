package dev.vecnet.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 kernels on the Vector API. Loops run whole vectors and finish with one partial vector
 * through {@link PanamaDoubleLanes}, so tails get the same arithmetic as the body.
 */
final class PanamaDoubleKernels implements DoubleKernelsImpl {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    private static final ScalarDoubleKernels SCALAR = new ScalarDoubleKernels();

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
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc,
                     double[] bias, int biasOff, Activation act, int threads) {
        PanamaDoubleGemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                bias, biasOff, act, threads);
    }

    @Override
    public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j += L) {
                int valid = Math.min(L, n - j);
                DoubleVector v = PanamaDoubleLanes.load(c, ci + j, valid);
                if (bias != null) {
                    v = v.add(PanamaDoubleLanes.load(bias, biasOff + j, valid));
                }
                PanamaDoubleLanes.store(PanamaMath.activate(v, act), c, ci + j, valid);
            }
        }
    }

    @Override
    public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            PanamaDoubleLanes.store(PanamaMath.exp(PanamaDoubleLanes.load(x, xOff + i, valid)), y, yOff + i, valid);
        }
    }

    @Override
    public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            PanamaDoubleLanes.store(PanamaMath.sigmoid(PanamaDoubleLanes.load(x, xOff + i, valid)), y, yOff + i, valid);
        }
    }

    @Override
    public void sigmoidBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            DoubleVector v = PanamaDoubleLanes.load(y, yOff + i, valid);
            DoubleVector d = PanamaDoubleLanes.load(dout, dOff + i, valid);
            PanamaDoubleLanes.store(d.mul(v.neg().add(1.0)).mul(v), dx, dxOff + i, valid);
        }
    }

    @Override
    public void relu(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            PanamaDoubleLanes.store(PanamaMath.relu(PanamaDoubleLanes.load(x, xOff + i, valid)), y, yOff + i, valid);
        }
    }

    @Override
    public void reluBackward(int len, double[] dout, int dOff, double[] x, int xOff, double[] dx, int dxOff) {
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            DoubleVector v = PanamaDoubleLanes.load(x, xOff + i, valid);
            DoubleVector d = PanamaDoubleLanes.load(dout, dOff + i, valid);
            PanamaDoubleLanes.store(d.blend(0.0, v.compare(VectorOperators.LE, 0.0)), dx, dxOff + i, valid);
        }
    }

    /** Row maximum; lanes past the row are ignored. */
    private static double rowMax(int n, double[] x, int xi) {
        DoubleVector max = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < n; j += L) {
            int valid = Math.min(L, n - j);
            DoubleVector v = PanamaDoubleLanes.load(x, xi + j, valid);
            VectorMask<Double> take = v.compare(VectorOperators.GT, max);
            if (valid < L) {
                take = take.and(S.indexInRange(0, valid));
            }
            max = max.blend(v, take);
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /** Writes exp(x − max) of a row to y (may alias x) and returns the row's sum of them. */
    private static double expShiftedRow(int n, double[] x, int xi, double max, double[] y, int yi) {
        DoubleVector sum = DoubleVector.zero(S);
        for (int j = 0; j < n; j += L) {
            int valid = Math.min(L, n - j);
            DoubleVector e = PanamaMath.exp(PanamaDoubleLanes.load(x, xi + j, valid).sub(max));
            if (valid < L) {
                sum = sum.add(e, S.indexInRange(0, valid));
            } else {
                sum = sum.add(e);
            }
            if (y != null) {
                PanamaDoubleLanes.store(e, y, yi + j, valid);
            }
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            double max = rowMax(n, x, xi);
            double inv = 1.0 / expShiftedRow(n, x, xi, max, y, yi);
            for (int j = 0; j < n; j += L) {
                int valid = Math.min(L, n - j);
                PanamaDoubleLanes.store(PanamaDoubleLanes.load(y, yi + j, valid).mul(inv), y, yi + j, valid);
            }
        }
    }

    @Override
    public double crossEntropyLogits(int m, int n, double[] logits, int off, int ld, int[] labels, int labelsOff) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld;
            double max = rowMax(n, logits, xi);
            double sum = expShiftedRow(n, logits, xi, max, null, 0);
            total += Math.log(sum) + max - logits[xi + labels[labelsOff + i]];
        }
        return total / m;
    }

    @Override
    public double crossEntropyBook(int m, int n, double[] probs, int off, int ld, int[] labels, int labelsOff) {
        return SCALAR.crossEntropyBook(m, n, probs, off, ld, labels, labelsOff);
    }

    @Override
    public void softmaxLossBackward(int m, int n, double[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    double[] dx, int dxOff, int lddx) {
        double batch = m;
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy, di = dxOff + i * lddx;
            for (int j = 0; j < n; j += L) {
                int valid = Math.min(L, n - j);
                PanamaDoubleLanes.store(PanamaDoubleLanes.load(y, yi + j, valid).div(batch), dx, di + j, valid);
            }
            int t = labels[labelsOff + i];
            dx[di + t] = (y[yi + t] - 1.0) / batch;
        }
    }

    @Override
    public void columnSums(int m, int n, double[] x, int xOff, int ldx, double[] out, int outOff) {
        for (int j = 0; j < n; j += L) {
            int valid = Math.min(L, n - j);
            DoubleVector acc = DoubleVector.zero(S);
            for (int i = 0; i < m; i++) {
                acc = acc.add(PanamaDoubleLanes.load(x, xOff + i * ldx + j, valid));
            }
            PanamaDoubleLanes.store(acc, out, outOff + j, valid);
        }
    }

    @Override
    public void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector av = DoubleVector.broadcast(S, alpha);
        for (int i = 0; i < len; i += L) {
            int valid = Math.min(L, len - i);
            DoubleVector v = PanamaDoubleLanes.load(x, xOff + i, valid);
            PanamaDoubleLanes.store(v.fma(av, PanamaDoubleLanes.load(y, yOff + i, valid)), y, yOff + i, valid);
        }
    }

    @Override
    public void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out, int outOff) {
        SCALAR.argmaxRows(m, n, x, off, ld, out, outOff);
    }
}
