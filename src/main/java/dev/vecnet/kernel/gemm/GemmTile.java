package dev.vecnet.kernel.gemm;

import java.util.List;
import java.util.Locale;

/**
 * A micro-kernel of the packed GEMM path: a tile of rows x vectors accumulators over packed strips of
 * A (rows wide) and B (vectors x lanes wide). Every tile computes each element of C as the same FMA
 * chain (docs/kernel-contract.md), so the choice changes speed only. Which tile is fastest depends on
 * the CPU (registers, FMA and load ports, how C2 allocates registers): the planner measures the
 * candidates of the machine's register file ({@link GemmPlan}).
 */
public enum GemmTile {
    /** 32 registers: 16 accumulators, 2 loads of B and 8 broadcasts per 16 FMAs. */
    T8x2(8, 2),
    /** 32 registers: 24 accumulators, 2 loads and 12 broadcasts per 24 FMAs. */
    T12x2(12, 2),
    /** 32 registers: 24 accumulators, 4 loads and 6 broadcasts per 24 FMAs (BLIS's zen4 shape). */
    T6x4(6, 4),
    /** 16 registers: 8 accumulators, one broadcast per four FMAs (a broadcast costs a shuffle on AVX2). */
    T2x4(2, 4),
    /** 16 registers: 12 accumulators, 2 loads and 6 broadcasts per 12 FMAs (BLIS's haswell shape). */
    T6x2(6, 2),
    /** 16 registers: 12 accumulators, 3 loads and 4 broadcasts per 12 FMAs. */
    T4x3(4, 3);

    /** Rows of A and vectors of B per tile. */
    public final int rows, vectors;

    GemmTile(int rows, int vectors) {
        this.rows = rows;
        this.vectors = vectors;
    }

    /** The tiles worth measuring on a register file of this size: those whose accumulators, B vectors and a broadcast fit. */
    public static List<GemmTile> candidates(int registers) {
        return registers >= 32 ? List.of(T8x2, T12x2, T6x4) : List.of(T2x4, T6x2, T4x3);
    }

    /** "8x2". */
    public String label() {
        return rows + "x" + vectors;
    }

    /** The tile of a label ("8x2"). */
    public static GemmTile of(String label) {
        for (GemmTile t : values()) {
            if (t.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("no GEMM tile " + label + "; tiles: " + List.of(values()).stream().map(GemmTile::label).toList());
    }
}
