package dev.vecnet.jmh.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JMH run of the plan: the benchmark methods a regex selects, with explicit parameter values (so the
 * plan, not the annotations' cartesian product, decides which cases run), extra JVM flags for the forks,
 * the engine name its vecnet methods stand for ("scalar" in a fork with {@code -Dvecnet.kernels=scalar}),
 * whether JMH's allocation profiler runs, and whether it needs the longer warm-up of whole calls.
 */
public record Group(String name, String include, Map<String, List<String>> params, List<String> jvmArgs,
                    String vecnetEngine, boolean allocation, boolean heavy) {

    public Group {
        params = new LinkedHashMap<>(params);
    }

    public static Group of(String name, String include) {
        return new Group(name, include, Map.of(), List.of(), "vecnet", false, false);
    }

    public Group param(String key, String... values) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        p.put(key, List.of(values));
        return new Group(name, include, p, jvmArgs, vecnetEngine, allocation, heavy);
    }

    /** The vecnet methods of this group run on the scalar kernels, in forks that force them. */
    public Group scalarKernels() {
        return new Group(name, include, params, List.of("-Dvecnet.kernels=scalar"), "scalar", allocation, heavy);
    }

    /** Whole calls (inference, training): JMH's allocation profiler on, and the longer warm-up. */
    public Group wholeCalls() {
        return new Group(name, include, params, jvmArgs, vecnetEngine, true, true);
    }

}
