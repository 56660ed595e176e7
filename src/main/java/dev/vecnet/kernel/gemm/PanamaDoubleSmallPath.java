// GENERATED from PanamaFloatSmallPath.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.gemm;

import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM's unpacked small path (BLIS's "sup"; see {@link PanamaDoubleGemm}): for products too small
 * to repay packing (the plan's {@link GemmPlan#smallWork} bounds m·n·k), A is read in place (as rows,
 * or as columns when transposed) and B in place when not transposed (else copied row-major once,
 * k x n); tiles of 4 rows x 2 vectors (the ragged last vector under a mask) go through the shared
 * epilogue. Masks are made inside the tiles from lane counts: a mask passed in as a parameter has no
 * type C2 can see, and its loads fall back to Java code lane by lane. Each element is the one FMA
 * chain of the reference order, so the bits are those of every other path.
 */
public final class PanamaDoubleSmallPath {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();

    private PanamaDoubleSmallPath() {}

    static void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc, double[] bias, int biasOff, PanamaDoubleBlocking.Workspace ws) {
        double[] bm = b;
        int bo = bOff, ldbm = ldb;
        if (tb == Transpose.YES) { // op(B) row-major: every load of a row contiguous
            bm = ws.bRows(k * n);
            bo = 0;
            ldbm = n;
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bm[p * n + j] = b[bOff + j * ldb + p];
                }
            }
        }
        double[] biasRow = bias != null ? bias : ws.zeros(n + 2 * L);
        int biasBase = bias != null ? biasOff : 0;
        int ars = ta.rowStride(lda), acs = ta.colStride(lda);
        double[] scratch = ws.tile;
        for (int j = 0; j < n; j += 2 * L) {
            int w0 = Math.min(L, n - j), w1 = Math.max(0, Math.min(L, n - j - L));
            for (int i = 0; i < m; i += 4) {
                int rows = Math.min(4, m - i);
                int ai = aOff + i * ars;
                // rows past the last repeat it (computed, never stored)
                tile4x2(k, a, ai, ai + Math.min(1, rows - 1) * ars, ai + Math.min(2, rows - 1) * ars,
                        ai + Math.min(3, rows - 1) * ars, acs, bm, bo + j, ldbm, w0, w1, scratch);
                PanamaDoubleEpilogue.storeFromScratch(scratch, 2 * L, c, cOff + i * ldc + j, ldc, rows, w0 + w1, alpha, beta,
                        c, cOff + i * ldc + j, ldc, biasRow, biasBase + j);
            }
        }
    }

    /** Four rows of A (at a0..a3, k-stride acs) x up to two vectors of B (w0, w1 real lanes); sums to scratch, 2L apart. */
    private static void tile4x2(int k, double[] a, int a0, int a1, int a2, int a3, int acs, double[] b, int bi, int ldb,
                                int w0, int w1, double[] scratch) {
        VectorMask<Double> m0 = S.indexInRange(0, w0), m1 = S.indexInRange(0, w1);
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb, ap = p * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp, m0);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L, m1);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(scratch, 0);
        c01.intoArray(scratch, L);
        c10.intoArray(scratch, 2 * L);
        c11.intoArray(scratch, 3 * L);
        c20.intoArray(scratch, 4 * L);
        c21.intoArray(scratch, 5 * L);
        c30.intoArray(scratch, 6 * L);
        c31.intoArray(scratch, 7 * L);
    }
}
