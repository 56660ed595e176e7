package dev.vecnet.kernel.gemm;

import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.simd.PanamaSpecies;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM's small path (see {@link PanamaFloatGemm}): fewer than {@link PanamaFloatBlocking#ROWS_PATH}
 * rows (a single sample) go row by row straight from B, four vectors at a time, nothing packed; a
 * ragged last vector overlaps its neighbour (the same columns computed twice, identically) so no
 * access reaches past an array.
 */
public final class PanamaFloatRowsPath {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();

    private PanamaFloatRowsPath() {}

    
    /** Few rows (a single sample): each row straight from B, four vectors at a time, nothing packed. */
    static void rows(Transpose ta, Transpose tb, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, PanamaFloatBlocking.Workspace ws) {
        float[] bm = b;
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
                Arrays.fill(bm, p * ldbm + n, p * ldbm + ldbm, 0f);
            }
        }
        float[] biasRow = bias != null ? bias : ws.zeros(Math.max(n, L));
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
                    PanamaFloatEpilogue.storeFromScratch(ws.tile, L, c, ci, 0, 1, valid, alpha, beta, c, ci, 0, biasRow, biasBase + j);
                }
                j += width;
            }
        }
    }

    /**
     * One row x 4 vectors at column offsets 0, o1, o2, o3 (which may repeat or overlap), accumulators
     * to {@code scratch}: one FMA chain per column, over k in order.
     */
    private static void row4(int k, float[] a, int ai, int acs, float[] b, int bi, int ldb, int o1, int o2, int o3,
                             float[] scratch) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ai + p * acs]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + o1), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bp + o2), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bp + o3), c3);
        }
        c0.intoArray(scratch, 0);
        c1.intoArray(scratch, L);
        c2.intoArray(scratch, 2 * L);
        c3.intoArray(scratch, 3 * L);
    }

    /** The epilogue of {@link #row4}: four vectors at offsets 0, o1, o2, o3, which may overlap, so all are read first. */
    private static void rowEpilogue(float[] scratch, float[] c, int ci, int o1, int o2, int o3,
                                    float alpha, float beta, float[] bias, int biasIdx) {
        FloatVector r0 = FloatVector.fromArray(S, scratch, 0).mul(alpha);
        FloatVector r1 = FloatVector.fromArray(S, scratch, L).mul(alpha);
        FloatVector r2 = FloatVector.fromArray(S, scratch, 2 * L).mul(alpha);
        FloatVector r3 = FloatVector.fromArray(S, scratch, 3 * L).mul(alpha);
        if (beta != 0f) {
            FloatVector vb = FloatVector.broadcast(S, beta);
            r0 = FloatVector.fromArray(S, c, ci).fma(vb, r0);
            r1 = FloatVector.fromArray(S, c, ci + o1).fma(vb, r1);
            r2 = FloatVector.fromArray(S, c, ci + o2).fma(vb, r2);
            r3 = FloatVector.fromArray(S, c, ci + o3).fma(vb, r3);
        }
        r0 = r0.add(FloatVector.fromArray(S, bias, biasIdx));
        r1 = r1.add(FloatVector.fromArray(S, bias, biasIdx + o1));
        r2 = r2.add(FloatVector.fromArray(S, bias, biasIdx + o2));
        r3 = r3.add(FloatVector.fromArray(S, bias, biasIdx + o3));
        r0.intoArray(c, ci);
        r1.intoArray(c, ci + o1);
        r2.intoArray(c, ci + o2);
        r3.intoArray(c, ci + o3);
    }
}
