package dev.vecnet.infer;

import dev.vecnet.io.AtomicFiles;
import dev.vecnet.io.InputFiles;
import dev.vecnet.io.Memory;
import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * vecnet's model file (docs/model-format.md): little-endian; "VNET", format version 2, precision
 * (0 = f32, 1 = f64), activation (0 = sigmoid, 1 = ReLU), two reserved zero bytes, input, hidden and
 * output sizes (u32), then W1, b1, W2, b2 row-major, then a CRC-32 of every byte before it. Every
 * field is validated against the file's length before anything is allocated; writing goes to a
 * temporary file beside the target, forced to disk, then renamed over it. Written through
 * {@link ModelFormat#VNET}.
 */
public final class ModelFile {
    static final int MAGIC = 0x54454e56; // "VNET" read little-endian
    static final int VERSION = 2;
    static final int HEADER = 24;
    /** Sizes beyond this are corruption, not models: 2^24 inputs or units. */
    static final int MAX_SIZE = 1 << 24;
    /**
     * The largest model file vecnet reads, in any format (256 MB: 64 million float32 parameters, far past
     * the small dense networks it serves): a file claiming more is refused before its data is read.
     */
    static final long MAX_MODEL_BYTES = 1L << 28;

    private ModelFile() {}

    static void write(Weights w, Path target) throws IOException {
        int width = w.f64() ? 8 : 4;
        long payload = 0;
        for (double[] a : w.arrays()) {
            payload += (long) a.length * width;
        }
        ByteBuffer b = ByteBuffer.allocate((int) (HEADER + payload + 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).put((byte) (w.f64() ? 1 : 0))
                .put((byte) (w.activation() == Activation.RELU ? 1 : 0)).put((byte) 0).put((byte) 0)
                .putInt(w.input()).putInt(w.hidden()).putInt(w.output());
        for (double[] a : w.arrays()) {
            for (double v : a) {
                if (w.f64()) {
                    b.putDouble(v);
                } else {
                    b.putFloat((float) v);
                }
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        AtomicFiles.write(target, b.array());
    }

    public static Model read(Path file) throws IOException {
        long size = InputFiles.regular(file, "model");
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(HEADER);
        }
        if (header.length == HEADER) { // the sizes it declares, against the file's length, before reading the rest
            long expected = checkHeader(header, file.toString());
            if (expected > MAX_MODEL_BYTES) {
                throw new IOException(file + ": a model of " + expected + " bytes; vecnet reads model files up to "
                        + MAX_MODEL_BYTES + " bytes");
            }
            if (size != expected) {
                throw sizeMismatch(header, expected, size, file.toString());
            }
            Memory.require(Memory.product(expected, 2), "loading " + file);
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /** Checks the 24 header bytes; returns the file size they imply. */
    private static long checkHeader(byte[] bytes, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC) {
            throw new IOException(String.format("%s: not a vecnet model (magic 0x%08x, expected 0x%08x \"VNET\")",
                    name, b.getInt(0), MAGIC));
        }
        int version = b.getInt(4);
        if (version != VERSION) {
            throw new IOException(name + ": model format version " + version + ", this vecnet reads version " + VERSION);
        }
        int precision = bytes[8], act = bytes[9];
        if (precision != 0 && precision != 1) {
            throw new IOException(name + ": precision code " + precision + ", expected 0 (f32) or 1 (f64)");
        }
        if (act != 0 && act != 1) {
            throw new IOException(name + ": activation code " + act + ", expected 0 (sigmoid) or 1 (ReLU)");
        }
        if (bytes[10] != 0 || bytes[11] != 0) {
            throw new IOException(name + ": reserved header bytes are not zero");
        }
        int input = b.getInt(12), hidden = b.getInt(16), output = b.getInt(20);
        if (input < 1 || hidden < 1 || output < 2 || input > MAX_SIZE || hidden > MAX_SIZE || output > MAX_SIZE) {
            throw new IOException(name + ": sizes " + input + "-" + hidden + "-" + output
                    + " are not a network's (each 1.." + MAX_SIZE + ", output >= 2)");
        }
        int width = precision == 1 ? 8 : 4;
        long values = (long) input * hidden + hidden + (long) hidden * output + output; // each < 2^48: no overflow
        if (values > Memory.MAX_ARRAY) {
            throw new IOException(name + ": a " + input + "-" + hidden + "-" + output + " network has " + values
                    + " parameters, more than vecnet holds (" + Memory.MAX_ARRAY + ")");
        }
        return HEADER + values * width + 4;
    }

    private static IOException sizeMismatch(byte[] header, long expected, long actual, String name) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        return new IOException(name + ": a " + b.getInt(12) + "-" + b.getInt(16) + "-" + b.getInt(20)
                + (header[8] == 1 ? " f64" : " f32") + " model takes " + expected + " bytes, the file has " + actual
                + (actual < expected ? " (truncated)" : ""));
    }

    static Model read(byte[] bytes, String name) throws IOException {
        if (bytes.length < HEADER + 4) {
            throw new IOException(name + ": " + bytes.length + " bytes is too short for a vecnet model (header "
                    + HEADER + " bytes + checksum)");
        }
        long expected = checkHeader(bytes, name);
        if (bytes.length != expected) {
            throw sizeMismatch(bytes, expected, bytes.length, name);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int precision = bytes[8], act = bytes[9];
        int input = b.getInt(12), hidden = b.getInt(16), output = b.getInt(20);
        int width = precision == 1 ? 8 : 4;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = b.getInt(bytes.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new IOException(String.format("%s: checksum mismatch (stored 0x%08x, computed 0x%08x): the file is corrupt",
                    name, stored, (int) crc.getValue()));
        }
        b.position(HEADER);
        float[] w1 = values(b, input * hidden, width), b1 = values(b, hidden, width);
        float[] w2 = values(b, hidden * output, width), b2 = values(b, output, width);
        return Model.create(name, input, hidden, output, act == 1 ? Activation.RELU : Activation.SIGMOID, w1, b1, w2, b2,
                precision == 1 ? "f64" : "f32", Kernels.f32());
    }

    /** Bulk reads (no per-value loop: a model is loaded once, mostly before the JIT has compiled anything). */
    private static float[] values(ByteBuffer b, int n, int width) {
        float[] v = new float[n];
        if (width == 4) {
            b.asFloatBuffer().get(v);
            b.position(b.position() + 4 * n);
        } else {
            double[] d = new double[n];
            b.asDoubleBuffer().get(d);
            b.position(b.position() + 8 * n);
            for (int i = 0; i < n; i++) {
                v[i] = (float) d[i];
            }
        }
        return v;
    }
}
