package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After {@link Model#warmup} returns true in a fresh JVM, four threads serving the model run compiled
 * code from their first call: each thread's first call makes its kernels' thread-local scratch (a few
 * KB, once), and its next 10 100 calls allocate nothing — at most a stray recompilation's few hundred
 * bytes, where uncompiled code allocates kilobytes per call.
 */
class ModelWarmupTest {
    @Test
    void afterWarmupEveryThreadsCallsAllocateNothing() throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "--add-modules",
                "jdk.incubator.vector", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                WarmupProbe.class.getName(), "90");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        if (dev.vecnet.kernel.Kernels.panamaUnavailableReason() != null) {
            return; // scalar kernels only: nothing to compile for SIMD; the warm-up is trivially true
        }
        assertTrue(out.contains("warm true"), out);
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("first calls \\[([0-9, ]+)]").matcher(out);
        java.util.regex.Matcher rest = java.util.regex.Pattern.compile("allocated \\[([0-9, ]+)]").matcher(out);
        assertTrue(first.find() && rest.find(), out);
        for (String bytes : first.group(1).split(", ")) {
            assertTrue(Long.parseLong(bytes) < 16 << 10, "a thread's first calls: " + out);
        }
        for (String bytes : rest.group(1).split(", ")) {
            assertTrue(Long.parseLong(bytes) < 4096, "10 100 calls after the first: " + out);
        }
        assertTrue(out.contains("every operation on these, compiled") || out.contains("the rest scalar"), out);
    }
}
