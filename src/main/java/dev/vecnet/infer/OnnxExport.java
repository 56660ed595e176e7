package dev.vecnet.infer;

import dev.vecnet.io.AtomicFiles;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * ONNX export (float32, opset 13, IR version 7): input {@value #INPUT} [batch, in] → per layer
 * Gemm(Wl, bl) and its activation (Sigmoid, Relu, Tanh, LeakyRelu) → Softmax(axis 1) → output
 * {@value #OUTPUT} [batch, out] (a network that outputs scores ends at the last Gemm, output
 * {@value #SCORES}); the batch dimension is dynamic. Written by {@link ProtoWriter}: no dependency.
 */
final class OnnxExport {
    static final String INPUT = "image", OUTPUT = "probabilities", SCORES = "scores";
    static final int OPSET = 13, IR_VERSION = 7;

    private OnnxExport() {}

    static void write(Weights w, Path target) throws IOException {
        AtomicFiles.write(target, toBytes(w));
    }

    /**
     * The file's bytes, written by {@link ProtoWriter} in field-number order: the same bytes the ONNX
     * protobuf classes serialize for this model.
     */
    static byte[] toBytes(Weights w) {
        // field numbers of onnx.proto: ModelProto ir_version 1, producer_name 2, doc_string 6, graph 7,
        // opset_import 8; GraphProto node 1, name 2, initializer 5, input 11, output 12; NodeProto input 1,
        // output 2, name 3, op_type 4, attribute 5; AttributeProto name 1, f 2, i 3, type 20 (FLOAT 1, INT 2)
        int depth = w.layers().size();
        boolean softmax = w.output() == Output.PROBABILITIES;
        ProtoWriter nodes = new ProtoWriter(), initializers = new ProtoWriter();
        String x = INPUT;
        for (int l = 1; l <= depth; l++) {
            Weights.Dense d = w.layers().get(l - 1);
            initializers.message(5, tensor("W" + l, d.w(), d.inputs(), d.outputs()));
            initializers.message(5, tensor("b" + l, d.b(), d.outputs()));
            String y = l == depth ? (softmax ? "logits" : SCORES) : "a" + l;
            nodes.message(1, node("Gemm", "affine" + l, y, x, "W" + l, "b" + l));
            x = y;
            if (l < depth && d.activation() != Activation.NONE) {
                String h = "h" + l;
                if (d.leak() != 0) {
                    nodes.message(1, node("LeakyRelu", "activation" + l, h, x)
                            .message(5, new ProtoWriter().string(1, "alpha").fixed32(2, (float) d.leak()).varint(20, 1)));
                } else {
                    String op = switch (d.activation().kind()) {
                        case SIGMOID -> "Sigmoid";
                        case RELU -> "Relu";
                        case TANH -> "Tanh";
                        case NONE, LEAKY_RELU -> throw new AssertionError(d.activation());
                    };
                    nodes.message(1, node(op, "activation" + l, h, x));
                }
                x = h;
            }
        }
        if (softmax) {
            nodes.message(1, node("Softmax", "softmax", OUTPUT, x)
                    .message(5, new ProtoWriter().string(1, "axis").varint(3, 1).varint(20, 2)));
        }
        ProtoWriter graph = new ProtoWriter();
        graph.bytesRaw(nodes.toBytes());
        graph.string(2, "vecnet_multi_layer_net");
        graph.bytesRaw(initializers.toBytes());
        graph.message(11, value(INPUT, w.layers().get(0).inputs()));
        graph.message(12, value(softmax ? OUTPUT : SCORES, w.layers().get(depth - 1).outputs()));
        return new ProtoWriter().varint(1, IR_VERSION).string(2, "vecnet").string(6, w.shape() + " network exported by vecnet")
                .message(7, graph).message(8, new ProtoWriter().string(1, "").varint(2, OPSET)).toBytes();
    }

    private static ProtoWriter node(String op, String name, String output, String... inputs) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(1, in);
        }
        return n.string(2, output).string(3, name).string(4, op);
    }

    /** ValueInfoProto name 1, type 2: TypeProto tensor_type 1: elem_type 1 (FLOAT), shape 2: dim 1 (dim_value 1, dim_param 2). */
    private static ProtoWriter value(String name, int features) {
        ProtoWriter shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().varint(1, features));
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, new ProtoWriter().varint(1, 1).message(2, shape)));
    }

    /** TensorProto dims 1 (one field each), data_type 2 (FLOAT), name 8, raw_data 9 (little-endian, as ONNX defines it). */
    private static ProtoWriter tensor(String name, double[] values, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        ProtoWriter t = new ProtoWriter();
        for (int d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, 1).string(8, name).bytes(9, b.array());
    }
}
