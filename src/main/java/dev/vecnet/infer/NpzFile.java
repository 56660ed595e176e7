package dev.vecnet.infer;

import dev.vecnet.io.AtomicFiles;
import dev.vecnet.io.InputFiles;
import dev.vecnet.io.Quoted;
import dev.vecnet.io.Memory;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz (what {@code np.savez} writes: a zip of .npy arrays) holding the book's parameter
 * names W1 (input x hidden), b1 (hidden), W2, b2, ... Wn, bn and a string {@code activation}: the
 * hidden layers' activations, comma-separated ("sigmoid", "relu", "tanh", "none" or
 * "leaky_relu(0.01)"; one name stands for every hidden layer); an optional string {@code output} is
 * "scores" for a network without a softmax at the end. In Python:
 * <pre>{@code
 * p = np.load("model.npz"); W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]; str(p["activation"]).split(",")
 * np.savez("model.npz", W1=W1, b1=b1, W2=W2, b2=b2, activation="sigmoid")
 * }</pre>
 * Writing keeps the network's precision (float32 '<f4' or float64 '<f8'), stores entries
 * uncompressed as np.savez does, with fixed timestamps (the same weights give the same bytes), and is
 * atomic. Reading accepts stored or deflated entries (np.savez_compressed), biases shaped (n,) or
 * (1, n), ignores extra arrays, checks every entry's CRC-32, and rejects anything else by name. It
 * reads every array's header before any data: shapes that do not chain into a network, sizes that
 * disagree with the zip's, or a model larger than the heap are refused before anything is inflated.
 */
final class NpzFile {
    private static final String ACTIVATION = "activation", OUTPUT = "output";
    /** An entry's first bytes, enough for any .npy header vecnet reads. */
    private static final int HEADER_PREFIX = 1 << 16;
    private static final LocalDateTime DOS_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private NpzFile() {}

    static byte[] toBytes(Weights w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int l = 0; l < w.layers().size(); l++) {
                Weights.Dense d = w.layers().get(l);
                entry(zip, "W" + (l + 1) + ".npy", Npy.encode(d.w(), new int[] {d.inputs(), d.outputs()}, w.f64()));
                entry(zip, "b" + (l + 1) + ".npy", Npy.encode(d.b(), new int[] {d.outputs()}, w.f64()));
            }
            List<String> names = new ArrayList<>();
            for (int l = 0; l + 1 < w.layers().size(); l++) {
                names.add(w.layers().get(l).activationName());
            }
            entry(zip, ACTIVATION + ".npy", Npy.encode(String.join(",", names)));
            if (w.output() == Output.SCORES) {
                entry(zip, OUTPUT + ".npy", Npy.encode("scores"));
            }
        }
        return out.toByteArray();
    }

    static void write(Weights w, Path target) throws IOException {
        AtomicFiles.write(target, toBytes(w));
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

    static Weights read(Path file) throws IOException {
        return read(file, file.toString());
    }

    /**
     * An archive's bytes (already in memory, at most {@link ModelFile#MAX_MODEL_BYTES}): through a
     * private temporary file, deleted at once, since a zip's entries are read by name with random
     * access (what {@link ZipFile} does, and what keeps a decompression bomb from being inflated).
     */
    static Weights read(byte[] bytes, String name) throws IOException {
        Path tmp = Files.createTempFile("vecnet-", ".npz");
        try {
            Files.write(tmp, bytes);
            return read(tmp, name);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Weights read(Path file, String name) throws IOException {
        long size = InputFiles.regular(file, "model");
        if (size > ModelFile.MAX_MODEL_BYTES) {
            throw new IOException(name + ": " + size + " bytes; vecnet reads model files up to " + ModelFile.MAX_MODEL_BYTES);
        }
        Map<String, Npy.Array> arrays = new HashMap<>();
        int depth = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            while (zip.getEntry("W" + (depth + 1) + ".npy") != null) {
                depth++;
            }
            if (depth == 0) {
                throw new IOException(name + ": no array 'W1' (it holds " + entries(zip) + "); save it with "
                        + "np.savez(path, W1=W1, b1=b1, W2=W2, b2=b2, activation='sigmoid' or 'relu' or 'tanh')");
            }
            if (zip.getEntry("b" + (depth + 1) + ".npy") != null) {
                throw new IOException(name + ": it holds b" + (depth + 1) + " but no W" + (depth + 1) + " (it holds "
                        + entries(zip) + ")");
            }
            List<String> keys = new ArrayList<>();
            for (int l = 1; l <= depth; l++) {
                keys.add("W" + l);
                keys.add("b" + l);
            }
            if (depth > 1 || zip.getEntry(ACTIVATION + ".npy") != null) {
                keys.add(ACTIVATION);
            }
            if (zip.getEntry(OUTPUT + ".npy") != null) {
                keys.add(OUTPUT);
            }
            // every header first: the shapes must chain into a network and fit the heap before any data is inflated
            Map<String, ZipEntry> entries = new HashMap<>();
            Map<String, Npy.Header> headers = new HashMap<>();
            long elements = 0, bytes = 0;
            for (String key : keys) {
                ZipEntry e = zip.getEntry(key + ".npy");
                if (e == null) {
                    throw new IOException(name + ": no array '" + key + "' (it holds " + entries(zip) + "); a network of "
                            + depth + " layers needs W1..W" + depth + ", b1..b" + depth + " and 'activation'");
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
            checkShapes(headers, depth, name);
            // the entries' bytes, the decoded doubles and the model's floats, all at once at worst
            Memory.require(Memory.product(elements, 8 + 8 + 4), "loading " + name);
            for (String key : keys) {
                arrays.put(key, Npy.decode(read(zip, entries.get(key), name), name + "[" + key + "]"));
            }
        } catch (ZipException e) {
            throw new IOException(name + ": not a readable .npz (zip) file: " + e.getMessage(), e);
        }
        Output output = Output.PROBABILITIES;
        if (arrays.containsKey(OUTPUT)) {
            String o = arrays.get(OUTPUT).text().toLowerCase(Locale.ROOT);
            output = switch (o) {
                case "scores" -> Output.SCORES;
                case "softmax", "probabilities" -> Output.PROBABILITIES;
                default -> throw new IOException(name + ": output " + Quoted.of(o) + ", expected 'softmax' or 'scores'");
            };
        }
        List<Activation> acts = new ArrayList<>();
        List<Double> leaks = new ArrayList<>();
        if (depth == 1 && arrays.containsKey(ACTIVATION) && !arrays.get(ACTIVATION).text().isEmpty()) {
            throw new IOException(name + ": activation " + Quoted.of(arrays.get(ACTIVATION).text())
                    + " for a network of one layer, which has no hidden layer");
        }
        if (depth > 1) {
            String text = arrays.get(ACTIVATION).text();
            String[] parts = text.split(",", -1);
            if (parts.length != 1 && parts.length != depth - 1) {
                throw new IOException(name + ": activation " + Quoted.of(text) + " names " + parts.length + " activations for "
                        + (depth - 1) + " hidden layers (give one for all, or one each)");
            }
            for (int l = 0; l < depth - 1; l++) {
                parseActivation(parts[parts.length == 1 ? 0 : l].trim(), name, acts, leaks);
            }
        }
        boolean f64 = false;
        List<Weights.Dense> dense = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            Npy.Array w = arrays.get("W" + l), b = arrays.get("b" + l);
            f64 |= w.isF64() || b.isF64();
            dense.add(new Weights.Dense(w.shape()[0], w.shape()[1], w.numbers(), b.numbers(),
                    l < depth ? acts.get(l - 1) : Activation.NONE, l < depth ? leaks.get(l - 1) : 0));
        }
        try {
            return new Weights(dense, output, f64);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    /** "sigmoid", "relu", "tanh", "none" or "leaky_relu(alpha)". */
    private static void parseActivation(String a, String name, List<Activation> acts, List<Double> leaks) throws IOException {
        String s = a.toLowerCase(Locale.ROOT);
        double leak = 0;
        Activation act;
        if (s.startsWith("leaky_relu(") && s.endsWith(")")) {
            try {
                leak = Double.parseDouble(s.substring("leaky_relu(".length(), s.length() - 1));
            } catch (NumberFormatException e) {
                throw new IOException(name + ": activation " + Quoted.of(a) + ": the slope is not a number");
            }
            if (!Double.isFinite(leak) || leak == 0) {
                throw new IOException(name + ": activation " + Quoted.of(a) + ": the slope must be finite and not 0");
            }
            act = Activation.RELU;
        } else {
            act = switch (s) {
                case "sigmoid" -> Activation.SIGMOID;
                case "relu" -> Activation.RELU;
                case "tanh" -> Activation.TANH;
                case "none", "identity", "linear" -> Activation.NONE;
                default -> throw new IOException(name + ": activation " + Quoted.of(a)
                        + ", expected 'sigmoid', 'relu', 'tanh', 'none' or 'leaky_relu(alpha)'");
            };
        }
        acts.add(act);
        leaks.add(leak);
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

    /** Wl 2-D (in, out) chaining, bl (out,) or (1, out), numbers; activation and output strings; out >= 2 under a softmax. */
    private static void checkShapes(Map<String, Npy.Header> h, int depth, String name) throws IOException {
        for (Map.Entry<String, Npy.Header> e : h.entrySet()) {
            boolean text = e.getKey().equals(ACTIVATION) || e.getKey().equals(OUTPUT);
            if (e.getValue().text() != text) {
                throw new IOException(name + ": " + e.getKey() + " has dtype " + e.getValue().descr() + "; expected "
                        + (text ? "a string" : "'<f4' or '<f8'"));
            }
        }
        int previous = -1;
        for (int l = 1; l <= depth; l++) {
            int[] w = h.get("W" + l).shape(), b = h.get("b" + l).shape();
            if (w.length != 2 || w[0] < 1 || w[1] < 1 || w[0] > Weights.MAX_SIZE || w[1] > Weights.MAX_SIZE) {
                throw new IOException(name + ": W" + l + " has shape " + Arrays.toString(w) + "; it must be 2-D (in, out), each 1.."
                        + Weights.MAX_SIZE);
            }
            if (previous >= 0 && w[0] != previous) {
                throw new IOException(name + ": W" + l + " has shape " + Arrays.toString(w) + " but W" + (l - 1) + " gives "
                        + previous + " values: the shapes do not chain");
            }
            if (!isVector(b, w[1])) {
                throw new IOException(name + ": b" + l + " has shape " + Arrays.toString(b) + "; expected (" + w[1] + ",)");
            }
            previous = w[1];
        }
    }

    /** The entry's bytes, never more than its declared size (a forged size cannot make us allocate more). */
    private static byte[] read(ZipFile zip, ZipEntry e, String name) throws IOException {
        long size = e.getSize();
        try (InputStream in = zip.getInputStream(e)) {
            byte[] data = in.readNBytes((int) size);
            if (data.length != size || in.read() != -1) {
                throw new IOException(name + ": entry " + Quoted.of(e.getName()) + " does not hold its declared " + size + " bytes");
            }
            // ZipFile checks no CRC on stored entries: a flipped weight byte must not load silently
            CRC32 crc = new CRC32();
            crc.update(data);
            if (crc.getValue() != e.getCrc()) {
                throw new IOException(String.format("%s: entry %s fails its CRC-32 (stored %08x, computed %08x): the file is corrupt",
                        name, Quoted.of(e.getName()), e.getCrc(), crc.getValue()));
            }
            return data;
        }
    }

    private static boolean isVector(int[] s, int n) {
        return (s.length == 1 && s[0] == n) || (s.length == 2 && s[0] == 1 && s[1] == n);
    }

    private static String entries(ZipFile zip) {
        return Quoted.list(zip.stream().map(ZipEntry::getName).sorted().toList());
    }
}
