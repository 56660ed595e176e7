package dev.vecnet.cli;

import dev.vecnet.data.Mnist;
import dev.vecnet.nn.Precision;
import dev.vecnet.train.GradientCheck;
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
    @Option(names = "--layers", split = ",", description = "every layer's size, input to output, e.g. 784,20,20,10; instead of --hidden")
    java.util.List<Integer> layers;
    @Option(names = "--activation", defaultValue = "sigmoid", converter = ActivationConverter.class,
            description = "sigmoid | relu | tanh (default sigmoid)")
    dev.vecnet.kernel.Activation activation;
    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay lambda (default ${DEFAULT-VALUE})")
    double weightDecay;
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
        if (activation == dev.vecnet.kernel.Activation.NONE) {
            throw new IllegalArgumentException("--activation must be sigmoid, relu or tanh, got none");
        }
        Options.finiteAtLeastZero("--weight-decay", weightDecay);
        int features = splits.train().features(), classes = splits.train().classes();
        java.util.List<Integer> sizes = layers == null ? java.util.List.of(features, hidden, classes) : layers;
        if (layers != null) {
            Options.layers(layers);
            if (layers.get(0) != features || layers.get(layers.size() - 1) < classes) {
                throw new IllegalArgumentException("--layers " + layers + ": the first size must be " + features
                        + " and the last at least " + classes);
            }
        }
        dev.vecnet.nn.NetworkConfig config = new dev.vecnet.nn.NetworkConfig(sizes,
                java.util.Collections.nCopies(sizes.size() - 2, activation), dev.vecnet.nn.WeightInit.STD, 0.01,
                weightDecay, seed, samples, 1);
        GradientCheck.Report report = precision == Precision.Type.F64
                ? GradientCheck.run(Precision.F64, splits.train(), samples, config)
                : GradientCheck.run(Precision.F32, splits.train(), samples, config);
        for (int i = 0; i < report.names().size(); i++) {
            System.out.printf(Locale.ROOT, "%s: %.1e%n", report.names().get(i), report.meanAbsDiff()[i]);
        }
        System.out.printf(Locale.ROOT, "max relative error: %.1e (tolerance on the means: %.0e)%n",
                report.maxRelative(), report.tolerance());
        return report.passed() ? 0 : 1;
    }
}
