package dev.vecnet.kernel.scalar;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.FloatKernelsImpl;
import dev.vecnet.kernel.PackedFloatMatrix;
import dev.vecnet.kernel.Parallel;
import dev.vecnet.kernel.Transpose;

/** Plain-Java float32 kernels: the fallback when the Vector API is unavailable, and the benchmark baseline. */
public final class ScalarFloatKernels implements FloatKernelsImpl {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public boolean scalar() {
        return true;
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

    /**
     * The reference order (docs/kernel-contract.md): each C element is one FMA chain over p ascending
     * from +0, then alpha·sum, then fma(C, beta, ·) when beta is not 0, then + bias (+0 without one),
     * then the activation. The chain runs in C's row when beta is 0, else in a per-thread row.
     */
    private static void gemmRows(Transpose ta, Transpose tb, int i0, int i1, int n, int k,
                                 float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc,
                                 float[] bias, int biasOff, Activation act) {
        int ars = ta.rowStride(lda), acs = ta.colStride(lda);
        int brs = tb.rowStride(ldb), bcs = tb.colStride(ldb);
        float[] acc = beta == 0f ? c : ROW.get();
        if (acc.length < n && acc != c) {
            acc = new float[n];
            ROW.set(acc);
        }
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc, ai = acc == c ? ci : 0;
            java.util.Arrays.fill(acc, ai, ai + n, 0f);
            for (int p = 0; p < k; p++) {
                float x = a[aOff + i * ars + p * acs];
                int bp = bOff + p * brs;
                for (int j = 0; j < n; j++) {
                    acc[ai + j] = Math.fma(x, b[bp + j * bcs], acc[ai + j]);
                }
            }
            for (int j = 0; j < n; j++) {
                float v = acc[ai + j] * alpha;
                if (beta != 0f) {
                    v = Math.fma(c[ci + j], beta, v);
                }
                c[ci + j] = activate(v + (bias == null ? 0f : bias[biasOff + j]), act);
            }
        }
    }

    /** A row of chains per thread, for beta != 0 (where C's row still holds the C to scale). */
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[64]);

    @Override
    public void biasActivation(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation act) {
        biasActivationRows(0, m, n, c, cOff, ldc, bias, biasOff, act);
    }

    private static void biasActivationRows(int i0, int i1, int n, float[] c, int cOff, int ldc,
                                           float[] bias, int biasOff, Activation act) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = activate(c[ci + j] + (bias == null ? 0f : bias[biasOff + j]), act);
            }
        }
    }

    private static float activate(float v, Activation act) {
        return switch (act.kind()) {
            case NONE -> v;
            case SIGMOID -> ScalarMath.sigmoid(v);
            case RELU -> v <= 0f ? 0f : v;
            case TANH -> ScalarMath.tanh(v);
            case LEAKY_RELU -> v < 0f ? ScalarMath.flush(act.slope() * v) : v;
        };
    }

    @Override
    public void exp(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ScalarMath.exp(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ScalarMath.sigmoid(x[xOff + i]);
        }
    }

    @Override
    public void sigmoidBackward(int len, float[] dout, int dOff, float[] y, int yOff, float[] dx, int dxOff) {
        for (int i = 0; i < len; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = ScalarMath.flush(dout[dOff + i] * (1f - v) * v);
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
    public void tanh(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ScalarMath.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int len, float[] dout, int dOff, float[] y, int yOff, float[] dx, int dxOff) {
        for (int i = 0; i < len; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = ScalarMath.flush(dout[dOff + i] * (1f - v * v));
        }
    }

    @Override
    public void leakyRelu(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v < 0f ? ScalarMath.flush(alpha * v) : v;
        }
    }

    /** exp(x − rowmax) by the reference polynomial, the row sum in 16 stripes, then each times 1/sum. */
    @Override
    public void softmaxRows(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            float max = ScalarMath.rowMax(n, x, xi);
            for (int j = 0; j < n; j++) {
                y[yi + j] = ScalarMath.exp(x[xi + j] - max);
            }
            float inv = 1f / ScalarMath.rowSum(n, y, yi);
            for (int j = 0; j < n; j++) {
                y[yi + j] = ScalarMath.flush(y[yi + j] * inv);
            }
        }
    }

    /** log Σ exp(row − max) + max − row[label] per row: exp and the sum as in softmax, the log and the rest in double. */
    @Override
    public double crossEntropyLogits(int m, int n, float[] logits, int off, int ld, int[] labels, int labelsOff) {
        float[] e = ROW.get();
        if (e.length < n) {
            e = new float[n];
            ROW.set(e);
        }
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld;
            float max = ScalarMath.rowMax(n, logits, xi);
            for (int j = 0; j < n; j++) {
                e[j] = ScalarMath.exp(logits[xi + j] - max);
            }
            total += StrictMath.log(ScalarMath.rowSum(n, e, 0)) + max - logits[xi + labels[labelsOff + i]];
        }
        return total / m;
    }

    @Override
    public double crossEntropyBook(int m, int n, float[] probs, int off, int ld, int[] labels, int labelsOff) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            total -= StrictMath.log(probs[off + i * ld + labels[labelsOff + i]] + 1e-7);
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
                dx[di + j] = ScalarMath.flush((y[yi + j] - (j == t ? 1f : 0f)) / batch);
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
            y[yOff + i] = ScalarMath.flush(Math.fma(x[xOff + i], alpha, y[yOff + i]));
        }
    }

    @Override
    public void sgdStep(int len, float lr, float[] g, int gOff, float[] w, int wOff) {
        for (int i = 0; i < len; i++) {
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(g[gOff + i], -lr, w[wOff + i]));
        }
    }

    @Override
    public void momentumStep(int len, float lr, float momentum, float[] g, int gOff, float[] v, int vOff, float[] w, int wOff) {
        for (int i = 0; i < len; i++) {
            float vi = ScalarMath.flush(Math.fma(g[gOff + i], -lr, v[vOff + i] * momentum));
            v[vOff + i] = vi;
            w[wOff + i] = ScalarMath.flushParameter(w[wOff + i] + vi);
        }
    }

    @Override
    public void adagradStep(int len, float lr, float[] g, int gOff, float[] h, int hOff, float[] w, int wOff) {
        for (int i = 0; i < len; i++) {
            float gi = g[gOff + i];
            float hi = ScalarMath.flush(Math.fma(gi, gi, h[hOff + i]));
            h[hOff + i] = hi;
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(gi / ((float) Math.sqrt(hi) + 1e-7f), -lr, w[wOff + i]));
        }
    }

    @Override
    public void adamStep(int len, float lr, float c1, float c2, float[] g, int gOff, float[] m, int mOff,
                         float[] v, int vOff, float[] w, int wOff) {
        for (int i = 0; i < len; i++) {
            float gi = g[gOff + i];
            float mi = ScalarMath.flush(Math.fma(gi - m[mOff + i], c1, m[mOff + i]));
            float vi = ScalarMath.flush(Math.fma(ScalarMath.square(gi) - v[vOff + i], c2, v[vOff + i]));
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(mi / ((float) Math.sqrt(vi) + 1e-7f), -lr, w[wOff + i]));
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

    /**
     * One FMA chain per element over the nonzeros of the row, ascending. Reads any provider's panel
     * layout (panels of panelWidth columns, from the heap array or the segment), so the same packed
     * matrix serves the scalar and the Panama kernels alike.
     */
    @Override
    public void vecMatRows(int rows, float[] x, int xOff, int ldx, PackedFloatMatrix b, float[] y, int yOff, int ldy) {
        int k = b.rows(), n = b.columns(), w = b.panelWidth();
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            java.util.Arrays.fill(y, yi, yi + n, 0f);
            for (int kk = 0; kk < k; kk++) {
                float v = x[xi + kk];
                if (v == 0f) {
                    continue;
                }
                for (int col = 0, panel = 0; col < n; col += w, panel++) {
                    int row = (panel * k + kk) * w, width = Math.min(w, n - col);
                    for (int j = 0; j < width; j++) { // its own matrices are on the heap
                        y[yi + col + j] = Math.fma(v, b.data()[row + j], y[yi + col + j]);
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
                        c[cOff + r * ldc + j] = Math.fma(v, d[dOff + i * ldd + j], c[cOff + r * ldc + j]);
                    }
                }
            }
        }
        for (int r = k0; r < k1; r++) { // + 0: a zero sum is +0, whichever zero products were skipped
            for (int j = 0; j < n; j++) {
                c[cOff + r * ldc + j] += 0f;
            }
        }
    }
}
