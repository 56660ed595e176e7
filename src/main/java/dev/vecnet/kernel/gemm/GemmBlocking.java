package dev.vecnet.kernel.gemm;

/**
 * The GEMM's cache blocking for one precision (BLIS's loops): {@code kc} of k per block, {@code mc}
 * rows of packed A per block (rounded down to whole tiles), {@code nc} columns of packed B per block
 * (whole strips). Any blocking computes the same bits: each element's FMA chain runs on across the k
 * blocks in order; the blocking changes speed only.
 *
 * @param kc k per block: long, since every block costs a pass over C and a panel call per tile
 * @param mc rows of A per block: its packed block (mc x kc) meant to stay in L2
 * @param nc columns of B per block: its packed block (kc x nc) meant to stay in this core's share of L3
 */
public record GemmBlocking(int kc, int mc, int nc) {
    /** k per block: measured on AMD and Intel, shorter blocks lost more to the passes over C than they won in L1. */
    public static final int KC = 1024;
    /** The most of k, rows or columns a block may take. */
    public static final int MAX_BLOCK = 1 << 14;

    public GemmBlocking {
        if (kc < 16 || kc > MAX_BLOCK || mc < 1 || mc > MAX_BLOCK || nc < 1 || nc > MAX_BLOCK) {
            throw new IllegalArgumentException("a GEMM blocking of k " + kc + ", m " + mc + ", n " + nc
                    + " (k 16.." + MAX_BLOCK + ", m and n 1.." + MAX_BLOCK + ")");
        }
    }

    /**
     * From the caches: packed A's block half of L2, packed B's block half of one core's share of L3
     * (at most 1024 columns), k {@value #KC}. Caches the machine does not report count as a 1 MB L2 and
     * 4 MB of L3 a core, which gives the blocking measured best on both machines vecnet was tuned on.
     *
     * @param l2 bytes of L2 per core, 0 when unknown
     * @param l3PerCore bytes of L3 per core sharing it, 0 when unknown
     * @param valueBytes 4 (float32) or 8 (float64)
     */
    public static GemmBlocking forCaches(long l2, long l3PerCore, int valueBytes) {
        long l2Bytes = l2 > 0 ? l2 : 1L << 20, l3Bytes = l3PerCore > 0 ? l3PerCore : 4L << 20;
        long block = (long) KC * valueBytes;
        int mc = (int) Math.max(16, Math.min(4096, l2Bytes / 2 / block) / 16 * 16);
        int nc = (int) Math.max(128, Math.min(1024, l3Bytes / 2 / block) / 64 * 64);
        return new GemmBlocking(KC, mc, nc);
    }

    /** "k1024 m128 n512". */
    public String label() {
        return "k" + kc + " m" + mc + " n" + nc;
    }

    /** The inverse of {@link #label}. */
    public static GemmBlocking of(String label) {
        String[] parts = label.trim().split("\\s+");
        if (parts.length != 3 || !parts[0].startsWith("k") || !parts[1].startsWith("m") || !parts[2].startsWith("n")) {
            throw new IllegalArgumentException("a GEMM blocking is written k<kc> m<mc> n<nc>, got '" + label + "'");
        }
        return new GemmBlocking(Integer.parseInt(parts[0].substring(1)), Integer.parseInt(parts[1].substring(1)),
                Integer.parseInt(parts[2].substring(1)));
    }
}
