// GENERATED from ScalarFloatKernels.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.scalar;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.DoubleKernelsImpl;
import dev.vecnet.kernel.PackedDoubleMatrix;
import dev.vecnet.kernel.Parallel;
import dev.vecnet.kernel.Transpose;

/** Plain-Java float64 kernels: the fallback when the Vector API is unavailable, and the benchmark baseline. */
public final class ScalarDoubleKernels implements DoubleKernelsImpl {

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

    /**
     * The reference order (docs/kernel-contract.md): each C element is one FMA chain over p ascending
     * from +0, then alpha·sum, then fma(C, beta, ·) when beta is not 0, then + bias (+0 without one),
     * then the activation. The chain runs in C's row when beta is 0, else in a per-thread row.
     */
    private static void gemmRows(Transpose ta, Transpose tb, int i0, int i1, int n, int k,
                                 double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                 double beta, double[] c, int cOff, int ldc,
                                 double[] bias, int biasOff, Activation act) {
        int ars = ta.rowStride(lda), acs = ta.colStride(lda);
        int brs = tb.rowStride(ldb), bcs = tb.colStride(ldb);
        double[] acc = beta == 0.0 ? c : ROW.get();
        if (acc.length < n && acc != c) {
            acc = new double[n];
            ROW.set(acc);
        }
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc, ai = acc == c ? ci : 0;
            java.util.Arrays.fill(acc, ai, ai + n, 0.0);
            for (int p = 0; p < k; p++) {
                double x = a[aOff + i * ars + p * acs];
                int bp = bOff + p * brs;
                for (int j = 0; j < n; j++) {
                    acc[ai + j] = Math.fma(x, b[bp + j * bcs], acc[ai + j]);
                }
            }
            for (int j = 0; j < n; j++) {
                double v = acc[ai + j] * alpha;
                if (beta != 0.0) {
                    v = Math.fma(c[ci + j], beta, v);
                }
                c[ci + j] = activate(v + (bias == null ? 0.0 : bias[biasOff + j]), act);
            }
        }
    }

    /** A row of chains per thread, for beta != 0 (where C's row still holds the C to scale). */
    private static final ThreadLocal<double[]> ROW = ThreadLocal.withInitial(() -> new double[64]);

    @Override
    public void biasActivation(int m, int n, double[] c, int cOff, int ldc, double[] bias, int biasOff, Activation act) {
        biasActivationRows(0, m, n, c, cOff, ldc, bias, biasOff, act);
    }

    private static void biasActivationRows(int i0, int i1, int n, double[] c, int cOff, int ldc,
                                           double[] bias, int biasOff, Activation act) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = activate(c[ci + j] + (bias == null ? 0.0 : bias[biasOff + j]), act);
            }
        }
    }

    private static double activate(double v, Activation act) {
        return switch (act.kind()) {
            case NONE -> v;
            case SIGMOID -> ScalarMath.sigmoid(v);
            case RELU -> v <= 0.0 ? 0.0 : v;
            case TANH -> ScalarMath.tanh(v);
            case LEAKY_RELU -> v < 0.0 ? ScalarMath.flush(act.slope() * v) : v;
        };
    }

    @Override
    public void exp(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ScalarMath.exp(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ScalarMath.sigmoid(x[xOff + i]);
        }
    }

    @Override
    public void sigmoidBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        for (int i = 0; i < len; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = ScalarMath.flush(dout[dOff + i] * (1.0 - v) * v);
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
    public void tanh(int len, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ScalarMath.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int len, double[] dout, int dOff, double[] y, int yOff, double[] dx, int dxOff) {
        for (int i = 0; i < len; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = ScalarMath.flush(dout[dOff + i] * (1.0 - v * v));
        }
    }

    @Override
    public void leakyRelu(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            double v = x[xOff + i];
            y[yOff + i] = v < 0.0 ? ScalarMath.flush(alpha * v) : v;
        }
    }

    /** exp(x − rowmax) by the reference polynomial, the row sum in 16 stripes, then each times 1/sum. */
    @Override
    public void softmaxRows(int m, int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            double max = ScalarMath.rowMax(n, x, xi);
            for (int j = 0; j < n; j++) {
                y[yi + j] = ScalarMath.exp(x[xi + j] - max);
            }
            double inv = 1.0 / ScalarMath.rowSum(n, y, yi);
            for (int j = 0; j < n; j++) {
                y[yi + j] = ScalarMath.flush(y[yi + j] * inv);
            }
        }
    }

    /** log Σ exp(row − max) + max − row[label] per row: exp and the sum as in softmax, the log and the rest in double. */
    @Override
    public double crossEntropyLogits(int m, int n, double[] logits, int off, int ld, int[] labels, int labelsOff) {
        double[] e = ROW.get();
        if (e.length < n) {
            e = new double[n];
            ROW.set(e);
        }
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = off + i * ld;
            double max = ScalarMath.rowMax(n, logits, xi);
            for (int j = 0; j < n; j++) {
                e[j] = ScalarMath.exp(logits[xi + j] - max);
            }
            total += StrictMath.log(ScalarMath.rowSum(n, e, 0)) + max - logits[xi + labels[labelsOff + i]];
        }
        return total / m;
    }

    @Override
    public double crossEntropyBook(int m, int n, double[] probs, int off, int ld, int[] labels, int labelsOff) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            total -= StrictMath.log(probs[off + i * ld + labels[labelsOff + i]] + 1e-7);
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
                dx[di + j] = ScalarMath.flush((y[yi + j] - (j == t ? 1.0 : 0.0)) / batch);
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
            y[yOff + i] = ScalarMath.flush(Math.fma(x[xOff + i], alpha, y[yOff + i]));
        }
    }

    @Override
    public void sgdStep(int len, double lr, double[] g, int gOff, double[] w, int wOff) {
        for (int i = 0; i < len; i++) {
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(g[gOff + i], -lr, w[wOff + i]));
        }
    }

    @Override
    public void momentumStep(int len, double lr, double momentum, double[] g, int gOff, double[] v, int vOff, double[] w, int wOff) {
        for (int i = 0; i < len; i++) {
            double vi = ScalarMath.flush(Math.fma(g[gOff + i], -lr, v[vOff + i] * momentum));
            v[vOff + i] = vi;
            w[wOff + i] = ScalarMath.flushParameter(w[wOff + i] + vi);
        }
    }

    @Override
    public void adagradStep(int len, double lr, double[] g, int gOff, double[] h, int hOff, double[] w, int wOff) {
        for (int i = 0; i < len; i++) {
            double gi = g[gOff + i];
            double hi = ScalarMath.flush(Math.fma(gi, gi, h[hOff + i]));
            h[hOff + i] = hi;
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(gi / ((double) Math.sqrt(hi) + 1e-7), -lr, w[wOff + i]));
        }
    }

    @Override
    public void adamStep(int len, double lr, double c1, double c2, double[] g, int gOff, double[] m, int mOff,
                         double[] v, int vOff, double[] w, int wOff) {
        for (int i = 0; i < len; i++) {
            double gi = g[gOff + i];
            double mi = ScalarMath.flush(Math.fma(gi - m[mOff + i], c1, m[mOff + i]));
            double vi = ScalarMath.flush(Math.fma(ScalarMath.square(gi) - v[vOff + i], c2, v[vOff + i]));
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            w[wOff + i] = ScalarMath.flushParameter(Math.fma(mi / ((double) Math.sqrt(vi) + 1e-7), -lr, w[wOff + i]));
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

    /**
     * One FMA chain per element over the nonzeros of the row, ascending. Reads any provider's panel
     * layout (panels of panelWidth columns, from the heap array or the segment), so the same packed
     * matrix serves the scalar and the Panama kernels alike.
     */
    @Override
    public void vecMatRows(int rows, double[] x, int xOff, int ldx, PackedDoubleMatrix b, double[] y, int yOff, int ldy) {
        int k = b.rows(), n = b.columns(), w = b.panelWidth();
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx, yi = yOff + i * ldy;
            java.util.Arrays.fill(y, yi, yi + n, 0.0);
            for (int kk = 0; kk < k; kk++) {
                double v = x[xi + kk];
                if (v == 0.0) {
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
                        c[cOff + r * ldc + j] = Math.fma(v, d[dOff + i * ldd + j], c[cOff + r * ldc + j]);
                    }
                }
            }
        }
        for (int r = k0; r < k1; r++) { // + 0: a zero sum is +0, whichever zero products were skipped
            for (int j = 0; j < n; j++) {
                c[cOff + r * ldc + j] += 0.0;
            }
        }
    }
}
