// GENERATED from ScalarFloatKernels.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;

/** Plain-Java float64 kernels: the fallback when the Vector API is unavailable, and the benchmark baseline. */
final class ScalarDoubleKernels implements DoubleKernelsImpl {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc,
                     double[] bias, int biasOff, Activation act, int threads) {
        if (threads == 1 || m == 1) {
            gemmRows(ta, tb, 0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act);
            return;
        }
        int[] starts = new int[threads + 1];
        int parts = Parallel.split(m, threads, 1, starts);
        Parallel.run(parts, part -> gemmRows(ta, tb, starts[part], starts[part + 1], n, k, alpha, a, aOff, lda,
                b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act));
    }

    /** Reference-BLAS loop order (i, p, j): each C element is summed over p in order. */
    private static void gemmRows(Transpose ta, Transpose tb, int i0, int i1, int n, int k,
                                 double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                 double beta, double[] c, int cOff, int ldc,
                                 double[] bias, int biasOff, Activation act) {
        int ars = ta.rowStride(lda), acs = ta.colStride(lda);
        int brs = tb.rowStride(ldb), bcs = tb.colStride(ldb);
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0.0) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = 0.0;
                }
            } else if (beta != 1.0) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                double t = alpha * a[aOff + i * ars + p * acs];
                int bp = bOff + p * brs;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += t * b[bp + j * bcs];
                }
            }
        }
        if (bias != null || act != Activation.NONE) {
            biasActivationRows(i0, i1, n, c, cOff, ldc, bias, biasOff, act);
        }
    }

    @Override
    public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
        biasActivationRows(0, m, n, c, cOff, ldc, bias, biasOff, act);
    }

    private static void biasActivationRows(int i0, int i1, int n, double[] c, int cOff, int ldc,
                                           double[] bias, int biasOff, Activation act) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                double v = c[ci + j] + (bias == null ? 0.0 : bias[biasOff + j]);
                c[ci + j] = switch (act) {
                    case NONE -> v;
                    case SIGMOID -> sigmoid(v);
                    case RELU -> v <= 0.0 ? 0.0 : v;
                };
            }
        }
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    @Override
    public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = sigmoid(x[xOff + i]);
        }
    }

    @Override
    public void sigmoidBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        for (int i = 0; i < len; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = dout[dOff + i] * (1.0 - v) * v;
        }
    }

    @Override
    public void relu(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            double v = x[xOff + i];
            y[yOff + i] = v <= 0.0 ? 0.0 : v; // the book's mask x <= 0: NaN passes through
        }
    }

    @Override
    public void reluBackward(int len, double[] dout, int dOff, double[] x, int xOff, double[] dx, int dxOff) {
        for (int i = 0; i < len; i++) {
            dx[dxOff + i] = x[xOff + i] <= 0.0 ? 0.0 : dout[dOff + i];
        }
    }

    @Override
    public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            double max = rowMax(n, x, xi);
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                double e = Math.exp(x[xi + j] - max);
                y[yi + j] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < n; j++) {
                y[yi + j] *= inv;
            }
        }
    }

    private static double rowMax(int n, double[] x, int xi) {
        double max = x[xi];
        for (int j = 1; j < n; j++) {
            max = Math.max(max, x[xi + j]);
        }
        return max;
    }

    @Override
    public double crossEntropyLogits(int m, int n, double[] logits, int off, int ld, int[] labels, int labelsOff) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld;
            double max = rowMax(n, logits, xi);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(logits[xi + j] - max);
            }
            total += Math.log(sum) + max - logits[xi + labels[labelsOff + i]];
        }
        return total / m;
    }

    @Override
    public double crossEntropyBook(int m, int n, double[] probs, int off, int ld, int[] labels, int labelsOff) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            total -= Math.log(probs[off + i * ld + labels[labelsOff + i]] + 1e-7);
        }
        return total / m;
    }

    @Override
    public void softmaxLossBackward(int m, int n, double[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    double[] dx, int dxOff, int lddx) {
        double batch = m;
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy, di = dxOff + i * lddx, t = labels[labelsOff + i];
            for (int j = 0; j < n; j++) {
                dx[di + j] = (y[yi + j] - (j == t ? 1.0 : 0.0)) / batch;
            }
        }
    }

    @Override
    public void columnSums(int m, int n, double[] x, int xOff, int ldx, double[] out, int outOff) {
        for (int j = 0; j < n; j++) {
            out[outOff + j] = 0.0;
        }
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx;
            for (int j = 0; j < n; j++) {
                out[outOff + j] += x[xi + j];
            }
        }
    }

    @Override
    public void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void argmaxRows(int m, int n, double[] x, int off, int ld, int[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld, best = 0;
            double max = x[xi];
            for (int j = 1; j < n; j++) {
                if (x[xi + j] > max) {
                    max = x[xi + j];
                    best = j;
                }
            }
            out[outOff + i] = best;
        }
    }

    @Override
    public int panelWidth(int n) {
        return n; // one panel: row-major
    }

    @Override
    public void vecMatRows(int rows, double[] x, int xOff, int ldx, PackedDoubleMatrix b, double[] y, int yOff, int ldy) {
        int k = b.rows, n = b.columns;
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            java.util.Arrays.fill(y, yi, yi + n, 0.0);
            for (int kk = 0; kk < k; kk++) {
                double v = x[xi + kk];
                if (v != 0.0) {
                    int row = kk * b.panelWidth;
                    for (int j = 0; j < n; j++) {
                        y[yi + j] += v * b.data[row + j];
                    }
                }
            }
        }
    }

    @Override
    public int firstNonFinite(int len, double[] x, int off) {
        for (int i = 0; i < len; i++) {
            if (!Double.isFinite(x[off + i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void scaleBytes(int len, byte[] src, int srcOff, double divisor, double[] dst, int dstOff) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = (src[srcOff + i] & 0xff) / divisor;
        }
    }

    @Override
    public int countNonZero(int len, double[] x, int off) {
        int count = 0;
        for (int i = 0; i < len; i++) {
            count += x[off + i] != 0.0 ? 1 : 0;
        }
        return count;
    }

    @Override
    public void sparseTransposeTimes(int m, int k, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                                     double[] c, int cOff, int ldc, int k0, int k1) {
        for (int r = k0; r < k1; r++) {
            java.util.Arrays.fill(c, cOff + r * ldc, cOff + r * ldc + n, 0.0);
        }
        for (int i = 0; i < m; i++) {
            for (int r = k0; r < k1; r++) {
                double v = x[xOff + i * ldx + r];
                if (v != 0.0) {
                    for (int j = 0; j < n; j++) {
                        c[cOff + r * ldc + j] += v * d[dOff + i * ldd + j];
                    }
                }
            }
        }
    }
}
