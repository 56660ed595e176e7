package dev.vecnet.data;

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
    private static final long MAX_BYTES = Integer.MAX_VALUE - 64; // the largest array a JVM makes, with a margin

    private IdxFile() {}

    /** Images as stored: count x (rows·columns) unsigned bytes. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
        public int size() {
            return rows * columns;
        }
    }

    public static Images readImages(InputStream in, String name) throws IOException {
        Chunks all = readAll(in, name);
        ByteBuffer b = ByteBuffer.wrap(all.head(16));
        header(b, all.length, name, 16, IMAGES_MAGIC, "images");
        int count = b.getInt(4), rows = b.getInt(8), columns = b.getInt(12);
        if (count < 0 || rows <= 0 || columns <= 0) {
            throw new IOException(name + ": bad image header (count " + count + ", " + rows + "x" + columns + ")");
        }
        long expected = 16L + (long) count * rows * columns;
        if (all.length != expected) {
            throw new IOException(name + ": header says " + count + " images of " + rows + "x" + columns
                    + " (" + expected + " bytes) but the file holds " + all.length + " bytes"
                    + (all.length < expected ? " (truncated)" : ""));
        }
        return new Images(count, rows, columns, all.copy(16));
    }

    public static byte[] readLabels(InputStream in, String name) throws IOException {
        Chunks all = readAll(in, name);
        ByteBuffer b = ByteBuffer.wrap(all.head(8));
        header(b, all.length, name, 8, LABELS_MAGIC, "labels");
        int count = b.getInt(4);
        if (count < 0 || all.length != 8L + count) {
            throw new IOException(name + ": header says " + count + " labels (" + (8L + count)
                    + " bytes) but the file holds " + all.length + " bytes"
                    + (all.length < 8L + count ? " (truncated)" : ""));
        }
        return all.copy(8);
    }

    private static void header(ByteBuffer b, long length, String name, int size, int magic, String kind)
            throws IOException {
        if (length < size) {
            throw new IOException(name + ": " + length + " bytes is too short for an IDX " + kind
                    + " header (" + size + " bytes)");
        }
        int found = b.getInt(0);
        if (found != magic) {
            throw new IOException(String.format("%s: magic number 0x%08x, expected 0x%08x (IDX %s)",
                    name, found, magic, kind));
        }
    }

    /**
     * A stream's bytes in 1 MiB chunks: no doubling buffer and no final copy of the whole, so loading
     * a 47 MB file peaks at twice its size (chunks + the exact array), not four times.
     */
    static final class Chunks {
        private static final int SIZE = 1 << 20;
        private final java.util.List<byte[]> chunks = new java.util.ArrayList<>();
        long length;

        void append(byte[] buf, int n) {
            int done = 0;
            while (done < n) {
                int at = (int) (length % SIZE);
                if (at == 0) {
                    chunks.add(new byte[SIZE]);
                }
                int r = Math.min(n - done, SIZE - at);
                System.arraycopy(buf, done, chunks.get(chunks.size() - 1), at, r);
                done += r;
                length += r;
            }
        }

        /** The first n bytes (zero-padded when there are fewer). */
        byte[] head(int n) {
            byte[] h = new byte[n];
            if (!chunks.isEmpty()) {
                System.arraycopy(chunks.get(0), 0, h, 0, (int) Math.min(n, Math.min(length, SIZE)));
            }
            return h;
        }

        /** Bytes [from, length) in one array. */
        byte[] copy(int from) {
            byte[] out = new byte[(int) (length - from)];
            for (long pos = from; pos < length; ) {
                int c = (int) (pos / SIZE), at = (int) (pos % SIZE);
                int r = (int) Math.min(SIZE - at, length - pos);
                System.arraycopy(chunks.get(c), at, out, (int) (pos - from), r);
                pos += r;
            }
            return out;
        }
    }

    /** The whole stream, un-gzipped when it starts with gzip's magic; refuses more than 2 GB. */
    static Chunks readAll(InputStream in, String name) throws IOException {
        InputStream source = in.markSupported() ? in : new java.io.BufferedInputStream(in);
        source.mark(2);
        int b0 = source.read(), b1 = source.read();
        source.reset();
        InputStream data = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(source, 1 << 16) : source;
        Chunks out = new Chunks();
        byte[] buf = new byte[1 << 16];
        try {
            for (int r; (r = data.read(buf)) > 0; ) {
                if (out.length + r > MAX_BYTES) {
                    throw new IOException(name + ": more than " + MAX_BYTES + " bytes, not an MNIST-family file");
                }
                out.append(buf, r);
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException(name + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
        return out;
    }
}
