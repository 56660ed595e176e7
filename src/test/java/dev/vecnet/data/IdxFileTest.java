package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX parsing, and every defect rejected with a message that names the file and the problem. */
class IdxFileTest {

    static byte[] images(int magic, int count, int rows, int cols, int payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < payload; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    static byte[] labels(int count, int payload, int value) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putInt(IdxFile.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < payload; i++) {
            b.put((byte) value);
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        byte[] raw = images(IdxFile.IMAGES_MAGIC, 3, 2, 2, 12);
        IdxFile.Images a = IdxFile.readImages(new ByteArrayInputStream(raw), "raw");
        IdxFile.Images b = IdxFile.readImages(new ByteArrayInputStream(gzip(raw)), "gz");
        assertEquals(3, a.count());
        assertEquals(4, a.size());
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(Arrays.copyOfRange(raw, 16, 28), a.pixels());
    }

    @Test
    void filesLongerThanOneReadChunkArriveIntact() throws IOException {
        int count = 2 * (1 << 20) / 784 + 3; // spans three 1 MiB chunks, the header across none
        byte[] raw = images(IdxFile.IMAGES_MAGIC, count, 28, 28, count * 784);
        for (byte[] file : new byte[][] {raw, gzip(raw)}) {
            IdxFile.Images im = IdxFile.readImages(new ByteArrayInputStream(file), "big");
            assertEquals(count, im.count());
            assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), im.pixels());
        }
    }

    @Test
    void wrongMagicIsNamed() {
        var e = assertThrows(IOException.class, () -> IdxFile.readImages(
                new ByteArrayInputStream(images(0x00000801, 1, 1, 1, 1)), "x.idx"));
        assertEquals("x.idx: magic number 0x00000801, expected 0x00000803 (IDX images)", e.getMessage());
        var l = assertThrows(IOException.class, () -> IdxFile.readLabels(
                new ByteArrayInputStream(images(IdxFile.IMAGES_MAGIC, 1, 1, 1, 1)), "y.idx"));
        assertTrue(l.getMessage().contains("expected 0x00000801"), l.getMessage());
    }

    @Test
    void truncatedAndOverlongFilesAreRejected() throws IOException {
        byte[] truncated = images(IdxFile.IMAGES_MAGIC, 10, 28, 28, 100);
        var e = assertThrows(IOException.class, () -> IdxFile.readImages(new ByteArrayInputStream(truncated), "t.idx"));
        assertTrue(e.getMessage().contains("10 images of 28x28") && e.getMessage().endsWith("(truncated)"), e.getMessage());
        // a header claiming two billion images is refused from the header, before anything is allocated
        byte[] huge = images(IdxFile.IMAGES_MAGIC, Integer.MAX_VALUE, 28, 28, 10);
        var h = assertThrows(IOException.class, () -> IdxFile.readImages(new ByteArrayInputStream(huge), "h.idx"));
        assertTrue(h.getMessage().contains("more than an MNIST-family file holds"), h.getMessage());
        // a plausible header over too few bytes: memory follows the bytes there, and the cut is named
        byte[] plausible = images(IdxFile.IMAGES_MAGIC, 1_000_000, 28, 28, 10);
        var c = assertThrows(IOException.class, () -> IdxFile.readImages(new ByteArrayInputStream(plausible), "c.idx"));
        assertTrue(c.getMessage().endsWith("10 bytes (truncated)"), c.getMessage());
        var extra = assertThrows(IOException.class, () -> IdxFile.readLabels(
                new ByteArrayInputStream(labels(3, 5, 1)), "l.idx"));
        assertTrue(extra.getMessage().contains("3 labels"), extra.getMessage());
        var shortHeader = assertThrows(IOException.class, () -> IdxFile.readImages(
                new ByteArrayInputStream(new byte[] {0, 0, 8}), "s.idx"));
        assertTrue(shortHeader.getMessage().contains("too short"), shortHeader.getMessage());
        byte[] gz = gzip(images(IdxFile.IMAGES_MAGIC, 5, 2, 2, 20));
        var cut = assertThrows(IOException.class, () -> IdxFile.readImages(
                new ByteArrayInputStream(Arrays.copyOf(gz, gz.length - 12)), "c.gz"));
        assertTrue(cut.getMessage().startsWith("c.gz: "), cut.getMessage());
    }

    @Test
    void bodiesReadInChunksOrStraightAgreeAndRefuseTheSameFiles() throws IOException {
        byte[] body = new byte[3_000_000];
        new java.util.Random(5).nextBytes(body);
        for (long directMax : new long[] {0, IdxFile.DIRECT_MAX}) {
            assertArrayEquals(body, IdxFile.body(new ByteArrayInputStream(body), "b", body.length, "all", directMax));
            var shortBy1 = assertThrows(IOException.class, () -> IdxFile.body(new ByteArrayInputStream(body), "b",
                    body.length + 1L, "one more", directMax));
            assertTrue(shortBy1.getMessage().endsWith(body.length + " bytes (truncated)"), shortBy1.getMessage());
            var longer = assertThrows(IOException.class, () -> IdxFile.body(new ByteArrayInputStream(body), "b",
                    body.length - 1L, "one less", directMax));
            assertTrue(longer.getMessage().endsWith("holds more"), longer.getMessage());
        }
    }

    @Test
    void countMismatchAndBadLabelsAreRejected() throws IOException {
        IdxFile.Images img = IdxFile.readImages(new ByteArrayInputStream(images(IdxFile.IMAGES_MAGIC, 3, 1, 2, 6)), "i");
        var e = assertThrows(IllegalArgumentException.class, () -> new Dataset("d", img, new byte[2], 10));
        assertEquals("d: 3 images but 2 labels", e.getMessage());
        var l = assertThrows(IllegalArgumentException.class, () -> new Dataset("d", img, new byte[] {1, 12, 0}, 10));
        assertEquals("d: label 12 of sample 1 is not in [0, 10)", l.getMessage());
    }

    @Test
    void directoryLoadingFindsRawOrGzAndNamesWhatIsMissing(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(IdxFile.IMAGES_MAGIC, 2, 1, 2, 4));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(2, 2, 3)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(IdxFile.IMAGES_MAGIC, 1, 1, 2, 2)));
        var missing = assertThrows(IOException.class, () -> Mnist.fromDirectory(dir));
        assertTrue(missing.getMessage().contains("no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz"), missing.getMessage());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(1, 1, 7));
        Mnist.Splits s = Mnist.fromDirectory(dir);
        assertEquals(2, s.train().size());
        assertEquals(3, s.train().label(1));
        assertEquals(7, s.test().label(0));
        float[] row = new float[s.train().features()];
        s.train().copyTo(0, row, 0);
        assertEquals(1 / 255f, row[1], 0f);
    }

    @Test
    void embeddedMnist10kIsTheRealData() throws IOException {
        Mnist.Splits s = Mnist.embedded();
        assertEquals(10_000, s.train().size());
        assertEquals(10_000, s.test().size());
        assertEquals(784, s.train().features());
        // the first official training labels are 5 0 4 1 9, the first test labels 7 2 1 0 4
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, new int[] {s.train().label(0), s.train().label(1),
                s.train().label(2), s.train().label(3), s.train().label(4)});
        assertArrayEquals(new int[] {7, 2, 1, 0, 4}, new int[] {s.test().label(0), s.test().label(1),
                s.test().label(2), s.test().label(3), s.test().label(4)});
        // pixels scaled as the book's load_mnist(normalize=True): float32(p) / 255, every value in [0, 1]
        float[] scaled = new float[784];
        s.train().copyTo(0, scaled, 0);
        for (int j = 0; j < 784; j++) {
            float p = Math.round(scaled[j] * 255f);
            assertEquals(p / 255f, scaled[j], 0f);
            assertTrue(p >= 0 && p <= 255);
        }
        var unknown = assertThrows(IllegalArgumentException.class, () -> Mnist.byName("cifar"));
        assertTrue(unknown.getMessage().startsWith("unknown dataset 'cifar'"), unknown.getMessage());
    }

    /** The JDK's GZIPInputStream reads a gzip file with garbage appended as good; these bytes are refused. */
    @Test
    void gzipDataIsCheckedToItsLastByte() throws IOException {
        byte[] raw = images(IdxFile.IMAGES_MAGIC, 3, 2, 2, 12), gz = gzip(raw);
        byte[] garbage = Arrays.copyOf(gz, gz.length + 5);
        System.arraycopy("junk!".getBytes(), 0, garbage, gz.length, 5);
        var e = assertThrows(IOException.class, () -> IdxFile.readImages(new ByteArrayInputStream(garbage), "tail.gz"));
        assertTrue(e.getMessage().startsWith("tail.gz: ") && e.getMessage().contains("not gzip data"), e.getMessage());
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 6] ^= 1;
        e = assertThrows(IOException.class, () -> IdxFile.readImages(new ByteArrayInputStream(badCrc), "crc.gz"));
        assertTrue(e.getMessage().contains("fails its check"), e.getMessage());
        // two members, as `cat a.gz b.gz` makes: one stream of data, as gzip reads it
        byte[] half1 = gzip(Arrays.copyOf(raw, 10)), half2 = gzip(Arrays.copyOfRange(raw, 10, raw.length));
        byte[] two = Arrays.copyOf(half1, half1.length + half2.length);
        System.arraycopy(half2, 0, two, half1.length, half2.length);
        assertArrayEquals(Arrays.copyOfRange(raw, 16, 28), IdxFile.readImages(new ByteArrayInputStream(two), "two.gz").pixels());
    }
}
