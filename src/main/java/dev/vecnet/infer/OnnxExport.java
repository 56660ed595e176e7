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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * ONNX export (float32, opset 13, IR version 7): input {@value #INPUT} [batch, in] →
 * Gemm(W1, b1) → Sigmoid or Relu → Gemm(W2, b2) → Softmax(axis 1) → output {@value #OUTPUT}
 * [batch, out]; the batch dimension is dynamic. Built with the ONNX protobuf classes (from
 * tribuo-util-onnx), an optional dependency: only this class needs it.
 */
public final class OnnxExport {
    public static final String INPUT = "image", OUTPUT = "probabilities";
    static final int OPSET = 13, IR_VERSION = 7;

    private OnnxExport() {}

    static void write(Weights w, Path target) throws IOException {
        AtomicFiles.write(target, toBytes(w));
    }

    static byte[] toBytes(Weights w) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("vecnet_two_layer_net")
                .addInput(value(INPUT, w.input()))
                .addOutput(value(OUTPUT, w.output()))
                .addInitializer(tensor("W1", w.w1(), w.input(), w.hidden()))
                .addInitializer(tensor("b1", w.b1(), w.hidden()))
                .addInitializer(tensor("W2", w.w2(), w.hidden(), w.output()))
                .addInitializer(tensor("b2", w.b2(), w.output()))
                .addNode(node("Gemm", "affine1", "a1", INPUT, "W1", "b1"))
                .addNode(node(w.activation() == Activation.RELU ? "Relu" : "Sigmoid", "activation", "h", "a1"))
                .addNode(node("Gemm", "affine2", "logits", "h", "W2", "b2"))
                .addNode(node("Softmax", "softmax", OUTPUT, "logits").addAttribute(AttributeProto.newBuilder()
                        .setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("vecnet")
                .setDocString(w.input() + "-" + w.hidden() + "-" + w.output() + " "
                        + w.activation().name().toLowerCase(java.util.Locale.ROOT) + " network exported by vecnet")
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
