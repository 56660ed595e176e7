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
 * zip's "PK", else ONNX's protobuf), from a file, a stream or bytes; a name whose extension names
 * another format than the content is refused. Only a regular file is opened (a directory, device or FIFO is
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

    /**
     * The weights a file holds, in any of the three formats, told apart by content. A file whose
     * extension names one of the formats ({@code .vnet}, {@code .npz}, {@code .onnx}) must hold that one.
     */
    public static Weights readWeights(Path file) throws IOException {
        InputFiles.regular(file, "model");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        ModelFormat format = byContent(head, file.toString(), named(file.getFileName().toString()));
        return switch (format) {
            case NPZ -> NpzFile.read(file);
            case VNET -> ModelFile.read(file);
            case ONNX -> OnnxImport.read(file);
        };
    }

    /**
     * The weights in a model file's bytes (a class-path resource, a download, a database column),
     * told apart by content like a file's; {@code name} names it in messages and, when it ends in
     * {@code .vnet}, {@code .npz} or {@code .onnx}, must match the content.
     */
    public static Weights readWeights(byte[] bytes, String name) throws IOException {
        if (bytes.length > ModelFile.MAX_MODEL_BYTES) {
            throw new IOException(name + ": " + bytes.length + " bytes; vecnet reads model files up to " + ModelFile.MAX_MODEL_BYTES);
        }
        ModelFormat format = byContent(java.util.Arrays.copyOf(bytes, Math.min(4, bytes.length)), name, named(name));
        return switch (format) {
            case NPZ -> NpzFile.read(bytes, name);
            case VNET -> ModelFile.read(bytes, name);
            case ONNX -> OnnxImport.read(bytes, name);
        };
    }

    /** The weights a stream holds (read to its end, at most 256 MB; the caller closes it). */
    public static Weights readWeights(InputStream in, String name) throws IOException {
        if (in == null) { // what getResourceAsStream gives for a resource that is not there
            throw new java.io.FileNotFoundException(name + ": no stream (a class-path resource that is not there?)");
        }
        byte[] bytes = in.readNBytes((int) ModelFile.MAX_MODEL_BYTES + 1);
        if (bytes.length > ModelFile.MAX_MODEL_BYTES) {
            throw new IOException(name + ": more than " + ModelFile.MAX_MODEL_BYTES + " bytes; vecnet reads model files up to that");
        }
        return readWeights(bytes, name);
    }

    /** The model in a file's bytes, on the default kernels. */
    public static Model read(byte[] bytes, String name) throws IOException {
        return model(name, readWeights(bytes, name), KernelRuntime.f32());
    }

    /** The model a stream holds (e.g. {@code getResourceAsStream("/model.onnx")}), on the default kernels. */
    public static Model read(InputStream in, String name) throws IOException {
        return model(name, readWeights(in, name), KernelRuntime.f32());
    }

    /** The format a name's extension names, or null when it names none. */
    private static ModelFormat named(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".npz") ? NPZ : lower.endsWith(".onnx") ? ONNX : lower.endsWith(".vnet") ? VNET : null;
    }

    /** The format of content starting with {@code head}; refused when it contradicts the name's extension. */
    private static ModelFormat byContent(byte[] head, String name, ModelFormat named) throws IOException {
        ModelFormat found = head.length >= 2 && head[0] == 'P' && head[1] == 'K' ? NPZ
                : head.length == 4 && head[0] == 'V' && head[1] == 'N' && head[2] == 'E' && head[3] == 'T' ? VNET
                : (head.length >= 1 && head[0] == OnnxImport.FIRST_BYTE) || named == ONNX ? ONNX : null;
        if (found == null) {
            throw new IOException(name + ": not a vecnet model, NumPy .npz or ONNX file (they start with \"VNET\", \"PK\" "
                    + "and an ONNX IR version; this one with " + java.util.HexFormat.ofDelimiter(" ").formatHex(head) + ")");
        }
        if (named != null && named != found) {
            throw new IOException(name + ": named ." + named.name().toLowerCase(Locale.ROOT) + " but it holds "
                    + (found == VNET ? "a vecnet model" : found == NPZ ? "a NumPy .npz archive" : "an ONNX model")
                    + "; rename it ." + found.name().toLowerCase(Locale.ROOT));
        }
        return found;
    }

    private static Model model(String name, Weights w, FloatKernels kernels) throws IOException {
        try {
            return Model.of(name, w, kernels);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The model a file holds, on the given kernels. */
    public static Model read(Path file, FloatKernels kernels) throws IOException {
        return model(file.toString(), readWeights(file), kernels);
    }

    /** {@link #read(Path, FloatKernels)} on the default kernels, {@link Kernels#f32()}. */
    public static Model read(Path file) throws IOException {
        return read(file, KernelRuntime.f32());
    }
}
