package dev.vecnet.cli;

import dev.vecnet.kernel.gemm.GemmPlan;
import dev.vecnet.runtime.Plans;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vecnet tune}: measures the GEMM's micro-kernels and thread split on this machine and stores the plan. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Measure the GEMM's candidate micro-kernels, blockings and thread splits on this machine (about a "
                + "minute; run it on an otherwise idle machine) and store the fastest as this machine's plan, which "
                + "every later run uses. A plan changes speed only: every candidate computes the same bits.",
            "The plan in use is shown by `vecnet info`; -Dvecnet.plan=default ignores the stored plan."})
final class TuneCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the plan to FILE instead of this machine's plan (use it with -Dvecnet.plan=FILE).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            Options.outputs(new String[] {"--out"}, out);
        }
        System.out.println("machine: " + Plans.machine());
        System.out.println("measuring (each candidate's best of several alternating rounds):");
        GemmPlan plan = Plans.tune(System.out::println, out);
        System.out.println("plan: " + plan.describe());
        System.out.println("from: " + Plans.origin());
        return 0;
    }
}
