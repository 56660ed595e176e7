package dev.vecnet.infer;

import dev.vecnet.io.AtomicFiles;
import dev.vecnet.io.InputFiles;
import dev.vecnet.io.Memory;
import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Kernels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz (what {@code np.savez} writes: a zip of .npy arrays) holding the book's parameter
 * names W1 (input x hidden), b1 (hidden), W2 (hidden x output), b2 (output) and a string
 * {@code activation} ("sigmoid" or "relu"). In Python:
 * <pre>{@code
 * p = np.load("model.npz"); W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]; str(p["activation"])
 * np.savez("model.npz", W1=W1, b1=b1, W2=W2, b2=b2, activation="sigmoid")
 * }</pre>
 * Writing keeps the network's precision (float32 '<f4' or float64 '<f8'), stores entries
 * uncompressed as np.savez does, with fixed timestamps (the same weights give the same bytes), and is
 * atomic. Reading accepts stored or deflated entries (np.savez_compressed), biases shaped (n,) or
 * (1, n), ignores extra arrays, checks every entry's CRC-32, and rejects anything else by name. It
 * reads every array's header before any data: shapes that do not make a network, sizes that disagree
 * with the zip's, or a model larger than the heap are refused before anything is inflated.
 */
public final class NpzFile {
    private static final String ACTIVATION = "activation";
    private static final String[] KEYS = {"W1", "b1", "W2", "b2", ACTIVATION};
    /** An entry's first bytes, enough for any .npy header vecnet reads. */
    private static final int HEADER_PREFIX = 1 << 16;
    private static final LocalDateTime DOS_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private NpzFile() {}

    static void write(Weights w, Path target) throws IOException {
        int[][] shapes = {{w.input(), w.hidden()}, {w.hidden()}, {w.hidden(), w.output()}, {w.output()}};
        double[][] arrays = w.arrays();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < 4; i++) {
                entry(zip, Weights.NAMES[i] + ".npy", Npy.encode(arrays[i], shapes[i], w.f64()));
            }
            entry(zip, ACTIVATION + ".npy", Npy.encode(w.activation().name().toLowerCase(Locale.ROOT)));
        }
        AtomicFiles.write(target, out.toByteArray());
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(DOS_EPOCH);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    public static Model read(Path file) throws IOException {
        return readWeights(file).toModel(file.toString(), Kernels.f32());
    }

    static Weights readWeights(Path file) throws IOException {
        String name = file.toString();
        InputFiles.regular(file, "model");
        Map<String, Npy.Array> arrays = new HashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            // every header first: the shapes must chain into a network and fit the heap before any data is inflated
            Map<String, ZipEntry> entries = new HashMap<>();
            Map<String, Npy.Header> headers = new HashMap<>();
            long elements = 0, bytes = 0;
            for (String key : KEYS) {
                ZipEntry e = zip.getEntry(key + ".npy");
                if (e == null) {
                    throw new IOException(name + ": no array '" + key + "' (it holds " + entries(zip) + "); save it with "
                            + "np.savez(path, W1=W1, b1=b1, W2=W2, b2=b2, activation='sigmoid' or 'relu')");
                }
                Npy.Header h = header(zip, e, name + "[" + key + "]");
                entries.put(key, e);
                headers.put(key, h);
                elements += h.count();
                bytes += e.getSize();
            }
            if (bytes > ModelFile.MAX_MODEL_BYTES) {
                throw new IOException(name + ": its arrays take " + bytes + " bytes inflated; vecnet reads models up to "
                        + ModelFile.MAX_MODEL_BYTES + " bytes");
            }
            checkShapes(headers, name);
            // the entries' bytes, the decoded doubles and the model's floats, all at once at worst
            Memory.require(Memory.product(elements, 8 + 8 + 4), "loading " + name);
            for (String key : KEYS) {
                arrays.put(key, Npy.decode(read(zip, entries.get(key), name), name + "[" + key + "]"));
            }
        } catch (ZipException e) {
            throw new IOException(name + ": not a readable .npz (zip) file: " + e.getMessage(), e);
        }
        Npy.Array w1 = arrays.get("W1"), b1 = arrays.get("b1"), w2 = arrays.get("W2"), b2 = arrays.get("b2");
        int input = w1.shape()[0], hidden = w1.shape()[1], output = w2.shape()[1];
        String act = arrays.get(ACTIVATION).text();
        Activation activation = switch (act.toLowerCase(Locale.ROOT)) {
            case "sigmoid" -> Activation.SIGMOID;
            case "relu" -> Activation.RELU;
            default -> throw new IOException(name + ": activation '" + act + "', expected 'sigmoid' or 'relu'");
        };
        boolean f64 = w1.isF64() || b1.isF64() || w2.isF64() || b2.isF64();
        return new Weights(input, hidden, output, activation, f64, w1.numbers(), b1.numbers(), w2.numbers(), b2.numbers());
    }

    /** An entry's .npy header, read from its first bytes; its declared size must be the header's plus its data. */
    private static Npy.Header header(ZipFile zip, ZipEntry e, String name) throws IOException {
        long size = e.getSize();
        if (size < 0 || size > Memory.MAX_ARRAY) {
            throw new IOException(name + ": the entry declares " + size + " bytes, more than an array vecnet reads");
        }
        byte[] prefix;
        try (InputStream in = zip.getInputStream(e)) {
            prefix = in.readNBytes((int) Math.min(size, HEADER_PREFIX));
        }
        Npy.Header h = Npy.header(prefix, name);
        if (h.dataStart() + h.dataBytes() != size) {
            throw new IOException(name + ": its header says shape " + Arrays.toString(h.shape()) + " of " + h.descr()
                    + " (" + (h.dataStart() + h.dataBytes()) + " bytes), the entry declares " + size);
        }
        return h;
    }

    /** W1 (in, hidden), b1 (hidden) or (1, hidden), W2 (hidden, out), b2 likewise, out >= 2; activation a string. */
    private static void checkShapes(Map<String, Npy.Header> h, String name) throws IOException {
        for (String key : new String[] {"W1", "b1", "W2", "b2"}) {
            if (h.get(key).text()) {
                throw new IOException(name + ": " + key + " has dtype " + h.get(key).descr() + "; expected '<f4' or '<f8'");
            }
        }
        if (!h.get(ACTIVATION).text()) {
            throw new IOException(name + ": 'activation' must be a string, got dtype " + h.get(ACTIVATION).descr());
        }
        int[] w1 = h.get("W1").shape(), w2 = h.get("W2").shape(), b1 = h.get("b1").shape(), b2 = h.get("b2").shape();
        if (w1.length != 2 || w2.length != 2) {
            throw new IOException(name + ": W1 and W2 must be 2-D, got W1 " + Arrays.toString(w1) + " and W2 "
                    + Arrays.toString(w2));
        }
        int input = w1[0], hidden = w1[1], output = w2[1];
        if (input < 1 || hidden < 1 || output < 2 || w2[0] != hidden || !isVector(b1, hidden) || !isVector(b2, output)) {
            throw new IOException(name + ": shapes W1 " + Arrays.toString(w1) + ", b1 " + Arrays.toString(b1) + ", W2 "
                    + Arrays.toString(w2) + ", b2 " + Arrays.toString(b2) + " are not a network's; expected (in, hidden), "
                    + "(hidden,), (hidden, out), (out,) with out >= 2");
        }
    }

    /** The entry's bytes, never more than its declared size (a forged size cannot make us allocate more). */
    private static byte[] read(ZipFile zip, ZipEntry e, String name) throws IOException {
        long size = e.getSize();
        try (InputStream in = zip.getInputStream(e)) {
            byte[] data = in.readNBytes((int) size);
            if (data.length != size || in.read() != -1) {
                throw new IOException(name + ": entry " + e.getName() + " does not hold its declared " + size + " bytes");
            }
            // ZipFile checks no CRC on stored entries: a flipped weight byte must not load silently
            CRC32 crc = new CRC32();
            crc.update(data);
            if (crc.getValue() != e.getCrc()) {
                throw new IOException(String.format("%s: entry %s fails its CRC-32 (stored %08x, computed %08x): the file is corrupt",
                        name, e.getName(), e.getCrc(), crc.getValue()));
            }
            return data;
        }
    }

    private static boolean isVector(int[] s, int n) {
        return (s.length == 1 && s[0] == n) || (s.length == 2 && s[0] == 1 && s[1] == n);
    }

    private static String entries(ZipFile zip) {
        return Arrays.toString(zip.stream().map(ZipEntry::getName).sorted().toArray());
    }
}
