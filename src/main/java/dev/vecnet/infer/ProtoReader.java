package dev.vecnet.infer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Protocol Buffers' wire format over a range of {@link ProtoBytes}, read field by field: what an ONNX
 * file is made of. Only the four wire types ONNX uses (varint, 64-bit, length-delimited, 32-bit); every
 * length is checked against the range and every varint against 64 bits, so a truncated or forged file
 * ends in an IOException naming {@code what}, never in an oversized allocation or a value read wrong.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, BYTES = 2, FIXED32 = 5;
    /** The longest string (a name, an op type) read from a file. */
    static final int MAX_STRING = 1 << 16;

    private final ProtoBytes data;
    private final String what;
    private long pos;
    private final long end;
    private int field, wireType;

    ProtoReader(ProtoBytes data, long from, long to, String what) {
        this.data = data;
        this.pos = from;
        this.end = to;
        this.what = what;
    }

    /** Advances to the next field; false at the end of the range. */
    boolean next() throws IOException {
        if (pos >= end) {
            return false;
        }
        long tag = varint();
        if (tag >>> 3 > Integer.MAX_VALUE) {
            throw malformed("a field number of " + Long.toUnsignedString(tag >>> 3));
        }
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field < 1 || (wireType != VARINT && wireType != FIXED64 && wireType != BYTES && wireType != FIXED32)) {
            throw malformed("field " + field + " of wire type " + wireType);
        }
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    /** A varint as the 64 bits protobuf gives it (int64 fields: negative when the top bit is set). */
    long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw malformed("a varint runs past the end");
            }
            byte b = data.get(pos++);
            if (shift == 63 && (b & 0x7e) != 0) {
                throw malformed("a varint beyond 64 bits");
            }
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw malformed("a varint longer than 10 bytes");
    }

    int fixed32() throws IOException {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (data.get(pos + i) & 0xff) << (8 * i);
        }
        pos += 4;
        return v;
    }

    long fixed64() throws IOException {
        long lo = fixed32() & 0xffffffffL, hi = fixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** A length-delimited field as a reader over its bytes. */
    ProtoReader message(String inner) throws IOException {
        long length = length();
        ProtoReader r = new ProtoReader(data, pos, pos + length, inner);
        pos += length;
        return r;
    }

    /** A length-delimited field as UTF-8 text, at most {@link #MAX_STRING} bytes. */
    String string() throws IOException {
        long length = length();
        if (length > MAX_STRING) {
            throw malformed("a name or string of " + length + " bytes; vecnet reads up to " + MAX_STRING);
        }
        byte[] b = new byte[(int) length];
        data.copy(pos, b, 0, b.length);
        pos += length;
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A length-delimited field's position in the bytes: {from, to}. */
    long[] span() throws IOException {
        long length = length();
        long[] s = {pos, pos + length};
        pos += length;
        return s;
    }

    /** Whether bytes remain (for packed repeated fields, which have no tags). */
    boolean hasMore() {
        return pos < end;
    }

    long position() {
        return pos;
    }

    ProtoBytes data() {
        return data;
    }

    /** Skips the current field's value. */
    void skip() throws IOException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> {
                need(8);
                pos += 8;
            }
            case FIXED32 -> {
                need(4);
                pos += 4;
            }
            default -> {
                long n = length(); // read before the addition: `pos += length()` would add to the old pos
                pos += n;
            }
        }
    }

    private long length() throws IOException {
        long n = varint();
        if (n < 0 || n > end - pos) {
            throw malformed("a field of " + Long.toUnsignedString(n) + " bytes where " + (end - pos) + " remain");
        }
        return n;
    }

    private void need(int n) throws IOException {
        if (end - pos < n) {
            throw malformed("a value runs past the end");
        }
    }

    IOException malformed(String detail) {
        return new IOException(what + ": not a readable ONNX (protobuf) file: " + detail);
    }
}
