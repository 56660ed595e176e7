package dev.vecnet.cli;

import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.model.Weights;
import dev.vecnet.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vecnet export}: a saved model (vecnet's format or .npz) to ONNX, NumPy .npz or vecnet's format. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Convert a saved model (vecnet's format, a NumPy .npz or ONNX) to ONNX, .npz or vecnet's format.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "the model to read: vecnet's own, a NumPy .npz or an ONNX file")
    Path model;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Targets targets;

    static final class Targets {
        @Option(names = "--onnx", description = "write ONNX (float32, opset 13, dynamic batch) to this file")
        Path onnx;
        @Option(names = "--npz", description = "write a NumPy .npz (W1, b1, ... Wn, bn, activation) to this file")
        Path npz;
        @Option(names = "--vnet", description = "write vecnet's own format to this file")
        Path vnet;
    }

    @Override
    public Integer call() throws Exception {
        // every target checked before the first is written: a bad one must not leave the others half done
        Options.outputs(new String[] {"--onnx", "--npz", "--vnet"}, targets.onnx, targets.npz, targets.vnet);
        Weights m = ModelFormat.readWeights(model);
        Model.of(model.toString(), m, Kernels.f32(Kernels.Provider.SCALAR)); // refuses non-finite weights, naming them
        // every file made first, then all land together: a failure leaves none of them half done
        List<AtomicFiles.Content> files = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        add(files, lines, m, ModelFormat.ONNX, targets.onnx);
        add(files, lines, m, ModelFormat.NPZ, targets.npz);
        add(files, lines, m, ModelFormat.VNET, targets.vnet);
        AtomicFiles.writeAll(files);
        lines.forEach(System.out::println);
        return 0;
    }

    private void add(List<AtomicFiles.Content> files, List<String> lines, Weights m, ModelFormat format, Path target)
            throws java.io.IOException {
        if (target != null) {
            files.add(new AtomicFiles.Content(target, format.bytes(m)));
            lines.add(String.format(Locale.ROOT, "export %s %s -> %s (%s)", model, m.describe(), target,
                    format.name().toLowerCase(Locale.ROOT)));
        }
    }
}
