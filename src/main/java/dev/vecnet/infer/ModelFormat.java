package dev.vecnet.infer;

import dev.vecnet.io.AtomicFiles;
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

    /**
     * Writes the weights in this format, atomically (a temporary file renamed into place). Only a
     * regular file is replaced (a device, FIFO or directory is refused before anything is written), and
     * a model whose file the readers would refuse (non-finite values, too large) is not written.
     */
    public void write(Weights w, Path target) throws IOException {
        AtomicFiles.destination(target);
        AtomicFiles.write(target, bytes(w));
    }

    /** The file's bytes in this format; refused (IOException) when the readers would refuse them. */
    public byte[] bytes(Weights w) throws IOException {
        String bad = w.firstNonFinite();
        if (bad != null) {
            throw new IOException("a model with a parameter that is not finite (" + bad + "); vecnet reads and writes "
                    + "only finite models");
        }
        byte[] b = switch (this) {
            case VNET -> ModelFile.toBytes(w);
            case NPZ -> NpzFile.toBytes(w);
            case ONNX -> OnnxExport.toBytes(w);
        };
        if (b.length > ModelFile.MAX_MODEL_BYTES) {
            throw new IOException("a model of " + b.length + " bytes in " + name().toLowerCase(Locale.ROOT)
                    + "; vecnet reads model files up to " + ModelFile.MAX_MODEL_BYTES);
        }
        return b;
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
