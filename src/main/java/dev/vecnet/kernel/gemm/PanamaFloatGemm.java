package dev.vecnet.kernel.gemm;

import static dev.vecnet.kernel.gemm.PanamaFloatBlocking.KC_NARROW;
import static dev.vecnet.kernel.gemm.PanamaFloatBlocking.MANY_REGISTERS;
import static dev.vecnet.kernel.gemm.PanamaFloatBlocking.MR;
import static dev.vecnet.kernel.gemm.PanamaFloatBlocking.NARROW_MR;
import static dev.vecnet.kernel.gemm.PanamaFloatBlocking.NR;
import static dev.vecnet.kernel.gemm.PanamaFloatBlocking.ROWS_PATH;
import static dev.vecnet.kernel.gemm.PanamaFloatBlocking.V;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Parallel;
import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.simd.PanamaMath;
import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 GEMM on the Vector API: C = act(alpha·op(A)·op(B) + beta·C + bias).
 *
 * <p><b>Blocked path</b> (BLIS): op(B) is packed into KC x NR strips (transposes absorbed, edges
 * zero-padded) and a register-blocked tile kernel (MR rows x V vectors) runs over them. op(A) is
 * packed into MC x KC blocks (the plan's {@link GemmBlocking}) of MR-row strips when C is wide enough to reuse the packing; for narrow C
 * (a few vectors of columns) it is read in place, as rows, or as columns when transposed.
 * <b>Rows path</b>: fewer than {@link PanamaFloatBlocking#ROWS_PATH} rows (a single sample) go row by
 * row straight from B, nothing packed.
 *
 * <p>The code follows BLIS's layers: the loops and blocking, the epilogue and the workspace here;
 * packing in {@link PanamaFloatPacking}; the micro-kernels in {@link PanamaFloatTiles}; one to three
 * rows in {@link PanamaFloatRowsPath}; the unpacked small path in {@link PanamaFloatSmallPath}.
 *
 * <p>Tiles: on packed A, the plan's ({@link GemmPlan}, measured per machine by {@code vecnet tune}).
 * With A read in place, per register file: on 32 (AVX-512) 8 rows x 2 vectors, on 16 (AVX2) 2 rows x
 * 4 vectors (one broadcast per four FMAs). A strip of B with at most two vectors of real columns (a
 * classifier's outputs, say) gets 4 x 2 tiles on AVX2 instead: the 2 x 4 tile would spend half its FMAs
 * or more on padding; on AVX-512 a strip of one vector of real columns gets 16 x 1 tiles rather
 * than 8 x 2.
 *
 * <p>The tile kernels only accumulate and dump their accumulators to a per-thread scratch tile; the
 * epilogue (alpha, beta, bias) and the activation run in separate methods. Inlining them, exp above
 * all, into the accumulation loop makes the JIT's compilation unit so large that it drops the Vector
 * API intrinsics, and every vector op then allocates. The loops use constant strides so that the JIT
 * can remove their bounds checks.
 * The exception: on 32 registers the in-place tiles of a product whose k is one block and whose
 * beta is 0 apply alpha and the bias (no activation) in registers and store into C
 * ({@link #finishInRegisters}).
 *
 * <p>Every C element follows the reference order of docs/kernel-contract.md: one chain of FMAs over k
 * in ascending order from +0 (continued across KC blocks), then alpha, beta and the bias, whatever
 * tile, path or thread split computes it, so results are the bits of the scalar kernels at any
 * vector width and thread count.
 */
public final class PanamaFloatGemm {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();

    private static final ThreadLocal<PanamaFloatBlocking.Workspace> WORKSPACE = ThreadLocal.withInitial(PanamaFloatBlocking.Workspace::new);

    /** Where the small products go (the run-time moves them to the tiles once those are compiled). */
    public static final SmallProducts SMALL_PRODUCTS = new SmallProducts();

    /**
     * One product on the tiles or on the small path as asked, whatever the plan (C = op(A)·op(B), no
     * bias, leading dimensions given): the run-time times the two paths with it. The same bits either way.
     */
    public static void product(boolean tiles, Transpose ta, Transpose tb, int m, int n, int k, float[] a, int lda,
                               float[] b, int ldb, float[] c, int ldc) {
        if (tiles) {
            GemmPlan plan = GemmPlans.current();
            blocked(ta, tb, n > 2 * NR, plan.float32Tile(), plan.float32Blocking(), 0, m, 0, n, k, 1f, a, 0, lda, b, 0, ldb,
                    0f, c, 0, ldc, null, 0, PanamaFloatBlocking.workspace());
        } else {
            PanamaFloatSmallPath.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, ldc, null, 0, PanamaFloatBlocking.workspace());
        }
    }

    private PanamaFloatGemm() {}

    public static void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, Activation act, int threads) {
        if (m < ROWS_PATH) {
            PanamaFloatRowsPath.rows(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, PanamaFloatBlocking.workspace());
            activateRows(c, cOff, ldc, 0, m, 0, n, act);
            return;
        }
        GemmPlan plan = GemmPlans.current();
        long work = (long) m * n * k;
        if (work <= plan.smallWork() && SMALL_PRODUCTS.small(work)) {
            PanamaFloatSmallPath.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff,
                    PanamaFloatBlocking.workspace());
            activateRows(c, cOff, ldc, 0, m, 0, n, act);
            return;
        }
        // A is packed when C is wide enough to reuse the packing; for narrow C it is read in place
        // (packing cost more than it saved, for Aᵀ too despite the bounds checks of its lda k-stride)
        boolean packA = n > 2 * NR;
        GemmTile tile = plan.float32Tile();
        GemmBlocking blocking = plan.float32Blocking();
        if (threads == 1) {
            blocked(ta, tb, packA, tile, blocking, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff,
                    PanamaFloatBlocking.workspace());
            activateRows(c, cOff, ldc, 0, m, 0, n, act);
            return;
        }
        int[] starts = new int[threads + 1];
        int mr = packA ? tile.rows : MR, nr = packA ? tile.vectors * L : NR;
        boolean columnsByPlan = packA && plan.split() == GemmPlan.Split.COLUMNS && n >= 2 * nr * threads;
        boolean byRows = !columnsByPlan && (m >= 4 * mr * threads || m >= n);
        int parts = Parallel.split(byRows ? m : n, threads, byRows ? mr : nr, starts);
        Parallel.run(parts, part -> {
            int lo = starts[part], hi = starts[part + 1];
            int i0 = byRows ? lo : 0, i1 = byRows ? hi : m, j0 = byRows ? 0 : lo, j1 = byRows ? n : hi;
            blocked(ta, tb, packA, tile, blocking, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    bias, biasOff, PanamaFloatBlocking.workspace());
            activateRows(c, cOff, ldc, i0, i1, j0, j1, act);
        });
    }

    // ---------------------------------------------------------------- blocked path

    /**
     * Rows [i0, i1) x columns [j0, j1) of C, BLIS loop order; A packed, or read in place as rows or as
     * columns (Aᵀ). Each element's FMA chain runs on across the KC blocks: between blocks the raw sums
     * wait in C and the next block's tiles start from them, so the chain is the one of the reference
     * order whatever KC is; alpha, beta and the bias apply after the last block.
     */
    private static void blocked(Transpose ta, Transpose tb, boolean packA, GemmTile tile, GemmBlocking blocking,
                                int i0, int i1, int j0, int j1,
                                int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, PanamaFloatBlocking.Workspace ws) {
        // the strips' geometry: the plan's tile on packed A, the in-place tiles' otherwise
        int mr = packA ? tile.rows : MR, nr = packA ? tile.vectors * L : NR;
        int mcMax = Math.max(mr, blocking.mc() / mr * mr), ncMax = Math.max(nr, blocking.nc() / nr * nr);
        float[] zeros = ws.zeros(j1 + nr);
        // narrow C (A read in place, a strip or two of B): k in one block up to KC_NARROW, as a
        // KC x NR strip is in L2 either way and each further block costs a pass over C
        int kcMax = packA ? blocking.kc() : KC_NARROW;
        float[] ap = ws.a(packA ? mcMax * kcMax : 0), bp = ws.b(kcMax * Math.max(ncMax, 4 * L));
        float[] scratch = ws.tile((mcMax + NARROW_MR) * 4 * L);
        float[] biasRow = bias != null ? bias : zeros;
        int biasBase = bias != null ? biasOff : 0;
        // the C that beta scales, set aside when the chains will pass through C first
        float[] old = c;
        int oldOff = cOff, ldOld = ldc;
        if (beta != 0f && k > kcMax) {
            int w = j1 - j0;
            old = ws.saved((i1 - i0) * w);
            for (int i = i0; i < i1; i++) {
                System.arraycopy(c, cOff + i * ldc + j0, old, (i - i0) * w, w);
            }
            oldOff = -(i0 * w + j0);
            ldOld = w;
        }
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean first = pc == 0, last = pc + kc == k;
                PanamaFloatPacking.packB(tb, b, bOff, ldb, pc, kc, jc, nc, packA, nr, bp);
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    if (packA) {
                        PanamaFloatPacking.packA(ta, a, aOff, lda, ic, mc, pc, kc, mr, ap, ws.gather);
                    }
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        int ci = cOff + ic * ldc + jc + jr;
                        if (!first) {
                            copyBlock(c, ci, ldc, scratch, 0, nr, mc, cols);
                        }
                        if (packA) {
                            PanamaFloatTiles.panelPacked(tile, kc, ap, 0, (mc + mr - 1) / mr, bp, jr * kc, scratch, first);
                        } else if (first && last && MANY_REGISTERS && beta == 0f) {
                            // one k block: whole tiles finish in registers, straight into C
                            finishInRegisters(ta, kc, a, aOff, lda, ic, pc, mc, cols, bp, jr * kc, scratch, alpha, c, ci,
                                    ldc, biasRow, biasBase + jc + jr);
                            continue;
                        } else if (ta == Transpose.NO) {
                            PanamaFloatTiles.panelRows(PanamaFloatPacking.narrowStrip(cols, false), kc, a, aOff + ic * lda + pc, lda, mc, bp, jr * kc,
                                    scratch, first);
                        } else {
                            PanamaFloatTiles.panelCols(PanamaFloatPacking.narrowStrip(cols, false), kc, a, aOff + pc * lda + ic, lda, mc, bp, jr * kc,
                                    scratch, first);
                        }
                        if (!last) {
                            copyBlock(scratch, 0, nr, c, ci, ldc, mc, cols);
                        } else {
                            int oi = oldOff + ic * ldOld + jc + jr;
                            if (cols == nr) {
                                PanamaFloatEpilogue.epilogue(scratch, nr, mc, c, ci, ldc, alpha, beta, old, oi, ldOld, biasRow, biasBase + jc + jr);
                            } else {
                                PanamaFloatEpilogue.storeFromScratch(scratch, nr, c, ci, ldc, mc, cols, alpha, beta, old, oi, ldOld, biasRow,
                                        biasBase + jc + jr);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A one-block strip of C with beta 0 on 32 registers with A read in place: the whole 8x2 tiles (the
     * ragged end of a strip stored under a mask) or 16x1 tiles (a narrow strip) apply alpha and the
     * bias in registers and store into C; the rows left over go through the scratch tile and the shared epilogue. No scratch
     * round trip matters when k is short (the backward products; docs/design-notes.md, "GEMM"). beta = 0
     * only, and no more than that in the tile: a larger method is too large for C1 ("out of virtual
     * registers") and then waits, interpreted, for C2, which the warm-up measured as seconds to never.
     */
    private static void finishInRegisters(Transpose ta, int kc, float[] a, int aOff, int lda, int ic, int pc, int mc,
                                          int cols, float[] bp, int bi, float[] scratch, float alpha,
                                          float[] c, int ci, int ldc, float[] bias, int biasIdx) {
        boolean narrow = PanamaFloatPacking.narrowStrip(cols, false);
        int rowsPerTile = narrow ? NARROW_MR : MR, whole = mc / rowsPerTile;
        int done = whole * rowsPerTile;
        int rowsAt = aOff + ic * lda + pc, colsAt = aOff + pc * lda + ic;
        if (whole > 0 && narrow) {
            if (ta == Transpose.NO) {
                PanamaFloatTiles.rows16x1Into(kc, a, rowsAt, lda, whole, bp, bi, cols, alpha, c, ci, ldc,
                        bias, biasIdx);
            } else {
                PanamaFloatTiles.cols16x1Into(kc, a, colsAt, lda, whole, bp, bi, cols, alpha, c, ci, ldc,
                        bias, biasIdx);
            }
        } else if (whole > 0) {
            if (ta == Transpose.NO) {
                PanamaFloatTiles.rows8x2Into(kc, a, rowsAt, lda, whole, bp, bi, cols, alpha, c, ci, ldc,
                        bias, biasIdx);
            } else {
                PanamaFloatTiles.cols8x2Into(kc, a, colsAt, lda, whole, bp, bi, cols, alpha, c, ci, ldc,
                        bias, biasIdx);
            }
        }
        if (done < mc) {
            if (ta == Transpose.NO) {
                PanamaFloatTiles.panelRows(narrow, kc, a, rowsAt + done * lda, lda, mc - done, bp, bi, scratch, true);
            } else {
                PanamaFloatTiles.panelCols(narrow, kc, a, colsAt + done, lda, mc - done, bp, bi, scratch, true);
            }
            PanamaFloatEpilogue.storeFromScratch(scratch, NR, c, ci + done * ldc, ldc, mc - done, cols, alpha, 0f, c, ci + done * ldc, ldc,
                    bias, biasIdx);
        }
    }

    /** rows x cols values from one row-major block to another. */
    private static void copyBlock(float[] from, int fromOff, int ldFrom, float[] to, int toOff, int ldTo, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(from, fromOff + r * ldFrom, to, toOff + r * ldTo, cols);
        }
    }

    /** The activation pass over rows [i0, i1), columns [j0, j1) of C, kept out of the kernels' compilation units. */
    private static void activateRows(float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, Activation act) {
        if (act == Activation.NONE) {
            return;
        }
        for (int i = i0; i < i1; i++) {
            PanamaMath.activate(c, cOff + i * ldc + j0, j1 - j0, act);
        }
    }
}
