package dev.vecnet.kernel;

/** Plain-Java float32 kernels: the fallback when the Vector API is unavailable, and the benchmark baseline. */
final class ScalarFloatKernels implements FloatKernelsImpl {

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
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, Activation act, int threads) {
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
                                 float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc,
                                 float[] bias, int biasOff, Activation act) {
        int ars = ta.rowStride(lda), acs = ta.colStride(lda);
        int brs = tb.rowStride(ldb), bcs = tb.colStride(ldb);
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = 0f;
                }
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                float t = alpha * a[aOff + i * ars + p * acs];
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
    public void biasActivation(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation act) {
        biasActivationRows(0, m, n, c, cOff, ldc, bias, biasOff, act);
    }

    private static void biasActivationRows(int i0, int i1, int n, float[] c, int cOff, int ldc,
                                           float[] bias, int biasOff, Activation act) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float v = c[ci + j] + (bias == null ? 0f : bias[biasOff + j]);
                c[ci + j] = switch (act) {
                    case NONE -> v;
                    case SIGMOID -> sigmoid(v);
                    case RELU -> v <= 0f ? 0f : v;
                };
            }
        }
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public void exp(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = sigmoid(x[xOff + i]);
        }
    }

    @Override
    public void sigmoidBackward(int len, float[] dout, int dOff, float[] y, int yOff, float[] dx, int dxOff) {
        for (int i = 0; i < len; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dout[dOff + i] * (1f - v) * v;
        }
    }

    @Override
    public void relu(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v <= 0f ? 0f : v; // the book's mask x <= 0: NaN passes through
        }
    }

    @Override
    public void reluBackward(int len, float[] dout, int dOff, float[] x, int xOff, float[] dx, int dxOff) {
        for (int i = 0; i < len; i++) {
            dx[dxOff + i] = x[xOff + i] <= 0f ? 0f : dout[dOff + i];
        }
    }

    @Override
    public void softmaxRows(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            float max = rowMax(n, x, xi);
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                float e = (float) Math.exp(x[xi + j] - max);
                y[yi + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < n; j++) {
                y[yi + j] *= inv;
            }
        }
    }

    private static float rowMax(int n, float[] x, int xi) {
        float max = x[xi];
        for (int j = 1; j < n; j++) {
            max = Math.max(max, x[xi + j]);
        }
        return max;
    }

    @Override
    public double crossEntropyLogits(int m, int n, float[] logits, int off, int ld, int[] labels, int labelsOff) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld;
            float max = rowMax(n, logits, xi);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(logits[xi + j] - max);
            }
            total += Math.log(sum) + max - logits[xi + labels[labelsOff + i]];
        }
        return total / m;
    }

    @Override
    public double crossEntropyBook(int m, int n, float[] probs, int off, int ld, int[] labels, int labelsOff) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            total -= Math.log(probs[off + i * ld + labels[labelsOff + i]] + 1e-7);
        }
        return total / m;
    }

    @Override
    public void softmaxLossBackward(int m, int n, float[] y, int yOff, int ldy, int[] labels, int labelsOff,
                                    float[] dx, int dxOff, int lddx) {
        float batch = m;
        for (int i = 0; i < m; i++) {
            int yi = yOff + i * ldy, di = dxOff + i * lddx, t = labels[labelsOff + i];
            for (int j = 0; j < n; j++) {
                dx[di + j] = (y[yi + j] - (j == t ? 1f : 0f)) / batch;
            }
        }
    }

    @Override
    public void columnSums(int m, int n, float[] x, int xOff, int ldx, float[] out, int outOff) {
        for (int j = 0; j < n; j++) {
            out[outOff + j] = 0f;
        }
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx;
            for (int j = 0; j < n; j++) {
                out[outOff + j] += x[xi + j];
            }
        }
    }

    @Override
    public void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void argmaxRows(int m, int n, float[] x, int off, int ld, int[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld, best = 0;
            float max = x[xi];
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
    public void vecMatRows(int rows, float[] x, int xOff, int ldx, PackedFloatMatrix b, float[] y, int yOff, int ldy) {
        int k = b.rows, n = b.columns;
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            java.util.Arrays.fill(y, yi, yi + n, 0f);
            for (int kk = 0; kk < k; kk++) {
                float v = x[xi + kk];
                if (v != 0f) {
                    int row = kk * b.panelWidth;
                    for (int j = 0; j < n; j++) {
                        y[yi + j] += v * b.data[row + j];
                    }
                }
            }
        }
    }

    @Override
    public int firstNonFinite(int len, float[] x, int off) {
        for (int i = 0; i < len; i++) {
            if (!Float.isFinite(x[off + i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void scaleBytes(int len, byte[] src, int srcOff, float divisor, float[] dst, int dstOff) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = (src[srcOff + i] & 0xff) / divisor;
        }
    }

    @Override
    public int countNonZero(int len, float[] x, int off) {
        int count = 0;
        for (int i = 0; i < len; i++) {
            count += x[off + i] != 0f ? 1 : 0;
        }
        return count;
    }

    @Override
    public void sparseTransposeTimes(int m, int k, int n, float[] x, int xOff, int ldx, float[] d, int dOff, int ldd,
                                     float[] c, int cOff, int ldc, int k0, int k1) {
        for (int r = k0; r < k1; r++) {
            java.util.Arrays.fill(c, cOff + r * ldc, cOff + r * ldc + n, 0f);
        }
        for (int i = 0; i < m; i++) {
            for (int r = k0; r < k1; r++) {
                float v = x[xOff + i * ldx + r];
                if (v != 0f) {
                    for (int j = 0; j < n; j++) {
                        c[cOff + r * ldc + j] += v * d[dOff + i * ldd + j];
                    }
                }
            }
        }
    }
}
