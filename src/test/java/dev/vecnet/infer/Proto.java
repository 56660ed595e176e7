package dev.vecnet.infer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** ONNX files no exporter would write, built on {@link ProtoWriter} with ONNX's messages by hand. */
final class Proto {
    private final ProtoWriter w = new ProtoWriter();

    Proto varint(int field, long value) {
        w.varint(field, value);
        return this;
    }

    Proto bytes(int field, byte[] value) {
        w.bytes(field, value);
        return this;
    }

    Proto message(int field, Proto value) {
        return bytes(field, value.toBytes());
    }

    Proto string(int field, String value) {
        w.string(field, value);
        return this;
    }

    Proto fixed32(int field, float value) {
        w.fixed32(field, value);
        return this;
    }

    /** Bytes as they are, e.g. a field repeated a million times. */
    Proto append(byte[] encoded) {
        w.bytesRaw(encoded);
        return this;
    }

    /** A varint without a tag (a packed field's element). */
    void raw(long v) {
        w.raw(v);
    }

    byte[] toBytes() {
        return w.toBytes();
    }

    // ONNX's messages, by field number (onnx.proto3)

    static Proto node(String op, String name, String output, String... inputs) {
        Proto n = new Proto();
        for (String in : inputs) {
            n.string(1, in);
        }
        return n.string(2, output).string(3, name).string(4, op);
    }

    /** A float32 tensor with raw little-endian data. */
    static Proto tensor(String name, float[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return t.varint(2, 1).string(8, name).bytes(9, b.array());
    }

    /** A float32 input or output; a dimension below 0 is symbolic ("batch"). */
    static Proto value(String name, long... dims) {
        Proto shape = new Proto();
        for (long d : dims) {
            shape.message(1, d < 0 ? new Proto().string(2, "batch") : new Proto().varint(1, d));
        }
        return new Proto().string(1, name).message(2, new Proto().message(1, new Proto().varint(1, 1).message(2, shape)));
    }

    static Proto model(long opset, Proto graph) {
        return new Proto().varint(1, 7).message(7, graph).message(8, new Proto().string(1, "").varint(2, opset));
    }

    /** x [batch, 4] · W [4, 3] + b: y, the smallest model, to which the tests add what they need. */
    static Proto gemmGraph() {
        float[] w = new float[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i - 5) / 8f;
        }
        return new Proto().message(1, node("Gemm", "dense", "y", "x", "W", "b"))
                .message(5, tensor("W", w, 4, 3)).message(5, tensor("b", new float[] {0.5f, -0.25f, 1}, 3))
                .message(11, value("x", -1, 4));
    }
}
