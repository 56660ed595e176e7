// GENERATED from PanamaFloatPacking.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.gemm;

import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.simd.PanamaSpecies;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM's packing (see {@link PanamaDoubleGemm}): op(A) into strips as tall as a tile and op(B)
 * into strips as wide as one, k-major inside a strip, transposes absorbed, edges zero-padded, so the tiles stream both
 * with constant strides.
 */
public final class PanamaDoublePacking {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    private static final int NARROW_V = PanamaDoubleBlocking.NARROW_V;

    private PanamaDoublePacking() {}

    /**
     * Packs op(A)[i0:i0+mc, p0:p0+kc] as mr-row strips, k-major inside a strip, zero-padded rows. From
     * row-major A, when a vector holds whole k steps of a strip (mr divides the lanes), one gather reads
     * L / mr steps of the strip's rows at once ({@code map}: the workspace's L lane offsets), and one
     * store writes them where the tiles read them; element by element the stores would be a quarter of
     * a large product's time.
     */
    static void packA(Transpose ta, double[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr, double[] ap,
                      int[] map) {
        if (ta == Transpose.NO) {
            int i = 0;
            if (L % mr == 0) {
                int steps = L / mr;
                for (int lane = 0; lane < L; lane++) {
                    map[lane] = (lane % mr) * lda + lane / mr;
                }
                for (; i + mr <= mc; i += mr) {
                    int src = aOff + (i0 + i) * lda + p0, dst = i * kc;
                    int p = 0;
                    for (; p + steps <= kc; p += steps) {
                        DoubleVector.fromArray(S, a, src + p, map, 0).intoArray(ap, dst + p * mr);
                    }
                    for (; p < kc; p++) {
                        for (int r = 0; r < mr; r++) {
                            ap[dst + p * mr + r] = a[src + r * lda + p];
                        }
                    }
                }
            }
            for (; i < mc; i++) {
                int src = aOff + (i0 + i) * lda + p0, dst = (i / mr) * mr * kc + i % mr;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * mr] = a[src + p];
                }
            }
        } else {
            // op(A) = Aᵀ: row p of A holds column p of op(A), contiguous over i
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                for (int i = 0; i < mc; i++) {
                    ap[(i / mr) * mr * kc + p * mr + i % mr] = a[src + i];
                }
            }
        }
        int padded = (mc + mr - 1) / mr * mr;
        for (int i = mc; i < padded; i++) {
            int dst = (i / mr) * mr * kc + i % mr;
            for (int p = 0; p < kc; p++) {
                ap[dst + p * mr] = 0.0;
            }
        }
    }

    /** Packs op(B)[p0:p0+kc, j0:j0+nc] as nr-column strips, k-major inside a strip, zero-padded columns. */
    static void packB(Transpose tb, double[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, boolean packA, int nr,
                      double[] bp) {
        int rs = tb.rowStride(ldb), cs = tb.colStride(ldb);
        for (int t = 0; t < nc; t += nr) {
            int base = t * kc;
            int cols = Math.min(nr, nc - t);
            if (tb == Transpose.NO && narrowStrip(cols, packA)) {
                // a narrow strip: its tiles read the first NARROW_V vectors of each row, so only those are written
                VectorMask<Double> m0 = S.indexInRange(0, cols), m1 = S.indexInRange(L, cols);
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * rs + j0 + t, dst = base + p * nr;
                    DoubleVector.fromArray(S, b, src, m0).intoArray(bp, dst);
                    if (NARROW_V == 2) {
                        DoubleVector.fromArray(S, b, src + L, m1).intoArray(bp, dst + L);
                    }
                }
            } else if (tb == Transpose.NO && cols == nr) {
                // whole vectors: a copy call per row of a strip would cost more than its few vectors
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * rs + j0 + t, dst = base + p * nr;
                    for (int v = 0; v < nr; v += L) {
                        DoubleVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
                    }
                }
            } else if (tb == Transpose.NO) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * nr;
                    System.arraycopy(b, bOff + (p0 + p) * rs + j0 + t, bp, dst, cols);
                    Arrays.fill(bp, dst + cols, dst + nr, 0.0);
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    int src = bOff + p0 * rs + (j0 + t + j) * cs;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + j] = j < cols ? b[src + p] : 0.0;
                    }
                }
            }
        }
    }

    /**
     * Whether a strip of B with {@code cols} real columns runs (and is packed for) the narrow tiles:
     * with A read in place (the packed-A tiles read the whole strip).
     */
    static boolean narrowStrip(int cols, boolean packA) {
        return !packA && cols <= NARROW_V * L;
    }
}
