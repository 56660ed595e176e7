package dev.vecnet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small IDX data sets written for tests: n training and n test images of 28x28 (or other sizes). */
final class SmallData {
    private SmallData() {}

    static Path dir(int n) {
        return write(n, 28, n, 28);
    }

    /** 784-pixel training images with 4x4 test images. */
    static Path mixed() {
        return write(10, 28, 10, 4);
    }

    private static Path write(int trainCount, int trainSide, int testCount, int testSide) {
        try {
            Path d = Files.createTempDirectory("vecnet-data");
            d.toFile().deleteOnExit();
            images(d.resolve("train-images-idx3-ubyte"), trainCount, trainSide);
            labels(d.resolve("train-labels-idx1-ubyte"), trainCount);
            images(d.resolve("t10k-images-idx3-ubyte"), testCount, testSide);
            labels(d.resolve("t10k-labels-idx1-ubyte"), testCount);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void images(Path f, int count, int side) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + count * side * side);
        b.putInt(0x803).putInt(count).putInt(side).putInt(side);
        for (int i = 16; i < b.capacity(); i++) {
            b.put(i, (byte) (i * 31));
        }
        Files.write(f, b.array());
        f.toFile().deleteOnExit();
    }

    private static void labels(Path f, int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put(8 + i, (byte) (i % 10));
        }
        Files.write(f, b.array());
        f.toFile().deleteOnExit();
    }

    /** An image file holding only a header (and a few pixels) that claims count images of rows x columns. */
    static void imagesHeader(Path f, int count, int rows, int columns) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 64);
        b.putInt(0x803).putInt(count).putInt(rows).putInt(columns);
        Files.write(f, b.array());
    }
}
