package dev.vecnet.kernel.gemm;

import dev.vecnet.io.Machine;
import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import java.util.Properties;

/**
 * The GEMM's choices that change its speed and never its results: the packed micro-kernel and the
 * cache blocking of each precision, how a product is split over threads, and up to how many
 * multiply-adds a product takes the unpacked small path. Every choice computes each element of C by the same FMA chain
 * (docs/kernel-contract.md), so results are the same bits under any plan. {@link GemmPlans} keeps the
 * plan in use: the ISA's defaults, one measured on this machine ({@code vecnet tune}), or a file.
 *
 * @param float32Tile the packed micro-kernel of float32 products
 * @param float64Tile the packed micro-kernel of float64 products
 * @param float32Blocking the cache blocking of float32 products
 * @param float64Blocking the cache blocking of float64 products
 * @param split how a packed product is divided between threads
 * @param smallWork products of at most this many multiply-adds (m·n·k) take the small path
 */
public record GemmPlan(GemmTile float32Tile, GemmTile float64Tile, GemmBlocking float32Blocking,
                       GemmBlocking float64Blocking, Split split, long smallWork) {
    /** How a product wide enough to pack A is divided between threads (narrower ones: always by rows). */
    public enum Split {
        /** Each thread takes a band of rows of C, and packs all of B for it. */
        ROWS,
        /** Each thread takes a band of columns of C, and packs all of A for it. */
        COLUMNS
    }

    public GemmPlan {
        if (float32Tile == null || float64Tile == null || float32Blocking == null || float64Blocking == null || split == null) {
            throw new IllegalArgumentException("a GEMM plan needs both tiles, both blockings and a split");
        }
        if (smallWork < 0) {
            throw new IllegalArgumentException("smallWork " + smallWork + " < 0");
        }
    }

    /**
     * The defaults for a register file of this size, chosen by measuring the whole GEMM (a large square
     * product and a wide layer's): on 32 registers 8 x 2 tiles in both precisions; on 16 registers
     * 6 x 2 for float32 and 2 x 4 for float64. {@code vecnet tune} decides on any other CPU
     * (docs/design-notes.md, "GEMM").
     *
     * <p>Products up to {@link #DEFAULT_SMALL_WORK} multiply-adds take the small path: warm, the tiles
     * are the faster on them, but C2 spends seconds compiling the large unrolled tiles while a fresh JVM
     * trains on two cores, which a short job never wins back. {@code vecnet tune} measures warm products
     * and may store 0; a JVM that keeps running moves these products to the tiles once they are compiled
     * and faster ({@link SmallProducts}; docs/design-notes.md, "The small path").
     */
    public static GemmPlan defaults(int registers) {
        return registers >= 32 ? new GemmPlan(GemmTile.T8x2, GemmTile.T8x2, Split.ROWS, DEFAULT_SMALL_WORK)
                : new GemmPlan(GemmTile.T6x2, GemmTile.T2x4, Split.ROWS, DEFAULT_SMALL_WORK);
    }

    /** A plan with this machine's default blockings ({@link #defaultBlocking}). */
    public GemmPlan(GemmTile float32Tile, GemmTile float64Tile, Split split, long smallWork) {
        this(float32Tile, float64Tile, defaultBlocking(Float.BYTES), defaultBlocking(Double.BYTES), split, smallWork);
    }

    /** This plan with other blockings. */
    public GemmPlan withBlocking(GemmBlocking f32, GemmBlocking f64) {
        return new GemmPlan(float32Tile, float64Tile, f32, f64, split, smallWork);
    }

    /** The blocking this machine's caches give a precision of {@code valueBytes} ({@link GemmBlocking#forCaches}). */
    public static GemmBlocking defaultBlocking(int valueBytes) {
        Machine.Caches c = Machine.caches();
        return GemmBlocking.forCaches(c.l2(), c.l3PerCore(), valueBytes);
    }

    /** The small path's default bound, in multiply-adds (m·n·k). */
    public static final long DEFAULT_SMALL_WORK = 500_000;

    /** The plan as properties text, under a comment line naming the machine it was measured on. */
    public String format(String machine) {
        return "# vecnet GEMM plan\n"
                + "machine=" + machine.replace("\n", " ") + "\n"
                + "float32.tile=" + float32Tile.label() + "\n"
                + "float64.tile=" + float64Tile.label() + "\n"
                + "float32.blocking=" + float32Blocking.label() + "\n"
                + "float64.blocking=" + float64Blocking.label() + "\n"
                + "threads.split=" + split.name().toLowerCase(Locale.ROOT) + "\n"
                + "small.work=" + smallWork + "\n";
    }

    /**
     * Reads {@link #format}'s text; the machine line is returned by {@link #machineOf}. A plan written
     * before plans held the blocking gets this machine's default blockings.
     */
    public static GemmPlan parse(String text) {
        Properties p = properties(text);
        try {
            String f32 = p.getProperty("float32.blocking"), f64 = p.getProperty("float64.blocking");
            return new GemmPlan(GemmTile.of(required(p, "float32.tile")), GemmTile.of(required(p, "float64.tile")),
                    f32 != null ? GemmBlocking.of(f32) : defaultBlocking(Float.BYTES),
                    f64 != null ? GemmBlocking.of(f64) : defaultBlocking(Double.BYTES),
                    Split.valueOf(required(p, "threads.split").trim().toUpperCase(Locale.ROOT)),
                    Long.parseLong(required(p, "small.work").trim()));
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalArgumentException("not a GEMM plan: " + e.getMessage(), e);
        }
    }

    /** The machine a plan's text says it was measured on, or "" if it names none. */
    public static String machineOf(String text) {
        return properties(text).getProperty("machine", "").trim();
    }

    private static Properties properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a GEMM plan: " + e.getMessage(), e);
        }
        return p;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v;
    }

    /** "float32 8x2, float64 8x2, threads by rows, small path up to 0 multiply-adds". */
    public String describe() {
        return "float32 tile " + float32Tile.label() + " blocks " + float32Blocking.label() + ", float64 tile "
                + float64Tile.label() + " blocks " + float64Blocking.label() + ", threads split by "
                + split.name().toLowerCase(Locale.ROOT) + ", small path up to " + smallWork + " multiply-adds";
    }
}
