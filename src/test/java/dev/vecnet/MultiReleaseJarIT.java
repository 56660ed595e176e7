package dev.vecnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on an older JDK and on JDK 25: the seed's network trained for a few hundred steps on
 * JDK 17 (the jar's base classes, scalar kernels) and on this JDK (its SIMD classes) saves the same
 * bytes, and both predict the same probabilities, bit for bit; ONNX and .npz export and import work
 * on the older JDK. Runs after {@code package} (failsafe), on the JDK 17 found under /usr/lib/jvm or
 * named by {@code VECNET_OLD_JDK}.
 */
class MultiReleaseJarIT {
    private static final Path TARGET = Path.of("target");
    private static String oldJava;

    @TempDir
    Path dir;

    @BeforeAll
    static void findOldJdk() {
        Optional<Path> jdk = Optional.ofNullable(System.getenv("VECNET_OLD_JDK")).map(Path::of);
        if (jdk.isEmpty()) {
            try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
                jdk = homes.filter(h -> h.getFileName().toString().matches(".*-(17|21)[.-].*|.*-(17|21)"))
                        .filter(h -> Files.isExecutable(h.resolve("bin/java")))
                        .min(Comparator.naturalOrder());
            } catch (IOException e) {
                jdk = Optional.empty();
            }
        }
        Assumptions.assumeTrue(jdk.isPresent(), "no JDK 17 or 21 under /usr/lib/jvm (or VECNET_OLD_JDK): nothing to run the base classes on");
        oldJava = jdk.get().resolve("bin/java").toString();
    }

    @Test
    void theJarIsMultiRelease() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("vecnet.jar").toFile())) {
            assertEquals("true", jar.getManifest().getMainAttributes().getValue("Multi-Release"));
            assertTrue(jar.getEntry("META-INF/versions/25/dev/vecnet/kernel/panama/PanamaFloatKernels.class") != null);
            assertTrue(jar.getEntry("dev/vecnet/kernel/panama/PanamaFloatKernels.class") == null,
                    "the SIMD kernels only in the JDK 25 section");
        }
    }

    @Test
    void theSameBitsOnTheOldJdkAndOnThisOne() throws Exception {
        String old = run(oldJava, "train", "--iters", "300", "--save", dir.resolve("old.vnet").toString());
        String now = run(thisJava(), "train", "--iters", "300", "--save", dir.resolve("new.vnet").toString());
        assertTrue(old.contains("on scalar"), old);
        assertTrue(now.contains("on panama"), now);
        assertArrayEquals(Files.readAllBytes(dir.resolve("new.vnet")), Files.readAllBytes(dir.resolve("old.vnet")),
                "the saved weights' bytes");
        String predictedOld = run(oldJava, "predict", "--model", dir.resolve("old.vnet").toString(), "--limit", "2000",
                "--probabilities", dir.resolve("old.csv").toString());
        run(thisJava(), "predict", "--model", dir.resolve("new.vnet").toString(), "--limit", "2000",
                "--probabilities", dir.resolve("new.csv").toString());
        assertTrue(predictedOld.contains("accuracy="), predictedOld);
        assertEquals(Files.readString(dir.resolve("new.csv")), Files.readString(dir.resolve("old.csv")),
                "the probabilities' bits");
    }

    @Test
    void modelFormatsOnTheOldJdk() throws Exception {
        Path model = dir.resolve("m.vnet"), onnx = dir.resolve("m.onnx"), npz = dir.resolve("m.npz");
        run(oldJava, "train", "--iters", "100", "--save", model.toString());
        run(oldJava, "export", "--model", model.toString(), "--onnx", onnx.toString(), "--npz", npz.toString());
        for (Path m : List.of(onnx, npz)) {
            run(oldJava, "predict", "--model", m.toString(), "--limit", "500", "--probabilities",
                    dir.resolve(m.getFileName() + ".csv").toString());
        }
        run(oldJava, "predict", "--model", model.toString(), "--limit", "500", "--probabilities", dir.resolve("m.csv").toString());
        String direct = Files.readString(dir.resolve("m.csv"));
        assertEquals(direct, Files.readString(dir.resolve("m.onnx.csv")), "the ONNX round trip");
        assertEquals(direct, Files.readString(dir.resolve("m.npz.csv")), "the .npz round trip");
    }

    private static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command line of the packaged jar on {@code java}; its output, which must end with exit code 0. */
    private static String run(String java, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        boolean simd = java.equals(thisJava());
        if (simd) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Dvecnet.kernels=panama"));
        }
        String cp = String.join(File.pathSeparator, TARGET.resolve("vecnet.jar").toString(),
                TARGET.resolve("vecnet-mnist-10k.jar").toString(), TARGET.resolve("lib").resolve("*").toString());
        cmd.addAll(List.of("-cp", cp, "dev.vecnet.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " did not end");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + text);
        return text;
    }
}
