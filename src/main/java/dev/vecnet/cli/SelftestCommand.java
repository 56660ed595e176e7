package dev.vecnet.cli;

import dev.vecnet.io.Quoted;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.SelfTest;
import dev.vecnet.kernel.VectorWidth;
import dev.vecnet.nn.Precision;
import dev.vecnet.train.GradientCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vecnet selftest}: the kernel contract on this machine, JDK and every vector width it offers
 * (the SIMD kernels bit for bit against the scalar ones; each width other than this JVM's in a child
 * JVM), then backprop against numerical gradients on random networks; exit 1 on any difference.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Check the kernels on this machine, JDK and vector widths against the scalar ones, bit for bit, "
                + "and backprop against numerical gradients; exit 1 on any difference.")
final class SelftestCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "30", description = "time to spend in all (default ${DEFAULT-VALUE})")
    int seconds;
    @Option(names = "--seed", description = "replay a run: the seed it printed (default: a fresh one)")
    Long seed;
    @Option(names = "--widths", defaultValue = "all", description = "all: every vector width the CPU offers; this: this JVM's only")
    String widths;
    @Option(names = "--gradients", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also check backprop against numerical gradients (default ${DEFAULT-VALUE})")
    boolean gradients;

    @Override
    public Integer call() throws Exception {
        Options.atLeast("--seconds", seconds, 1);
        if (!widths.equals("all") && !widths.equals("this")) {
            throw new IllegalArgumentException("--widths must be all or this, got " + Quoted.of(widths));
        }
        long start = System.nanoTime();
        long runSeed = seed != null ? seed : System.nanoTime() ^ 0x5E1F7E57L;
        List<Integer> others = widths.equals("all") ? otherWidths() : List.of();
        double contractShare = gradients ? 0.8 : 1.0;
        Duration each = Duration.ofMillis((long) (seconds * 1000 * contractShare / (1 + others.size())));
        boolean passed = true;

        SelfTest.Report report = Kernels.selfTest(each, runSeed);
        System.out.printf(Locale.ROOT, "kernel contract, %s against %s: %d cases over %d kernels in %.1f s (seed %d): %s%n",
                report.tested(), report.reference(), report.totalCases(), report.cases().size(),
                report.took().toNanos() / 1e9, report.seed(), report.passed() ? "same bits" : "DIFFERENT");
        for (SelfTest.Failure f : report.failures()) {
            System.out.println("  " + f);
        }
        passed &= report.passed();

        for (int bits : others) { // a child JVM's start-up comes out of its share
            passed &= child(bits, each.minus(CHILD_START).isNegative() ? Duration.ofSeconds(1) : each.minus(CHILD_START), runSeed);
        }

        if (gradients) { // what is left of the time, less a second for the JVM's own start and end
            long left = (seconds - 1) * 1_000_000_000L - (System.nanoTime() - start);
            passed &= gradients(Duration.ofNanos(Math.max(left, 500_000_000L)), runSeed);
        }
        if (!passed) {
            System.out.println("selftest: FAILED (replay: vecnet selftest --seed " + runSeed + ")");
        }
        return passed ? 0 : 1;
    }

    /** About what a child JVM takes to start and load the kernels. */
    private static final Duration CHILD_START = Duration.ofMillis(1500);

    /** The vector widths below this JVM's that the SIMD kernels can also run at here (none without SIMD). */
    private static List<Integer> otherWidths() {
        List<Integer> w = new ArrayList<>();
        if (Kernels.provider() == Kernels.Provider.PANAMA) {
            for (int bits : new int[] {256, 128}) {
                if (bits < VectorWidth.bitsInUse()) {
                    w.add(bits);
                }
            }
        }
        return w;
    }

    /** The contract at {@code bits} in a child JVM on this one's class path; its lines indented; whether it passed. */
    private static boolean child(int bits, Duration budget, long runSeed) throws Exception {
        String cp = System.getProperty("java.class.path", "");
        if (cp.isEmpty()) {
            System.out.println("kernel contract at " + bits + " bits: not run (no class path to start a JVM with)");
            return true;
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-D" + VectorWidth.PROPERTY + "=" + bits, "-cp", cp,
                Main.class.getName(), "selftest", "--widths", "this", "--no-gradients",
                "--seconds", Long.toString(Math.max(1, Math.round(budget.toMillis() / 1000.0))), "--seed", Long.toString(runSeed));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(budget.toSeconds() + 120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            System.out.println("kernel contract at " + bits + " bits: the child JVM did not finish");
            return false;
        }
        out.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .forEach(l -> System.out.println(l.startsWith("kernel contract") ? l.replace("kernel contract", "kernel contract at " + bits + " bits") : l));
        return p.exitValue() == 0;
    }

    /** Backprop against numerical gradients on random float64 networks for the budget (at least one). */
    private static boolean gradients(Duration budget, long runSeed) {
        long start = System.nanoTime(), deadline = start + budget.toNanos();
        SplittableRandom r = new SplittableRandom(runSeed);
        int networks = 0;
        GradientCheck.RandomCase worst = null;
        do {
            GradientCheck.RandomCase c = GradientCheck.onRandomNetwork(Precision.F64, r.split());
            networks++;
            if (!c.report().passed()) {
                System.out.println("backprop against numerical gradients: DIFFERENT on " + c.network() + ": mean |difference| "
                        + java.util.Arrays.toString(c.report().meanAbsDiff()) + " above " + c.report().tolerance());
                return false;
            }
            if (worst == null || c.report().maxRelative() > worst.report().maxRelative()) {
                worst = c;
            }
        } while (System.nanoTime() < deadline);
        System.out.printf(Locale.ROOT, "backprop against numerical gradients, float64 on %s: %d random networks in %.1f s: "
                        + "within %.0e (largest relative difference %.1e, %s)%n", Precision.F64.kernels(), networks,
                (System.nanoTime() - start) / 1e9, GradientCheck.TOLERANCE_RANDOM_F64, worst.report().maxRelative(), worst.network());
        return true;
    }
}
