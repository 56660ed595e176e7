package dev.vecnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import dev.vecnet.io.Memory;

/**
 * Reads IDX files (MNIST's format): big-endian magic 0x00000803 for images (count, rows, columns)
 * or 0x00000801 for labels (count), then unsigned bytes; raw or gzip (detected by its magic).
 * The header is read and checked first (magic, sizes in 64-bit arithmetic against the family's
 * limits), then exactly the bytes it declares (straight into their array up to {@link #DIRECT_MAX},
 * else in chunks), so a forged or foreign file is refused before the rest of it is read; errors name
 * the source and what was wrong.
 */
public final class IdxFile {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** Nothing in this family is larger; a header claiming more is corrupt, not big. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 64; // the largest array a JVM makes, with a margin
    /** Pixels per image beyond this are corruption, not images. */
    static final long MAX_FEATURES = 1 << 24;

    private IdxFile() {}

    /** Images as stored: count x (rows·columns) unsigned bytes. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
        public int size() {
            return rows * columns;
        }
    }

    public static Images readImages(InputStream in, String name) throws IOException {
        InputStream data = decoded(in, name);
        ByteBuffer b = ByteBuffer.wrap(header(data, name, 16, IMAGES_MAGIC, "images"));
        long count = b.getInt(4) & 0xffffffffL, rows = b.getInt(8) & 0xffffffffL, columns = b.getInt(12) & 0xffffffffL;
        long features = rows * columns; // each < 2^32: no overflow in a long
        if (rows == 0 || columns == 0 || features > MAX_FEATURES) {
            throw new IOException(name + ": bad image header: " + rows + "x" + columns + " pixels per image"
                    + (features > MAX_FEATURES ? " (more than " + MAX_FEATURES + ")" : ""));
        }
        long bytes = count * features; // < 2^32 · 2^24: no overflow
        if (bytes > MAX_BYTES) {
            throw new IOException(name + ": header claims " + count + " images of " + rows + "x" + columns + " ("
                    + bytes + " bytes), more than an MNIST-family file holds (at most " + MAX_BYTES + ")");
        }
        return new Images((int) count, (int) rows, (int) columns, body(data, name, bytes, count + " images of " + rows + "x" + columns));
    }

    public static byte[] readLabels(InputStream in, String name) throws IOException {
        InputStream data = decoded(in, name);
        ByteBuffer b = ByteBuffer.wrap(header(data, name, 8, LABELS_MAGIC, "labels"));
        long count = b.getInt(4) & 0xffffffffL;
        if (count > MAX_BYTES) {
            throw new IOException(name + ": header claims " + count + " labels, more than an MNIST-family file holds");
        }
        return body(data, name, count, count + " labels");
    }

    /** The stream, un-gzipped when it starts with gzip's magic. */
    private static InputStream decoded(InputStream in, String name) throws IOException {
        InputStream source = in.markSupported() ? in : new java.io.BufferedInputStream(in);
        source.mark(2);
        int b0 = source.read(), b1 = source.read();
        source.reset();
        return b0 == 0x1f && b1 == 0x8b ? gzip(name, () -> new GzipData(source, name)) : source;
    }

    /** The header's bytes, read and checked (length, magic) before anything else of the file is. */
    private static byte[] header(InputStream data, String name, int size, int magic, String kind) throws IOException {
        byte[] h = gzip(name, () -> data.readNBytes(size));
        if (h.length < size) {
            throw new IOException(name + ": " + h.length + " bytes is too short for an IDX " + kind
                    + " header (" + size + " bytes)");
        }
        int found = ByteBuffer.wrap(h).getInt(0);
        if (found != magic) {
            throw new IOException(String.format("%s: magic number 0x%08x, expected 0x%08x (IDX %s)",
                    name, found, magic, kind));
        }
        return h;
    }

    /**
     * A body up to this size is read straight into its array: the file sets its peak memory, once
     * (Fashion-MNIST's 47 MB of training images took 94 MB through chunks, and the heap that grew for
     * them stayed in the process's resident memory). Larger claims are read in chunks, so memory
     * follows the bytes actually there, not what a forged header says.
     */
    static final long DIRECT_MAX = 64L << 20;

    /** Exactly {@code bytes} bytes after the header, and nothing after them. */
    private static byte[] body(InputStream data, String name, long bytes, String what) throws IOException {
        return body(data, name, bytes, what, DIRECT_MAX);
    }

    /** {@link #body(InputStream, String, long, String)}, straight into the array up to {@code directMax} bytes. */
    static byte[] body(InputStream data, String name, long bytes, String what, long directMax) throws IOException {
        // what the header declares must fit before any of it is read: chunks and the array at once, above directMax
        Memory.require(bytes <= directMax ? bytes : Memory.product(bytes, 2), "reading " + name + " (" + what + ")");
        if (bytes <= directMax) {
            byte[] out = new byte[(int) bytes];
            int n = gzip(name, () -> data.readNBytes(out, 0, out.length));
            boolean more = n == out.length && gzip(name, data::read) >= 0;
            if (n != bytes || more) {
                throw new IOException(name + ": header says " + what + " (" + bytes + " bytes after the header) but the file holds "
                        + (more ? "more" : n + " bytes (truncated)"));
            }
            return out;
        }
        Chunks all = gzip(name, () -> readAll(data, bytes + 1));
        if (all.length != bytes) {
            throw new IOException(name + ": header says " + what + " (" + bytes + " bytes after the header) but the file holds "
                    + (all.length > bytes ? "more" : all.length + " bytes (truncated)"));
        }
        return all.copy(0);
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    private static <T> T gzip(String name, Read<T> read) throws IOException {
        try {
            return read.get();
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException(name + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
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

    /** At most {@code limit} bytes of the stream. */
    static Chunks readAll(InputStream data, long limit) throws IOException {
        Chunks out = new Chunks();
        byte[] buf = new byte[1 << 16];
        for (int r; out.length < limit && (r = data.read(buf, 0, (int) Math.min(buf.length, limit - out.length))) > 0; ) {
            out.append(buf, r);
        }
        return out;
    }
}
