package dev.vecnet.jmh.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part of the plan, measured in one JVM of its own: a benchmark class of this module, the methods
 * that are its engines (e.g. batchVecnet and batchOnnxRuntime), explicit parameter values, and the
 * parameters whose values are engines too ({@code pairBy}, e.g. "engine" of GemmBench). Each assignment
 * of the other parameters is a case, whose engines are timed by turns ({@link PairedRuns}). Also: extra
 * JVM flags, the engine name vecnet's methods stand for ("scalar" in a JVM with
 * {@code -Dvecnet.kernels=scalar}), and whether it needs the longer warm-up of whole calls.
 */
public record Group(String name, String benchmark, List<String> methods, Map<String, List<String>> params,
                    List<String> pairBy, List<String> jvmArgs, String vecnetEngine, boolean heavy) {

    public Group {
        params = new LinkedHashMap<>(params);
    }

    /** The benchmark class's methods (simple class name: it is in dev.vecnet.jmh). */
    public static Group of(String name, String benchmark, String... methods) {
        return new Group(name, benchmark, List.of(methods), Map.of(), List.of(), List.of(), "vecnet", false);
    }

    public Group param(String key, String... values) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        p.put(key, List.of(values));
        return new Group(name, benchmark, methods, p, pairBy, jvmArgs, vecnetEngine, heavy);
    }

    /** These parameters' values are engines of one case, timed by turns, rather than cases of their own. */
    public Group pairBy(String... keys) {
        return new Group(name, benchmark, methods, params, List.of(keys), jvmArgs, vecnetEngine, heavy);
    }

    /** The vecnet methods of this group run on the scalar kernels, in a JVM that forces them. */
    public Group scalarKernels() {
        return new Group(name, benchmark, methods, params, pairBy, List.of("-Dvecnet.kernels=scalar"), "scalar", heavy);
    }

    /** Whole calls (inference, training): the longer warm-up. */
    public Group wholeCalls() {
        return new Group(name, benchmark, methods, params, pairBy, jvmArgs, vecnetEngine, true);
    }

    public String className() {
        return "dev.vecnet.jmh." + benchmark;
    }
}
