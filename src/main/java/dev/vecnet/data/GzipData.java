package dev.vecnet.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip stream's data (RFC 1952), checked to its last byte: every member's CRC-32 and length, and
 * nothing after the last member. The JDK's GZIPInputStream ignores bytes after a member that do not
 * start another, so a file with garbage appended would read as good.
 */
final class GzipData extends InputStream {
    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, RESERVED = 0xe0;

    private final PushbackInputStream in;
    private final String name;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[1 << 16];
    private int buffered;
    private long memberBytes;
    private boolean done;

    GzipData(InputStream in, String name) throws IOException {
        this.in = new PushbackInputStream(in, buffer.length);
        this.name = name;
        header();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new IOException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberBytes += n;
                return n;
            }
            if (inflater.finished()) {
                endOfMember();
            } else if (inflater.needsInput()) {
                buffered = in.read(buffer);
                if (buffered < 0) {
                    throw new EOFException("it ends early");
                }
                inflater.setInput(buffer, 0, buffered);
            } else {
                throw new IOException(name + ": gzip data that needs a preset dictionary");
            }
        }
        return -1;
    }

    /** The member's trailer checked; then the end of the stream, or another member. */
    private void endOfMember() throws IOException {
        int rest = inflater.getRemaining();
        if (rest > 0) {
            in.unread(buffer, buffered - rest, rest);
        }
        long storedCrc = littleEndian(4), storedSize = littleEndian(4);
        if (storedCrc != crc.getValue() || storedSize != (memberBytes & 0xffffffffL)) {
            throw new IOException(name + ": the gzip data fails its check (CRC-32 or length): the file is corrupt");
        }
        int next = in.read();
        if (next < 0) {
            done = true;
            return;
        }
        in.unread(next);
        inflater.reset();
        crc.reset();
        memberBytes = 0;
        header();
    }

    private void header() throws IOException {
        int id1 = in.read(), id2 = in.read();
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new IOException(name + ": bytes after the gzip data that are not gzip data (a file with something appended?)");
        }
        int method = next(), flags = next();
        if (method != 8 || (flags & RESERVED) != 0) {
            throw new IOException(name + ": gzip method " + method + " with flags 0x" + Integer.toHexString(flags)
                    + "; gzip data is deflated (method 8)");
        }
        discard(6); // time, extra flags, system
        if ((flags & FEXTRA) != 0) {
            discard(littleEndian(2));
        }
        if ((flags & FNAME) != 0) {
            while (next() != 0) { }
        }
        if ((flags & FCOMMENT) != 0) {
            while (next() != 0) { }
        }
        if ((flags & FHCRC) != 0) {
            discard(2);
        }
    }

    private int next() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("it ends early");
        }
        return b;
    }

    private void discard(long n) throws IOException {
        for (long i = 0; i < n; i++) {
            next();
        }
    }

    private long littleEndian(int bytes) throws IOException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) next() << (8 * i);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
