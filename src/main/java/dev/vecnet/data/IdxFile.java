package dev.vecnet.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (MNIST's format): big-endian magic 0x00000803 for images (count, rows, columns)
 * or 0x00000801 for labels (count), then unsigned bytes; raw or gzip (detected by its magic).
 * Every header field is checked against the bytes actually there before anything is allocated from
 * it; errors name the source and what was wrong.
 */
public final class IdxFile {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** Nothing in this family is larger; a header claiming more is corrupt, not big. */
    private static final long MAX_BYTES = 1L << 31;

    private IdxFile() {}

    /** Images as stored: count x (rows·columns) unsigned bytes. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
        public int size() {
            return rows * columns;
        }
    }

    public static Images readImages(InputStream in, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(readAll(in, name));
        header(b, name, 16, IMAGES_MAGIC, "images");
        int count = b.getInt(4), rows = b.getInt(8), columns = b.getInt(12);
        if (count < 0 || rows <= 0 || columns <= 0) {
            throw new IOException(name + ": bad image header (count " + count + ", " + rows + "x" + columns + ")");
        }
        long expected = 16L + (long) count * rows * columns;
        if (b.capacity() != expected) {
            throw new IOException(name + ": header says " + count + " images of " + rows + "x" + columns
                    + " (" + expected + " bytes) but the file holds " + b.capacity() + " bytes"
                    + (b.capacity() < expected ? " (truncated)" : ""));
        }
        byte[] pixels = new byte[(int) (expected - 16)];
        b.get(16, pixels);
        return new Images(count, rows, columns, pixels);
    }

    public static byte[] readLabels(InputStream in, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(readAll(in, name));
        header(b, name, 8, LABELS_MAGIC, "labels");
        int count = b.getInt(4);
        if (count < 0 || b.capacity() != 8L + count) {
            throw new IOException(name + ": header says " + count + " labels (" + (8L + count)
                    + " bytes) but the file holds " + b.capacity() + " bytes"
                    + (b.capacity() < 8L + count ? " (truncated)" : ""));
        }
        byte[] labels = new byte[count];
        b.get(8, labels);
        return labels;
    }

    private static void header(ByteBuffer b, String name, int size, int magic, String kind) throws IOException {
        if (b.capacity() < size) {
            throw new IOException(name + ": " + b.capacity() + " bytes is too short for an IDX " + kind
                    + " header (" + size + " bytes)");
        }
        int found = b.getInt(0);
        if (found != magic) {
            throw new IOException(String.format("%s: magic number 0x%08x, expected 0x%08x (IDX %s)",
                    name, found, magic, kind));
        }
    }

    /** The whole stream, un-gzipped when it starts with gzip's magic; refuses more than 2 GB. */
    static byte[] readAll(InputStream in, String name) throws IOException {
        InputStream source = in.markSupported() ? in : new java.io.BufferedInputStream(in);
        source.mark(2);
        int b0 = source.read(), b1 = source.read();
        source.reset();
        InputStream data = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(source, 1 << 16) : source;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try {
            for (int r; (r = data.read(buf)) > 0; ) {
                total += r;
                if (total > MAX_BYTES) {
                    throw new IOException(name + ": more than " + MAX_BYTES + " bytes, not an MNIST-family file");
                }
                out.write(buf, 0, r);
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException(name + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
        return out.toByteArray();
    }
}
