package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.vecnet.kernel.Activation;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.TwoLayerNet;
import dev.vecnet.nn.WeightInit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips are bitwise; every corruption is rejected with a message, never a wrong model or an OOM. */
class ModelFileTest {

    static TwoLayerNet<float[]> net(int in, int hidden, int out, Activation act) {
        return new TwoLayerNet<>(Precision.F32, in, hidden, out, act, WeightInit.HE, 0.01, 5, 4, 1, false);
    }

    @Test
    void float32RoundTripIsBitwise(@TempDir Path dir) throws IOException {
        TwoLayerNet<float[]> n = net(7, 5, 3, Activation.RELU);
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(n, f);
        Model m = ModelFile.read(f);
        assertEquals(Activation.RELU, m.activation());
        assertEquals("f32", m.sourcePrecision());
        assertArrayEquals(n.parameters().get(0).value(), m.w1);
        assertArrayEquals(n.parameters().get(1).value(), m.b1);
        assertArrayEquals(n.parameters().get(2).value(), m.w2);
        assertArrayEquals(n.parameters().get(3).value(), m.b2);
        ModelFormat.VNET.write(n, f); // overwrite in place: still one file
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void float64FilesKeepDoublesAndLoadAsFloats(@TempDir Path dir) throws IOException {
        TwoLayerNet<double[]> n = new TwoLayerNet<>(Precision.F64, 4, 3, 2, Activation.SIGMOID, WeightInit.STD, 0.3, 1, 1, 1, false);
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(n, f);
        assertEquals(ModelFile.HEADER + (4 * 3 + 3 + 3 * 2 + 2) * 8 + 4, Files.size(f));
        Model m = ModelFile.read(f);
        assertEquals("f64", m.sourcePrecision());
        for (int i = 0; i < m.w1.length; i++) {
            assertEquals((float) n.parameters().get(0).value()[i], m.w1[i], 0f);
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
        huge[12] = (byte) 0xff; huge[13] = (byte) 0xff; huge[14] = (byte) 0xff; huge[15] = (byte) 0x7f; // input = 2^31 - 1
        var e = assertThrows(IOException.class, () -> ModelFile.read(huge, "huge.vnet"));
        assertTrue(e.getMessage().contains("are not a network's"), e.getMessage());
    }

    @Test
    void messagesSayWhatIsWrong(@TempDir Path dir) throws IOException {
        var e = assertThrows(IOException.class, () -> ModelFile.read(new byte[40], "zero.vnet"));
        assertTrue(e.getMessage().startsWith("zero.vnet: not a vecnet model"), e.getMessage());
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(net(3, 2, 2, Activation.SIGMOID), f);
        byte[] v1 = Files.readAllBytes(f);
        v1[4] = 1; // a file of format version 1 (CRC-32C), from the first development builds
        var old = assertThrows(IOException.class, () -> ModelFile.read(v1, "old.vnet"));
        assertEquals("old.vnet: model format version 1, this vecnet reads version 2", old.getMessage());
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
