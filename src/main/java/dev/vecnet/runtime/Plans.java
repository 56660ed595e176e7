package dev.vecnet.runtime;

import dev.vecnet.io.AtomicFiles;
import dev.vecnet.io.CacheDirectory;
import dev.vecnet.io.InputFiles;
import dev.vecnet.io.Machine;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.VectorWidth;
import dev.vecnet.kernel.gemm.GemmPlan;
import dev.vecnet.kernel.gemm.GemmPlans;
import java.io.IOException;
import java.io.InputStream;
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
 * Which GEMM plan the Panama kernels follow, and where plans are kept. {@code -Dvecnet.plan} chooses:
 * unset, the plan {@code vecnet tune} stored for this machine (CPU model, vector width, JDK) if there is
 * one, else the defaults of the machine's register file; {@code default}, the defaults; {@code tune}, a
 * plan measured now (seconds) and stored; any other value, a plan file. The stored plan is one small
 * file per machine under the cache directory, written atomically. The choice is installed into the
 * GEMM ({@link GemmPlans}) once, before the run-time hands out SIMD kernels. A plan changes speed only.
 */
public final class Plans {
    public static final String PROPERTY = "vecnet.plan";

    private static volatile boolean installed;

    private Plans() {}

    /** The plan in use, this machine's choice installed first. */
    public static GemmPlan current() {
        ensureInstalled();
        return GemmPlans.current();
    }

    /** Where the plan in use came from. */
    public static String origin() {
        ensureInstalled();
        return GemmPlans.origin();
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
        Path to = file != null ? file : storedFile();
        // a place that cannot take the plan is refused before the half minute of measuring
        try {
            AtomicFiles.destination(to);
            if (to.toAbsolutePath().getParent() != null) {
                CacheDirectory.made(to.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new IOException("cannot store the GEMM plan: " + e.getMessage(), e);
        }
        ensureInstalled();
        GemmPlan plan = SimdHooks.get().tune(report);
        write(plan, to);
        GemmPlans.use(plan, "measured now, stored in " + to);
        return plan;
    }

    /** Installs this machine's plan into the GEMM, once. */
    static void ensureInstalled() {
        if (!installed) {
            install();
        }
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        String choice = System.getProperty(PROPERTY, "").trim();
        GemmPlan defaults = GemmPlan.defaults(VectorWidth.registers());
        String registers = "defaults for " + VectorWidth.registers() + " vector registers";
        switch (choice.toLowerCase(Locale.ROOT)) {
            case "default" -> GemmPlans.use(defaults, registers + " (-D" + PROPERTY + "=default)");
            case "tune" -> {
                GemmPlans.use(defaults, "defaults, while tuning");
                installed = true; // the tuner's products must not come back here
                GemmPlan tuned = SimdHooks.get().tune(null);
                String where;
                try {
                    write(tuned, storedFile());
                    where = ", stored in " + storedFile();
                } catch (IOException | RuntimeException e) { // a read-only home must not stop the product
                    Kernels.logger(Plans.class).log(System.Logger.Level.WARNING, "vecnet: " + e.getMessage());
                    where = ", not stored (" + e.getMessage() + ")";
                }
                GemmPlans.use(tuned, "measured now (-D" + PROPERTY + "=tune)" + where);
            }
            case "" -> {
                Path file = storedFile();
                GemmPlan stored = null;
                try {
                    String text = readText(file);
                    if (GemmPlan.machineOf(text).equals(machine())) {
                        stored = GemmPlan.parse(text);
                    }
                } catch (NoSuchFileException e) {
                    // never tuned here: the defaults
                } catch (IOException | IllegalArgumentException e) {
                    Kernels.logger(Plans.class).log(System.Logger.Level.WARNING, "vecnet: ignoring the GEMM plan " + file + ": "
                            + e.getMessage() + "; run `vecnet tune` to measure a new one");
                }
                if (stored != null) {
                    GemmPlans.use(stored, "stored for this machine: " + file);
                } else {
                    GemmPlans.use(defaults, registers + " (no stored plan; `vecnet tune` measures one)");
                }
            }
            default -> GemmPlans.use(readFile(choice), "file " + choice + " (-D" + PROPERTY + ")");
        }
        installed = true;
    }

    /** The plan in the file -Dvecnet.plan names; an error naming the property, the file and what is wrong. */
    static GemmPlan readFile(String choice) {
        try {
            return GemmPlan.parse(readText(Path.of(choice)));
        } catch (IOException | IllegalArgumentException e) { // InvalidPathException too
            String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + choice + ": cannot read a GEMM plan from it (" + why
                    + "); use default, tune, or a file `vecnet tune --out` wrote", e);
        }
    }

    /** The most a plan file holds: a few lines. */
    static final int MAX_PLAN_BYTES = 1 << 16;

    /**
     * A plan file's text: a regular file (a FIFO would block, /dev/zero never end) of at most
     * {@value #MAX_PLAN_BYTES} bytes, outside procfs; an IOException naming the file otherwise.
     */
    static String readText(Path file) throws IOException {
        long size = InputFiles.regular(file, "GEMM plan");
        if (size > MAX_PLAN_BYTES) {
            throw new IOException(file + ": " + size + " bytes; a GEMM plan file has a few lines (at most "
                    + MAX_PLAN_BYTES + " bytes)");
        }
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(MAX_PLAN_BYTES + 1);
        }
        if (b.length > MAX_PLAN_BYTES) {
            throw new IOException(file + ": grew past " + MAX_PLAN_BYTES + " bytes while being read");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes a plan, naming this machine, to a file (atomically; its directory made if missing). */
    private static void write(GemmPlan plan, Path file) throws IOException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                CacheDirectory.made(dir);
            }
            AtomicFiles.write(file, plan.format(machine()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("cannot store the GEMM plan: " + e.getMessage(), e);
        }
    }

    /** This machine as plans name it: CPU model, SIMD in use, JDK. */
    public static String machine() {
        return Machine.cpuModel() + " | " + VectorWidth.bitsInUse() + "-bit vectors, " + VectorWidth.registers()
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
}
