package dev.vecnet.infer;

import dev.vecnet.data.AtomicFiles;
import dev.vecnet.kernel.Activation;
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
 * (1, n), ignores extra arrays, checks every entry's CRC-32, and rejects anything else by name.
 */
public final class NpzFile {
    private static final String ACTIVATION = "activation";
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
        return readWeights(file).toModel(file.toString());
    }

    static Weights readWeights(Path file) throws IOException {
        String name = file.toString();
        Map<String, Npy.Array> arrays = new HashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String key : new String[] {"W1", "b1", "W2", "b2", ACTIVATION}) {
                ZipEntry e = zip.getEntry(key + ".npy");
                if (e == null) {
                    throw new IOException(name + ": no array '" + key + "' (it holds " + entries(zip) + "); save it with "
                            + "np.savez(path, W1=W1, b1=b1, W2=W2, b2=b2, activation='sigmoid' or 'relu')");
                }
                arrays.put(key, Npy.decode(read(zip, e, name), name + "[" + key + "]"));
            }
        } catch (ZipException e) {
            throw new IOException(name + ": not a readable .npz (zip) file: " + e.getMessage(), e);
        }
        Npy.Array w1 = numbers(arrays, "W1", name), b1 = numbers(arrays, "b1", name);
        Npy.Array w2 = numbers(arrays, "W2", name), b2 = numbers(arrays, "b2", name);
        if (w1.shape().length != 2 || w2.shape().length != 2) {
            throw new IOException(name + ": W1 and W2 must be 2-D, got W1 " + w1.shapeText() + " and W2 " + w2.shapeText());
        }
        int input = w1.shape()[0], hidden = w1.shape()[1], output = w2.shape()[1];
        if (input < 1 || hidden < 1 || output < 2 || w2.shape()[0] != hidden || !isVector(b1, hidden)
                || !isVector(b2, output)) {
            throw new IOException(name + ": shapes W1 " + w1.shapeText() + ", b1 " + b1.shapeText() + ", W2 "
                    + w2.shapeText() + ", b2 " + b2.shapeText() + " are not a network's; expected (in, hidden), "
                    + "(hidden,), (hidden, out), (out,) with out >= 2");
        }
        String act = arrays.get(ACTIVATION).text();
        if (act == null) {
            throw new IOException(name + ": 'activation' must be a string, got dtype " + arrays.get(ACTIVATION).descr());
        }
        Activation activation = switch (act.toLowerCase(Locale.ROOT)) {
            case "sigmoid" -> Activation.SIGMOID;
            case "relu" -> Activation.RELU;
            default -> throw new IOException(name + ": activation '" + act + "', expected 'sigmoid' or 'relu'");
        };
        boolean f64 = w1.isF64() || b1.isF64() || w2.isF64() || b2.isF64();
        return new Weights(input, hidden, output, activation, f64, w1.numbers(), b1.numbers(), w2.numbers(), b2.numbers());
    }

    /** The entry's bytes, never more than its declared size (a forged size cannot make us allocate more). */
    private static byte[] read(ZipFile zip, ZipEntry e, String name) throws IOException {
        long size = e.getSize();
        if (size < 0 || size > Integer.MAX_VALUE - 16 || size > Runtime.getRuntime().maxMemory() / 4) {
            throw new IOException(name + ": entry " + e.getName() + " declares " + size
                    + " bytes, more than this JVM's heap can take for a model (-Xmx)");
        }
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

    private static Npy.Array numbers(Map<String, Npy.Array> arrays, String key, String name) throws IOException {
        Npy.Array a = arrays.get(key);
        if (a.numbers() == null) {
            throw new IOException(name + ": " + key + " has dtype " + a.descr() + "; expected '<f4' or '<f8'");
        }
        return a;
    }

    private static boolean isVector(Npy.Array a, int n) {
        int[] s = a.shape();
        return (s.length == 1 && s[0] == n) || (s.length == 2 && s[0] == 1 && s[1] == n);
    }

    private static String entries(ZipFile zip) {
        return Arrays.toString(zip.stream().map(ZipEntry::getName).sorted().toArray());
    }
}
