package dev.vecnet.cli;

import dev.vecnet.kernel.Kernels;
import dev.vecnet.runtime.KernelRuntime;
import dev.vecnet.runtime.Plans;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code vecnet info}: the JDK, the CPU's vector width, the kernel provider in use, the thread count, the GEMM plan. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the JDK, the vector width, the chosen kernel provider, the thread count and the GEMM plan.")
final class InfoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("jdk: " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + " (" + System.getProperty("java.home") + ")");
        System.out.println("os/arch: " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.println("kernels: " + KernelRuntime.describe());
        String reason = Kernels.panamaUnavailableReason();
        System.out.println("simd: " + (reason == null ? "on (jdk.incubator.vector)" : "off: " + reason));
        System.out.println("threads: " + Runtime.getRuntime().availableProcessors() + " available");
        if (reason == null) {
            System.out.println("gemm plan: " + Plans.current().describe());
            System.out.println("gemm plan from: " + Plans.origin());
        }
        return 0;
    }
}
