// GENERATED from PanamaFloatSparse.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = Xᵀ·D with the zeros of X skipped: the first layer's weight gradient, where X is a batch of
 * images (80 % background). A sum of outer products, one row of X at a time, each element summed
 * over the rows of X in order.
 */
final class PanamaDoubleSparse {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    /** Columns of D held in registers per pass: eight vectors. */
    private static final int PANEL = PanamaDoublePanels.WIDE;

    private PanamaDoubleSparse() {}

    /**
     * Rows [k0, k1) of C: that row of D (a panel's worth, eight vectors) stays in registers while each
     * listed nonzero of the X row adds v·D into its row of C, kept padded to the panel width in
     * per-thread scratch and copied out at the end.
     */
    static void transposeTimes(int m, int n, double[] x, int xOff, int ldx, double[] d, int dOff, int ldd,
                               double[] c, int cOff, int ldc, int k0, int k1) {
        int rows = k1 - k0;
        double[] acc = PanamaDoubleScratch.block(rows * PANEL);
        double[] dRow = PanamaDoubleScratch.panel();
        int[] list = PanamaDoubleScratch.nonzeros(rows + 2 * PANEL);
        for (int col = 0; col < n; col += PANEL) {
            int w = Math.min(PANEL, n - col);
            java.util.Arrays.fill(acc, 0, rows * PANEL, 0.0);
            java.util.Arrays.fill(dRow, w, PANEL, 0.0);
            for (int i = 0; i < m; i++) {
                System.arraycopy(d, dOff + i * ldd + col, dRow, 0, w);
                int xi = xOff + i * ldx + k0;
                outerRow(PanamaDoublePanels.nonzeroRows(x, xi, xi + rows, list), list, x, xi, dRow, acc);
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(acc, r * PANEL, c, cOff + (k0 + r) * ldc + col, w);
            }
        }
    }

    /** acc row r += x[xOff + r]·dRow for the listed nonzeros r of x (see {@link PanamaDoublePanels#nonzeroRows}). */
    private static void outerRow(int count, int[] list, double[] x, int xOff, double[] dRow, double[] acc) {
        DoubleVector d0 = DoubleVector.fromArray(S, dRow, 0), d1 = DoubleVector.fromArray(S, dRow, L);
        DoubleVector d2 = DoubleVector.fromArray(S, dRow, 2 * L), d3 = DoubleVector.fromArray(S, dRow, 3 * L);
        DoubleVector d4 = DoubleVector.fromArray(S, dRow, 4 * L), d5 = DoubleVector.fromArray(S, dRow, 5 * L);
        DoubleVector d6 = DoubleVector.fromArray(S, dRow, 6 * L), d7 = DoubleVector.fromArray(S, dRow, 7 * L);
        for (int j = 0; j < count; j++) {
            int r = list[j];
            DoubleVector v = DoubleVector.broadcast(S, x[xOff + r]);
            int a = r * PANEL;
            d0.fma(v, DoubleVector.fromArray(S, acc, a)).intoArray(acc, a);
            d1.fma(v, DoubleVector.fromArray(S, acc, a + L)).intoArray(acc, a + L);
            d2.fma(v, DoubleVector.fromArray(S, acc, a + 2 * L)).intoArray(acc, a + 2 * L);
            d3.fma(v, DoubleVector.fromArray(S, acc, a + 3 * L)).intoArray(acc, a + 3 * L);
            d4.fma(v, DoubleVector.fromArray(S, acc, a + 4 * L)).intoArray(acc, a + 4 * L);
            d5.fma(v, DoubleVector.fromArray(S, acc, a + 5 * L)).intoArray(acc, a + 5 * L);
            d6.fma(v, DoubleVector.fromArray(S, acc, a + 6 * L)).intoArray(acc, a + 6 * L);
            d7.fma(v, DoubleVector.fromArray(S, acc, a + 7 * L)).intoArray(acc, a + 7 * L);
        }
    }
}
