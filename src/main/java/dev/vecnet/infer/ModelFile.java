package dev.vecnet.infer;

import dev.vecnet.io.AtomicFiles;
import dev.vecnet.io.InputFiles;
import dev.vecnet.io.Memory;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * vecnet's model file (docs/model-format.md), little-endian. Version 3 (written): "VNET", 3, precision
 * (0 = f32, 1 = f64), output (0 = softmax, 1 = scores), two reserved zero bytes, the number of dense
 * layers L, the L + 1 sizes (u32), per layer its activation (0 none, 1 sigmoid, 2 ReLU, 3 tanh), three
 * zero bytes and the leak of a leaky ReLU (f32, else 0); then W1, b1, ... WL, bL row-major; then a
 * CRC-32 of every byte before it. Version 2 (read): the two-layer form, "VNET", 2, precision,
 * activation (0 sigmoid, 1 ReLU), two zero bytes, input, hidden and output sizes, W1, b1, W2, b2, CRC.
 * Every field is validated against the file's length before anything is allocated; writing goes
 * to a temporary file beside the target, forced to disk, then renamed over it.
 */
final class ModelFile {
    static final int MAGIC = 0x54454e56; // "VNET" read little-endian
    static final int VERSION = 3;
    static final int MAX_LAYERS = Weights.MAX_LAYERS;
    private static final int V2_HEADER = 24, V3_FIXED = 16;
    /**
     * The largest model file vecnet reads, in any format (256 MB: 64 million float32 parameters, far past
     * the small dense networks it serves): a file claiming more is refused before its data is read.
     */
    static final long MAX_MODEL_BYTES = 1L << 28;
    private static final Activation[] CODES = {Activation.NONE, Activation.SIGMOID, Activation.RELU, Activation.TANH};

    private ModelFile() {}

    static byte[] toBytes(Weights w) {
        int width = w.f64() ? 8 : 4, layers = w.layers().size();
        long size = header(layers) + w.parameterCount() * width + 4;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).put((byte) (w.f64() ? 1 : 0)).put((byte) (w.output() == Output.SCORES ? 1 : 0))
                .put((byte) 0).put((byte) 0).putInt(layers);
        for (int s : w.sizes()) {
            b.putInt(s);
        }
        for (Weights.Dense d : w.layers()) {
            b.put((byte) java.util.Arrays.asList(CODES).indexOf(d.activation())).put((byte) 0).put((byte) 0).put((byte) 0)
                    .putFloat((float) d.leak());
        }
        for (Weights.Dense d : w.layers()) {
            for (double[] a : new double[][] {d.w(), d.b()}) {
                for (double v : a) {
                    if (w.f64()) {
                        b.putDouble(v);
                    } else {
                        b.putFloat((float) v);
                    }
                }
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static void write(Weights w, Path target) throws IOException {
        AtomicFiles.write(target, toBytes(w));
    }

    private static long header(int layers) {
        return V3_FIXED + 4L * (layers + 1) + 8L * layers;
    }

    static Weights read(Path file) throws IOException {
        long size = InputFiles.regular(file, "model");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes((int) Math.min(size, header(MAX_LAYERS)));
        }
        // the sizes it declares, against the file's length and the heap, before reading the rest
        Layout layout = layout(head, file.toString());
        if (layout != null) {
            if (layout.bytes > MAX_MODEL_BYTES) {
                throw new IOException(file + ": a model of " + layout.bytes + " bytes; vecnet reads model files up to "
                        + MAX_MODEL_BYTES + " bytes");
            }
            if (size != layout.bytes) {
                throw sizeMismatch(layout, size, file.toString());
            }
            Memory.require(Memory.product(layout.bytes, 4), "loading " + file);
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /** What a header declares: the sizes, precision and the file length they imply. */
    private record Layout(int version, boolean f64, Output output, int[] sizes, Activation[] acts, float[] leaks,
                          int dataStart, long bytes) {
        String shape() {
            return String.join("-", java.util.Arrays.stream(sizes).mapToObj(String::valueOf).toList()) + (f64 ? " f64" : " f32");
        }
    }

    /** Parses and checks the header; null when the bytes end before the header does. */
    private static Layout layout(byte[] bytes, String name) throws IOException {
        if (bytes.length < 8) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC) {
            throw new IOException(String.format("%s: not a vecnet model (magic 0x%08x, expected 0x%08x \"VNET\")",
                    name, b.getInt(0), MAGIC));
        }
        int version = b.getInt(4);
        if (version != 2 && version != 3) {
            throw new IOException(name + ": model format version " + version + ", this vecnet reads versions 2 and 3");
        }
        if (bytes.length < (version == 2 ? V2_HEADER : V3_FIXED)) {
            return null;
        }
        int precision = bytes[8];
        if (precision != 0 && precision != 1) {
            throw new IOException(name + ": precision code " + precision + ", expected 0 (f32) or 1 (f64)");
        }
        if (bytes[10] != 0 || bytes[11] != 0) {
            throw new IOException(name + ": reserved header bytes are not zero");
        }
        int[] sizes;
        Activation[] acts;
        float[] leaks;
        Output output = Output.PROBABILITIES;
        int dataStart;
        if (version == 2) {
            int act = bytes[9];
            if (act != 0 && act != 1) {
                throw new IOException(name + ": activation code " + act + ", expected 0 (sigmoid) or 1 (ReLU)");
            }
            sizes = new int[] {b.getInt(12), b.getInt(16), b.getInt(20)};
            acts = new Activation[] {act == 1 ? Activation.RELU : Activation.SIGMOID, Activation.NONE};
            leaks = new float[2];
            dataStart = V2_HEADER;
        } else {
            if (bytes[9] != 0 && bytes[9] != 1) {
                throw new IOException(name + ": output code " + bytes[9] + ", expected 0 (softmax) or 1 (scores)");
            }
            output = bytes[9] == 1 ? Output.SCORES : Output.PROBABILITIES;
            int layers = b.getInt(12);
            if (layers < 1 || layers > MAX_LAYERS) {
                throw new IOException(name + ": " + layers + " layers; a model has 1.." + MAX_LAYERS);
            }
            dataStart = (int) header(layers);
            if (bytes.length < dataStart) {
                return null;
            }
            sizes = new int[layers + 1];
            for (int i = 0; i <= layers; i++) {
                sizes[i] = b.getInt(V3_FIXED + 4 * i);
            }
            acts = new Activation[layers];
            leaks = new float[layers];
            for (int l = 0; l < layers; l++) {
                int at = V3_FIXED + 4 * (layers + 1) + 8 * l, code = bytes[at];
                if (code < 0 || code >= CODES.length || bytes[at + 1] != 0 || bytes[at + 2] != 0 || bytes[at + 3] != 0) {
                    throw new IOException(name + ": layer " + (l + 1) + " has activation code " + code
                            + "; expected 0 (none), 1 (sigmoid), 2 (ReLU) or 3 (tanh) and three zero bytes");
                }
                acts[l] = CODES[code];
                leaks[l] = b.getFloat(at + 4);
                if (leaks[l] != 0 && (acts[l] != Activation.RELU || !Float.isFinite(leaks[l]))) {
                    throw new IOException(name + ": layer " + (l + 1) + " has a leak of " + leaks[l] + " on "
                            + acts[l] + "; only a ReLU leaks, by a finite slope");
                }
            }
        }
        long values = 0;
        for (int i = 0; i < sizes.length; i++) {
            int min = i == sizes.length - 1 && output == Output.PROBABILITIES ? 2 : 1;
            if (sizes[i] < min || sizes[i] > Weights.MAX_SIZE) {
                throw new IOException(name + ": sizes " + java.util.Arrays.toString(sizes)
                        + " are not a network's (each 1.." + Weights.MAX_SIZE + ", a softmax output >= 2)");
            }
            if (i > 0) {
                values += (long) sizes[i - 1] * sizes[i] + sizes[i]; // each < 2^48, at most 1024 of them: no overflow
            }
        }
        if (values > Memory.MAX_ARRAY * 64L) {
            throw new IOException(name + ": " + values + " parameters, more than vecnet holds");
        }
        boolean f64 = precision == 1;
        return new Layout(version, f64, output, sizes, acts, leaks, dataStart, dataStart + values * (f64 ? 8 : 4) + 4);
    }

    private static IOException sizeMismatch(Layout l, long actual, String name) {
        return new IOException(name + ": a " + l.shape() + " model takes " + l.bytes + " bytes, the file has " + actual
                + (actual < l.bytes ? " (truncated)" : ""));
    }

    static Weights read(byte[] bytes, String name) throws IOException {
        Layout layout = layout(bytes, name);
        if (layout == null) {
            throw new IOException(name + ": " + bytes.length + " bytes is too short for a vecnet model's header");
        }
        if (bytes.length != layout.bytes) {
            throw sizeMismatch(layout, bytes.length, name);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = b.getInt(bytes.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new IOException(String.format("%s: checksum mismatch (stored 0x%08x, computed 0x%08x): the file is corrupt",
                    name, stored, (int) crc.getValue()));
        }
        b.position(layout.dataStart);
        int width = layout.f64 ? 8 : 4;
        List<Weights.Dense> dense = new ArrayList<>();
        for (int l = 0; l + 1 < layout.sizes.length; l++) {
            int in = layout.sizes[l], out = layout.sizes[l + 1];
            if ((long) in * out > Memory.MAX_ARRAY) {
                throw new IOException(name + ": layer " + (l + 1) + " has " + (long) in * out
                        + " weights, more than a Java array holds");
            }
            double[] w = values(b, in * out, width), bias = values(b, out, width);
            dense.add(new Weights.Dense(in, out, w, bias, layout.acts[l], layout.leaks[l]));
        }
        return new Weights(dense, layout.output, layout.f64);
    }

    /** Bulk reads (no per-value loop: a model is loaded once, mostly before the JIT has compiled anything). */
    private static double[] values(ByteBuffer b, int n, int width) {
        double[] v = new double[n];
        if (width == 8) {
            b.asDoubleBuffer().get(v);
            b.position(b.position() + 8 * n);
        } else {
            float[] f = new float[n];
            b.asFloatBuffer().get(f);
            b.position(b.position() + 4 * n);
            for (int i = 0; i < n; i++) {
                v[i] = f[i];
            }
        }
        return v;
    }
}
