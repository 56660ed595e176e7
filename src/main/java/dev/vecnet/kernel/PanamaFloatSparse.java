package dev.vecnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = Xᵀ·D with the zeros of X skipped: the first layer's weight gradient, where X is a batch of
 * images (80 % background). A sum of outer products, one row of X at a time, each element summed
 * over the rows of X in order.
 */
final class PanamaFloatSparse {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    /** Columns of D held in registers per pass: eight vectors. */
    private static final int PANEL = PanamaFloatPanels.WIDE;

    private PanamaFloatSparse() {}

    /**
     * Rows [k0, k1) of C: that row of D (a panel's worth, eight vectors) stays in registers while each
     * listed nonzero of the X row adds v·D into its row of C, kept padded to the panel width in
     * per-thread scratch and copied out at the end.
     */
    static void transposeTimes(int m, int n, float[] x, int xOff, int ldx, float[] d, int dOff, int ldd,
                               float[] c, int cOff, int ldc, int k0, int k1) {
        int rows = k1 - k0;
        float[] acc = PanamaFloatScratch.block(rows * PANEL);
        float[] dRow = PanamaFloatScratch.panel();
        int[] list = PanamaFloatScratch.nonzeros(rows + 2 * PANEL);
        for (int col = 0; col < n; col += PANEL) {
            int w = Math.min(PANEL, n - col);
            java.util.Arrays.fill(acc, 0, rows * PANEL, 0f);
            java.util.Arrays.fill(dRow, w, PANEL, 0f);
            for (int i = 0; i < m; i++) {
                System.arraycopy(d, dOff + i * ldd + col, dRow, 0, w);
                int xi = xOff + i * ldx + k0;
                outerRow(PanamaFloatPanels.nonzeroRows(x, xi, xi + rows, list), list, x, xi, dRow, acc);
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(acc, r * PANEL, c, cOff + (k0 + r) * ldc + col, w);
            }
        }
    }

    /** acc row r += x[xOff + r]·dRow for the listed nonzeros r of x (see {@link PanamaFloatPanels#nonzeroRows}). */
    private static void outerRow(int count, int[] list, float[] x, int xOff, float[] dRow, float[] acc) {
        FloatVector d0 = FloatVector.fromArray(S, dRow, 0), d1 = FloatVector.fromArray(S, dRow, L);
        FloatVector d2 = FloatVector.fromArray(S, dRow, 2 * L), d3 = FloatVector.fromArray(S, dRow, 3 * L);
        FloatVector d4 = FloatVector.fromArray(S, dRow, 4 * L), d5 = FloatVector.fromArray(S, dRow, 5 * L);
        FloatVector d6 = FloatVector.fromArray(S, dRow, 6 * L), d7 = FloatVector.fromArray(S, dRow, 7 * L);
        for (int j = 0; j < count; j++) {
            int r = list[j];
            FloatVector v = FloatVector.broadcast(S, x[xOff + r]);
            int a = r * PANEL;
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
