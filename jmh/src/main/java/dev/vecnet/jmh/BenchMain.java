package dev.vecnet.jmh;

import dev.vecnet.jmh.harness.Harness;
import java.util.Arrays;

/**
 * The benchmark harness's command line ({@code ./vecnet bench ...}).
 *
 * <pre>
 *   BenchMain [--quick | --smoke] [--check] [--out DIR] [regex ...]
 *   BenchMain jmh ARGS...        plain JMH (e.g. jmh GemmBench -prof gc -p engine=vecnet)
 * </pre>
 * The regexes select parts of the plan by name (e.g. "gemm", "inference", "seed").
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(Harness.run(args));
    }
}
