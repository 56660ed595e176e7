package dev.vecnet.cli;

import dev.vecnet.data.Mnist;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --data / --dataset, shared by the commands that read a data set (a picocli mixin). */
final class DataOptions {
    @Option(names = "--data", description = "directory with the four MNIST-format IDX files (raw or .gz)")
    Path data;
    @Option(names = "--dataset", defaultValue = Mnist.EMBEDDED,
            description = "mnist-10k (embedded) | mnist | fashion-mnist | kmnist (default ${DEFAULT-VALUE})")
    String dataset;

    /** The directory when given, else the data set of that name. */
    Mnist.Splits load() throws IOException {
        return Mnist.load(data, dataset);
    }
}
