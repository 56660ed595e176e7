package dev.vecnet.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 GEMM on the Vector API: C = act(alpha·op(A)·op(B) + beta·C + bias).
 *
 * <p><b>Blocked path</b> (BLIS): op(B) is packed into KC x NR strips (transposes absorbed, edges
 * zero-padded) and a register-blocked tile kernel (MR rows x V vectors) runs over them. op(A) is
 * packed into MC x KC blocks of MR-row strips when C is wide enough to reuse the packing; for narrow C
 * (the network's N = 10 or 50) it is read in place, as rows, or as columns when transposed.
 * <b>Rows path</b>: fewer than {@link #ROWS_PATH} rows (a single sample) go row by
 * row straight from B, four vectors at a time, with nothing packed; a ragged last vector overlaps
 * its neighbour (the same columns computed twice, identically) so no access reaches past an array.
 *
 * <p>Tile shape: with 32 vector registers (AVX-512) 8 rows x 2 vectors; with 16 (AVX2) 2 rows x 4
 * vectors. A broadcast of A costs a shuffle on the FMA pipes on AVX2, and 2x4 needs one per four FMAs
 * where 6x2 needs one per two (measured here: 2x4 ran 25-40% faster in isolation). A strip of B with
 * at most two vectors of real columns (the network's 10 outputs) gets 4 x 2 tiles on AVX2 instead,
 * with A read in place: the 2 x 4 tile would spend half its FMAs or more on padding; on AVX-512 a
 * strip of one vector of real columns gets 16 x 1 tiles rather than 8 x 2.
 *
 * <p>The tile kernels only accumulate and dump their accumulators to a per-thread scratch tile; the
 * epilogue (alpha, beta, bias) and the activation run in separate methods. Inlining them, exp above
 * all, into the accumulation loop makes the JIT's compilation unit so large that it drops the Vector
 * API intrinsics, and every vector op then allocates. The loops use constant strides so that the JIT
 * can remove their bounds checks.
 *
 * <p>Every C element follows the reference order of docs/kernel-contract.md: one chain of FMAs over k
 * in ascending order from +0 (continued across KC blocks), then alpha, beta and the bias, whatever
 * tile, path or thread split computes it, so results are the bits of the scalar kernels at any
 * vector width and thread count.
 */
final class PanamaFloatGemm {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();

    /** 32 vector registers (AVX-512) or 16 (AVX2 and narrower). */
    private static final boolean MANY_REGISTERS = PanamaSpecies.REGISTERS >= 32;
    /** Tile rows, vectors and columns. */
    static final int MR = MANY_REGISTERS ? 8 : 2;
    static final int V = MANY_REGISTERS ? 2 : 4;
    static final int NR = V * L;
    /**
     * Blocking. KC is long because every panel call and epilogue costs a fixed overhead that a short k
     * loop does not amortise (measured here: KC 128 -> 512 took 1024³ from ~35 to ~55 GFLOP/s); a
     * KC x NR strip of B (64 KB) then lives in L2 rather than L1, which cost less. MC x KC of A in L2.
     */
    static final int KC = 512;
    static final int MC = 128 / MR * MR;
    /** k per block where A is read in place (narrow C): the network's 784 in one block. */
    static final int KC_NARROW = 1024;
    static final int NC = Math.max(NR, 512 / NR * NR);
    /**
     * Strips of B with at most NARROW_V vectors of real columns (the network's 10 outputs) run narrow
     * tiles, whose FMAs are not spent on padding: on 16 registers 4 rows x 2 vectors instead of 2 x 4;
     * on 32 registers 16 rows x 1 vector instead of 8 x 2 (10 columns fill 10 of 16 lanes, not of 32).
     */
    private static final int NARROW_V = MANY_REGISTERS ? 1 : 2;
    /** Rows of the narrow tile. */
    static final int NARROW_MR = MANY_REGISTERS ? 16 : 4;
    /**
     * AVX-512 stores under a mask in one instruction; on AVX2 the masked tail measured slower than
     * element by element (C2 with -XX:UseAVX=2: 100x50x10 3.0 against 2.2 us, 10000x784x50 17.7 against
     * 14.2 ms), so there the ragged tail is stored element by element, with the same roundings.
     */
    private static final boolean MASKED_STORES = MANY_REGISTERS;
    /** Below this many rows, a product is done row by row straight from B (one sample, tails). */
    static final int ROWS_PATH = 4;

    private static final class Workspace {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[(MC + Math.max(MR, NARROW_MR)) * NR]; // a block's last tile may overhang MC
        float[] zeros = new float[64 + NR];
        float[] bRows = new float[0];
        float[] saved = new float[0];

        /** Room for the C that beta scales while the chains pass through C. */
        float[] saved(int size) {
            if (saved.length < size) {
                saved = new float[size];
            }
            return saved;
        }

        float[] bRows(int size) {
            if (bRows.length < size) {
                bRows = new float[size];
            }
            return bRows;
        }

        /** A bias row of zeros: adding it keeps the epilogue free of null checks on vectors. */
        float[] zeros(int size) {
            if (zeros.length < size) {
                zeros = new float[size];
            }
            return zeros;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private PanamaFloatGemm() {}

    static void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, Activation act, int threads) {
        if (m < ROWS_PATH) {
            rows(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, WORKSPACE.get());
            activateRows(c, cOff, ldc, 0, m, 0, n, act);
            return;
        }
        // A is packed when C is wide enough to reuse the packing; for narrow C it is read in place
        // (packing cost more than it saved, for Aᵀ too despite the bounds checks of its lda k-stride)
        boolean packA = n > 2 * NR;
        if (threads == 1) {
            blocked(ta, tb, packA, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff,
                    WORKSPACE.get());
            activateRows(c, cOff, ldc, 0, m, 0, n, act);
            return;
        }
        int[] starts = new int[threads + 1];
        boolean byRows = m >= 4 * MR * threads || m >= n;
        int parts = Parallel.split(byRows ? m : n, threads, byRows ? MR : NR, starts);
        Parallel.run(parts, part -> {
            int lo = starts[part], hi = starts[part + 1];
            int i0 = byRows ? lo : 0, i1 = byRows ? hi : m, j0 = byRows ? 0 : lo, j1 = byRows ? n : hi;
            blocked(ta, tb, packA, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    bias, biasOff, WORKSPACE.get());
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
    private static void blocked(Transpose ta, Transpose tb, boolean packA, int i0, int i1, int j0, int j1, int k,
                                float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, Workspace ws) {
        float[] zeros = ws.zeros(j1 + NR);
        // narrow C (A read in place, a strip or two of B): k in one block up to KC_NARROW, as a
        // KC x NR strip is in L2 either way and each further block costs a pass over C
        int kcMax = packA ? KC : KC_NARROW;
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
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean first = pc == 0, last = pc + kc == k;
                packB(tb, b, bOff, ldb, pc, kc, jc, nc, packA, ws.b);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    if (packA) {
                        packA(ta, a, aOff, lda, ic, mc, pc, kc, ws.a);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int ci = cOff + ic * ldc + jc + jr;
                        if (!first) {
                            copyBlock(c, ci, ldc, ws.tile, 0, NR, mc, nr);
                        }
                        if (packA) {
                            panelPacked(kc, ws.a, 0, (mc + MR - 1) / MR, ws.b, jr * kc, ws.tile, first);
                        } else if (ta == Transpose.NO) {
                            panelRows(narrowStrip(nr, false), kc, a, aOff + ic * lda + pc, lda, mc, ws.b, jr * kc,
                                    ws.tile, first);
                        } else {
                            panelCols(narrowStrip(nr, false), kc, a, aOff + pc * lda + ic, lda, mc, ws.b, jr * kc,
                                    ws.tile, first);
                        }
                        if (!last) {
                            copyBlock(ws.tile, 0, NR, c, ci, ldc, mc, nr);
                        } else {
                            int oi = oldOff + ic * ldOld + jc + jr;
                            if (nr == NR) {
                                epilogue(ws.tile, mc, c, ci, ldc, alpha, beta, old, oi, ldOld, biasRow, biasBase + jc + jr);
                            } else {
                                storeFromScratch(ws.tile, NR, c, ci, ldc, mc, nr, alpha, beta, old, oi, ldOld, biasRow,
                                        biasBase + jc + jr);
                            }
                        }
                    }
                }
            }
        }
    }

    /** rows x cols values from one row-major block to another. */
    private static void copyBlock(float[] from, int fromOff, int ldFrom, float[] to, int toOff, int ldTo, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(from, fromOff + r * ldFrom, to, toOff + r * ldTo, cols);
        }
    }

    /** Packs op(A)[i0:i0+mc, p0:p0+kc] as MR-row strips, k-major inside a strip, zero-padded rows. */
    private static void packA(Transpose ta, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        if (ta == Transpose.NO) {
            for (int i = 0; i < mc; i++) {
                int src = aOff + (i0 + i) * lda + p0, dst = (i / MR) * MR * kc + i % MR;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * MR] = a[src + p];
                }
            }
        } else {
            // op(A) = Aᵀ: row p of A holds column p of op(A), contiguous over i
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                for (int i = 0; i < mc; i++) {
                    ap[(i / MR) * MR * kc + p * MR + i % MR] = a[src + i];
                }
            }
        }
        int padded = (mc + MR - 1) / MR * MR;
        for (int i = mc; i < padded; i++) {
            int dst = (i / MR) * MR * kc + i % MR;
            for (int p = 0; p < kc; p++) {
                ap[dst + p * MR] = 0f;
            }
        }
    }

    /** Packs op(B)[p0:p0+kc, j0:j0+nc] as NR-column strips, k-major inside a strip, zero-padded columns. */
    private static void packB(Transpose tb, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, boolean packA,
                              float[] bp) {
        int rs = tb.rowStride(ldb), cs = tb.colStride(ldb);
        for (int t = 0; t < nc; t += NR) {
            int base = t * kc;
            int cols = Math.min(NR, nc - t);
            if (tb == Transpose.NO && narrowStrip(cols, packA)) {
                // a narrow strip: its tiles read the first NARROW_V vectors of each row, so only those are written
                VectorMask<Float> m0 = S.indexInRange(0, cols), m1 = S.indexInRange(L, cols);
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * rs + j0 + t, dst = base + p * NR;
                    FloatVector.fromArray(S, b, src, m0).intoArray(bp, dst);
                    if (NARROW_V == 2) {
                        FloatVector.fromArray(S, b, src + L, m1).intoArray(bp, dst + L);
                    }
                }
            } else if (tb == Transpose.NO) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, bOff + (p0 + p) * rs + j0 + t, bp, dst, cols);
                    if (cols < NR) {
                        Arrays.fill(bp, dst + cols, dst + NR, 0f);
                    }
                }
            } else {
                for (int j = 0; j < NR; j++) {
                    int src = bOff + p0 * rs + (j0 + t + j) * cs;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + j] = j < cols ? b[src + p] : 0f;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- panel kernels
    // One call accumulates a whole column of tiles (all MR-row strips of an MC block against one
    // NR-column strip of B), dumping each tile's accumulators to the scratch block; the epilogue then
    // runs once over the block. Constant strides (MR, NR, 1) let the JIT drop bounds checks; only Aᵀ read
    // in place keeps a check on its lda k-stride, which measured cheaper than packing it.

    /** A packed (k-major MR-row strips from ai), B packed (NR-column strip at bi). */
    private static void panelPacked(int k, float[] a, int ai, int tiles, float[] b, int bi, float[] scratch,
                                    boolean first) {
        if (MANY_REGISTERS) {
            packed8x2(k, a, ai, tiles, b, bi, scratch, first);
        } else {
            packed2x4(k, a, ai, tiles, b, bi, scratch, first);
        }
    }

    /**
     * Whether a strip of B with {@code cols} real columns runs (and is packed for) the narrow tiles:
     * with A read in place (the packed-A tiles read the whole strip).
     */
    private static boolean narrowStrip(int cols, boolean packA) {
        return !packA && cols <= NARROW_V * L;
    }

    /** A read in place: {@code rows} rows from a[row0], lda apart (k-stride 1); B packed. */
    private static void panelRows(boolean narrow, int k, float[] a, int row0, int lda, int rows, float[] b, int bi,
                                  float[] scratch, boolean first) {
        if (narrow && MANY_REGISTERS) {
            rows16x1(k, a, row0, lda, rows, b, bi, scratch, first);
        } else if (narrow) {
            rows4x2(k, a, row0, lda, rows, b, bi, scratch, first);
        } else if (MANY_REGISTERS) {
            rows8x2(k, a, row0, lda, rows, b, bi, scratch, first);
        } else {
            rows2x4(k, a, row0, lda, rows, b, bi, scratch, first);
        }
    }

    /** AVX2 tiles on packed A: 2 rows x 4 vectors, one broadcast per four FMAs. */
    private static void packed2x4(int k, float[] a, int ai, int tiles, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0; t < tiles; t++) {
            int s = t * MR * NR;
            int at = ai + t * MR * k;
            FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + L);
            FloatVector c02 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * L);
            FloatVector c03 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * L);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + L);
            FloatVector c12 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + 2 * L);
            FloatVector c13 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + 3 * L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                int ap = at + p * MR;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                c03 = x.fma(b3, c03);
                x = FloatVector.broadcast(S, a[ap + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                c12 = x.fma(b2, c12);
                c13 = x.fma(b3, c13);
            }
            c00.intoArray(scratch, s);
            c01.intoArray(scratch, s + L);
            c02.intoArray(scratch, s + 2 * L);
            c03.intoArray(scratch, s + 3 * L);
            c10.intoArray(scratch, s + NR);
            c11.intoArray(scratch, s + NR + L);
            c12.intoArray(scratch, s + NR + 2 * L);
            c13.intoArray(scratch, s + NR + 3 * L);
        }
    }

    /** AVX-512 tiles on packed A: 8 rows x 2 vectors (16 accumulators of 32 registers). */
    private static void packed8x2(int k, float[] a, int ai, int tiles, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0; t < tiles; t++) {
            int s = t * MR * NR;
            int at = ai + t * MR * k;
            FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + L);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + L);
            FloatVector c20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR);
            FloatVector c21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR + L);
            FloatVector c30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR);
            FloatVector c31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR + L);
            FloatVector c40 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 4 * NR);
            FloatVector c41 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 4 * NR + L);
            FloatVector c50 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 5 * NR);
            FloatVector c51 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 5 * NR + L);
            FloatVector c60 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 6 * NR);
            FloatVector c61 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 6 * NR + L);
            FloatVector c70 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 7 * NR);
            FloatVector c71 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 7 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                int ap = at + p * MR;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[ap + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[ap + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[ap + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[ap + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(S, a[ap + 5]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = FloatVector.broadcast(S, a[ap + 6]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = FloatVector.broadcast(S, a[ap + 7]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            c00.intoArray(scratch, s);
            c01.intoArray(scratch, s + L);
            c10.intoArray(scratch, s + NR);
            c11.intoArray(scratch, s + NR + L);
            c20.intoArray(scratch, s + 2 * NR);
            c21.intoArray(scratch, s + 2 * NR + L);
            c30.intoArray(scratch, s + 3 * NR);
            c31.intoArray(scratch, s + 3 * NR + L);
            c40.intoArray(scratch, s + 4 * NR);
            c41.intoArray(scratch, s + 4 * NR + L);
            c50.intoArray(scratch, s + 5 * NR);
            c51.intoArray(scratch, s + 5 * NR + L);
            c60.intoArray(scratch, s + 6 * NR);
            c61.intoArray(scratch, s + 6 * NR + L);
            c70.intoArray(scratch, s + 7 * NR);
            c71.intoArray(scratch, s + 7 * NR + L);
        }
    }

    /** AVX2 tiles on A read in place; rows past the last repeat it (computed, never stored). */
    private static void rows2x4(int k, float[] a, int row0, int lda, int rows, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + MR - 1) / MR; t < tiles; t++) {
            int s = t * MR * NR;
            int a0 = row0 + Math.min(t * MR + 0, rows - 1) * lda;
            int a1 = row0 + Math.min(t * MR + 1, rows - 1) * lda;
            FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + L);
            FloatVector c02 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * L);
            FloatVector c03 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * L);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + L);
            FloatVector c12 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + 2 * L);
            FloatVector c13 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + 3 * L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                c03 = x.fma(b3, c03);
                x = FloatVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                c12 = x.fma(b2, c12);
                c13 = x.fma(b3, c13);
            }
            c00.intoArray(scratch, s);
            c01.intoArray(scratch, s + L);
            c02.intoArray(scratch, s + 2 * L);
            c03.intoArray(scratch, s + 3 * L);
            c10.intoArray(scratch, s + NR);
            c11.intoArray(scratch, s + NR + L);
            c12.intoArray(scratch, s + NR + 2 * L);
            c13.intoArray(scratch, s + NR + 3 * L);
        }
    }

    /** Narrow tiles (2 vectors of B's strip) on A read in place; rows past the last repeat it. */
    private static void rows4x2(int k, float[] a, int row0, int lda, int rows, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + NARROW_MR - 1) / NARROW_MR; t < tiles; t++) {
            int s = t * NARROW_MR * NR;
            int a0 = row0 + Math.min(t * NARROW_MR + 0, rows - 1) * lda;
            int a1 = row0 + Math.min(t * NARROW_MR + 1, rows - 1) * lda;
            int a2 = row0 + Math.min(t * NARROW_MR + 2, rows - 1) * lda;
            int a3 = row0 + Math.min(t * NARROW_MR + 3, rows - 1) * lda;
            FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + L);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + L);
            FloatVector c20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR);
            FloatVector c21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR + L);
            FloatVector c30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR);
            FloatVector c31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[a3 + p]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
            c00.intoArray(scratch, s);
            c01.intoArray(scratch, s + L);
            c10.intoArray(scratch, s + NR);
            c11.intoArray(scratch, s + NR + L);
            c20.intoArray(scratch, s + 2 * NR);
            c21.intoArray(scratch, s + 2 * NR + L);
            c30.intoArray(scratch, s + 3 * NR);
            c31.intoArray(scratch, s + 3 * NR + L);
        }
    }

    /** AVX-512 narrow tiles (one vector of real columns), A read in place: 16 rows x 1 vector. */
    private static void rows16x1(int k, float[] a, int row0, int lda, int rows, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + NARROW_MR - 1) / NARROW_MR; t < tiles; t++) {
            int s = t * NARROW_MR * NR;
            int a0 = row0 + Math.min(t * NARROW_MR + 0, rows - 1) * lda;
            int a1 = row0 + Math.min(t * NARROW_MR + 1, rows - 1) * lda;
            int a2 = row0 + Math.min(t * NARROW_MR + 2, rows - 1) * lda;
            int a3 = row0 + Math.min(t * NARROW_MR + 3, rows - 1) * lda;
            int a4 = row0 + Math.min(t * NARROW_MR + 4, rows - 1) * lda;
            int a5 = row0 + Math.min(t * NARROW_MR + 5, rows - 1) * lda;
            int a6 = row0 + Math.min(t * NARROW_MR + 6, rows - 1) * lda;
            int a7 = row0 + Math.min(t * NARROW_MR + 7, rows - 1) * lda;
            int a8 = row0 + Math.min(t * NARROW_MR + 8, rows - 1) * lda;
            int a9 = row0 + Math.min(t * NARROW_MR + 9, rows - 1) * lda;
            int a10 = row0 + Math.min(t * NARROW_MR + 10, rows - 1) * lda;
            int a11 = row0 + Math.min(t * NARROW_MR + 11, rows - 1) * lda;
            int a12 = row0 + Math.min(t * NARROW_MR + 12, rows - 1) * lda;
            int a13 = row0 + Math.min(t * NARROW_MR + 13, rows - 1) * lda;
            int a14 = row0 + Math.min(t * NARROW_MR + 14, rows - 1) * lda;
            int a15 = row0 + Math.min(t * NARROW_MR + 15, rows - 1) * lda;
            FloatVector c0 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c1 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 1 * NR);
            FloatVector c2 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR);
            FloatVector c3 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR);
            FloatVector c4 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 4 * NR);
            FloatVector c5 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 5 * NR);
            FloatVector c6 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 6 * NR);
            FloatVector c7 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 7 * NR);
            FloatVector c8 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 8 * NR);
            FloatVector c9 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 9 * NR);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 10 * NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 11 * NR);
            FloatVector c12 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 12 * NR);
            FloatVector c13 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 13 * NR);
            FloatVector c14 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 14 * NR);
            FloatVector c15 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 15 * NR);
            for (int p = 0; p < k; p++) {
                FloatVector b0 = FloatVector.fromArray(S, b, bi + p * NR);
                c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
                c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
                c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
                c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
                c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b0, c4);
                c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b0, c5);
                c6 = FloatVector.broadcast(S, a[a6 + p]).fma(b0, c6);
                c7 = FloatVector.broadcast(S, a[a7 + p]).fma(b0, c7);
                c8 = FloatVector.broadcast(S, a[a8 + p]).fma(b0, c8);
                c9 = FloatVector.broadcast(S, a[a9 + p]).fma(b0, c9);
                c10 = FloatVector.broadcast(S, a[a10 + p]).fma(b0, c10);
                c11 = FloatVector.broadcast(S, a[a11 + p]).fma(b0, c11);
                c12 = FloatVector.broadcast(S, a[a12 + p]).fma(b0, c12);
                c13 = FloatVector.broadcast(S, a[a13 + p]).fma(b0, c13);
                c14 = FloatVector.broadcast(S, a[a14 + p]).fma(b0, c14);
                c15 = FloatVector.broadcast(S, a[a15 + p]).fma(b0, c15);
            }
            c0.intoArray(scratch, s);
            c1.intoArray(scratch, s + 1 * NR);
            c2.intoArray(scratch, s + 2 * NR);
            c3.intoArray(scratch, s + 3 * NR);
            c4.intoArray(scratch, s + 4 * NR);
            c5.intoArray(scratch, s + 5 * NR);
            c6.intoArray(scratch, s + 6 * NR);
            c7.intoArray(scratch, s + 7 * NR);
            c8.intoArray(scratch, s + 8 * NR);
            c9.intoArray(scratch, s + 9 * NR);
            c10.intoArray(scratch, s + 10 * NR);
            c11.intoArray(scratch, s + 11 * NR);
            c12.intoArray(scratch, s + 12 * NR);
            c13.intoArray(scratch, s + 13 * NR);
            c14.intoArray(scratch, s + 14 * NR);
            c15.intoArray(scratch, s + 15 * NR);
        }
    }

    /** AVX-512 tiles on A read in place; rows past the last repeat it (computed, never stored). */
    private static void rows8x2(int k, float[] a, int row0, int lda, int rows, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + MR - 1) / MR; t < tiles; t++) {
            int s = t * MR * NR;
            int a0 = row0 + Math.min(t * MR + 0, rows - 1) * lda;
            int a1 = row0 + Math.min(t * MR + 1, rows - 1) * lda;
            int a2 = row0 + Math.min(t * MR + 2, rows - 1) * lda;
            int a3 = row0 + Math.min(t * MR + 3, rows - 1) * lda;
            int a4 = row0 + Math.min(t * MR + 4, rows - 1) * lda;
            int a5 = row0 + Math.min(t * MR + 5, rows - 1) * lda;
            int a6 = row0 + Math.min(t * MR + 6, rows - 1) * lda;
            int a7 = row0 + Math.min(t * MR + 7, rows - 1) * lda;
            FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + L);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + L);
            FloatVector c20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR);
            FloatVector c21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR + L);
            FloatVector c30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR);
            FloatVector c31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR + L);
            FloatVector c40 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 4 * NR);
            FloatVector c41 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 4 * NR + L);
            FloatVector c50 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 5 * NR);
            FloatVector c51 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 5 * NR + L);
            FloatVector c60 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 6 * NR);
            FloatVector c61 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 6 * NR + L);
            FloatVector c70 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 7 * NR);
            FloatVector c71 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 7 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[a3 + p]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[a4 + p]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(S, a[a5 + p]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = FloatVector.broadcast(S, a[a6 + p]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = FloatVector.broadcast(S, a[a7 + p]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            c00.intoArray(scratch, s);
            c01.intoArray(scratch, s + L);
            c10.intoArray(scratch, s + NR);
            c11.intoArray(scratch, s + NR + L);
            c20.intoArray(scratch, s + 2 * NR);
            c21.intoArray(scratch, s + 2 * NR + L);
            c30.intoArray(scratch, s + 3 * NR);
            c31.intoArray(scratch, s + 3 * NR + L);
            c40.intoArray(scratch, s + 4 * NR);
            c41.intoArray(scratch, s + 4 * NR + L);
            c50.intoArray(scratch, s + 5 * NR);
            c51.intoArray(scratch, s + 5 * NR + L);
            c60.intoArray(scratch, s + 6 * NR);
            c61.intoArray(scratch, s + 6 * NR + L);
            c70.intoArray(scratch, s + 7 * NR);
            c71.intoArray(scratch, s + 7 * NR + L);
        }
    }

    /** Aᵀ read in place: op(A) row i, column p is a[col0 + i + p·lda] (the k-stride is lda); B packed. */
    private static void panelCols(boolean narrow, int k, float[] a, int col0, int lda, int rows, float[] b, int bi,
                                  float[] scratch, boolean first) {
        if (narrow && MANY_REGISTERS) {
            cols16x1(k, a, col0, lda, rows, b, bi, scratch, first);
        } else if (narrow) {
            cols4x2(k, a, col0, lda, rows, b, bi, scratch, first);
        } else if (MANY_REGISTERS) {
            cols8x2(k, a, col0, lda, rows, b, bi, scratch, first);
        } else {
            cols2x4(k, a, col0, lda, rows, b, bi, scratch, first);
        }
    }

    /** AVX2 tiles on Aᵀ read in place; rows past the last repeat it (computed, never stored). */
    private static void cols2x4(int k, float[] a, int col0, int lda, int rows, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + MR - 1) / MR; t < tiles; t++) {
            int s = t * MR * NR;
            int a0 = col0 + Math.min(t * MR + 0, rows - 1);
            int a1 = col0 + Math.min(t * MR + 1, rows - 1);
            FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + L);
            FloatVector c02 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * L);
            FloatVector c03 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * L);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + L);
            FloatVector c12 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + 2 * L);
            FloatVector c13 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + 3 * L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR, ap = p * lda;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                c03 = x.fma(b3, c03);
                x = FloatVector.broadcast(S, a[a1 + ap]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                c12 = x.fma(b2, c12);
                c13 = x.fma(b3, c13);
            }
            c00.intoArray(scratch, s);
            c01.intoArray(scratch, s + L);
            c02.intoArray(scratch, s + 2 * L);
            c03.intoArray(scratch, s + 3 * L);
            c10.intoArray(scratch, s + NR);
            c11.intoArray(scratch, s + NR + L);
            c12.intoArray(scratch, s + NR + 2 * L);
            c13.intoArray(scratch, s + NR + 3 * L);
        }
    }

    /** Narrow tiles (2 vectors of B's strip) on Aᵀ read in place; rows past the last repeat it. */
    private static void cols4x2(int k, float[] a, int col0, int lda, int rows, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + NARROW_MR - 1) / NARROW_MR; t < tiles; t++) {
            int s = t * NARROW_MR * NR;
            int a0 = col0 + Math.min(t * NARROW_MR + 0, rows - 1);
            int a1 = col0 + Math.min(t * NARROW_MR + 1, rows - 1);
            int a2 = col0 + Math.min(t * NARROW_MR + 2, rows - 1);
            int a3 = col0 + Math.min(t * NARROW_MR + 3, rows - 1);
            FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + L);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + L);
            FloatVector c20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR);
            FloatVector c21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR + L);
            FloatVector c30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR);
            FloatVector c31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR, ap = p * lda;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[a1 + ap]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[a2 + ap]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[a3 + ap]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
            c00.intoArray(scratch, s);
            c01.intoArray(scratch, s + L);
            c10.intoArray(scratch, s + NR);
            c11.intoArray(scratch, s + NR + L);
            c20.intoArray(scratch, s + 2 * NR);
            c21.intoArray(scratch, s + 2 * NR + L);
            c30.intoArray(scratch, s + 3 * NR);
            c31.intoArray(scratch, s + 3 * NR + L);
        }
    }

    /** AVX-512 tiles on Aᵀ read in place; rows past the last repeat it (computed, never stored). */
    /** AVX-512 narrow tiles, Aᵀ read in place (k-stride lda): 16 rows x 1 vector. */
    private static void cols16x1(int k, float[] a, int col0, int lda, int rows, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + NARROW_MR - 1) / NARROW_MR; t < tiles; t++) {
            int s = t * NARROW_MR * NR;
            int a0 = col0 + Math.min(t * NARROW_MR + 0, rows - 1);
            int a1 = col0 + Math.min(t * NARROW_MR + 1, rows - 1);
            int a2 = col0 + Math.min(t * NARROW_MR + 2, rows - 1);
            int a3 = col0 + Math.min(t * NARROW_MR + 3, rows - 1);
            int a4 = col0 + Math.min(t * NARROW_MR + 4, rows - 1);
            int a5 = col0 + Math.min(t * NARROW_MR + 5, rows - 1);
            int a6 = col0 + Math.min(t * NARROW_MR + 6, rows - 1);
            int a7 = col0 + Math.min(t * NARROW_MR + 7, rows - 1);
            int a8 = col0 + Math.min(t * NARROW_MR + 8, rows - 1);
            int a9 = col0 + Math.min(t * NARROW_MR + 9, rows - 1);
            int a10 = col0 + Math.min(t * NARROW_MR + 10, rows - 1);
            int a11 = col0 + Math.min(t * NARROW_MR + 11, rows - 1);
            int a12 = col0 + Math.min(t * NARROW_MR + 12, rows - 1);
            int a13 = col0 + Math.min(t * NARROW_MR + 13, rows - 1);
            int a14 = col0 + Math.min(t * NARROW_MR + 14, rows - 1);
            int a15 = col0 + Math.min(t * NARROW_MR + 15, rows - 1);
            FloatVector c0 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c1 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 1 * NR);
            FloatVector c2 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR);
            FloatVector c3 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR);
            FloatVector c4 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 4 * NR);
            FloatVector c5 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 5 * NR);
            FloatVector c6 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 6 * NR);
            FloatVector c7 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 7 * NR);
            FloatVector c8 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 8 * NR);
            FloatVector c9 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 9 * NR);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 10 * NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 11 * NR);
            FloatVector c12 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 12 * NR);
            FloatVector c13 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 13 * NR);
            FloatVector c14 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 14 * NR);
            FloatVector c15 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 15 * NR);
            for (int p = 0; p < k; p++) {
                int ap = p * lda;
                FloatVector b0 = FloatVector.fromArray(S, b, bi + p * NR);
                c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
                c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
                c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
                c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
                c4 = FloatVector.broadcast(S, a[a4 + ap]).fma(b0, c4);
                c5 = FloatVector.broadcast(S, a[a5 + ap]).fma(b0, c5);
                c6 = FloatVector.broadcast(S, a[a6 + ap]).fma(b0, c6);
                c7 = FloatVector.broadcast(S, a[a7 + ap]).fma(b0, c7);
                c8 = FloatVector.broadcast(S, a[a8 + ap]).fma(b0, c8);
                c9 = FloatVector.broadcast(S, a[a9 + ap]).fma(b0, c9);
                c10 = FloatVector.broadcast(S, a[a10 + ap]).fma(b0, c10);
                c11 = FloatVector.broadcast(S, a[a11 + ap]).fma(b0, c11);
                c12 = FloatVector.broadcast(S, a[a12 + ap]).fma(b0, c12);
                c13 = FloatVector.broadcast(S, a[a13 + ap]).fma(b0, c13);
                c14 = FloatVector.broadcast(S, a[a14 + ap]).fma(b0, c14);
                c15 = FloatVector.broadcast(S, a[a15 + ap]).fma(b0, c15);
            }
            c0.intoArray(scratch, s);
            c1.intoArray(scratch, s + 1 * NR);
            c2.intoArray(scratch, s + 2 * NR);
            c3.intoArray(scratch, s + 3 * NR);
            c4.intoArray(scratch, s + 4 * NR);
            c5.intoArray(scratch, s + 5 * NR);
            c6.intoArray(scratch, s + 6 * NR);
            c7.intoArray(scratch, s + 7 * NR);
            c8.intoArray(scratch, s + 8 * NR);
            c9.intoArray(scratch, s + 9 * NR);
            c10.intoArray(scratch, s + 10 * NR);
            c11.intoArray(scratch, s + 11 * NR);
            c12.intoArray(scratch, s + 12 * NR);
            c13.intoArray(scratch, s + 13 * NR);
            c14.intoArray(scratch, s + 14 * NR);
            c15.intoArray(scratch, s + 15 * NR);
        }
    }

    private static void cols8x2(int k, float[] a, int col0, int lda, int rows, float[] b, int bi, float[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + MR - 1) / MR; t < tiles; t++) {
            int s = t * MR * NR;
            int a0 = col0 + Math.min(t * MR + 0, rows - 1);
            int a1 = col0 + Math.min(t * MR + 1, rows - 1);
            int a2 = col0 + Math.min(t * MR + 2, rows - 1);
            int a3 = col0 + Math.min(t * MR + 3, rows - 1);
            int a4 = col0 + Math.min(t * MR + 4, rows - 1);
            int a5 = col0 + Math.min(t * MR + 5, rows - 1);
            int a6 = col0 + Math.min(t * MR + 6, rows - 1);
            int a7 = col0 + Math.min(t * MR + 7, rows - 1);
            FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s);
            FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + L);
            FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR);
            FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + NR + L);
            FloatVector c20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR);
            FloatVector c21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 2 * NR + L);
            FloatVector c30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR);
            FloatVector c31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 3 * NR + L);
            FloatVector c40 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 4 * NR);
            FloatVector c41 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 4 * NR + L);
            FloatVector c50 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 5 * NR);
            FloatVector c51 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 5 * NR + L);
            FloatVector c60 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 6 * NR);
            FloatVector c61 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 6 * NR + L);
            FloatVector c70 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 7 * NR);
            FloatVector c71 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, scratch, s + 7 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR, ap = p * lda;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[a1 + ap]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[a2 + ap]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[a3 + ap]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[a4 + ap]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(S, a[a5 + ap]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = FloatVector.broadcast(S, a[a6 + ap]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = FloatVector.broadcast(S, a[a7 + ap]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            c00.intoArray(scratch, s);
            c01.intoArray(scratch, s + L);
            c10.intoArray(scratch, s + NR);
            c11.intoArray(scratch, s + NR + L);
            c20.intoArray(scratch, s + 2 * NR);
            c21.intoArray(scratch, s + 2 * NR + L);
            c30.intoArray(scratch, s + 3 * NR);
            c31.intoArray(scratch, s + 3 * NR + L);
            c40.intoArray(scratch, s + 4 * NR);
            c41.intoArray(scratch, s + 4 * NR + L);
            c50.intoArray(scratch, s + 5 * NR);
            c51.intoArray(scratch, s + 5 * NR + L);
            c60.intoArray(scratch, s + 6 * NR);
            c61.intoArray(scratch, s + 6 * NR + L);
            c70.intoArray(scratch, s + 7 * NR);
            c71.intoArray(scratch, s + 7 * NR + L);
        }
    }

    /**
     * The epilogue of an mc x NR block of full-width tiles: fma(old C, beta, alpha·sum) + bias into C;
     * beta = 0 never reads the old C (at oi, ldo apart: C itself, or where it was set aside).
     */
    private static void epilogue(float[] scratch, int mc, float[] c, int ci, int ldc, float alpha, float beta,
                                 float[] old, int oi, int ldo, float[] bias, int biasIdx) {
        FloatVector vb = FloatVector.broadcast(S, beta);
        for (int v = 0; v < V; v++) {
            FloatVector bv = FloatVector.fromArray(S, bias, biasIdx + v * L);
            for (int r = 0; r < mc; r++) {
                int at = ci + r * ldc + v * L;
                FloatVector x = FloatVector.fromArray(S, scratch, r * NR + v * L).mul(alpha);
                if (beta != 0f) {
                    x = FloatVector.fromArray(S, old, oi + r * ldo + v * L).fma(vb, x);
                }
                x.add(bv).intoArray(c, at);
            }
        }
    }

    /**
     * The epilogue of a partial tile (accumulators in {@code scratch} with row stride {@code stride},
     * valid part mr x nr) with the same roundings as the vector epilogues: alpha·acc, fma(old, beta, ·), + bias.
     */
    private static void storeFromScratch(float[] scratch, int stride, float[] c, int ci, int ldc, int mr, int nr,
                                         float alpha, float beta, float[] old, int oi, int ldo, float[] bias,
                                         int biasIdx) {
        FloatVector vb = FloatVector.broadcast(S, beta);
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc, orow = oi + r * ldo, j = 0;
            for (; j <= nr - L; j += L) {
                FloatVector x = FloatVector.fromArray(S, scratch, r * stride + j).mul(alpha);
                if (beta != 0f) {
                    x = FloatVector.fromArray(S, old, orow + j).fma(vb, x);
                }
                x.add(FloatVector.fromArray(S, bias, biasIdx + j)).intoArray(c, row + j);
            }
            if (MASKED_STORES && j < nr) { // the ragged last vector under a mask: the same roundings, lane by lane
                VectorMask<Float> m = S.indexInRange(j, nr);
                FloatVector x = FloatVector.fromArray(S, scratch, r * stride + j, m).mul(alpha);
                if (beta != 0f) {
                    x = FloatVector.fromArray(S, old, orow + j, m).fma(vb, x);
                }
                x.add(FloatVector.fromArray(S, bias, biasIdx + j, m)).intoArray(c, row + j, m);
                continue;
            }
            for (; j < nr; j++) {
                float v = scratch[r * stride + j] * alpha;
                if (beta != 0f) {
                    v = Math.fma(old[orow + j], beta, v);
                }
                c[row + j] = v + bias[biasIdx + j];
            }
        }
    }

    /** The activation pass over rows [i0, i1), columns [j0, j1) of C, kept out of the kernels' compilation units. */
    private static void activateRows(float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, Activation act) {
        if (act == Activation.NONE) {
            return;
        }
        for (int i = i0; i < i1; i++) {
            PanamaFloatKernels.activate(c, cOff + i * ldc + j0, j1 - j0, act);
        }
    }

    // ---------------------------------------------------------------- rows path (m < ROWS_PATH)

    /** Few rows (a single sample): each row straight from B, four vectors at a time, nothing packed. */
    private static void rows(Transpose ta, Transpose tb, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, Workspace ws) {
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
                    storeFromScratch(ws.tile, L, c, ci, 0, 1, valid, alpha, beta, c, ci, 0, biasRow, biasBase + j);
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
