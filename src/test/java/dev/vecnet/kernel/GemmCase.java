package dev.vecnet.kernel;

import java.util.SplittableRandom;

/**
 * One GEMM problem with awkward storage: operands at an offset inside their arrays, leading
 * dimensions wider than the rows, sometimes ending exactly at the array's end. Checks a result
 * against a plain double-precision reference with a forward-error bound, and that nothing outside
 * C's block was touched.
 */
final class GemmCase {
    final Transpose ta, tb;
    final int m, n, k;
    final double alpha, beta;
    final double[] a, b, c, bias;
    final int aOff, lda, bOff, ldb, cOff, ldc, biasOff;
    final Activation act;

    GemmCase(Precision p, Transpose ta, Transpose tb, int m, int n, int k, double alpha, double beta,
             boolean withBias, Activation act, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        this.ta = ta;
        this.tb = tb;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = p.round(alpha);
        this.beta = p.round(beta);
        this.act = act;
        int aRows = ta == Transpose.NO ? m : k, aCols = ta == Transpose.NO ? k : m;
        int bRows = tb == Transpose.NO ? k : n, bCols = tb == Transpose.NO ? n : k;
        aOff = r.nextInt(4);
        lda = aCols + (r.nextBoolean() ? 0 : r.nextInt(1, 5));
        bOff = r.nextInt(4);
        ldb = bCols + (r.nextBoolean() ? 0 : r.nextInt(1, 5));
        cOff = r.nextInt(4);
        ldc = n + (r.nextBoolean() ? 0 : r.nextInt(1, 5));
        a = p.round(filled(r, aOff + (aRows - 1) * lda + aCols + slack(r)));
        b = p.round(filled(r, bOff + (bRows - 1) * ldb + bCols + slack(r)));
        c = p.round(filled(r, cOff + (m - 1) * ldc + n + slack(r)));
        if (this.beta == 0) {
            // beta = 0 must never read C: NaN there would show
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = Double.NaN;
                }
            }
        }
        biasOff = r.nextInt(3);
        bias = withBias ? p.round(filled(r, biasOff + n + slack(r))) : null;
    }

    private static int slack(SplittableRandom r) {
        return r.nextBoolean() ? 0 : r.nextInt(1, 20); // 0: the operand ends exactly at the array's end
    }

    private static double[] filled(SplittableRandom r, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }

    double opA(int i, int p) {
        return ta == Transpose.NO ? a[aOff + i * lda + p] : a[aOff + p * lda + i];
    }

    double opB(int p, int j) {
        return tb == Transpose.NO ? b[bOff + p * ldb + j] : b[bOff + j * ldb + p];
    }

    /** Runs the kernel on a copy of C and returns it. */
    double[] run(Precision p, int threads) {
        double[] out = c.clone();
        p.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc, bias, biasOff, act, threads);
        return out;
    }

    /** Asserts {@code got} (a whole C array) against the reference; returns the worst error / bound ratio. */
    double check(Precision p, double[] got) {
        double worst = 0;
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1, j = rel >= 0 ? rel % ldc : -1;
            if (i < 0 || i >= m || j >= n) {
                if (Double.doubleToRawLongBits(got[idx]) != Double.doubleToRawLongBits(c[idx])) {
                    throw new AssertionError(describe(p) + ": element " + idx + " outside C's block changed from "
                            + c[idx] + " to " + got[idx]);
                }
                continue;
            }
            double sum = 0, mag = 0;
            for (int q = 0; q < k; q++) {
                double prod = opA(i, q) * opB(q, j);
                sum += prod;
                mag += Math.abs(prod);
            }
            double v = alpha * sum, vMag = Math.abs(alpha) * mag;
            if (beta != 0) {
                v += beta * c[idx];
                vMag += Math.abs(beta * c[idx]);
            }
            if (bias != null) {
                v += bias[biasOff + j];
                vMag += Math.abs(bias[biasOff + j]);
            }
            double tol = Tolerances.sum(p.unit(), k, vMag);
            double expected = v;
            switch (act.kind()) {
                case SIGMOID -> {
                    expected = 1 / (1 + Math.exp(-v));
                    tol = tol / 4 + Tolerances.transcendental(p.unit(), 1);
                }
                case RELU -> expected = v <= 0 ? 0 : v;
                case TANH -> {
                    expected = Math.tanh(v);
                    tol = tol + 4 * p.unit();
                }
                case LEAKY_RELU -> expected = v < 0 ? act.slope() * v : v;
                case NONE -> { }
            }
            double err = Math.abs(got[idx] - expected);
            if (!(err <= tol)) {
                throw new AssertionError(describe(p) + ": C[" + i + "][" + j + "] = " + got[idx] + ", expected "
                        + expected + " (error " + err + " > bound " + tol + ")");
            }
            worst = Math.max(worst, err / tol);
        }
        return worst;
    }

    String describe(Precision p) {
        return p.name() + "/" + p.provider() + " gemm " + ta + "," + tb + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta + " bias=" + (bias != null) + " act=" + act
                + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc + " offsets=" + aOff + "," + bOff + "," + cOff;
    }
}
