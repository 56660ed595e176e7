package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * .npz interchange against files numpy itself wrote (src/test/resources/dev/vecnet/infer,
 * made by make_npz_fixtures.py): numpy's weights give numpy's probabilities, our .npy entries are
 * byte for byte what numpy writes, round trips are bitwise, defects are named.
 */
class NpzFileTest {

    static Path fixture(String name) {
        try {
            return Path.of(NpzFileTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Npy.Array entry(Path npz, String name) throws IOException {
        try (ZipFile zip = new ZipFile(npz.toFile()); InputStream in = zip.getInputStream(zip.getEntry(name + ".npy"))) {
            return Npy.decode(in.readAllBytes(), name);
        }
    }

    static byte[] rawEntry(Path npz, String name) throws IOException {
        try (ZipFile zip = new ZipFile(npz.toFile()); InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void numpysWeightsGiveNumpysProbabilities() throws IOException {
        Path f = fixture("numpy-sigmoid-f32.npz");
        Model m = ModelFormat.read(f);
        assertEquals(List.of(6, 4, 3), m.sizes());
        assertEquals("6-4-3 sigmoid -> softmax", m.describe());
        assertEquals("f32", m.sourcePrecision());
        double[] x = entry(f, "inputs").numbers(), expected = entry(f, "probabilities").numbers();
        Predictor p = m.predictor();
        float[] image = new float[6], probs = new float[3];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 6; j++) {
                image[j] = (float) x[i * 6 + j];
            }
            p.predict(image, probs);
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i * 3 + j], probs[j], 1e-6, "sample " + i + " class " + j);
            }
        }
    }

    @Test
    void compressedFloat64WithRowBiasesLoads() throws IOException {
        Path f = fixture("numpy-relu-f64.npz");
        Weights w = NpzFile.read(f);
        assertEquals(Activation.RELU, w.layers().get(0).activation());
        assertTrue(w.f64());
        assertArrayEquals(entry(f, "b1").numbers(), w.layers().get(0).b());
        assertArrayEquals(entry(f, "W2").numbers(), w.layers().get(1).w());
        Model m = ModelFormat.read(f);
        assertEquals("f64", m.sourcePrecision());
        assertEquals((float) w.layers().get(0).w()[5], m.w[0][5], 0f);
    }

    @Test
    void ourEntriesAreByteForByteWhatNumpyWrites(@TempDir Path dir) throws IOException {
        Path numpy = fixture("numpy-sigmoid-f32.npz");
        Path ours = dir.resolve("ours.npz");
        ModelFormat.NPZ.write(ModelFormat.read(numpy), ours);
        for (String name : new String[] {"W1.npy", "b1.npy", "W2.npy", "b2.npy", "activation.npy"}) {
            assertArrayEquals(rawEntry(numpy, name), rawEntry(ours, name), name);
        }
        Path f64 = dir.resolve("f64.npz");
        NpzFile.write(NpzFile.read(fixture("numpy-relu-f64.npz")), f64);
        assertArrayEquals(rawEntry(fixture("numpy-relu-f64.npz"), "W1.npy"), rawEntry(f64, "W1.npy"));
        assertArrayEquals(rawEntry(fixture("numpy-relu-f64.npz"), "activation.npy"), rawEntry(f64, "activation.npy"));
    }

    @Test
    void roundTripsAreBitwiseAndWritesAreReproducible(@TempDir Path dir) throws IOException {
        Weights f32 = ModelFileTest.net(11, 7, 5, Activation.RELU);
        Path a = dir.resolve("a.npz"), b = dir.resolve("b.npz");
        ModelFormat.NPZ.write(f32, a);
        ModelFileTest.assertSame(f32, NpzFile.read(a));
        ModelFormat.NPZ.write(ModelFormat.read(a), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same weights, same bytes");

        Weights f64 = TestWeights.random(9, true, Activation.SIGMOID, 5, 3, 2);
        ModelFormat.NPZ.write(f64, a);
        ModelFileTest.assertSame(f64, NpzFile.read(a));

        Weights deep = TestWeights.random(2, false, Output.SCORES, List.of(Activation.TANH, Activation.RELU, Activation.NONE),
                6, 5, 4, 3, 2);
        ModelFormat.NPZ.write(deep, a);
        ModelFileTest.assertSame(deep, NpzFile.read(a));
        assertEquals("tanh,relu,none", entry(a, "activation").text());
        assertEquals("scores", entry(a, "output").text());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad-fortran.npz       | Fortran order",
        "bad-big-endian.npz    | dtype >f4 is big-endian",
        "bad-int.npz           | dtype <i4",
        "bad-no-activation.npz | no array 'activation'",
        "bad-3d.npz            | must be 2-D",
        "bad-shapes.npz        | do not chain",
    })
    void defectsAreNamed(String file, String message) {
        var e = assertThrows(IOException.class, () -> ModelFormat.read(fixture(file)));
        assertTrue(e.getMessage().startsWith(fixture(file).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void everyTruncationFailsAndNoByteFlipLoadsADifferentModel(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.npz");
        ModelFormat.NPZ.write(ModelFileTest.net(3, 2, 2, Activation.SIGMOID), good);
        byte[] bytes = Files.readAllBytes(good);
        Weights original = NpzFile.read(good);
        Path bad = dir.resolve("bad.npz");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(bad, Arrays.copyOf(bytes, len));
            assertThrows(IOException.class, () -> ModelFormat.read(bad), "length " + len);
        }
        int rejected = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= (byte) 0x5a;
            Files.write(bad, flipped);
            try {
                Weights w = NpzFile.read(bad);
                // a flip in a field the reader does not use (a timestamp, "version made by") is harmless
                ModelFileTest.assertSame(original, w);
            } catch (IOException expected) {
                rejected++;
            }
        }
        assertTrue(rejected > bytes.length / 2, rejected + " of " + bytes.length + " flips rejected");
    }

    @Test
    void formatsAreChosenByExtensionAndToldApartByContent(@TempDir Path dir) throws IOException {
        Weights net = ModelFileTest.net(4, 3, 2, Activation.SIGMOID);
        assertEquals(ModelFormat.NPZ, ModelFormat.forPath(Path.of("x.NPZ")));
        assertEquals(ModelFormat.ONNX, ModelFormat.forPath(Path.of("x.onnx")));
        assertEquals(ModelFormat.VNET, ModelFormat.forPath(Path.of("x.vnet")));
        Path npz = dir.resolve("m.npz"), vnet = dir.resolve("m.bin");
        ModelFormat.forPath(npz).write(net, npz);
        ModelFormat.forPath(vnet).write(net, vnet);
        assertArrayEquals(ModelFormat.read(npz).w[0], ModelFormat.read(vnet).w[0]);
        var e = assertThrows(IOException.class, () -> ModelFormat.read(fixture("make_npz_fixtures.py")));
        assertTrue(e.getMessage().contains("not a vecnet model"), e.getMessage());
    }

    /** A .npy header (version 1.0) for a float32 array of that shape, padded as numpy pads it. */
    private static byte[] npyHeader(String shape) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1, padded = (unpadded + 63) / 64 * 64;
        String text = dict + " ".repeat(padded - unpadded) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(padded).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length());
        b.put(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /**
     * A 300 MB W1 of zeros deflates to a few hundred KB: refused from the entries' headers and declared
     * sizes, in well under a second and without inflating it.
     */
    @Test
    void aDecompressionBombIsRefusedBeforeInflating(@TempDir Path dir) throws IOException {
        Path bomb = dir.resolve("bomb.npz");
        int hidden = 100_000;
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("W1.npy"));
            zip.write(npyHeader("(784, " + hidden + ")"));
            byte[] zeros = new byte[1 << 20];
            for (long left = 784L * hidden * 4; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            zip.closeEntry();
            for (String[] e : new String[][] {{"b1", "(" + hidden + ",)"}, {"W2", "(" + hidden + ", 10)"}, {"b2", "(10,)"}}) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e[0] + ".npy"));
                zip.write(npyHeader(e[1]));
                zip.write(new byte[4 * Arrays.stream(e[1].replaceAll("[(),]", " ").trim().split("\\s+"))
                        .mapToInt(Integer::parseInt).reduce(1, (a, b) -> a * b)]);
                zip.closeEntry();
            }
            zip.putNextEntry(new java.util.zip.ZipEntry("activation.npy"));
            zip.write(Npy.encode("sigmoid"));
            zip.closeEntry();
        }
        assertTrue(Files.size(bomb) < 2_000_000, "the bomb is small: " + Files.size(bomb));
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> NpzFile.read(bomb));
        assertTrue(e.getMessage().contains("vecnet reads models up to"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused without inflating the arrays");
    }

    /** A zip of .npy entries as given. */
    private static Path npz(Path file, java.util.Map<String, byte[]> entries) throws IOException {
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** One limit on depth, on the way in as on the way out: a reader refuses what no writer makes. */
    @Test
    void moreLayersThanAModelHasAreRefused(@TempDir Path dir) throws IOException {
        var entries = new java.util.LinkedHashMap<String, byte[]>();
        for (int l = 1; l <= 1100; l++) {
            entries.put("W" + l + ".npy", Npy.encode(new double[] {0.5}, new int[] {1, 1}, false));
            entries.put("b" + l + ".npy", Npy.encode(new double[] {0}, new int[] {1}, false));
        }
        entries.put("activation.npy", Npy.encode("relu"));
        entries.put("output.npy", Npy.encode("scores"));
        var e = assertThrows(IOException.class, () -> NpzFile.read(npz(dir.resolve("deep.npz"), entries)));
        assertTrue(e.getMessage().contains("1100 dense layers; a model has 1..1024"), e.getMessage());
        var layers = java.util.Collections.nCopies(1100, new Weights.Dense(1, 1, new double[1], new double[1], Activation.RELU, 0));
        var made = assertThrows(IllegalArgumentException.class, () -> new Weights(layers, Output.SCORES, false));
        assertTrue(made.getMessage().contains("1100 dense layers; a model has 1..1024"), made.getMessage());
    }

    /** Strings from the file reach messages escaped and named after the file, never raw. */
    @Test
    void stringsFromTheFileAreNamedAndEscaped(@TempDir Path dir) throws IOException {
        Weights net = ModelFileTest.net(4, 3, 2, Activation.SIGMOID);
        var entries = new java.util.LinkedHashMap<String, byte[]>();
        entries.put("W1.npy", Npy.encode(net.layers().get(0).w(), new int[] {4, 3}, false));
        entries.put("b1.npy", Npy.encode(net.layers().get(0).b(), new int[] {3}, false));
        entries.put("W2.npy", Npy.encode(net.layers().get(1).w(), new int[] {3, 2}, false));
        entries.put("b2.npy", Npy.encode(net.layers().get(1).b(), new int[] {2}, false));
        entries.put("activation.npy", Npy.encode("relu\nvecnet: OK model loaded fine\u001b[2J"));
        Path forged = npz(dir.resolve("forged.npz"), entries);
        var e = assertThrows(IOException.class, () -> NpzFile.read(forged));
        assertTrue(e.getMessage().startsWith(forged + ": activation 'relu\\nvecnet: OK model loaded fine\\x1b[2J'"), e.getMessage());
        // a '<U1' string whose one code point, 0x110000, is beyond Unicode
        byte[] header = Npy.encode("x");
        java.nio.ByteBuffer.wrap(header, header.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x110000);
        entries.put("activation.npy", header);
        Path beyond = npz(dir.resolve("beyond.npz"), entries);
        e = assertThrows(IOException.class, () -> NpzFile.read(beyond));
        assertTrue(e.getMessage().startsWith(beyond + "[activation]: invalid code point 0x110000"), e.getMessage());
    }

    /** The file's own size counts, not only its arrays': a model file is at most 256 MB. */
    @Test
    void aFileLargerThanAModelIsRefusedFromItsSize(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.npz");
        ModelFormat.NPZ.write(ModelFileTest.net(4, 3, 2, Activation.SIGMOID), big);
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ModelFile.MAX_MODEL_BYTES + 1); // sparse: the zip's directory is now lost in zeros
        }
        var e = assertThrows(IOException.class, () -> NpzFile.read(big));
        assertTrue(e.getMessage().contains("268435457 bytes; vecnet reads model files up to 268435456"), e.getMessage());
    }
}
