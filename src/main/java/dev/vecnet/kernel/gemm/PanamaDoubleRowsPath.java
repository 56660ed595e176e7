// GENERATED from PanamaFloatRowsPath.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.gemm;

import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.simd.PanamaSpecies;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM's small path (see {@link PanamaDoubleGemm}): fewer than {@link PanamaDoubleBlocking#ROWS_PATH}
 * rows (a single sample) go row by row straight from B, four vectors at a time, nothing packed; a
 * ragged last vector overlaps its neighbour (the same columns computed twice, identically) so no
 * access reaches past an array.
 */
public final class PanamaDoubleRowsPath {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();

    private PanamaDoubleRowsPath() {}

    
    /** Few rows (a single sample): each row straight from B, four vectors at a time, nothing packed. */
    static void rows(Transpose ta, Transpose tb, int m, int n, int k,
                             double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc, double[] bias, int biasOff, PanamaDoubleBlocking.Workspace ws) {
        double[] bm = b;
        int bo = bOff, ldbm = ldb;
        if (tb == Transpose.YES || n < L) {
            // op(B) row-major, at least one full vector wide, zero-padded: every load is a plain full one
            ldbm = Math.max(n, L);
            bm = ws.bRows(k * ldbm);
            bo = 0;
            int rs = tb.rowStride(ldb), cs = tb.colStride(ldb);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bm[p * ldbm + j] = b[bOff + p * rs + j * cs];
                }
                Arrays.fill(bm, p * ldbm + n, p * ldbm + ldbm, 0.0);
            }
        }
        double[] biasRow = bias != null ? bias : ws.zeros(Math.max(n, L));
        int biasBase = bias != null ? biasOff : 0;
        int ars = ta.rowStride(lda), acs = ta.colStride(lda);
        int nPad = Math.max(n, L); // n < L only with a padded B
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < nPad; ) {
                // blocks of 1..4 vectors, each at least one vector wide; a ragged last vector overlaps
                int rem = nPad - j;
                int width = rem <= 4 * L ? rem : rem < 5 * L ? 3 * L : 4 * L;
                int o1 = Math.min(L, width - L), o2 = Math.min(2 * L, width - L), o3 = width - L;
                int valid = Math.min(width, n - j);
                int ci = cOff + i * ldc + j;
                row4(k, a, aOff + i * ars, acs, bm, bo + j, ldbm, o1, o2, o3, ws.tile);
                if (valid == width) {
                    rowEpilogue(ws.tile, c, ci, o1, o2, o3, alpha, beta, biasRow, biasBase + j);
                } else {
                    PanamaDoubleEpilogue.storeFromScratch(ws.tile, L, c, ci, 0, 1, valid, alpha, beta, c, ci, 0, biasRow, biasBase + j);
                }
                j += width;
            }
        }
    }

    /**
     * One row x 4 vectors at column offsets 0, o1, o2, o3 (which may repeat or overlap), accumulators
     * to {@code scratch}: one FMA chain per column, over k in order.
     */
    private static void row4(int k, double[] a, int ai, int acs, double[] b, int bi, int ldb, int o1, int o2, int o3,
                             double[] scratch) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            DoubleVector x = DoubleVector.broadcast(S, a[ai + p * acs]);
            c0 = x.fma(DoubleVector.fromArray(S, b, bp), c0);
            c1 = x.fma(DoubleVector.fromArray(S, b, bp + o1), c1);
            c2 = x.fma(DoubleVector.fromArray(S, b, bp + o2), c2);
            c3 = x.fma(DoubleVector.fromArray(S, b, bp + o3), c3);
        }
        c0.intoArray(scratch, 0);
        c1.intoArray(scratch, L);
        c2.intoArray(scratch, 2 * L);
        c3.intoArray(scratch, 3 * L);
    }

    /** The epilogue of {@link #row4}: four vectors at offsets 0, o1, o2, o3, which may overlap, so all are read first. */
    private static void rowEpilogue(double[] scratch, double[] c, int ci, int o1, int o2, int o3,
                                    double alpha, double beta, double[] bias, int biasIdx) {
        DoubleVector r0 = DoubleVector.fromArray(S, scratch, 0).mul(alpha);
        DoubleVector r1 = DoubleVector.fromArray(S, scratch, L).mul(alpha);
        DoubleVector r2 = DoubleVector.fromArray(S, scratch, 2 * L).mul(alpha);
        DoubleVector r3 = DoubleVector.fromArray(S, scratch, 3 * L).mul(alpha);
        if (beta != 0.0) {
            DoubleVector vb = DoubleVector.broadcast(S, beta);
            r0 = DoubleVector.fromArray(S, c, ci).fma(vb, r0);
            r1 = DoubleVector.fromArray(S, c, ci + o1).fma(vb, r1);
            r2 = DoubleVector.fromArray(S, c, ci + o2).fma(vb, r2);
            r3 = DoubleVector.fromArray(S, c, ci + o3).fma(vb, r3);
        }
        r0 = r0.add(DoubleVector.fromArray(S, bias, biasIdx));
        r1 = r1.add(DoubleVector.fromArray(S, bias, biasIdx + o1));
        r2 = r2.add(DoubleVector.fromArray(S, bias, biasIdx + o2));
        r3 = r3.add(DoubleVector.fromArray(S, bias, biasIdx + o3));
        r0.intoArray(c, ci);
        r1.intoArray(c, ci + o1);
        r2.intoArray(c, ci + o2);
        r3.intoArray(c, ci + o3);
    }
}
