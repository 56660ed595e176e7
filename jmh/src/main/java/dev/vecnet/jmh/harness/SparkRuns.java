package dev.vecnet.jmh.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vecnet on Apache Spark against MLlib's perceptron: the Spark module's comparison
 * ({@code spark/src/test/java/dev/vecnet/spark/bench/MllibComparison}) in a JVM of its own, local[2],
 * with the JVM options Spark's launcher gives on modern Java; its MEASURE lines become measurements:
 * spark/train/DATA (seconds to the test accuracy) and spark/score/DATA/f32|f64 (seconds per row).
 */
final class SparkRuns {
    final List<Measurement> measurements = new ArrayList<>();
    final List<NotMeasured> notMeasured = new ArrayList<>();
    private final Mode mode;
    private final Path dir, home;

    SparkRuns(Mode mode, Path dir, Path home) {
        this.mode = mode;
        this.dir = dir;
        this.home = home;
    }

    void run() throws IOException {
        Path spark = home.resolve("spark");
        Path classpath = spark.resolve("target/classpath.txt"), jar = spark.resolve("target/vecnet-spark.jar");
        Path tests = spark.resolve("target/test-classes");
        if (!Files.isRegularFile(classpath) || !Files.isRegularFile(jar) || !Files.isDirectory(tests)) {
            notMeasured.add(new NotMeasured("mllib", "the Spark module is not built (./mvnw verify, or ./vecnet bench, builds it)"));
            return;
        }
        Matcher options = Pattern.compile("<spark.jvm.options>([^<]*)</spark.jvm.options>").matcher(Files.readString(spark.resolve("pom.xml")));
        if (!options.find()) {
            notMeasured.add(new NotMeasured("mllib", "no <spark.jvm.options> in spark/pom.xml"));
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(options.group(1).trim().split("\\s+")));
        cmd.addAll(PairedRuns.extraFlags());
        cmd.add("-Xmx6g");
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, home.resolve("target/vecnet.jar").toString(),
                home.resolve("target/vecnet-mnist-10k.jar").toString(), jar.toString(), tests.toString(),
                Files.readString(classpath).trim()));
        cmd.add("dev.vecnet.spark.bench.MllibComparison");
        boolean fashion = Files.isDirectory(SeedRuns.FASHION) && mode != Mode.SMOKE;
        cmd.addAll(List.of("--mode", mode.name().toLowerCase(Locale.ROOT), "--dataset", fashion ? "fashion-mnist" : "mnist-10k",
                "--target", mode == Mode.SMOKE ? "0.5" : fashion ? "0.85" : "0.9"));
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve("spark.log")), true, "UTF-8")) {
            log.println("$ " + String.join(" ", cmd));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    log.println(line);
                    if (line.startsWith("MEASURE ")) {
                        measurements.add(parse(line));
                    } else if (line.startsWith("NOTMEASURED ")) {
                        String[] f = line.split(" ", 3);
                        notMeasured.add(new NotMeasured(f[1], f[2]));
                    }
                    if (line.startsWith("#") || line.startsWith("MEASURE ")) {
                        System.out.println("  " + line);
                    }
                }
            }
            int exit = p.waitFor();
            if (exit != 0) {
                notMeasured.add(new NotMeasured("spark", "the comparison exited with " + exit + " (see " + dir.resolve("spark.log") + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** {@code MEASURE case engine median r1,r2,... note}. */
    static Measurement parse(String line) {
        String[] f = line.split(" ", 6);
        double[] rounds = java.util.Arrays.stream(f[4].split(",")).mapToDouble(Double::parseDouble).toArray();
        return Measurement.seconds(f[1], f[2], Double.parseDouble(f[3])).withRounds(rounds).with("note", f.length > 5 ? f[5] : "");
    }
}
