package dev.vecnet.infer;

import dev.vecnet.io.InputFiles;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.nn.TwoLayerNet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The model file formats by name: vecnet's own ({@code .vnet}, the default), NumPy {@code .npz} and
 * ONNX {@code .onnx} (export only). Writing chooses by the file's extension; reading by its content.
 */
public enum ModelFormat {
    VNET, NPZ, ONNX;

    /** By extension: .npz, .onnx, anything else vecnet's own format. */
    public static ModelFormat forPath(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npz") ? NPZ : name.endsWith(".onnx") ? ONNX : VNET;
    }

    public <A> void write(TwoLayerNet<A> net, Path target) throws IOException {
        write(Weights.of(net), target);
    }

    public void write(Model model, Path target) throws IOException {
        write(Weights.of(model), target);
    }

    private void write(Weights w, Path target) throws IOException {
        switch (this) {
            case VNET -> ModelFile.write(w, target);
            case NPZ -> NpzFile.write(w, target);
            case ONNX -> OnnxExport.write(w, target);
        }
    }

    /**
     * A vecnet model file or a .npz, told apart by their first bytes ("VNET" or a zip's "PK"). Only a
     * regular file is opened (a directory, device or FIFO is refused by name), and its declared sizes are
     * checked against its length and the heap before its data is read.
     */
    public static Model read(Path file, FloatKernels kernels) throws IOException {
        return read(file).withKernels(kernels);
    }

    /** {@link #read(Path, FloatKernels)} on the default kernels, {@link Kernels#f32()}. */
    public static Model read(Path file) throws IOException {
        InputFiles.regular(file, "model");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return NpzFile.read(file);
        }
        return ModelFile.read(file);
    }
}
