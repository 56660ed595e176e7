package dev.vecnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.infer.ModelFormat;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of README.md compiles against the library as it is and runs: each block becomes
 * the body of a {@code main} (its imports above the class), is compiled, and runs in a JVM of its
 * own, in a directory holding the {@code seed.vnet} the serving snippet reads.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockCompilesAndRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = JAVA.matcher(readme);
        List<String> classes = new ArrayList<>();
        List<File> sources = new ArrayList<>();
        while (m.find()) {
            String name = "Snippet" + (classes.size() + 1);
            StringBuilder imports = new StringBuilder(), body = new StringBuilder();
            for (String line : m.group(1).split("\n", -1)) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
            Path source = dir.resolve(name + ".java");
            Files.writeString(source, imports + "public class " + name + " {\n"
                    + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n");
            classes.add(name);
            sources.add(source.toFile());
        }
        assertTrue(classes.size() >= 3, "the README's Java blocks: " + classes.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        var files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        boolean compiled = javac.getTask(errors, files, null, List.of("-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), "-Xlint:none"), null, files.getJavaFileObjectsFromFiles(sources)).call();
        assertTrue(compiled, "the README's snippets compile:\n" + errors);
        seedModel(dir.resolve("seed.vnet"));
        for (String name : classes) {
            List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "--add-modules",
                    "jdk.incubator.vector", "-cp", dir + File.pathSeparator + System.getProperty("java.class.path"), name);
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), name + " ended: " + out);
            assertEquals(0, p.exitValue(), name + " runs:\n" + Files.readString(dir.resolve(name + ".java")) + "\n" + out);
        }
    }

    /** A 784-50-10 sigmoid model: what the serving snippet reads. */
    private static void seedModel(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        double[] w1 = r.doubles(784 * 50, -0.05, 0.05).toArray(), w2 = r.doubles(50 * 10, -0.5, 0.5).toArray();
        Weights w = new Weights(List.of(new Weights.Dense(784, 50, w1, new double[50], Activation.SIGMOID, 0),
                new Weights.Dense(50, 10, w2, new double[10], Activation.NONE, 0)), Output.PROBABILITIES, false);
        ModelFormat.VNET.write(w, file);
    }
}
