package dev.vecnet.jmh.harness;

import ai.onnxruntime.OrtEnvironment;
import dev.vecnet.jmh.peer.GemmEngine;
import dev.vecnet.jmh.peer.OpenBlasGemm;
import dev.vecnet.jmh.peer.VectorBlasGemm;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-JVM peers, loaded once in the harness before any benchmark: what each is (name, version, the
 * kernel OpenBLAS chose), and which could not be loaded and why. A peer that fails here is reported as
 * not measured and its cases are skipped, never replaced silently.
 */
final class Peers {
    final Map<String, String> versions = new LinkedHashMap<>();
    final List<NotMeasured> notMeasured = new ArrayList<>();
    final Set<String> unavailable = new TreeSet<>();
    String openBlasCore = "?";

    Peers() {
        probe(GemmEngine.OPENBLAS, () -> {
            openBlasCore = OpenBlasGemm.coreName();
            return "OpenBLAS through JavaCPP (org.bytedeco:openblas " + artifact("openblas") + "): "
                    + OpenBlasGemm.config() + "; core in use: " + openBlasCore;
        });
        probe(GemmEngine.VECTORBLAS, () -> "dev.ludovic.netlib:blas " + artifact("vectorblas") + " ("
                + VectorBlasGemm.implementation() + ")");
        probe(GemmEngine.EJML, () -> "EJML " + artifact("ejml") + " (CommonOps_FDRM / CommonOps_DDRM, 1 thread)");
        probe("onnxruntime", () -> "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + " (Java API, CPU)");
    }

    private void probe(String engine, java.util.concurrent.Callable<String> describe) {
        try {
            versions.put(engine, describe.call());
        } catch (Exception | LinkageError e) {
            unavailable.add(engine);
            notMeasured.add(new NotMeasured(engine, "cannot be loaded: " + e));
        }
    }

    /** A peer's version as the benchmark build pins it ("openblas", "ejml", ...). */
    static String artifact(String peer) throws IOException {
        try (InputStream in = Peers.class.getResourceAsStream("/dev/vecnet/jmh/peer-versions.properties")) {
            if (in == null) {
                return "?";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(peer, "?");
        }
    }
}
