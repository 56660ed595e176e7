package dev.vecnet.infer;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
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
 * {@value #SCORES}); the batch dimension is dynamic. Built with the ONNX protobuf classes (from
 * tribuo-util-onnx), an optional dependency: only this class needs it.
 */
final class OnnxExport {
    static final String INPUT = "image", OUTPUT = "probabilities", SCORES = "scores";
    static final int OPSET = 13, IR_VERSION = 7;

    private OnnxExport() {}

    static void write(Weights w, Path target) throws IOException {
        AtomicFiles.write(target, toBytes(w));
    }

    static byte[] toBytes(Weights w) {
        int depth = w.layers().size();
        boolean softmax = w.output() == Output.PROBABILITIES;
        GraphProto.Builder g = GraphProto.newBuilder().setName("vecnet_multi_layer_net")
                .addInput(value(INPUT, w.layers().get(0).inputs()))
                .addOutput(value(softmax ? OUTPUT : SCORES, w.layers().get(depth - 1).outputs()));
        String x = INPUT;
        for (int l = 1; l <= depth; l++) {
            Weights.Dense d = w.layers().get(l - 1);
            g.addInitializer(tensor("W" + l, d.w(), d.inputs(), d.outputs()));
            g.addInitializer(tensor("b" + l, d.b(), d.outputs()));
            String y = l == depth ? (softmax ? "logits" : SCORES) : "a" + l;
            g.addNode(node("Gemm", "affine" + l, y, x, "W" + l, "b" + l));
            x = y;
            if (l < depth && d.activation() != Activation.NONE) {
                String h = "h" + l;
                if (d.leak() != 0) {
                    g.addNode(node("LeakyRelu", "activation" + l, h, x).addAttribute(AttributeProto.newBuilder()
                            .setName("alpha").setType(AttributeProto.AttributeType.FLOAT).setF((float) d.leak())));
                } else {
                    String op = switch (d.activation().kind()) {
                        case SIGMOID -> "Sigmoid";
                        case RELU -> "Relu";
                        case TANH -> "Tanh";
                        case NONE, LEAKY_RELU -> throw new AssertionError(d.activation());
                    };
                    g.addNode(node(op, "activation" + l, h, x));
                }
                x = h;
            }
        }
        if (softmax) {
            g.addNode(node("Softmax", "softmax", OUTPUT, x).addAttribute(AttributeProto.newBuilder()
                    .setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
        }
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("vecnet")
                .setDocString(w.shape() + " network exported by vecnet")
                .setGraph(g)
                .build().toByteArray();
    }

    private static NodeProto.Builder node(String op, String name, String output, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n;
    }

    private static ValueInfoProto value(String name, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** Raw data is little-endian, as ONNX defines it. */
    private static TensorProto tensor(String name, double[] values, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
