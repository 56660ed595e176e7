package dev.vecnet.cli;

import dev.vecnet.data.Mnist;
import dev.vecnet.train.GradientCheck;
import dev.vecnet.nn.Precision;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vecnet gradcheck}: the seed's check, backprop against numerical gradients on the first 3 samples. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Compare backprop with numerical gradients (mean |difference| per parameter); exit 1 above tolerance.")
final class GradcheckCommand implements Callable<Integer> {
    @Option(names = "--precision", defaultValue = "f64", description = "f64 | f32 (default f64)")
    Precision.Type precision;
    @Option(names = "--samples", defaultValue = "3", description = "first N training samples (default ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--hidden", defaultValue = "50", description = "hidden units (default ${DEFAULT-VALUE})")
    int hidden;
    @Option(names = "--seed", defaultValue = "0", description = "weight seed (default ${DEFAULT-VALUE})")
    long seed;
    @Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() throws Exception {
        Options.atLeast("--samples", samples, 1);
        Options.atLeast("--hidden", hidden, 1);
        Mnist.Splits splits = dataOptions.load();
        if (samples > splits.train().size()) {
            throw new IllegalArgumentException("--samples " + samples + ": the training set " + splits.train().name()
                    + " has " + splits.train().size() + " samples");
        }
        GradientCheck.Report report = precision == Precision.Type.F64
                ? GradientCheck.run(Precision.F64, splits.train(), samples, hidden, seed)
                : GradientCheck.run(Precision.F32, splits.train(), samples, hidden, seed);
        for (int i = 0; i < report.names().size(); i++) {
            System.out.printf(Locale.ROOT, "%s: %.1e%n", report.names().get(i), report.meanAbsDiff()[i]);
        }
        System.out.printf(Locale.ROOT, "max relative error: %.1e (tolerance on the means: %.0e)%n",
                report.maxRelative(), report.tolerance());
        return report.passed() ? 0 : 1;
    }
}
