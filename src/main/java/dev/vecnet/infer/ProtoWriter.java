package dev.vecnet.infer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol Buffers' wire format written field by field: what an ONNX file is made of, the writing
 * twin of {@link ProtoReader}. Fields go out in the order they are given; callers give them in
 * field-number order, as protobuf's own serializers do, so a file is the same bytes they would write.
 */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A varint field (int32, int64, enum, bool). */
    ProtoWriter varint(int field, long value) {
        tag(field, ProtoReader.VARINT);
        raw(value);
        return this;
    }

    /** A 32-bit field (float). */
    ProtoWriter fixed32(int field, float value) {
        tag(field, ProtoReader.FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));
        }
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, ProtoReader.BYTES);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter value) {
        return bytes(field, value.toBytes());
    }

    /** Fields already encoded, appended as they are. */
    ProtoWriter bytesRaw(byte[] encoded) {
        out.writeBytes(encoded);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        raw((long) field << 3 | wireType);
    }

    /** A varint without a tag: the elements of a packed repeated field. */
    void raw(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
