package dev.vecnet.kernel.panama;

import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = Xᵀ·D with the zeros of X skipped: the first layer's weight gradient, where X is a batch of
 * mostly-zero inputs (images on a blank background). A sum of outer products, rows of X in order, each element of C one FMA
 * chain over the rows of X. C's rows wait in per-thread scratch, padded to a panel of columns, and are
 * copied out at the end.
 *
 * <p>Where vector compress lists nonzeros and there are 32 registers ({@link PanamaFloatPanels#GROUPS}),
 * four rows of X go together over the union of their nonzeros through 4-vector panels: their four
 * rows of D stay in 16 registers, and each row of C in the union is loaded and stored once for four
 * FMAs per vector instead of one. A row whose X is 0 there adds 0·d, which leaves the sum unchanged
 * for finite D but for the sign of a zero, which the final + 0 makes +0 either way; so each element
 * keeps the bits of the one-row chain (the variants measured:
 * docs/design-notes.md, "Training's first layer").
 */
public final class PanamaFloatSparse {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final int WIDE = PanamaFloatPanels.WIDE, FOUR = PanamaFloatPanels.FOUR;
    /** Columns of D per pass: four vectors with the grouped rows, else eight. */
    private static final int PANEL = PanamaFloatPanels.GROUPS ? FOUR : WIDE;

    private PanamaFloatSparse() {}

    /**
     * Rows of C per pass over the rows of X: their accumulators (SLAB x PANEL floats, 32 KB) stay in L1
     * while every row of X adds into them.
     */
    static final int SLAB = 32 * 1024 / (PANEL * Float.BYTES);

    /** Rows [k0, k1) of C, a slab of rows at a time. */
    static void transposeTimes(int m, int n, float[] x, int xOff, int ldx, float[] d, int dOff, int ldd,
                               float[] c, int cOff, int ldc, int k0, int k1) {
        for (int s = k0; s < k1; s += SLAB) {
            slab(m, n, x, xOff, ldx, d, dOff, ldd, c, cOff, ldc, s, Math.min(k1, s + SLAB));
        }
    }

    /** Rows [k0, k1) of C. */
    private static void slab(int m, int n, float[] x, int xOff, int ldx, float[] d, int dOff, int ldd,
                             float[] c, int cOff, int ldc, int k0, int k1) {
        int rows = k1 - k0;
        float[] acc = PanamaFloatScratch.block(rows * PANEL);
        float[] dRows = PanamaFloatScratch.row(4 * PANEL);
        int[] list = PanamaFloatScratch.nonzeros(rows + 2 * WIDE);
        for (int col = 0; col < n; col += PANEL) {
            int w = Math.min(PANEL, n - col);
            java.util.Arrays.fill(acc, 0, rows * PANEL, 0f);
            java.util.Arrays.fill(dRows, 0f);
            int i = 0;
            if (PanamaFloatPanels.GROUPS) {
                for (; i <= m - 4; i += 4) {
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(d, dOff + (i + r) * ldd + col, dRows, r * FOUR, w);
                    }
                    int xi = xOff + i * ldx + k0;
                    outerGroup(PanamaFloatPanels.unionOfFour(x, xi, ldx, rows, list), list, x, xi, ldx, dRows, acc);
                }
            }
            for (; i < m; i++) {
                System.arraycopy(d, dOff + i * ldd + col, dRows, 0, w);
                int xi = xOff + i * ldx + k0;
                int count = PanamaFloatPanels.nonzeroRows(x, xi, xi + rows, list);
                if (PANEL == FOUR) {
                    outerRowFour(count, list, x, xi, dRows, acc);
                } else {
                    outerRowWide(count, list, x, xi, dRows, acc);
                }
            }
            for (int r = 0; r < rows; r++) {
                plusZero(acc, r * PANEL, c, cOff + (k0 + r) * ldc + col, w);
            }
        }
    }

    /**
     * c[to..to+w) = acc[from..from+w) + 0: a zero sum is +0 whichever zero products were added or skipped
     * (docs/kernel-contract.md), so the union of four rows gives the one-row chain's bits, signed zeros too.
     */
    private static void plusZero(float[] acc, int from, float[] c, int to, int w) {
        int j = 0;
        for (; j <= w - L; j += L) {
            FloatVector.fromArray(S, acc, from + j).add(0f).intoArray(c, to + j);
        }
        for (; j < w; j++) {
            c[to + j] = acc[from + j] + 0f;
        }
    }

    /**
     * acc row r += the four rows' values at r (x from xOff, ldx apart) times their rows of D (dRows,
     * FOUR apart), in row order, for each position r of the union ({@link PanamaFloatPanels#unionOfFour}).
     */
    private static void outerGroup(int count, int[] list, float[] x, int xOff, int ldx, float[] dRows, float[] acc) {
        FloatVector p0 = FloatVector.fromArray(S, dRows, 0), p1 = FloatVector.fromArray(S, dRows, L);
        FloatVector p2 = FloatVector.fromArray(S, dRows, 2 * L), p3 = FloatVector.fromArray(S, dRows, 3 * L);
        FloatVector q0 = FloatVector.fromArray(S, dRows, FOUR), q1 = FloatVector.fromArray(S, dRows, FOUR + L);
        FloatVector q2 = FloatVector.fromArray(S, dRows, FOUR + 2 * L), q3 = FloatVector.fromArray(S, dRows, FOUR + 3 * L);
        FloatVector r0 = FloatVector.fromArray(S, dRows, 2 * FOUR), r1 = FloatVector.fromArray(S, dRows, 2 * FOUR + L);
        FloatVector r2 = FloatVector.fromArray(S, dRows, 2 * FOUR + 2 * L), r3 = FloatVector.fromArray(S, dRows, 2 * FOUR + 3 * L);
        FloatVector s0 = FloatVector.fromArray(S, dRows, 3 * FOUR), s1 = FloatVector.fromArray(S, dRows, 3 * FOUR + L);
        FloatVector s2 = FloatVector.fromArray(S, dRows, 3 * FOUR + 2 * L), s3 = FloatVector.fromArray(S, dRows, 3 * FOUR + 3 * L);
        int x1 = xOff + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
        for (int j = 0; j < count; j++) {
            int p = list[j], a = p * FOUR;
            FloatVector u = FloatVector.broadcast(S, x[xOff + p]);
            FloatVector c0 = p0.fma(u, FloatVector.fromArray(S, acc, a));
            FloatVector c1 = p1.fma(u, FloatVector.fromArray(S, acc, a + L));
            FloatVector c2 = p2.fma(u, FloatVector.fromArray(S, acc, a + 2 * L));
            FloatVector c3 = p3.fma(u, FloatVector.fromArray(S, acc, a + 3 * L));
            u = FloatVector.broadcast(S, x[x1 + p]);
            c0 = q0.fma(u, c0);
            c1 = q1.fma(u, c1);
            c2 = q2.fma(u, c2);
            c3 = q3.fma(u, c3);
            u = FloatVector.broadcast(S, x[x2 + p]);
            c0 = r0.fma(u, c0);
            c1 = r1.fma(u, c1);
            c2 = r2.fma(u, c2);
            c3 = r3.fma(u, c3);
            u = FloatVector.broadcast(S, x[x3 + p]);
            s0.fma(u, c0).intoArray(acc, a);
            s1.fma(u, c1).intoArray(acc, a + L);
            s2.fma(u, c2).intoArray(acc, a + 2 * L);
            s3.fma(u, c3).intoArray(acc, a + 3 * L);
        }
    }

    /** acc row r += x[xOff + r]·dRow for the listed nonzeros r of x, through a 4-vector panel. */
    private static void outerRowFour(int count, int[] list, float[] x, int xOff, float[] dRow, float[] acc) {
        FloatVector d0 = FloatVector.fromArray(S, dRow, 0), d1 = FloatVector.fromArray(S, dRow, L);
        FloatVector d2 = FloatVector.fromArray(S, dRow, 2 * L), d3 = FloatVector.fromArray(S, dRow, 3 * L);
        for (int j = 0; j < count; j++) {
            int r = list[j];
            FloatVector v = FloatVector.broadcast(S, x[xOff + r]);
            int a = r * FOUR;
            d0.fma(v, FloatVector.fromArray(S, acc, a)).intoArray(acc, a);
            d1.fma(v, FloatVector.fromArray(S, acc, a + L)).intoArray(acc, a + L);
            d2.fma(v, FloatVector.fromArray(S, acc, a + 2 * L)).intoArray(acc, a + 2 * L);
            d3.fma(v, FloatVector.fromArray(S, acc, a + 3 * L)).intoArray(acc, a + 3 * L);
        }
    }

    /** acc row r += x[xOff + r]·dRow for the listed nonzeros r of x, through an 8-vector panel. */
    private static void outerRowWide(int count, int[] list, float[] x, int xOff, float[] dRow, float[] acc) {
        FloatVector d0 = FloatVector.fromArray(S, dRow, 0), d1 = FloatVector.fromArray(S, dRow, L);
        FloatVector d2 = FloatVector.fromArray(S, dRow, 2 * L), d3 = FloatVector.fromArray(S, dRow, 3 * L);
        FloatVector d4 = FloatVector.fromArray(S, dRow, 4 * L), d5 = FloatVector.fromArray(S, dRow, 5 * L);
        FloatVector d6 = FloatVector.fromArray(S, dRow, 6 * L), d7 = FloatVector.fromArray(S, dRow, 7 * L);
        for (int j = 0; j < count; j++) {
            int r = list[j];
            FloatVector v = FloatVector.broadcast(S, x[xOff + r]);
            int a = r * WIDE;
            d0.fma(v, FloatVector.fromArray(S, acc, a)).intoArray(acc, a);
            d1.fma(v, FloatVector.fromArray(S, acc, a + L)).intoArray(acc, a + L);
            d2.fma(v, FloatVector.fromArray(S, acc, a + 2 * L)).intoArray(acc, a + 2 * L);
            d3.fma(v, FloatVector.fromArray(S, acc, a + 3 * L)).intoArray(acc, a + 3 * L);
            d4.fma(v, FloatVector.fromArray(S, acc, a + 4 * L)).intoArray(acc, a + 4 * L);
            d5.fma(v, FloatVector.fromArray(S, acc, a + 5 * L)).intoArray(acc, a + 5 * L);
            d6.fma(v, FloatVector.fromArray(S, acc, a + 6 * L)).intoArray(acc, a + 6 * L);
            d7.fma(v, FloatVector.fromArray(S, acc, a + 7 * L)).intoArray(acc, a + 7 * L);
        }
    }
}
