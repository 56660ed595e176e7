package dev.vecnet.cli;

import dev.vecnet.train.Trainer;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** {@code train --profile}: the loop's time by phase, and what the JVM spent beside it (JIT compilation, GC). */
final class Profile {
    private Profile() {}

    /** Time the JIT's compiler threads have spent compiling so far (ms), or -1 where the JVM does not say. */
    static long compileMillis() {
        CompilationMXBean c = ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : -1;
    }

    /** Time spent in garbage collections so far (ms). */
    static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    static String line(Trainer.Result r, long compileMillis, long gcMillis) {
        Trainer.Phases p = r.phases();
        double loop = r.seconds();
        return String.format(Locale.ROOT, "profile loop=%.3fs gather=%s forward=%s backward=%s update=%s evaluation=%s"
                        + " other=%s jit_compile=%.3fs gc=%.3fs",
                loop, part(p.gather(), loop), part(p.forward(), loop), part(p.backward(), loop), part(p.update(), loop),
                part(p.evaluation(), loop), part(loop - p.total(), loop), compileMillis / 1e3, gcMillis / 1e3);
    }

    private static String part(double seconds, double loop) {
        return String.format(Locale.ROOT, "%.3fs(%.0f%%)", seconds, 100 * seconds / loop);
    }
}
