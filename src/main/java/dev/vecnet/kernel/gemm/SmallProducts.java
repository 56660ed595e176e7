package dev.vecnet.kernel.gemm;

/**
 * Where one precision's small products go: the GEMM's compact small path, or its tiles. The plan sends
 * products of up to {@link GemmPlan#smallWork()} multiply-adds down the small path, whose short loops C2
 * compiles in a fraction of the time the unrolled tiles take; warm, the tiles are the faster. This
 * holds the switch and counts the products that took the small path while it was off; when to throw
 * it is the run-time's policy ({@code dev.vecnet.runtime}), which never lets a caller run tiles that
 * are not yet compiled. Both paths follow the reference order: the same bits either way.
 */
public final class SmallProducts {
    /** Products above this many multiply-adds stay where the plan puts them. */
    public static final long MOVABLE_WORK = GemmPlan.DEFAULT_SMALL_WORK;

    private volatile boolean onTiles, suspended;
    /** Small products so far; racy increments may lose a few, which only delays a move a little. */
    private int calls;

    public SmallProducts() {}

    /** Whether a product of this many multiply-adds, which the plan gives the small path, takes it (and counts it). */
    public boolean small(long work) {
        if (work > MOVABLE_WORK || suspended) {
            return true;
        }
        if (onTiles) {
            return false;
        }
        calls++;
        return true;
    }

    /** Small products that took the small path so far. */
    public int calls() {
        return calls;
    }

    /** Whether the small products run on the tiles. */
    public boolean onTiles() {
        return onTiles;
    }

    /** Puts the small products on the tiles or back on the small path, warm or not: the same bits either way. */
    public void moveToTiles(boolean tiles) {
        onTiles = tiles;
    }

    /** While suspended, every product follows the plan as it is (the tuner measures plans so). */
    public void suspend(boolean on) {
        suspended = on;
    }
}
