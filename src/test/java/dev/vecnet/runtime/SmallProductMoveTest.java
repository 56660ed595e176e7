package dev.vecnet.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.gemm.SmallProducts;
import org.junit.jupiter.api.Test;

/**
 * The move of the small products from the GEMM's small path to its tiles: the timing moves them where
 * the tiles win and only there, and is due after {@link SmallProductMove#WARM_AFTER} small products.
 * The decisions are tested on stand-ins whose "paths" take set times on a {@link ManualClock}, so no
 * test sleeps or depends on the machine's speed; whether the real tiles win once compiled is the GEMM benchmark's question. That
 * the move changes no bit is the GEMM's own test (SmallProductsTest).
 */
class SmallProductMoveTest {

    /** A stand-in whose tiles and small path take these many milliseconds a round on {@code clock}. */
    private static SmallProductMove timed(ManualClock clock, SmallProducts products, long tilesMillis, long smallMillis,
                                          long patienceMillis) {
        return new SmallProductMove("test", products, patienceMillis * 1_000_000L, clock) {
            @Override
            void products(boolean tiles) {
                clock.advance(tiles ? tilesMillis : smallMillis);
            }
        };
    }

    private static SmallProductMove timed(SmallProducts products, long tilesMillis, long smallMillis, long patienceMillis) {
        return timed(new ManualClock(), products, tilesMillis, smallMillis, patienceMillis);
    }

    private static void awaitFinished(SmallProductMove t) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!t.finished() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(t.finished(), "the timing ends");
    }

    @Test
    void theTimingMovesThemWhereTheTilesWin() throws InterruptedException {
        SmallProducts products = new SmallProducts();
        SmallProductMove faster = timed(products, 1, 6, 10_000);
        assertTrue(products.small(1000), "cold: the small path");
        faster.start();
        awaitFinished(faster);
        assertTrue(faster.onTiles());
        assertFalse(products.small(1000), "warm: the tiles");
        assertTrue(products.small(SmallProducts.MOVABLE_WORK + 1), "a larger product the plan gives the small path keeps it");
        products.suspend(true);
        try {
            assertTrue(products.small(1000), "while the tuner measures, the plan as it is");
        } finally {
            products.suspend(false);
        }
    }

    @Test
    void whereTheSmallPathWinsNothingMoves() throws InterruptedException {
        SmallProducts products = new SmallProducts();
        SmallProductMove slower = timed(products, 6, 1, 300);
        slower.start();
        awaitFinished(slower);
        assertFalse(slower.onTiles());
        assertTrue(products.small(1000));
    }

    @Test
    void onceTheTilesHaveSettledBehindTheSmallPathTheTimingEndsBeforeItsPatience() throws InterruptedException {
        SmallProducts products = new SmallProducts();
        long patienceMillis = 120_000;
        ManualClock clock = new ManualClock();
        SmallProductMove slower = timed(clock, products, 6, 1, patienceMillis);
        long t0 = clock.nanoTime();
        slower.start();
        awaitFinished(slower);
        long tookMillis = (clock.nanoTime() - t0) / 1_000_000;
        assertFalse(slower.onTiles());
        assertTrue(products.small(1000));
        assertTrue(tookMillis >= SmallProductMove.SETTLED_NANOS / 1_000_000, "not before the tiles' time has settled: "
                + tookMillis + " ms");
        assertTrue(tookMillis < patienceMillis / 4, "long before the patience runs out: " + tookMillis + " ms");
    }

    @Test
    void theTimingIsDueAfterSoManySmallProducts() {
        SmallProducts products = new SmallProducts();
        SmallProductMove t = timed(products, 0, 2, 10_000);
        for (int i = 1; i < SmallProductMove.WARM_AFTER; i++) {
            products.small(1000);
            products.small(SmallProducts.MOVABLE_WORK + 1); // not a small product: not counted
        }
        assertFalse(t.due(), "not due before " + SmallProductMove.WARM_AFTER);
        products.small(1000);
        assertTrue(t.due());
    }

    @Test
    void theExpectedNetworksSmallProductsAreTheMovableOnes() {
        ExpectedNetwork before = ExpectedNetwork.current();
        try {
            KernelRuntime.expect(java.util.List.of(784, 50, 10), java.util.List.of(dev.vecnet.kernel.Activation.SIGMOID),
                    java.util.List.of(100));
            SmallProductMove m = timed(new SmallProducts(), 0, 0, 1);
            java.util.List<String> shapes = m.shapes().stream().map(java.util.Arrays::toString).toList();
            // the 50-to-10 layer's forward, input gradient and weight gradient; the 784-wide ones are not small
            assertTrue(shapes.equals(java.util.List.of("[100, 10, 50, 0, 0]", "[100, 50, 10, 0, 1]", "[50, 10, 100, 1, 0]")),
                    shapes.toString());
        } finally {
            ExpectedNetwork.expect(before);
        }
    }
}
