package dev.vecnet.cli;

import dev.vecnet.data.Mnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --data / --dataset, shared by the commands that read a data set (a picocli mixin). */
final class DataOptions {
    @Option(names = "--data", description = "directory with the four MNIST-format IDX files (raw or .gz)")
    Path data;
    @Option(names = "--dataset",
            description = "mnist-10k (embedded) | mnist | fashion-mnist | kmnist (default " + Mnist.EMBEDDED + ")")
    String dataset;

    /** The directory when given, else the data set of that name (mnist-10k when neither is). */
    Mnist.Splits load() throws IOException {
        if (data != null && dataset != null) {
            throw new IllegalArgumentException("--data and --dataset name two sources; give one");
        }
        if (data != null && !Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data " + data + ": " + (Files.exists(data) ? "not a directory"
                    : "no such directory") + " (it takes a directory with the four IDX files)");
        }
        return Mnist.load(data, dataset == null ? Mnist.EMBEDDED : dataset);
    }
}
