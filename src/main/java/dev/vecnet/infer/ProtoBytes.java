package dev.vecnet.infer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes a {@link ProtoReader} reads: an array, or a file read through a small window, so that
 * reading a file takes memory for what the model needs (its weights) and not for the file's size —
 * a file padded with hundreds of megabytes that no node uses costs time, not heap.
 */
final class ProtoBytes implements Closeable {
    private static final int WINDOW = 1 << 16;

    private final FileChannel channel;
    private final String name;
    private final long size;
    private byte[] window;
    private long windowStart;
    private int windowLength;

    private ProtoBytes(FileChannel channel, String name, long size, byte[] window) {
        this.channel = channel;
        this.name = name;
        this.size = size;
        this.window = window;
        this.windowLength = channel == null ? window.length : 0;
    }

    static ProtoBytes of(byte[] bytes, String name) {
        return new ProtoBytes(null, name, bytes.length, bytes);
    }

    static ProtoBytes open(Path file, long size) throws IOException {
        return new ProtoBytes(FileChannel.open(file, StandardOpenOption.READ), file.toString(), size, new byte[WINDOW]);
    }

    long size() {
        return size;
    }

    byte get(long pos) throws IOException {
        long i = pos - windowStart;
        if (i >= 0 && i < windowLength) {
            return window[(int) i];
        }
        fill(pos);
        return window[0];
    }

    /** {@code length} bytes from {@code pos}; the caller has checked that they lie within {@link #size()}. */
    void copy(long pos, byte[] dst, int offset, int length) throws IOException {
        if (channel == null) {
            System.arraycopy(window, (int) pos, dst, offset, length);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(dst, offset, length);
        long at = pos;
        while (b.hasRemaining()) {
            int n = channel.read(b, at);
            if (n < 0) {
                throw new IOException(name + ": the file ended at byte " + at + " while being read (did it change?)");
            }
            at += n;
        }
    }

    private void fill(long pos) throws IOException {
        if (channel == null || pos < 0 || pos >= size) {
            throw new IOException(name + ": a read at byte " + pos + " past the end of " + size);
        }
        int n = (int) Math.min(WINDOW, size - pos);
        copy(pos, window, 0, n);
        windowStart = pos;
        windowLength = n;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
