package dev.vecnet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.DoubleKernelsImpl;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.FloatKernelsImpl;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.PackedFloatMatrix;
import dev.vecnet.kernel.Transpose;
import dev.vecnet.kernel.panama.PanamaFloatKernels;
import dev.vecnet.kernel.scalar.ScalarDoubleKernels;
import dev.vecnet.kernel.scalar.ScalarFloatKernels;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The kernels of a fresh JVM (scalar until the SIMD ones are compiled): a switch at any moment
 * changes no result, a matrix packed before the switch serves after it (and follows a repack), the
 * warm-up switches the groups the second provider runs faster and only those. Whether Panama beats
 * scalar once compiled is a speed question: the cold-start benchmark answers it, not a unit test.
 */
class SwitchingKernelsTest {
    private static float[] values(SplittableRandom r, int n, double zeros) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() < zeros ? 0f : (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToIntBits(x[i]);
        }
        return b;
    }

    /** A job's kernels by its size: scalar below the crossover, SIMD above it, where the JVM's default kernels switch. */
    @Test
    void aShortJobRunsScalarALongOneSimdFromItsFirstCall() {
        boolean switching = KernelRuntime.switching() && Kernels.provider() == Kernels.Provider.PANAMA;
        double shortJob = KernelRuntime.COLD_SCALAR_WORK / 2, longJob = KernelRuntime.COLD_SCALAR_WORK * 2;
        if (switching) {
            assertEquals("scalar", KernelRuntime.f32ForWork(shortJob).provider());
            assertEquals("scalar", KernelRuntime.f64ForWork(shortJob).provider());
            assertSame(Kernels.f32(Kernels.Provider.PANAMA), KernelRuntime.f32ForWork(longJob), "Panama from the first call");
            assertSame(Kernels.f64(Kernels.Provider.PANAMA), KernelRuntime.f64ForWork(longJob), "Panama from the first call");
        } else { // a forced provider, or no SIMD: the JVM's kernels whatever the size
            for (double work : new double[] {shortJob, longJob}) {
                assertEquals(KernelRuntime.f32().provider(), KernelRuntime.f32ForWork(work).provider());
                assertEquals(KernelRuntime.f64().provider(), KernelRuntime.f64ForWork(work).provider());
            }
        }
    }

    @Test
    void aSwitchAtAnyMomentChangesNoBit() {
        SwitchingFloatKernels sw = new SwitchingFloatKernels(new ScalarFloatKernels(), PanamaFloatKernels::new);
        FloatKernels k = FloatKernels.of(sw), scalar = Kernels.f32(Kernels.Provider.SCALAR);
        SplittableRandom r = new SplittableRandom(11);
        int m = 37, in = 784, out = 50;
        float[] x = values(r, m * in, 0.8), w = values(r, in * out, 0), w2 = values(r, in * out, 0), bias = values(r, out, 0);
        PackedFloatMatrix packed = k.pack(in, out, w, 0, out);
        float[] before = new float[m * out], after = new float[m * out], expected = new float[m * out];
        k.vecMatRows(m, x, 0, in, packed, bias, 0, Activation.SIGMOID, before, 0, out, 1);
        float[] gBefore = new float[m * out], gAfter = new float[m * out];
        k.gemm(Transpose.NO, Transpose.NO, m, out, in, 1f, x, 0, in, w, 0, out, 0f, gBefore, 0, out, bias, 0,
                Activation.SIGMOID, 1);

        sw.switchNow(SwitchingFloatKernels.ALL);
        k.vecMatRows(m, x, 0, in, packed, bias, 0, Activation.SIGMOID, after, 0, out, 2);
        k.gemm(Transpose.NO, Transpose.NO, m, out, in, 1f, x, 0, in, w, 0, out, 0f, gAfter, 0, out, bias, 0,
                Activation.SIGMOID, 2);
        assertArrayEquals(bits(before), bits(after), "vecMatRows before and after the switch");
        assertArrayEquals(bits(gBefore), bits(gAfter), "gemm before and after the switch");
        assertArrayEquals(bits(before), bits(gAfter), "the zero-skipping rows and the GEMM");

        k.pack(w2, 0, out, packed); // new weights into the same storage: the SIMD panels follow
        k.vecMatRows(m, x, 0, in, packed, bias, 0, Activation.SIGMOID, after, 0, out, 1);
        scalar.vecMatRows(m, x, 0, in, scalar.pack(in, out, w2, 0, out), bias, 0, Activation.SIGMOID, expected, 0,
                out, 1);
        assertArrayEquals(bits(expected), bits(after), "after a repack");
        assertEquals(new PanamaFloatKernels().name(), k.provider());
    }

    /**
     * The interface's methods on target, each call taking {@code millis} on the clock: a provider slower by
     * construction, not by luck, and no test sleeps.
     */
    private static <T> T costing(Class<T> type, T target, ManualClock clock, long millis) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!method.getName().equals("name") && !method.getName().equals("panelWidth")
                    && !method.getName().equals("nativePanels") && !method.getName().equals("lanes")) {
                clock.advance(millis);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    private static boolean waitFor(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return done.getAsBoolean();
    }

    /** Where the second provider wins every round (the first takes 10 ms a call), the warm-up switches every group and ends. */
    @Test
    void theWarmupSwitchesEveryGroupThatRunsFaster() throws InterruptedException {
        ManualClock clock = new ManualClock();
        SwitchingFloatKernels f = new SwitchingFloatKernels(
                costing(FloatKernelsImpl.class, new ScalarFloatKernels(), clock, 10), ScalarFloatKernels::new, clock);
        SwitchingDoubleKernels d = new SwitchingDoubleKernels(
                costing(DoubleKernelsImpl.class, new ScalarDoubleKernels(), clock, 10), ScalarDoubleKernels::new, clock);
        assertEquals(0, f.ready(), "nothing switches before the first call");
        f.startWarmup();
        d.startWarmup();
        assertTrue(waitFor(() -> f.finished() && d.finished(), Duration.ofMinutes(2)), "the warm-up ends");
        assertEquals(SwitchingFloatKernels.ALL, f.ready(), "float32 groups switched");
        assertEquals(SwitchingDoubleKernels.ALL, d.ready(), "float64 groups switched");
    }

    /**
     * Where the second provider loses every round (it takes 100 ms a call), no group switches: results stay
     * on the first, each group given up once its time has settled, and the warm-up keeps trying later.
     */
    @Test
    void aGroupThatRunsSlowerStaysOnTheFirstProvider() throws InterruptedException {
        ManualClock clock = new ManualClock();
        SwitchingFloatKernels f = new SwitchingFloatKernels(new ScalarFloatKernels(),
                () -> costing(FloatKernelsImpl.class, new ScalarFloatKernels(), clock, 100), clock);
        f.startWarmup();
        assertTrue(waitFor(f::settled, Duration.ofMinutes(1)), "every group tried once");
        assertEquals(0, f.ready(), "groups switched to the slower provider");
        assertFalse(f.finished(), "the warm-up keeps trying while groups are left");
    }

    /** Where SIMD cannot be created, the warm-up ends at once and every group stays on the scalar kernels. */
    @Test
    void noSimdMeansScalarForGood() throws InterruptedException {
        SwitchingFloatKernels f = new SwitchingFloatKernels(new ScalarFloatKernels(), () -> {
            throw new UnsupportedOperationException("no SIMD on this test's machine");
        });
        FloatKernels k = FloatKernels.of(f);
        float[] y = new float[3];
        k.sigmoid(3, new float[] {0f, 1f, -1f}, 0, y, 0); // starts the warm-up; served by the scalar kernels
        assertEquals(0.5f, y[0]);
        assertTrue(waitFor(f::finished, Duration.ofMinutes(1)), "the warm-up ends");
        assertEquals(0, f.ready());
    }
}
