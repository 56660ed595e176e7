// GENERATED from PanamaFloatTiles.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel.gemm;

import dev.vecnet.kernel.simd.PanamaSpecies;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM's micro-kernels (see {@link PanamaDoubleGemm}): register-blocked tiles over a packed strip
 * of B: on packed A any {@link GemmTile} (the plan picks one per machine); on A read in place as rows,
 * or on Aᵀ read in place as columns, MR rows x V vectors, and narrow tiles for strips with few real
 * columns. Each call runs a whole column of tiles
 * (every MR-row strip of an MC block against one NR-column strip of B) and dumps each tile's
 * accumulators to the scratch block; on a later KC block the tiles start from the sums there. Each
 * accumulator is one FMA chain over k in order. Constant strides (MR, NR, 1) let the JIT drop bounds
 * checks; only Aᵀ read in place keeps a check on its lda k-stride, which measured cheaper than
 * packing it. Rows past the last of a block repeat it (computed, never stored).
 */
public final class PanamaDoubleTiles {
    private static final VectorSpecies<Double> S = PanamaSpecies.DOUBLE;
    private static final int L = S.length();
    private static final boolean MANY_REGISTERS = PanamaDoubleBlocking.MANY_REGISTERS;
    private static final int MR = PanamaDoubleBlocking.MR, NR = PanamaDoubleBlocking.NR, NARROW_MR = PanamaDoubleBlocking.NARROW_MR;

    private PanamaDoubleTiles() {}

    /** A packed (k-major tile.rows-row strips from ai), B packed (a strip of tile.vectors vectors at bi). */
    static void panelPacked(GemmTile tile, int k, double[] a, int ai, int tiles, double[] b, int bi, double[] scratch,
                            boolean first) {
        switch (tile) {
            case T8x2 -> packed8x2(k, a, ai, tiles, b, bi, scratch, first);
            case T12x2 -> packed12x2(k, a, ai, tiles, b, bi, scratch, first);
            case T6x4 -> packed6x4(k, a, ai, tiles, b, bi, scratch, first);
            case T2x4 -> packed2x4(k, a, ai, tiles, b, bi, scratch, first);
            case T6x2 -> packed6x2(k, a, ai, tiles, b, bi, scratch, first);
            case T4x3 -> packed4x3(k, a, ai, tiles, b, bi, scratch, first);
        }
    }

    /** A read in place: {@code rows} rows from a[row0], lda apart (k-stride 1); B packed. */
    static void panelRows(boolean narrow, int k, double[] a, int row0, int lda, int rows, double[] b, int bi,
                                  double[] scratch, boolean first) {
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

    /** 8 rows x 2 vectors of packed A and B. */
    private static void packed8x2(int k, double[] a, int ai, int tiles, double[] b, int bi, double[] scratch, boolean first) {
        final int mr = 8, nr = 2 * L;
        for (int t = 0; t < tiles; t++) {
            int s = t * mr * nr;
            int at = ai + t * mr * k;
            DoubleVector c0_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c0_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c1_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr);
            DoubleVector c1_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + L);
            DoubleVector c2_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr);
            DoubleVector c2_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr + L);
            DoubleVector c3_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr);
            DoubleVector c3_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr + L);
            DoubleVector c4_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr);
            DoubleVector c4_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr + L);
            DoubleVector c5_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr);
            DoubleVector c5_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr + L);
            DoubleVector c6_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * nr);
            DoubleVector c6_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * nr + L);
            DoubleVector c7_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * nr);
            DoubleVector c7_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * nr + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * nr;
                int ap = at + p * mr;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector x = DoubleVector.broadcast(S, a[ap]);
                c0_0 = x.fma(b0, c0_0);
                c0_1 = x.fma(b1, c0_1);
                x = DoubleVector.broadcast(S, a[ap + 1]);
                c1_0 = x.fma(b0, c1_0);
                c1_1 = x.fma(b1, c1_1);
                x = DoubleVector.broadcast(S, a[ap + 2]);
                c2_0 = x.fma(b0, c2_0);
                c2_1 = x.fma(b1, c2_1);
                x = DoubleVector.broadcast(S, a[ap + 3]);
                c3_0 = x.fma(b0, c3_0);
                c3_1 = x.fma(b1, c3_1);
                x = DoubleVector.broadcast(S, a[ap + 4]);
                c4_0 = x.fma(b0, c4_0);
                c4_1 = x.fma(b1, c4_1);
                x = DoubleVector.broadcast(S, a[ap + 5]);
                c5_0 = x.fma(b0, c5_0);
                c5_1 = x.fma(b1, c5_1);
                x = DoubleVector.broadcast(S, a[ap + 6]);
                c6_0 = x.fma(b0, c6_0);
                c6_1 = x.fma(b1, c6_1);
                x = DoubleVector.broadcast(S, a[ap + 7]);
                c7_0 = x.fma(b0, c7_0);
                c7_1 = x.fma(b1, c7_1);
            }
            c0_0.intoArray(scratch, s);
            c0_1.intoArray(scratch, s + L);
            c1_0.intoArray(scratch, s + nr);
            c1_1.intoArray(scratch, s + nr + L);
            c2_0.intoArray(scratch, s + 2 * nr);
            c2_1.intoArray(scratch, s + 2 * nr + L);
            c3_0.intoArray(scratch, s + 3 * nr);
            c3_1.intoArray(scratch, s + 3 * nr + L);
            c4_0.intoArray(scratch, s + 4 * nr);
            c4_1.intoArray(scratch, s + 4 * nr + L);
            c5_0.intoArray(scratch, s + 5 * nr);
            c5_1.intoArray(scratch, s + 5 * nr + L);
            c6_0.intoArray(scratch, s + 6 * nr);
            c6_1.intoArray(scratch, s + 6 * nr + L);
            c7_0.intoArray(scratch, s + 7 * nr);
            c7_1.intoArray(scratch, s + 7 * nr + L);
        }
    }

    /** 12 rows x 2 vectors of packed A and B. */
    private static void packed12x2(int k, double[] a, int ai, int tiles, double[] b, int bi, double[] scratch, boolean first) {
        final int mr = 12, nr = 2 * L;
        for (int t = 0; t < tiles; t++) {
            int s = t * mr * nr;
            int at = ai + t * mr * k;
            DoubleVector c0_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c0_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c1_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr);
            DoubleVector c1_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + L);
            DoubleVector c2_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr);
            DoubleVector c2_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr + L);
            DoubleVector c3_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr);
            DoubleVector c3_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr + L);
            DoubleVector c4_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr);
            DoubleVector c4_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr + L);
            DoubleVector c5_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr);
            DoubleVector c5_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr + L);
            DoubleVector c6_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * nr);
            DoubleVector c6_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * nr + L);
            DoubleVector c7_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * nr);
            DoubleVector c7_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * nr + L);
            DoubleVector c8_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 8 * nr);
            DoubleVector c8_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 8 * nr + L);
            DoubleVector c9_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 9 * nr);
            DoubleVector c9_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 9 * nr + L);
            DoubleVector c10_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 10 * nr);
            DoubleVector c10_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 10 * nr + L);
            DoubleVector c11_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 11 * nr);
            DoubleVector c11_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 11 * nr + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * nr;
                int ap = at + p * mr;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector x = DoubleVector.broadcast(S, a[ap]);
                c0_0 = x.fma(b0, c0_0);
                c0_1 = x.fma(b1, c0_1);
                x = DoubleVector.broadcast(S, a[ap + 1]);
                c1_0 = x.fma(b0, c1_0);
                c1_1 = x.fma(b1, c1_1);
                x = DoubleVector.broadcast(S, a[ap + 2]);
                c2_0 = x.fma(b0, c2_0);
                c2_1 = x.fma(b1, c2_1);
                x = DoubleVector.broadcast(S, a[ap + 3]);
                c3_0 = x.fma(b0, c3_0);
                c3_1 = x.fma(b1, c3_1);
                x = DoubleVector.broadcast(S, a[ap + 4]);
                c4_0 = x.fma(b0, c4_0);
                c4_1 = x.fma(b1, c4_1);
                x = DoubleVector.broadcast(S, a[ap + 5]);
                c5_0 = x.fma(b0, c5_0);
                c5_1 = x.fma(b1, c5_1);
                x = DoubleVector.broadcast(S, a[ap + 6]);
                c6_0 = x.fma(b0, c6_0);
                c6_1 = x.fma(b1, c6_1);
                x = DoubleVector.broadcast(S, a[ap + 7]);
                c7_0 = x.fma(b0, c7_0);
                c7_1 = x.fma(b1, c7_1);
                x = DoubleVector.broadcast(S, a[ap + 8]);
                c8_0 = x.fma(b0, c8_0);
                c8_1 = x.fma(b1, c8_1);
                x = DoubleVector.broadcast(S, a[ap + 9]);
                c9_0 = x.fma(b0, c9_0);
                c9_1 = x.fma(b1, c9_1);
                x = DoubleVector.broadcast(S, a[ap + 10]);
                c10_0 = x.fma(b0, c10_0);
                c10_1 = x.fma(b1, c10_1);
                x = DoubleVector.broadcast(S, a[ap + 11]);
                c11_0 = x.fma(b0, c11_0);
                c11_1 = x.fma(b1, c11_1);
            }
            c0_0.intoArray(scratch, s);
            c0_1.intoArray(scratch, s + L);
            c1_0.intoArray(scratch, s + nr);
            c1_1.intoArray(scratch, s + nr + L);
            c2_0.intoArray(scratch, s + 2 * nr);
            c2_1.intoArray(scratch, s + 2 * nr + L);
            c3_0.intoArray(scratch, s + 3 * nr);
            c3_1.intoArray(scratch, s + 3 * nr + L);
            c4_0.intoArray(scratch, s + 4 * nr);
            c4_1.intoArray(scratch, s + 4 * nr + L);
            c5_0.intoArray(scratch, s + 5 * nr);
            c5_1.intoArray(scratch, s + 5 * nr + L);
            c6_0.intoArray(scratch, s + 6 * nr);
            c6_1.intoArray(scratch, s + 6 * nr + L);
            c7_0.intoArray(scratch, s + 7 * nr);
            c7_1.intoArray(scratch, s + 7 * nr + L);
            c8_0.intoArray(scratch, s + 8 * nr);
            c8_1.intoArray(scratch, s + 8 * nr + L);
            c9_0.intoArray(scratch, s + 9 * nr);
            c9_1.intoArray(scratch, s + 9 * nr + L);
            c10_0.intoArray(scratch, s + 10 * nr);
            c10_1.intoArray(scratch, s + 10 * nr + L);
            c11_0.intoArray(scratch, s + 11 * nr);
            c11_1.intoArray(scratch, s + 11 * nr + L);
        }
    }

    /** 6 rows x 4 vectors of packed A and B. */
    private static void packed6x4(int k, double[] a, int ai, int tiles, double[] b, int bi, double[] scratch, boolean first) {
        final int mr = 6, nr = 4 * L;
        for (int t = 0; t < tiles; t++) {
            int s = t * mr * nr;
            int at = ai + t * mr * k;
            DoubleVector c0_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c0_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c0_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * L);
            DoubleVector c0_3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * L);
            DoubleVector c1_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr);
            DoubleVector c1_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + L);
            DoubleVector c1_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + 2 * L);
            DoubleVector c1_3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + 3 * L);
            DoubleVector c2_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr);
            DoubleVector c2_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr + L);
            DoubleVector c2_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr + 2 * L);
            DoubleVector c2_3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr + 3 * L);
            DoubleVector c3_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr);
            DoubleVector c3_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr + L);
            DoubleVector c3_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr + 2 * L);
            DoubleVector c3_3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr + 3 * L);
            DoubleVector c4_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr);
            DoubleVector c4_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr + L);
            DoubleVector c4_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr + 2 * L);
            DoubleVector c4_3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr + 3 * L);
            DoubleVector c5_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr);
            DoubleVector c5_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr + L);
            DoubleVector c5_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr + 2 * L);
            DoubleVector c5_3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr + 3 * L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * nr;
                int ap = at + p * mr;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
                DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
                DoubleVector x = DoubleVector.broadcast(S, a[ap]);
                c0_0 = x.fma(b0, c0_0);
                c0_1 = x.fma(b1, c0_1);
                c0_2 = x.fma(b2, c0_2);
                c0_3 = x.fma(b3, c0_3);
                x = DoubleVector.broadcast(S, a[ap + 1]);
                c1_0 = x.fma(b0, c1_0);
                c1_1 = x.fma(b1, c1_1);
                c1_2 = x.fma(b2, c1_2);
                c1_3 = x.fma(b3, c1_3);
                x = DoubleVector.broadcast(S, a[ap + 2]);
                c2_0 = x.fma(b0, c2_0);
                c2_1 = x.fma(b1, c2_1);
                c2_2 = x.fma(b2, c2_2);
                c2_3 = x.fma(b3, c2_3);
                x = DoubleVector.broadcast(S, a[ap + 3]);
                c3_0 = x.fma(b0, c3_0);
                c3_1 = x.fma(b1, c3_1);
                c3_2 = x.fma(b2, c3_2);
                c3_3 = x.fma(b3, c3_3);
                x = DoubleVector.broadcast(S, a[ap + 4]);
                c4_0 = x.fma(b0, c4_0);
                c4_1 = x.fma(b1, c4_1);
                c4_2 = x.fma(b2, c4_2);
                c4_3 = x.fma(b3, c4_3);
                x = DoubleVector.broadcast(S, a[ap + 5]);
                c5_0 = x.fma(b0, c5_0);
                c5_1 = x.fma(b1, c5_1);
                c5_2 = x.fma(b2, c5_2);
                c5_3 = x.fma(b3, c5_3);
            }
            c0_0.intoArray(scratch, s);
            c0_1.intoArray(scratch, s + L);
            c0_2.intoArray(scratch, s + 2 * L);
            c0_3.intoArray(scratch, s + 3 * L);
            c1_0.intoArray(scratch, s + nr);
            c1_1.intoArray(scratch, s + nr + L);
            c1_2.intoArray(scratch, s + nr + 2 * L);
            c1_3.intoArray(scratch, s + nr + 3 * L);
            c2_0.intoArray(scratch, s + 2 * nr);
            c2_1.intoArray(scratch, s + 2 * nr + L);
            c2_2.intoArray(scratch, s + 2 * nr + 2 * L);
            c2_3.intoArray(scratch, s + 2 * nr + 3 * L);
            c3_0.intoArray(scratch, s + 3 * nr);
            c3_1.intoArray(scratch, s + 3 * nr + L);
            c3_2.intoArray(scratch, s + 3 * nr + 2 * L);
            c3_3.intoArray(scratch, s + 3 * nr + 3 * L);
            c4_0.intoArray(scratch, s + 4 * nr);
            c4_1.intoArray(scratch, s + 4 * nr + L);
            c4_2.intoArray(scratch, s + 4 * nr + 2 * L);
            c4_3.intoArray(scratch, s + 4 * nr + 3 * L);
            c5_0.intoArray(scratch, s + 5 * nr);
            c5_1.intoArray(scratch, s + 5 * nr + L);
            c5_2.intoArray(scratch, s + 5 * nr + 2 * L);
            c5_3.intoArray(scratch, s + 5 * nr + 3 * L);
        }
    }

    /** 2 rows x 4 vectors of packed A and B. */
    private static void packed2x4(int k, double[] a, int ai, int tiles, double[] b, int bi, double[] scratch, boolean first) {
        final int mr = 2, nr = 4 * L;
        for (int t = 0; t < tiles; t++) {
            int s = t * mr * nr;
            int at = ai + t * mr * k;
            DoubleVector c0_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c0_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c0_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * L);
            DoubleVector c0_3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * L);
            DoubleVector c1_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr);
            DoubleVector c1_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + L);
            DoubleVector c1_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + 2 * L);
            DoubleVector c1_3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + 3 * L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * nr;
                int ap = at + p * mr;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
                DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
                DoubleVector x = DoubleVector.broadcast(S, a[ap]);
                c0_0 = x.fma(b0, c0_0);
                c0_1 = x.fma(b1, c0_1);
                c0_2 = x.fma(b2, c0_2);
                c0_3 = x.fma(b3, c0_3);
                x = DoubleVector.broadcast(S, a[ap + 1]);
                c1_0 = x.fma(b0, c1_0);
                c1_1 = x.fma(b1, c1_1);
                c1_2 = x.fma(b2, c1_2);
                c1_3 = x.fma(b3, c1_3);
            }
            c0_0.intoArray(scratch, s);
            c0_1.intoArray(scratch, s + L);
            c0_2.intoArray(scratch, s + 2 * L);
            c0_3.intoArray(scratch, s + 3 * L);
            c1_0.intoArray(scratch, s + nr);
            c1_1.intoArray(scratch, s + nr + L);
            c1_2.intoArray(scratch, s + nr + 2 * L);
            c1_3.intoArray(scratch, s + nr + 3 * L);
        }
    }

    /** 6 rows x 2 vectors of packed A and B. */
    private static void packed6x2(int k, double[] a, int ai, int tiles, double[] b, int bi, double[] scratch, boolean first) {
        final int mr = 6, nr = 2 * L;
        for (int t = 0; t < tiles; t++) {
            int s = t * mr * nr;
            int at = ai + t * mr * k;
            DoubleVector c0_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c0_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c1_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr);
            DoubleVector c1_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + L);
            DoubleVector c2_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr);
            DoubleVector c2_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr + L);
            DoubleVector c3_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr);
            DoubleVector c3_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr + L);
            DoubleVector c4_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr);
            DoubleVector c4_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * nr + L);
            DoubleVector c5_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr);
            DoubleVector c5_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * nr + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * nr;
                int ap = at + p * mr;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector x = DoubleVector.broadcast(S, a[ap]);
                c0_0 = x.fma(b0, c0_0);
                c0_1 = x.fma(b1, c0_1);
                x = DoubleVector.broadcast(S, a[ap + 1]);
                c1_0 = x.fma(b0, c1_0);
                c1_1 = x.fma(b1, c1_1);
                x = DoubleVector.broadcast(S, a[ap + 2]);
                c2_0 = x.fma(b0, c2_0);
                c2_1 = x.fma(b1, c2_1);
                x = DoubleVector.broadcast(S, a[ap + 3]);
                c3_0 = x.fma(b0, c3_0);
                c3_1 = x.fma(b1, c3_1);
                x = DoubleVector.broadcast(S, a[ap + 4]);
                c4_0 = x.fma(b0, c4_0);
                c4_1 = x.fma(b1, c4_1);
                x = DoubleVector.broadcast(S, a[ap + 5]);
                c5_0 = x.fma(b0, c5_0);
                c5_1 = x.fma(b1, c5_1);
            }
            c0_0.intoArray(scratch, s);
            c0_1.intoArray(scratch, s + L);
            c1_0.intoArray(scratch, s + nr);
            c1_1.intoArray(scratch, s + nr + L);
            c2_0.intoArray(scratch, s + 2 * nr);
            c2_1.intoArray(scratch, s + 2 * nr + L);
            c3_0.intoArray(scratch, s + 3 * nr);
            c3_1.intoArray(scratch, s + 3 * nr + L);
            c4_0.intoArray(scratch, s + 4 * nr);
            c4_1.intoArray(scratch, s + 4 * nr + L);
            c5_0.intoArray(scratch, s + 5 * nr);
            c5_1.intoArray(scratch, s + 5 * nr + L);
        }
    }

    /** 4 rows x 3 vectors of packed A and B. */
    private static void packed4x3(int k, double[] a, int ai, int tiles, double[] b, int bi, double[] scratch, boolean first) {
        final int mr = 4, nr = 3 * L;
        for (int t = 0; t < tiles; t++) {
            int s = t * mr * nr;
            int at = ai + t * mr * k;
            DoubleVector c0_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c0_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c0_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * L);
            DoubleVector c1_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr);
            DoubleVector c1_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + L);
            DoubleVector c1_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + nr + 2 * L);
            DoubleVector c2_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr);
            DoubleVector c2_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr + L);
            DoubleVector c2_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * nr + 2 * L);
            DoubleVector c3_0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr);
            DoubleVector c3_1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr + L);
            DoubleVector c3_2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * nr + 2 * L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * nr;
                int ap = at + p * mr;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
                DoubleVector x = DoubleVector.broadcast(S, a[ap]);
                c0_0 = x.fma(b0, c0_0);
                c0_1 = x.fma(b1, c0_1);
                c0_2 = x.fma(b2, c0_2);
                x = DoubleVector.broadcast(S, a[ap + 1]);
                c1_0 = x.fma(b0, c1_0);
                c1_1 = x.fma(b1, c1_1);
                c1_2 = x.fma(b2, c1_2);
                x = DoubleVector.broadcast(S, a[ap + 2]);
                c2_0 = x.fma(b0, c2_0);
                c2_1 = x.fma(b1, c2_1);
                c2_2 = x.fma(b2, c2_2);
                x = DoubleVector.broadcast(S, a[ap + 3]);
                c3_0 = x.fma(b0, c3_0);
                c3_1 = x.fma(b1, c3_1);
                c3_2 = x.fma(b2, c3_2);
            }
            c0_0.intoArray(scratch, s);
            c0_1.intoArray(scratch, s + L);
            c0_2.intoArray(scratch, s + 2 * L);
            c1_0.intoArray(scratch, s + nr);
            c1_1.intoArray(scratch, s + nr + L);
            c1_2.intoArray(scratch, s + nr + 2 * L);
            c2_0.intoArray(scratch, s + 2 * nr);
            c2_1.intoArray(scratch, s + 2 * nr + L);
            c2_2.intoArray(scratch, s + 2 * nr + 2 * L);
            c3_0.intoArray(scratch, s + 3 * nr);
            c3_1.intoArray(scratch, s + 3 * nr + L);
            c3_2.intoArray(scratch, s + 3 * nr + 2 * L);
        }
    }

    /** AVX2 tiles on A read in place; rows past the last repeat it (computed, never stored). */
    private static void rows2x4(int k, double[] a, int row0, int lda, int rows, double[] b, int bi, double[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + MR - 1) / MR; t < tiles; t++) {
            int s = t * MR * NR;
            int a0 = row0 + Math.min(t * MR + 0, rows - 1) * lda;
            int a1 = row0 + Math.min(t * MR + 1, rows - 1) * lda;
            DoubleVector c00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c01 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c02 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * L);
            DoubleVector c03 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * L);
            DoubleVector c10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR);
            DoubleVector c11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + L);
            DoubleVector c12 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + 2 * L);
            DoubleVector c13 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + 3 * L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
                DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
                DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                c03 = x.fma(b3, c03);
                x = DoubleVector.broadcast(S, a[a1 + p]);
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
    private static void rows4x2(int k, double[] a, int row0, int lda, int rows, double[] b, int bi, double[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + NARROW_MR - 1) / NARROW_MR; t < tiles; t++) {
            int s = t * NARROW_MR * NR;
            int a0 = row0 + Math.min(t * NARROW_MR + 0, rows - 1) * lda;
            int a1 = row0 + Math.min(t * NARROW_MR + 1, rows - 1) * lda;
            int a2 = row0 + Math.min(t * NARROW_MR + 2, rows - 1) * lda;
            int a3 = row0 + Math.min(t * NARROW_MR + 3, rows - 1) * lda;
            DoubleVector c00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c01 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR);
            DoubleVector c11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + L);
            DoubleVector c20 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR);
            DoubleVector c21 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR + L);
            DoubleVector c30 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR);
            DoubleVector c31 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, a[a3 + p]);
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
    private static void rows16x1(int k, double[] a, int row0, int lda, int rows, double[] b, int bi, double[] scratch, boolean first) {
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
            DoubleVector c0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 1 * NR);
            DoubleVector c2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR);
            DoubleVector c3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR);
            DoubleVector c4 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * NR);
            DoubleVector c5 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * NR);
            DoubleVector c6 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * NR);
            DoubleVector c7 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * NR);
            DoubleVector c8 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 8 * NR);
            DoubleVector c9 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 9 * NR);
            DoubleVector c10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 10 * NR);
            DoubleVector c11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 11 * NR);
            DoubleVector c12 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 12 * NR);
            DoubleVector c13 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 13 * NR);
            DoubleVector c14 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 14 * NR);
            DoubleVector c15 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 15 * NR);
            for (int p = 0; p < k; p++) {
                DoubleVector b0 = DoubleVector.fromArray(S, b, bi + p * NR);
                c0 = DoubleVector.broadcast(S, a[a0 + p]).fma(b0, c0);
                c1 = DoubleVector.broadcast(S, a[a1 + p]).fma(b0, c1);
                c2 = DoubleVector.broadcast(S, a[a2 + p]).fma(b0, c2);
                c3 = DoubleVector.broadcast(S, a[a3 + p]).fma(b0, c3);
                c4 = DoubleVector.broadcast(S, a[a4 + p]).fma(b0, c4);
                c5 = DoubleVector.broadcast(S, a[a5 + p]).fma(b0, c5);
                c6 = DoubleVector.broadcast(S, a[a6 + p]).fma(b0, c6);
                c7 = DoubleVector.broadcast(S, a[a7 + p]).fma(b0, c7);
                c8 = DoubleVector.broadcast(S, a[a8 + p]).fma(b0, c8);
                c9 = DoubleVector.broadcast(S, a[a9 + p]).fma(b0, c9);
                c10 = DoubleVector.broadcast(S, a[a10 + p]).fma(b0, c10);
                c11 = DoubleVector.broadcast(S, a[a11 + p]).fma(b0, c11);
                c12 = DoubleVector.broadcast(S, a[a12 + p]).fma(b0, c12);
                c13 = DoubleVector.broadcast(S, a[a13 + p]).fma(b0, c13);
                c14 = DoubleVector.broadcast(S, a[a14 + p]).fma(b0, c14);
                c15 = DoubleVector.broadcast(S, a[a15 + p]).fma(b0, c15);
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

    /**
     * The in-place 8 x 2 tile of a product whose k is one block and whose beta is 0, finished in
     * registers: alpha and the bias applied to the accumulators and stored straight into C, no scratch round trip (a
     * short k, as in the backward products, spends as long on that as on its FMAs). Whole tiles only;
     * the strip's second vector holds {@code cols - L} real columns, stored under a mask made here.
     */
    static void rows8x2Into(int k, double[] a, int row0, int lda, int tiles, double[] b, int bi, int cols,
                            double alpha, double[] c, int ci, int ldc,
                            double[] bias, int biasIdx) {
        VectorMask<Double> m1 = S.indexInRange(L, cols); // the second vector: all of it, or the ragged end of C
        DoubleVector bias0 = DoubleVector.fromArray(S, bias, biasIdx), bias1 = DoubleVector.fromArray(S, bias, biasIdx + L, m1);
        for (int t = 0; t < tiles; t++) {
            int a0 = row0 + (t * 8 + 0) * lda;
            int a1 = row0 + (t * 8 + 1) * lda;
            int a2 = row0 + (t * 8 + 2) * lda;
            int a3 = row0 + (t * 8 + 3) * lda;
            int a4 = row0 + (t * 8 + 4) * lda;
            int a5 = row0 + (t * 8 + 5) * lda;
            int a6 = row0 + (t * 8 + 6) * lda;
            int a7 = row0 + (t * 8 + 7) * lda;
            DoubleVector c00 = DoubleVector.zero(S), c01 = c00;
            DoubleVector c10 = DoubleVector.zero(S), c11 = c10;
            DoubleVector c20 = DoubleVector.zero(S), c21 = c20;
            DoubleVector c30 = DoubleVector.zero(S), c31 = c30;
            DoubleVector c40 = DoubleVector.zero(S), c41 = c40;
            DoubleVector c50 = DoubleVector.zero(S), c51 = c50;
            DoubleVector c60 = DoubleVector.zero(S), c61 = c60;
            DoubleVector c70 = DoubleVector.zero(S), c71 = c70;
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, a[a3 + p]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(S, a[a4 + p]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(S, a[a5 + p]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = DoubleVector.broadcast(S, a[a6 + p]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = DoubleVector.broadcast(S, a[a7 + p]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            int row = ci + t * 8 * ldc;
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
            c60 = c60.mul(alpha);
            c61 = c61.mul(alpha);
            c70 = c70.mul(alpha);
            c71 = c71.mul(alpha);
            c00.add(bias0).intoArray(c, row);
            c01.add(bias1).intoArray(c, row + L, m1);
            c10.add(bias0).intoArray(c, row + ldc);
            c11.add(bias1).intoArray(c, row + ldc + L, m1);
            c20.add(bias0).intoArray(c, row + 2 * ldc);
            c21.add(bias1).intoArray(c, row + 2 * ldc + L, m1);
            c30.add(bias0).intoArray(c, row + 3 * ldc);
            c31.add(bias1).intoArray(c, row + 3 * ldc + L, m1);
            c40.add(bias0).intoArray(c, row + 4 * ldc);
            c41.add(bias1).intoArray(c, row + 4 * ldc + L, m1);
            c50.add(bias0).intoArray(c, row + 5 * ldc);
            c51.add(bias1).intoArray(c, row + 5 * ldc + L, m1);
            c60.add(bias0).intoArray(c, row + 6 * ldc);
            c61.add(bias1).intoArray(c, row + 6 * ldc + L, m1);
            c70.add(bias0).intoArray(c, row + 7 * ldc);
            c71.add(bias1).intoArray(c, row + 7 * ldc + L, m1);
        }
    }


    /**
     * {@link #rows8x2Into} on Aᵀ read in place (columns).
     */
    static void cols8x2Into(int k, double[] a, int col0, int lda, int tiles, double[] b, int bi, int cols,
                            double alpha, double[] c, int ci, int ldc,
                            double[] bias, int biasIdx) {
        VectorMask<Double> m1 = S.indexInRange(L, cols); // the second vector: all of it, or the ragged end of C
        DoubleVector bias0 = DoubleVector.fromArray(S, bias, biasIdx), bias1 = DoubleVector.fromArray(S, bias, biasIdx + L, m1);
        for (int t = 0; t < tiles; t++) {
            int a0 = col0 + t * 8 + 0;
            int a1 = col0 + t * 8 + 1;
            int a2 = col0 + t * 8 + 2;
            int a3 = col0 + t * 8 + 3;
            int a4 = col0 + t * 8 + 4;
            int a5 = col0 + t * 8 + 5;
            int a6 = col0 + t * 8 + 6;
            int a7 = col0 + t * 8 + 7;
            DoubleVector c00 = DoubleVector.zero(S), c01 = c00;
            DoubleVector c10 = DoubleVector.zero(S), c11 = c10;
            DoubleVector c20 = DoubleVector.zero(S), c21 = c20;
            DoubleVector c30 = DoubleVector.zero(S), c31 = c30;
            DoubleVector c40 = DoubleVector.zero(S), c41 = c40;
            DoubleVector c50 = DoubleVector.zero(S), c51 = c50;
            DoubleVector c60 = DoubleVector.zero(S), c61 = c60;
            DoubleVector c70 = DoubleVector.zero(S), c71 = c70;
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR, ap = p * lda;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
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
                x = DoubleVector.broadcast(S, a[a4 + ap]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(S, a[a5 + ap]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = DoubleVector.broadcast(S, a[a6 + ap]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = DoubleVector.broadcast(S, a[a7 + ap]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            int row = ci + t * 8 * ldc;
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
            c60 = c60.mul(alpha);
            c61 = c61.mul(alpha);
            c70 = c70.mul(alpha);
            c71 = c71.mul(alpha);
            c00.add(bias0).intoArray(c, row);
            c01.add(bias1).intoArray(c, row + L, m1);
            c10.add(bias0).intoArray(c, row + ldc);
            c11.add(bias1).intoArray(c, row + ldc + L, m1);
            c20.add(bias0).intoArray(c, row + 2 * ldc);
            c21.add(bias1).intoArray(c, row + 2 * ldc + L, m1);
            c30.add(bias0).intoArray(c, row + 3 * ldc);
            c31.add(bias1).intoArray(c, row + 3 * ldc + L, m1);
            c40.add(bias0).intoArray(c, row + 4 * ldc);
            c41.add(bias1).intoArray(c, row + 4 * ldc + L, m1);
            c50.add(bias0).intoArray(c, row + 5 * ldc);
            c51.add(bias1).intoArray(c, row + 5 * ldc + L, m1);
            c60.add(bias0).intoArray(c, row + 6 * ldc);
            c61.add(bias1).intoArray(c, row + 6 * ldc + L, m1);
            c70.add(bias0).intoArray(c, row + 7 * ldc);
            c71.add(bias1).intoArray(c, row + 7 * ldc + L, m1);
        }
    }


    /**
     * The narrow 16 x 1 tile (a strip of at most one vector of real columns, {@code cols}) of a product
     * whose k is one block and whose beta is 0, finished in registers and stored into C under a mask made here from the
     * column count (a mask passed in has no type C2 can see). Whole tiles only.
     */
    static void rows16x1Into(int k, double[] a, int row0, int lda, int tiles, double[] b, int bi, int cols,
                             double alpha, double[] c, int ci, int ldc,
                             double[] bias, int biasIdx) {
        VectorMask<Double> m = S.indexInRange(0, cols);
        DoubleVector bias0 = DoubleVector.fromArray(S, bias, biasIdx, m);
        for (int t = 0; t < tiles; t++) {
            int a0 = row0 + (t * 16 + 0) * lda;
            int a1 = row0 + (t * 16 + 1) * lda;
            int a2 = row0 + (t * 16 + 2) * lda;
            int a3 = row0 + (t * 16 + 3) * lda;
            int a4 = row0 + (t * 16 + 4) * lda;
            int a5 = row0 + (t * 16 + 5) * lda;
            int a6 = row0 + (t * 16 + 6) * lda;
            int a7 = row0 + (t * 16 + 7) * lda;
            int a8 = row0 + (t * 16 + 8) * lda;
            int a9 = row0 + (t * 16 + 9) * lda;
            int a10 = row0 + (t * 16 + 10) * lda;
            int a11 = row0 + (t * 16 + 11) * lda;
            int a12 = row0 + (t * 16 + 12) * lda;
            int a13 = row0 + (t * 16 + 13) * lda;
            int a14 = row0 + (t * 16 + 14) * lda;
            int a15 = row0 + (t * 16 + 15) * lda;
            DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
            for (int p = 0; p < k; p++) {
                DoubleVector b0 = DoubleVector.fromArray(S, b, bi + p * NR);
                c0 = DoubleVector.broadcast(S, a[a0 + p]).fma(b0, c0);
                c1 = DoubleVector.broadcast(S, a[a1 + p]).fma(b0, c1);
                c2 = DoubleVector.broadcast(S, a[a2 + p]).fma(b0, c2);
                c3 = DoubleVector.broadcast(S, a[a3 + p]).fma(b0, c3);
                c4 = DoubleVector.broadcast(S, a[a4 + p]).fma(b0, c4);
                c5 = DoubleVector.broadcast(S, a[a5 + p]).fma(b0, c5);
                c6 = DoubleVector.broadcast(S, a[a6 + p]).fma(b0, c6);
                c7 = DoubleVector.broadcast(S, a[a7 + p]).fma(b0, c7);
                c8 = DoubleVector.broadcast(S, a[a8 + p]).fma(b0, c8);
                c9 = DoubleVector.broadcast(S, a[a9 + p]).fma(b0, c9);
                c10 = DoubleVector.broadcast(S, a[a10 + p]).fma(b0, c10);
                c11 = DoubleVector.broadcast(S, a[a11 + p]).fma(b0, c11);
                c12 = DoubleVector.broadcast(S, a[a12 + p]).fma(b0, c12);
                c13 = DoubleVector.broadcast(S, a[a13 + p]).fma(b0, c13);
                c14 = DoubleVector.broadcast(S, a[a14 + p]).fma(b0, c14);
                c15 = DoubleVector.broadcast(S, a[a15 + p]).fma(b0, c15);
            }
            int row = ci + t * 16 * ldc;
            c0 = c0.mul(alpha);
            c1 = c1.mul(alpha);
            c2 = c2.mul(alpha);
            c3 = c3.mul(alpha);
            c4 = c4.mul(alpha);
            c5 = c5.mul(alpha);
            c6 = c6.mul(alpha);
            c7 = c7.mul(alpha);
            c8 = c8.mul(alpha);
            c9 = c9.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c12 = c12.mul(alpha);
            c13 = c13.mul(alpha);
            c14 = c14.mul(alpha);
            c15 = c15.mul(alpha);
            c0.add(bias0).intoArray(c, row, m);
            c1.add(bias0).intoArray(c, row + ldc, m);
            c2.add(bias0).intoArray(c, row + 2 * ldc, m);
            c3.add(bias0).intoArray(c, row + 3 * ldc, m);
            c4.add(bias0).intoArray(c, row + 4 * ldc, m);
            c5.add(bias0).intoArray(c, row + 5 * ldc, m);
            c6.add(bias0).intoArray(c, row + 6 * ldc, m);
            c7.add(bias0).intoArray(c, row + 7 * ldc, m);
            c8.add(bias0).intoArray(c, row + 8 * ldc, m);
            c9.add(bias0).intoArray(c, row + 9 * ldc, m);
            c10.add(bias0).intoArray(c, row + 10 * ldc, m);
            c11.add(bias0).intoArray(c, row + 11 * ldc, m);
            c12.add(bias0).intoArray(c, row + 12 * ldc, m);
            c13.add(bias0).intoArray(c, row + 13 * ldc, m);
            c14.add(bias0).intoArray(c, row + 14 * ldc, m);
            c15.add(bias0).intoArray(c, row + 15 * ldc, m);
        }
    }

    /** {@link #rows16x1Into} on Aᵀ read in place (columns). */
    static void cols16x1Into(int k, double[] a, int col0, int lda, int tiles, double[] b, int bi, int cols,
                             double alpha, double[] c, int ci, int ldc,
                             double[] bias, int biasIdx) {
        VectorMask<Double> m = S.indexInRange(0, cols);
        DoubleVector bias0 = DoubleVector.fromArray(S, bias, biasIdx, m);
        for (int t = 0; t < tiles; t++) {
            int a0 = col0 + t * 16 + 0;
            int a1 = col0 + t * 16 + 1;
            int a2 = col0 + t * 16 + 2;
            int a3 = col0 + t * 16 + 3;
            int a4 = col0 + t * 16 + 4;
            int a5 = col0 + t * 16 + 5;
            int a6 = col0 + t * 16 + 6;
            int a7 = col0 + t * 16 + 7;
            int a8 = col0 + t * 16 + 8;
            int a9 = col0 + t * 16 + 9;
            int a10 = col0 + t * 16 + 10;
            int a11 = col0 + t * 16 + 11;
            int a12 = col0 + t * 16 + 12;
            int a13 = col0 + t * 16 + 13;
            int a14 = col0 + t * 16 + 14;
            int a15 = col0 + t * 16 + 15;
            DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
            for (int p = 0; p < k; p++) {
                int ap = p * lda;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bi + p * NR);
                c0 = DoubleVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
                c1 = DoubleVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
                c2 = DoubleVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
                c3 = DoubleVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
                c4 = DoubleVector.broadcast(S, a[a4 + ap]).fma(b0, c4);
                c5 = DoubleVector.broadcast(S, a[a5 + ap]).fma(b0, c5);
                c6 = DoubleVector.broadcast(S, a[a6 + ap]).fma(b0, c6);
                c7 = DoubleVector.broadcast(S, a[a7 + ap]).fma(b0, c7);
                c8 = DoubleVector.broadcast(S, a[a8 + ap]).fma(b0, c8);
                c9 = DoubleVector.broadcast(S, a[a9 + ap]).fma(b0, c9);
                c10 = DoubleVector.broadcast(S, a[a10 + ap]).fma(b0, c10);
                c11 = DoubleVector.broadcast(S, a[a11 + ap]).fma(b0, c11);
                c12 = DoubleVector.broadcast(S, a[a12 + ap]).fma(b0, c12);
                c13 = DoubleVector.broadcast(S, a[a13 + ap]).fma(b0, c13);
                c14 = DoubleVector.broadcast(S, a[a14 + ap]).fma(b0, c14);
                c15 = DoubleVector.broadcast(S, a[a15 + ap]).fma(b0, c15);
            }
            int row = ci + t * 16 * ldc;
            c0 = c0.mul(alpha);
            c1 = c1.mul(alpha);
            c2 = c2.mul(alpha);
            c3 = c3.mul(alpha);
            c4 = c4.mul(alpha);
            c5 = c5.mul(alpha);
            c6 = c6.mul(alpha);
            c7 = c7.mul(alpha);
            c8 = c8.mul(alpha);
            c9 = c9.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c12 = c12.mul(alpha);
            c13 = c13.mul(alpha);
            c14 = c14.mul(alpha);
            c15 = c15.mul(alpha);
            c0.add(bias0).intoArray(c, row, m);
            c1.add(bias0).intoArray(c, row + ldc, m);
            c2.add(bias0).intoArray(c, row + 2 * ldc, m);
            c3.add(bias0).intoArray(c, row + 3 * ldc, m);
            c4.add(bias0).intoArray(c, row + 4 * ldc, m);
            c5.add(bias0).intoArray(c, row + 5 * ldc, m);
            c6.add(bias0).intoArray(c, row + 6 * ldc, m);
            c7.add(bias0).intoArray(c, row + 7 * ldc, m);
            c8.add(bias0).intoArray(c, row + 8 * ldc, m);
            c9.add(bias0).intoArray(c, row + 9 * ldc, m);
            c10.add(bias0).intoArray(c, row + 10 * ldc, m);
            c11.add(bias0).intoArray(c, row + 11 * ldc, m);
            c12.add(bias0).intoArray(c, row + 12 * ldc, m);
            c13.add(bias0).intoArray(c, row + 13 * ldc, m);
            c14.add(bias0).intoArray(c, row + 14 * ldc, m);
            c15.add(bias0).intoArray(c, row + 15 * ldc, m);
        }
    }


    /** AVX-512 tiles on A read in place; rows past the last repeat it (computed, never stored). */
    private static void rows8x2(int k, double[] a, int row0, int lda, int rows, double[] b, int bi, double[] scratch, boolean first) {
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
            DoubleVector c00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c01 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR);
            DoubleVector c11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + L);
            DoubleVector c20 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR);
            DoubleVector c21 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR + L);
            DoubleVector c30 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR);
            DoubleVector c31 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR + L);
            DoubleVector c40 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * NR);
            DoubleVector c41 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * NR + L);
            DoubleVector c50 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * NR);
            DoubleVector c51 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * NR + L);
            DoubleVector c60 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * NR);
            DoubleVector c61 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * NR + L);
            DoubleVector c70 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * NR);
            DoubleVector c71 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, a[a3 + p]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(S, a[a4 + p]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(S, a[a5 + p]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = DoubleVector.broadcast(S, a[a6 + p]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = DoubleVector.broadcast(S, a[a7 + p]);
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
    static void panelCols(boolean narrow, int k, double[] a, int col0, int lda, int rows, double[] b, int bi,
                                  double[] scratch, boolean first) {
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
    private static void cols2x4(int k, double[] a, int col0, int lda, int rows, double[] b, int bi, double[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + MR - 1) / MR; t < tiles; t++) {
            int s = t * MR * NR;
            int a0 = col0 + Math.min(t * MR + 0, rows - 1);
            int a1 = col0 + Math.min(t * MR + 1, rows - 1);
            DoubleVector c00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c01 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c02 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * L);
            DoubleVector c03 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * L);
            DoubleVector c10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR);
            DoubleVector c11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + L);
            DoubleVector c12 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + 2 * L);
            DoubleVector c13 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + 3 * L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR, ap = p * lda;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
                DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
                DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
                DoubleVector x = DoubleVector.broadcast(S, a[a0 + ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                c03 = x.fma(b3, c03);
                x = DoubleVector.broadcast(S, a[a1 + ap]);
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
    private static void cols4x2(int k, double[] a, int col0, int lda, int rows, double[] b, int bi, double[] scratch, boolean first) {
        for (int t = 0, tiles = (rows + NARROW_MR - 1) / NARROW_MR; t < tiles; t++) {
            int s = t * NARROW_MR * NR;
            int a0 = col0 + Math.min(t * NARROW_MR + 0, rows - 1);
            int a1 = col0 + Math.min(t * NARROW_MR + 1, rows - 1);
            int a2 = col0 + Math.min(t * NARROW_MR + 2, rows - 1);
            int a3 = col0 + Math.min(t * NARROW_MR + 3, rows - 1);
            DoubleVector c00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c01 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR);
            DoubleVector c11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + L);
            DoubleVector c20 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR);
            DoubleVector c21 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR + L);
            DoubleVector c30 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR);
            DoubleVector c31 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR, ap = p * lda;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
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

    /** AVX-512 narrow tiles, Aᵀ read in place (k-stride lda): 16 rows x 1 vector. */
    private static void cols16x1(int k, double[] a, int col0, int lda, int rows, double[] b, int bi, double[] scratch, boolean first) {
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
            DoubleVector c0 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c1 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 1 * NR);
            DoubleVector c2 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR);
            DoubleVector c3 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR);
            DoubleVector c4 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * NR);
            DoubleVector c5 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * NR);
            DoubleVector c6 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * NR);
            DoubleVector c7 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * NR);
            DoubleVector c8 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 8 * NR);
            DoubleVector c9 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 9 * NR);
            DoubleVector c10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 10 * NR);
            DoubleVector c11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 11 * NR);
            DoubleVector c12 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 12 * NR);
            DoubleVector c13 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 13 * NR);
            DoubleVector c14 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 14 * NR);
            DoubleVector c15 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 15 * NR);
            for (int p = 0; p < k; p++) {
                int ap = p * lda;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bi + p * NR);
                c0 = DoubleVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
                c1 = DoubleVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
                c2 = DoubleVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
                c3 = DoubleVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
                c4 = DoubleVector.broadcast(S, a[a4 + ap]).fma(b0, c4);
                c5 = DoubleVector.broadcast(S, a[a5 + ap]).fma(b0, c5);
                c6 = DoubleVector.broadcast(S, a[a6 + ap]).fma(b0, c6);
                c7 = DoubleVector.broadcast(S, a[a7 + ap]).fma(b0, c7);
                c8 = DoubleVector.broadcast(S, a[a8 + ap]).fma(b0, c8);
                c9 = DoubleVector.broadcast(S, a[a9 + ap]).fma(b0, c9);
                c10 = DoubleVector.broadcast(S, a[a10 + ap]).fma(b0, c10);
                c11 = DoubleVector.broadcast(S, a[a11 + ap]).fma(b0, c11);
                c12 = DoubleVector.broadcast(S, a[a12 + ap]).fma(b0, c12);
                c13 = DoubleVector.broadcast(S, a[a13 + ap]).fma(b0, c13);
                c14 = DoubleVector.broadcast(S, a[a14 + ap]).fma(b0, c14);
                c15 = DoubleVector.broadcast(S, a[a15 + ap]).fma(b0, c15);
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

    /** AVX-512 tiles on Aᵀ read in place; rows past the last repeat it (computed, never stored). */
    private static void cols8x2(int k, double[] a, int col0, int lda, int rows, double[] b, int bi, double[] scratch, boolean first) {
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
            DoubleVector c00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s);
            DoubleVector c01 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + L);
            DoubleVector c10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR);
            DoubleVector c11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + NR + L);
            DoubleVector c20 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR);
            DoubleVector c21 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 2 * NR + L);
            DoubleVector c30 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR);
            DoubleVector c31 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 3 * NR + L);
            DoubleVector c40 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * NR);
            DoubleVector c41 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 4 * NR + L);
            DoubleVector c50 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * NR);
            DoubleVector c51 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 5 * NR + L);
            DoubleVector c60 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * NR);
            DoubleVector c61 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 6 * NR + L);
            DoubleVector c70 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * NR);
            DoubleVector c71 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, scratch, s + 7 * NR + L);
            for (int p = 0; p < k; p++) {
                int bp = bi + p * NR, ap = p * lda;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
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
                x = DoubleVector.broadcast(S, a[a4 + ap]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(S, a[a5 + ap]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = DoubleVector.broadcast(S, a[a6 + ap]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = DoubleVector.broadcast(S, a[a7 + ap]);
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
}
