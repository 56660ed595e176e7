package dev.vecnet.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 GEMM on the Vector API: C = act(alpha·op(A)·op(B) + beta·C + bias).
 *
 * <p>Two paths, chosen once from the whole problem's shape:
 * <ul>
 *   <li><b>packed</b> (BLIS): op(B) is packed into KC x NR strips, op(A) into MC x KC blocks of MR-row
 *   strips (transposes are absorbed here, edges are zero-padded), and an MR x NR register-blocked
 *   micro-kernel (8 rows x 2 vectors) runs over them. KC x NR of B stays in L1, MC x KC of A in L2.</li>
 *   <li><b>direct</b>: no packing of A; 4 rows x up to 4 vectors of C are accumulated straight from
 *   the caller's arrays. It wins for narrow C (the network's N = 10 or 50) and tiny M (one sample).
 *   A last partial vector is handled by overlapping it with its neighbour (same columns computed
 *   twice, identically) instead of masking, so no access ever reaches past an array.</li>
 * </ul>
 *
 * <p>Every C element is a chain of FMAs over k in a fixed order (per KC block on the packed path), so
 * splitting rows or columns over threads leaves results bitwise unchanged.
 */
final class PanamaFloatGemm {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();

    /** Micro-kernel rows and columns (packed path). */
    static final int MR = 8;
    static final int NR = 2 * L;
    /** Cache blocking (packed path): KC x NR floats of B fit L1, MC x KC of A fit L2. */
    static final int KC = 256;
    static final int MC = 128;
    static final int NC = Math.max(NR, 2048 / NR * NR);

    /** Direct path: rows per block; a block of columns is at most DV vectors. */
    static final int DR = 4;
    static final int DV = 4;

    private static final class Workspace {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        float[] bDirect = new float[0];

        float[] bDirect(int size) {
            if (bDirect.length < size) {
                bDirect = new float[size];
            }
            return bDirect;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private PanamaFloatGemm() {}

    static boolean useDirect(int m, int n, int k) {
        return n <= DV * 16 || m <= DR || k <= 8;
    }

    static void gemm(Transpose ta, Transpose tb, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, Activation act, int threads) {
        if (useDirect(m, n, k)) {
            direct(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act, threads);
        } else if (threads == 1) {
            packed(ta, tb, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act,
                    WORKSPACE.get());
        } else {
            int[] starts = new int[threads + 1];
            boolean byRows = m >= 2 * MR * threads || m >= n;
            int parts = Parallel.split(byRows ? m : n, threads, byRows ? MR : NR, starts);
            Parallel.run(parts, part -> {
                int lo = starts[part], hi = starts[part + 1];
                packed(ta, tb, byRows ? lo : 0, byRows ? hi : m, byRows ? 0 : lo, byRows ? n : hi, k,
                        alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act, WORKSPACE.get());
            });
        }
    }

    // ---------------------------------------------------------------- packed path

    private static void packed(Transpose ta, Transpose tb, int i0, int i1, int j0, int j1, int k,
                               float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc,
                               float[] bias, int biasOff, Activation act, Workspace ws) {
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean first = pc == 0;
                boolean last = pc + kc == k;
                packB(tb, b, bOff, ldb, pc, kc, jc, nc, ws.b);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(ta, a, aOff, lda, ic, mc, pc, kc, ws.a);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            micro(kc, ws.a, ir * kc, ws.b, jr * kc, c, cOff + (ic + ir) * ldc + jc + jr, ldc, mr, nr,
                                    alpha, first ? beta : 1f, !first || beta != 0f,
                                    last ? bias : null, biasOff + jc + jr, last ? act : Activation.NONE);
                        }
                    }
                }
            }
        }
    }

    /** Packs op(A)[i0:i0+mc, p0:p0+kc] as MR-row strips, k-major inside a strip, zero-padded rows. */
    private static void packA(Transpose ta, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        int rs = ta.rowStride(lda), cs = ta.colStride(lda);
        for (int s = 0; s < mc; s += MR) {
            int base = s * kc;
            int rows = Math.min(MR, mc - s);
            if (ta == Transpose.NO) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + s + r) * rs + p0 * cs;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, aOff + (p0 + p) * cs + (i0 + s) * rs, ap, base + p * MR, rows);
                }
            }
            for (int r = rows; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    ap[base + p * MR + r] = 0f;
                }
            }
        }
    }

    /** Packs op(B)[p0:p0+kc, j0:j0+nc] as NR-column strips, k-major inside a strip, zero-padded columns. */
    private static void packB(Transpose tb, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] bp) {
        int rs = tb.rowStride(ldb), cs = tb.colStride(ldb);
        for (int t = 0; t < nc; t += NR) {
            int base = t * kc;
            int cols = Math.min(NR, nc - t);
            if (tb == Transpose.NO && cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * rs + j0 + t;
                    FloatVector.fromArray(S, b, src).intoArray(bp, base + p * NR);
                    FloatVector.fromArray(S, b, src + L).intoArray(bp, base + p * NR + L);
                }
            } else if (tb == Transpose.NO) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, bOff + (p0 + p) * rs + j0 + t, bp, dst, cols);
                    Arrays.fill(bp, dst + cols, dst + NR, 0f);
                }
            } else {
                for (int j = 0; j < NR; j++) {
                    if (j < cols) {
                        int src = bOff + (p0) * rs + (j0 + t + j) * cs;
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NR + j] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NR + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** 8 x 2-vector micro-kernel over packed strips; stores the valid mr x nr part of the tile. */
    private static void micro(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, int mr, int nr,
                              float alpha, float beta, boolean readC, float[] bias, int biasIdx, Activation act) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            ai += MR;
            bi += NR;
        }
        int v0 = Math.min(nr, L), v1 = nr - v0;
        FloatVector bias0 = bias == null ? null : PanamaFloatLanes.load(bias, biasIdx, v0);
        FloatVector bias1 = bias == null || v1 == 0 ? null : PanamaFloatLanes.load(bias, biasIdx + L, v1);
        storeRow(c00, c01, c, ci, v0, v1, alpha, beta, readC, bias0, bias1, act);
        if (mr > 1) storeRow(c10, c11, c, ci + ldc, v0, v1, alpha, beta, readC, bias0, bias1, act);
        if (mr > 2) storeRow(c20, c21, c, ci + 2 * ldc, v0, v1, alpha, beta, readC, bias0, bias1, act);
        if (mr > 3) storeRow(c30, c31, c, ci + 3 * ldc, v0, v1, alpha, beta, readC, bias0, bias1, act);
        if (mr > 4) storeRow(c40, c41, c, ci + 4 * ldc, v0, v1, alpha, beta, readC, bias0, bias1, act);
        if (mr > 5) storeRow(c50, c51, c, ci + 5 * ldc, v0, v1, alpha, beta, readC, bias0, bias1, act);
        if (mr > 6) storeRow(c60, c61, c, ci + 6 * ldc, v0, v1, alpha, beta, readC, bias0, bias1, act);
        if (mr > 7) storeRow(c70, c71, c, ci + 7 * ldc, v0, v1, alpha, beta, readC, bias0, bias1, act);
    }

    private static void storeRow(FloatVector acc0, FloatVector acc1, float[] c, int ci, int v0, int v1,
                                 float alpha, float beta, boolean readC, FloatVector bias0, FloatVector bias1,
                                 Activation act) {
        FloatVector old0 = readC ? PanamaFloatLanes.load(c, ci, v0) : null;
        PanamaFloatLanes.store(finish(acc0, alpha, old0, beta, bias0, act), c, ci, v0);
        if (v1 > 0) {
            FloatVector old1 = readC ? PanamaFloatLanes.load(c, ci + L, v1) : null;
            PanamaFloatLanes.store(finish(acc1, alpha, old1, beta, bias1, act), c, ci + L, v1);
        }
    }

    // ---------------------------------------------------------------- direct path

    private static void direct(Transpose ta, Transpose tb, int m, int n, int k,
                               float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc,
                               float[] bias, int biasOff, Activation act, int threads) {
        float[] bm = b;
        int bo = bOff, ldbm = ldb;
        if (tb == Transpose.YES || n < L) {
            // op(B) row-major, at least one full vector wide, zero-padded: every load is a plain full one.
            ldbm = Math.max(n, L);
            bm = WORKSPACE.get().bDirect(k * ldbm);
            bo = 0;
            int rs = tb.rowStride(ldb), cs = tb.colStride(ldb);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bm[p * ldbm + j] = b[bOff + p * rs + j * cs];
                }
                Arrays.fill(bm, p * ldbm + n, p * ldbm + ldbm, 0f);
            }
        }
        if (threads == 1 || m < 2 * DR) {
            directRows(ta, 0, m, n, k, alpha, a, aOff, lda, bm, bo, ldbm, beta, c, cOff, ldc, bias, biasOff, act,
                    WORKSPACE.get());
            return;
        }
        int[] starts = new int[threads + 1];
        int parts = Parallel.split(m, threads, DR, starts);
        float[] bShared = bm;
        int boShared = bo, ldShared = ldbm;
        Parallel.run(parts, part -> directRows(ta, starts[part], starts[part + 1], n, k, alpha, a, aOff, lda,
                bShared, boShared, ldShared, beta, c, cOff, ldc, bias, biasOff, act, WORKSPACE.get()));
    }

    /** Rows [i0, i1) of C; column blocks of up to DV vectors, each at least one vector wide. */
    private static void directRows(Transpose ta, int i0, int i1, int n, int k,
                                   float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc,
                                   float[] bias, int biasOff, Activation act, Workspace ws) {
        int ars = ta.rowStride(lda), acs = ta.colStride(lda);
        int nPad = Math.max(n, L);
        for (int j = 0; j < nPad; ) {
            int rem = nPad - j;
            // widths keep every block >= one vector: 4 vectors, or 3 then a 1..2-vector block
            int width = rem <= DV * L ? rem : rem < (DV + 1) * L ? 3 * L : DV * L;
            int valid = Math.min(width, n - j); // < width only for n < L (padded B)
            if (width > L) {
                int vectors = (width + L - 1) / L;
                int o1 = Math.min(L, width - L);
                int o2 = vectors > 2 ? Math.min(2 * L, width - L) : o1;
                int o3 = width - L;
                int i = i0;
                for (; i + DR <= i1; i += DR) {
                    direct4x4(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, o1, o2, o3,
                            c, cOff + i * ldc + j, ldc, alpha, beta, bias, biasOff + j, act);
                }
                for (; i < i1; i++) {
                    direct1x4(k, a, aOff + i * ars, acs, b, bOff + j, ldb, o1, o2, o3,
                            c, cOff + i * ldc + j, alpha, beta, bias, biasOff + j, act);
                }
            } else {
                int i = i0;
                for (; i + DR <= i1; i += DR) {
                    direct4x1(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb,
                            c, cOff + i * ldc + j, ldc, valid, alpha, beta, bias, biasOff + j, act);
                }
                for (; i < i1; i++) {
                    direct1x1(k, a, aOff + i * ars, acs, b, bOff + j, ldb,
                            c, cOff + i * ldc + j, valid, alpha, beta, bias, biasOff + j, act);
                }
            }
            j += width;
        }
    }

    /** 4 rows x 4 vectors at column offsets 0, o1, o2, o3 (offsets may repeat or overlap). */
    private static void direct4x4(int k, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                                  int o1, int o2, int o3, float[] c, int ci, int ldc,
                                  float alpha, float beta, float[] bias, int biasIdx, Activation act) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int a0 = ai, a1 = ai + ars, a2 = ai + 2 * ars, a3 = ai + 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb, ap = p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + o1);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + o2);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + o3);
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
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        FloatVector bias0 = null, bias1 = null, bias2 = null, bias3 = null;
        if (bias != null) {
            bias0 = FloatVector.fromArray(S, bias, biasIdx);
            bias1 = FloatVector.fromArray(S, bias, biasIdx + o1);
            bias2 = FloatVector.fromArray(S, bias, biasIdx + o2);
            bias3 = FloatVector.fromArray(S, bias, biasIdx + o3);
        }
        storeRow4(c00, c01, c02, c03, c, ci, o1, o2, o3, alpha, beta, bias0, bias1, bias2, bias3, act);
        storeRow4(c10, c11, c12, c13, c, ci + ldc, o1, o2, o3, alpha, beta, bias0, bias1, bias2, bias3, act);
        storeRow4(c20, c21, c22, c23, c, ci + 2 * ldc, o1, o2, o3, alpha, beta, bias0, bias1, bias2, bias3, act);
        storeRow4(c30, c31, c32, c33, c, ci + 3 * ldc, o1, o2, o3, alpha, beta, bias0, bias1, bias2, bias3, act);
    }

    /** One row x 4 vectors; k is split over two accumulator sets to hide FMA latency. */
    private static void direct1x4(int k, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                                  int o1, int o2, int o3, float[] c, int ci,
                                  float alpha, float beta, float[] bias, int biasIdx, Activation act) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector d0 = FloatVector.zero(S), d1 = FloatVector.zero(S), d2 = FloatVector.zero(S), d3 = FloatVector.zero(S);
        int p = 0;
        for (; p + 1 < k; p += 2) {
            int bp = bi + p * ldb, bq = bp + ldb;
            FloatVector x = FloatVector.broadcast(S, a[ai + p * acs]);
            FloatVector y = FloatVector.broadcast(S, a[ai + (p + 1) * acs]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + o1), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bp + o2), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bp + o3), c3);
            d0 = y.fma(FloatVector.fromArray(S, b, bq), d0);
            d1 = y.fma(FloatVector.fromArray(S, b, bq + o1), d1);
            d2 = y.fma(FloatVector.fromArray(S, b, bq + o2), d2);
            d3 = y.fma(FloatVector.fromArray(S, b, bq + o3), d3);
        }
        if (p < k) {
            int bp = bi + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ai + p * acs]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + o1), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bp + o2), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bp + o3), c3);
        }
        FloatVector bias0 = null, bias1 = null, bias2 = null, bias3 = null;
        if (bias != null) {
            bias0 = FloatVector.fromArray(S, bias, biasIdx);
            bias1 = FloatVector.fromArray(S, bias, biasIdx + o1);
            bias2 = FloatVector.fromArray(S, bias, biasIdx + o2);
            bias3 = FloatVector.fromArray(S, bias, biasIdx + o3);
        }
        storeRow4(c0.add(d0), c1.add(d1), c2.add(d2), c3.add(d3), c, ci, o1, o2, o3, alpha, beta,
                bias0, bias1, bias2, bias3, act);
    }

    /** 4 rows x 1 vector of which {@code valid} lanes are stored. */
    private static void direct4x1(int k, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                                  float[] c, int ci, int ldc, int valid,
                                  float alpha, float beta, float[] bias, int biasIdx, Activation act) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        int a0 = ai, a1 = ai + ars, a2 = ai + 2 * ars, a3 = ai + 3 * ars;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bi + p * ldb);
            int ap = p * acs;
            c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(bv, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(bv, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(bv, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(bv, c3);
        }
        FloatVector biasV = bias == null ? null : PanamaFloatLanes.load(bias, biasIdx, valid);
        storeRow1(c0, c, ci, valid, alpha, beta, biasV, act);
        storeRow1(c1, c, ci + ldc, valid, alpha, beta, biasV, act);
        storeRow1(c2, c, ci + 2 * ldc, valid, alpha, beta, biasV, act);
        storeRow1(c3, c, ci + 3 * ldc, valid, alpha, beta, biasV, act);
    }

    private static void direct1x1(int k, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                                  float[] c, int ci, int valid,
                                  float alpha, float beta, float[] bias, int biasIdx, Activation act) {
        FloatVector c0 = FloatVector.zero(S), d0 = FloatVector.zero(S);
        int p = 0;
        for (; p + 1 < k; p += 2) {
            int bp = bi + p * ldb;
            c0 = FloatVector.broadcast(S, a[ai + p * acs]).fma(FloatVector.fromArray(S, b, bp), c0);
            d0 = FloatVector.broadcast(S, a[ai + (p + 1) * acs]).fma(FloatVector.fromArray(S, b, bp + ldb), d0);
        }
        if (p < k) {
            c0 = FloatVector.broadcast(S, a[ai + p * acs]).fma(FloatVector.fromArray(S, b, bi + p * ldb), c0);
        }
        FloatVector biasV = bias == null ? null : PanamaFloatLanes.load(bias, biasIdx, valid);
        storeRow1(c0.add(d0), c, ci, valid, alpha, beta, biasV, act);
    }

    /** Loads all four old C vectors before storing any: the offsets may overlap. */
    private static void storeRow4(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float[] c, int ci,
                                  int o1, int o2, int o3, float alpha, float beta,
                                  FloatVector bias0, FloatVector bias1, FloatVector bias2, FloatVector bias3,
                                  Activation act) {
        FloatVector old0 = null, old1 = null, old2 = null, old3 = null;
        if (beta != 0f) {
            old0 = FloatVector.fromArray(S, c, ci);
            old1 = FloatVector.fromArray(S, c, ci + o1);
            old2 = FloatVector.fromArray(S, c, ci + o2);
            old3 = FloatVector.fromArray(S, c, ci + o3);
        }
        FloatVector r0 = finish(v0, alpha, old0, beta, bias0, act);
        FloatVector r1 = finish(v1, alpha, old1, beta, bias1, act);
        FloatVector r2 = finish(v2, alpha, old2, beta, bias2, act);
        FloatVector r3 = finish(v3, alpha, old3, beta, bias3, act);
        r0.intoArray(c, ci);
        r1.intoArray(c, ci + o1);
        r2.intoArray(c, ci + o2);
        r3.intoArray(c, ci + o3);
    }

    private static void storeRow1(FloatVector acc, float[] c, int ci, int valid, float alpha, float beta,
                                  FloatVector bias, Activation act) {
        FloatVector old = beta != 0f ? PanamaFloatLanes.load(c, ci, valid) : null;
        PanamaFloatLanes.store(finish(acc, alpha, old, beta, bias, act), c, ci, valid);
    }

    // ---------------------------------------------------------------- shared epilogue

    /** act(alpha·acc + beta·old + bias); old and bias may be null. */
    private static FloatVector finish(FloatVector acc, float alpha, FloatVector old, float beta, FloatVector bias,
                                      Activation act) {
        FloatVector v = acc.mul(alpha);
        if (old != null) {
            v = old.fma(FloatVector.broadcast(S, beta), v);
        }
        if (bias != null) {
            v = v.add(bias);
        }
        return PanamaMath.activate(v, act);
    }
}
