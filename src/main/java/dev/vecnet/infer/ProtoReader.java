package dev.vecnet.infer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Protocol Buffers' wire format over a byte range, read field by field: what an ONNX file is made of.
 * Only the four wire types ONNX uses (varint, 64-bit, length-delimited, 32-bit); every length is
 * checked against the range, so a truncated or forged file ends in an IOException naming
 * {@code what}, never in an oversized allocation.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, BYTES = 2, FIXED32 = 5;

    private final byte[] data;
    private final String what;
    private int pos;
    private final int end;
    private int field, wireType;

    ProtoReader(byte[] data, int from, int to, String what) {
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

    long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw malformed("a varint runs past the end");
            }
            byte b = data[pos++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw malformed("a varint longer than 10 bytes");
    }

    int fixed32() throws IOException {
        need(4);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long fixed64() throws IOException {
        long lo = fixed32() & 0xffffffffL, hi = fixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** A length-delimited field as a reader over its bytes. */
    ProtoReader message(String inner) throws IOException {
        int length = length();
        ProtoReader r = new ProtoReader(data, pos, pos + length, inner);
        pos += length;
        return r;
    }

    String string() throws IOException {
        int length = length();
        String s = new String(data, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /** A length-delimited field's position in the underlying array: {from, to}. */
    int[] span() throws IOException {
        int length = length();
        int[] s = {pos, pos + length};
        pos += length;
        return s;
    }

    /** Whether bytes remain (for packed repeated fields, which have no tags). */
    boolean hasMore() {
        return pos < end;
    }

    int position() {
        return pos;
    }

    byte[] data() {
        return data;
    }

    /** Skips the current field's value. */
    void skip() throws IOException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> need(8);
            case FIXED32 -> need(4);
            default -> length();
        }
        if (wireType == FIXED64) {
            pos += 8;
        } else if (wireType == FIXED32) {
            pos += 4;
        } else if (wireType == BYTES) {
            pos += lastLength;
        }
    }

    private int lastLength;

    private int length() throws IOException {
        long n = varint();
        if (n < 0 || n > end - pos) {
            throw malformed("a field of " + n + " bytes where " + (end - pos) + " remain");
        }
        lastLength = (int) n;
        return (int) n;
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
