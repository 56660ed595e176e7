package dev.vecnet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command line in a JVM of its own: for what a test's JVM cannot vary (heap, umask, environment). */
final class ChildJvm {
    record Result(int exit, String out, String err) {}

    private ChildJvm() {}

    /** {@code vecnet args} with these JVM options, run through {@code sh -c} after {@code shellPrefix} (e.g. "umask 077;"). */
    static Result run(String shellPrefix, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        java.add("--add-modules");
        java.add("jdk.incubator.vector");
        java.addAll(jvmOptions);
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(Main.class.getName());
        java.addAll(List.of(args));
        StringBuilder command = new StringBuilder(shellPrefix).append(" exec");
        for (String a : java) {
            command.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Process p = new ProcessBuilder("sh", "-c", command.toString()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(), err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("vecnet " + String.join(" ", args) + " did not end in 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("WARNING: Using incubator"))
                        .reduce((a, b) -> a + "\n" + b).orElse(""));
    }
}
