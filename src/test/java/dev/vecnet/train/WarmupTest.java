package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.Kernels;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Precision;
import org.junit.jupiter.api.Test;

/** The warm-up runs steps beside the caller's load and stops when the load returns or fails. */
class WarmupTest {
    @Test
    void trainsItsOwnCopyUntilClosedInBothPrecisions() throws Exception {
        NetworkConfig c = NetworkConfig.of(784, 12, 10).withMaxBatch(200);
        for (Precision<?> p : new Precision<?>[] {Precision.f32(Kernels.f32()), Precision.f64(Kernels.f64())}) {
            Warmup w = Warmup.start(p, c, 50, dev.vecnet.nn.Optimizer.Kind.ADAM);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (w.steps() < 70 && System.nanoTime() < deadline) { // many synthetic epochs, each with its evaluation
                Thread.sleep(5);
            }
            w.close();
            int stopped = w.steps();
            assertTrue(stopped >= 70, p.name() + ": " + stopped + " steps in 30 s");
            Thread.sleep(50);
            assertEquals(stopped, w.steps(), p.name() + ": steps after close");
        }
    }

    @Test
    void duringReturnsTheLoadOrItsFailure() throws Exception {
        NetworkConfig c = NetworkConfig.of(784, 12, 10).withMaxBatch(200);
        for (Precision<?> p : new Precision<?>[] {Precision.f32(Kernels.f32(Kernels.Provider.SCALAR)), Precision.f32(Kernels.f32())}) {
            assertEquals("data", Warmup.during(p, c, 50, dev.vecnet.nn.Optimizer.Kind.SGD, () -> "data"));
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> Warmup.during(p, c, 50, dev.vecnet.nn.Optimizer.Kind.SGD, () -> { throw new java.io.IOException("no such file"); }));
            assertEquals("no such file", e.getMessage());
        }
    }
}
