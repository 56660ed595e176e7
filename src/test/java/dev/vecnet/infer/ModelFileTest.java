package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips are bitwise; every corruption is rejected with a message, never a wrong model or an OOM. */
class ModelFileTest {

    static Weights net(int in, int hidden, int out, Activation act) {
        return TestWeights.random(5, false, act, in, hidden, out);
    }

    @Test
    void float32RoundTripIsBitwiseAtAnyDepth(@TempDir Path dir) throws IOException {
        Weights w = TestWeights.random(3, false, Output.PROBABILITIES,
                List.of(Activation.RELU, Activation.TANH, Activation.SIGMOID), 7, 5, 4, 6, 3);
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(w, f);
        Weights back = ModelFile.read(f);
        assertSame(w, back);
        assertEquals("7-5-4-6-3 relu,tanh,sigmoid -> softmax", back.describe());
        ModelFormat.VNET.write(w, f); // overwrite in place: still one file
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void scoresLeaksAndALastActivationRoundTrip(@TempDir Path dir) throws IOException {
        Weights w = TestWeights.random(4, false, Output.SCORES, List.of(Activation.NONE), 3, 4, 1);
        Weights.Dense d0 = w.layers().get(0), d1 = w.layers().get(1);
        w = new Weights(List.of(new Weights.Dense(3, 4, d0.w(), d0.b(), Activation.RELU, 0.125),
                new Weights.Dense(4, 1, d1.w(), d1.b(), Activation.SIGMOID, 0)), Output.SCORES, false);
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(w, f);
        Weights back = ModelFile.read(f);
        assertSame(w, back);
        assertEquals("3-4-1 leaky_relu(0.125),sigmoid -> scores", back.describe());
    }

    /** The two-layer form of format version 2 still reads, to the same weights. */
    @Test
    void version2FilesStillRead() throws IOException {
        Weights w = TestWeights.random(6, false, Activation.RELU, 5, 3, 2);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + (5 * 3 + 3 + 3 * 2 + 2) * 4 + 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(ModelFile.MAGIC).putInt(2).put((byte) 0).put((byte) 1).put((byte) 0).put((byte) 0).putInt(5).putInt(3).putInt(2);
        for (Weights.Dense d : w.layers()) {
            for (double v : d.w()) {
                b.putFloat((float) v);
            }
            for (double v : d.b()) {
                b.putFloat((float) v);
            }
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        assertSame(w, ModelFile.read(b.array(), "v2.vnet"));
    }

    static void assertSame(Weights expected, Weights got) {
        assertEquals(expected.sizes(), got.sizes());
        assertEquals(expected.output(), got.output());
        assertEquals(expected.f64(), got.f64());
        for (int l = 0; l < expected.layers().size(); l++) {
            Weights.Dense e = expected.layers().get(l), g = got.layers().get(l);
            assertArrayEquals(e.w(), g.w(), "W" + (l + 1));
            assertArrayEquals(e.b(), g.b(), "b" + (l + 1));
            assertEquals(e.activation(), g.activation());
            assertEquals(e.leak(), g.leak());
        }
    }

    @Test
    void float64FilesKeepDoublesAndLoadAsFloats(@TempDir Path dir) throws IOException {
        Weights w = TestWeights.random(1, true, Activation.SIGMOID, 4, 3, 2);
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(w, f);
        assertEquals(16 + 3 * 4 + 2 * 8 + (4 * 3 + 3 + 3 * 2 + 2) * 8 + 4, Files.size(f));
        assertSame(w, ModelFile.read(f));
        Model m = ModelFormat.read(f);
        assertEquals("f64", m.sourcePrecision());
        for (int i = 0; i < m.w[0].length; i++) {
            assertEquals((float) w.layers().get(0).w()[i], m.w[0][i], 0f);
        }
    }

    @Test
    void everyTruncationAndEveryHeaderByteFlipIsRejected(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(net(3, 2, 2, Activation.SIGMOID), f);
        byte[] good = Files.readAllBytes(f);
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            var e = assertThrows(IOException.class, () -> ModelFile.read(cut, "cut.vnet"), "length " + len);
            assertTrue(e.getMessage().startsWith("cut.vnet: "), e.getMessage());
        }
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(IOException.class, () -> ModelFile.read(bad, "flip.vnet"), "byte " + i + " bit " + bit);
            }
        }
        byte[] huge = good.clone();
        huge[16] = (byte) 0xff; huge[17] = (byte) 0xff; huge[18] = (byte) 0xff; huge[19] = (byte) 0x7f; // input = 2^31 - 1
        var e = assertThrows(IOException.class, () -> ModelFile.read(huge, "huge.vnet"));
        assertTrue(e.getMessage().contains("are not a network's"), e.getMessage());
        byte[] deep = good.clone();
        deep[12] = (byte) 0xff; deep[13] = (byte) 0xff; // 65535 layers
        e = assertThrows(IOException.class, () -> ModelFile.read(deep, "deep.vnet"));
        assertTrue(e.getMessage().contains("65535 layers"), e.getMessage());
    }

    @Test
    void messagesSayWhatIsWrong(@TempDir Path dir) throws IOException {
        var e = assertThrows(IOException.class, () -> ModelFile.read(new byte[40], "zero.vnet"));
        assertTrue(e.getMessage().startsWith("zero.vnet: not a vecnet model"), e.getMessage());
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(net(3, 2, 2, Activation.SIGMOID), f);
        byte[] v1 = Files.readAllBytes(f);
        v1[4] = 1; // a file of format version 1 (CRC-32C)
        var old = assertThrows(IOException.class, () -> ModelFile.read(v1, "old.vnet"));
        assertEquals("old.vnet: model format version 1, this vecnet reads versions 2 and 3", old.getMessage());
    }

    /**
     * Random corruptions of a full-size 784-50-10 file (QuickTheories; "Seed was N" on failure, rerun
     * with -DQT_SEED=N): 1 to 8 bytes anywhere XOR-ed with nonzero values, or the file cut at a random
     * offset; every one is an IOException naming the file, never a model, an OOM or another exception.
     */
    @Test
    void randomCorruptionsOfAFullSizeModelAreRejected(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(net(784, 50, 10, Activation.SIGMOID), f);
        byte[] good = Files.readAllBytes(f);
        qt().withExamples(400).forAll(integers().between(0, 8), longs().all()).checkAssert((flips, seed) -> {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            byte[] bad = flips == 0 ? Arrays.copyOf(good, r.nextInt(good.length)) : good.clone();
            for (int i = 0; i < flips; i++) {
                bad[r.nextInt(bad.length)] ^= (byte) r.nextInt(1, 256);
            }
            if (flips > 0 && Arrays.equals(bad, good)) {
                return; // two flips of one byte cancelled out: not a corruption
            }
            var e = assertThrows(IOException.class, () -> ModelFile.read(bad, "bad.vnet"));
            assertTrue(e.getMessage().startsWith("bad.vnet: "), e.getMessage());
        });
    }
}
