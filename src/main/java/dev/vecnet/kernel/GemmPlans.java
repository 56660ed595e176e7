package dev.vecnet.kernel;

import dev.vecnet.io.AtomicFiles;
import dev.vecnet.io.CacheDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The GEMM plan in use, and where plans are kept. {@code -Dvecnet.plan} chooses: unset, the plan
 * {@code vecnet tune} stored for this machine (CPU model, vector width, JDK) if there is one, else the
 * defaults of the machine's register file; {@code default}, the defaults; {@code tune}, a plan measured
 * now (seconds) and stored; any other value, a plan file. The stored plan is one small file per machine
 * under the cache directory, written atomically. A plan changes speed only, never a result.
 */
public final class GemmPlans {
    public static final String PROPERTY = "vecnet.plan";

    private static volatile GemmPlan current;
    private static volatile String origin;

    private GemmPlans() {}

    /** The plan the GEMM follows (resolved on first use). */
    public static GemmPlan current() {
        GemmPlan p = current;
        return p != null ? p : resolve();
    }

    /** Where the plan in use came from: defaults, the stored file, a file named by -Dvecnet.plan, a tuning run. */
    public static String origin() {
        current();
        return origin;
    }

    /**
     * Measures a plan on this machine (tens of seconds), stores it (in {@code file}, or as this
     * machine's plan when null) and follows it from now on; {@code report} gets a line per measurement.
     */
    public static synchronized GemmPlan tune(Consumer<String> report, Path file) throws IOException {
        String why = Kernels.panamaUnavailableReason();
        if (why != null) {
            throw new IllegalStateException("the GEMM plan chooses between SIMD kernels, and SIMD is off: " + why);
        }
        GemmPlan plan = GemmTuner.tune(report);
        Path to = file != null ? file : storedFile();
        write(plan, to);
        use(plan, "measured now, stored in " + to);
        return plan;
    }

    /** Follows this plan from now on (the tuner between candidates; tests). */
    static synchronized void use(GemmPlan plan, String from) {
        current = plan;
        origin = from;
    }

    private static synchronized GemmPlan resolve() {
        if (current != null) {
            return current;
        }
        String choice = System.getProperty(PROPERTY, "").trim();
        GemmPlan defaults = GemmPlan.defaults(PanamaSpecies.REGISTERS);
        switch (choice.toLowerCase(Locale.ROOT)) {
            case "default" -> set(defaults, "defaults for " + PanamaSpecies.REGISTERS + " vector registers (-D" + PROPERTY + "=default)");
            case "tune" -> {
                set(defaults, "defaults, while tuning");
                GemmPlan tuned = GemmTuner.tune(null);
                String where;
                try {
                    write(tuned, storedFile());
                    where = ", stored in " + storedFile();
                } catch (IOException | RuntimeException e) { // a read-only home must not stop the product
                    Kernels.logger(GemmPlans.class).log(System.Logger.Level.WARNING, "vecnet: cannot store the GEMM plan: " + e.getMessage());
                    where = ", not stored (" + e.getMessage() + ")";
                }
                set(tuned, "measured now (-D" + PROPERTY + "=tune)" + where);
            }
            case "" -> {
                Path file = storedFile();
                GemmPlan stored = null;
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    if (GemmPlan.machineOf(text).equals(machine())) {
                        stored = GemmPlan.parse(text);
                    }
                } catch (NoSuchFileException e) {
                    // never tuned here: the defaults
                } catch (IOException | IllegalArgumentException e) {
                    Kernels.logger(GemmPlans.class).log(System.Logger.Level.WARNING, "vecnet: ignoring the GEMM plan " + file + ": " + e.getMessage()
                            + "; run `vecnet tune` to measure a new one");
                }
                if (stored != null) {
                    set(stored, "stored for this machine: " + file);
                } else {
                    set(defaults, "defaults for " + PanamaSpecies.REGISTERS + " vector registers (no stored plan; `vecnet tune` measures one)");
                }
            }
            default -> set(readFile(choice), "file " + choice + " (-D" + PROPERTY + ")");
        }
        return current;
    }

    /** The plan in the file -Dvecnet.plan names; an error naming the property, the file and what is wrong. */
    static GemmPlan readFile(String choice) {
        try {
            return GemmPlan.parse(Files.readString(Path.of(choice), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) { // InvalidPathException too
            String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + choice + ": cannot read a GEMM plan from it (" + why
                    + "); use default, tune, or a file `vecnet tune --out` wrote", e);
        }
    }

    private static void set(GemmPlan plan, String from) {
        current = plan;
        origin = from;
    }

    /** Writes a plan, naming this machine, to a file (atomically; its directory made if missing). */
    private static void write(GemmPlan plan, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(file, plan.format(machine()).getBytes(StandardCharsets.UTF_8));
    }

    /** This machine as plans name it: CPU model, SIMD in use, JDK. */
    public static String machine() {
        return cpuModel() + " | " + PanamaSpecies.SHAPE.vectorBitSize() + "-bit vectors, " + PanamaSpecies.REGISTERS
                + " registers | JDK " + Runtime.version();
    }

    /** The file holding this machine's plan. */
    public static Path storedFile() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(machine().getBytes(StandardCharsets.UTF_8));
            return CacheDirectory.path().resolve("plans").resolve("gemm-" + HexFormat.of().formatHex(h, 0, 8) + ".properties");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is what there is
        }
        return System.getProperty("os.arch") + " (" + Runtime.getRuntime().availableProcessors() + " cpus)";
    }
}
