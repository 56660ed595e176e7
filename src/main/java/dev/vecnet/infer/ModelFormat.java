package dev.vecnet.infer;

import dev.vecnet.io.InputFiles;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.model.Weights;
import dev.vecnet.runtime.KernelRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The model file formats: vecnet's own ({@code .vnet}, the default), NumPy {@code .npz} and ONNX
 * {@code .onnx}. Writing chooses by the file's extension; reading by the file's content ("VNET", a
 * zip's "PK", else ONNX's protobuf). Only a regular file is opened (a directory, device or FIFO is
 * refused by name), and every reader checks declared sizes against the file's length and the heap
 * before reading data.
 */
public enum ModelFormat {
    VNET, NPZ, ONNX;

    /** By extension: .npz, .onnx, anything else vecnet's own format. */
    public static ModelFormat forPath(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npz") ? NPZ : name.endsWith(".onnx") ? ONNX : VNET;
    }

    /** Writes the weights in this format, atomically (a temporary file renamed into place). */
    public void write(Weights w, Path target) throws IOException {
        switch (this) {
            case VNET -> ModelFile.write(w, target);
            case NPZ -> NpzFile.write(w, target);
            case ONNX -> OnnxExport.write(w, target);
        }
    }

    /** Writes a model's parameters in this format (float32). */
    public void write(Model model, Path target) throws IOException {
        write(model.weights(), target);
    }

    /** The weights a file holds, in any of the three formats, told apart by content. */
    public static Weights readWeights(Path file) throws IOException {
        InputFiles.regular(file, "model");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return NpzFile.read(file);
        }
        if (head.length == 4 && head[0] == 'V' && head[1] == 'N' && head[2] == 'E' && head[3] == 'T') {
            return ModelFile.read(file);
        }
        if ((head.length >= 1 && head[0] == OnnxImport.FIRST_BYTE) || forPath(file) == ONNX) {
            return OnnxImport.read(file);
        }
        throw new IOException(file + ": not a vecnet model, NumPy .npz or ONNX file (they start with \"VNET\", \"PK\" "
                + "and an ONNX IR version; this one with " + java.util.HexFormat.ofDelimiter(" ").formatHex(head) + ")");
    }

    /** The model a file holds, on the given kernels. */
    public static Model read(Path file, FloatKernels kernels) throws IOException {
        Weights w = readWeights(file);
        try {
            return Model.of(file.toString(), w, kernels);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** {@link #read(Path, FloatKernels)} on the default kernels, {@link Kernels#f32()}. */
    public static Model read(Path file) throws IOException {
        return read(file, KernelRuntime.f32());
    }
}
