package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link SelfTest}: it passes the kernels as they are, and catches and shrinks a kernel broken on purpose. */
class SelfTestTest {
    /** Lanes of the pretend vector whose tail the broken kernel mishandles. */
    private static final int LANES = 16;

    @Test
    void theKernelsOfThisJvmPassEveryCheck() {
        SelfTest.Report r = Kernels.selfTest(Duration.ofSeconds(2), 42);
        assertTrue(r.passed(), () -> "failures: " + r.failures());
        assertEquals(20, r.cases().size(), "ten checks in each precision: " + r.cases().keySet());
        assertTrue(r.cases().values().stream().allMatch(n -> n >= 1), r.cases().toString());
    }

    @Test
    void aDroppedLastLaneIsCaughtAndShrunkToTheTail() {
        FloatKernels scalar = Kernels.f32(Kernels.Provider.SCALAR);
        FloatKernels broken = FloatKernels.of(droppingTheTailsLastLane(scalar.implementation()));
        SelfTest.Report r = SelfTest.run(broken, Kernels.f64(Kernels.Provider.SCALAR), scalar, Kernels.f64(Kernels.Provider.SCALAR),
                Duration.ofSeconds(1), 7);
        assertFalse(r.passed());
        SelfTest.Failure f = r.failures().get(0);
        assertEquals("float32", f.precision());
        assertTrue(f.detail().startsWith("sigmoid"), f.toString());
        int len = Integer.parseInt(f.shape().replace("len=", ""));
        assertTrue(len % LANES != 0 && len <= LANES + 1, "shrunk to a length with a tail of at most one vector: " + f);
        // the same seed finds the same failure
        SelfTest.Report again = SelfTest.run(broken, Kernels.f64(Kernels.Provider.SCALAR), scalar,
                Kernels.f64(Kernels.Provider.SCALAR), Duration.ofSeconds(1), 7);
        assertEquals(f, again.failures().get(0));
    }

    /** The scalar kernels, but sigmoid leaves the last element of a length with a tail unwritten (as a bad vector tail would). */
    private static FloatKernelsImpl droppingTheTailsLastLane(FloatKernelsImpl delegate) {
        return (FloatKernelsImpl) Proxy.newProxyInstance(FloatKernelsImpl.class.getClassLoader(), new Class<?>[] {FloatKernelsImpl.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sigmoid")) {
                        int len = (int) args[0];
                        float[] y = (float[]) args[3];
                        int yOff = (int) args[4];
                        float kept = y[yOff + len - 1];
                        delegate.sigmoid(len, (float[]) args[1], (int) args[2], y, yOff);
                        if (len % LANES != 0 && args[1] != y) {
                            y[yOff + len - 1] = kept;
                        }
                        return null;
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
