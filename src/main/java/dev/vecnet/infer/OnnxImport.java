package dev.vecnet.infer;

import dev.vecnet.io.InputFiles;
import dev.vecnet.io.Memory;
import dev.vecnet.io.Quoted;
import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the dense networks that PyTorch ({@code torch.onnx.export} of an {@code nn.Sequential} of
 * Linear layers and activations), Keras and scikit-learn exporters write as ONNX: one input, a chain
 * of Gemm (transA 0, any transB, alpha, beta) or MatMul (+ Add) layers, each optionally followed by
 * BatchNormalization (folded into its weights here) and Relu, LeakyRelu, Sigmoid or Tanh; Flatten
 * before the first layer, Identity and Dropout anywhere (identity at inference); and at the end
 * Softmax or LogSoftmax over the last axis (probabilities: exp of a log-softmax is the softmax) or
 * nothing (scores). Initializers and Constant nodes, float32 or float64, as raw data or typed fields;
 * default-domain opsets {@value #MIN_OPSET}..{@value #MAX_OPSET}. A graph with several outputs serves
 * the one the chain ends in; the nodes after it (scikit-learn's ArgMax/Cast label, ZipMap) are not
 * read, since {@link Predictor#classify} gives that argmax.
 *
 * <p>The whole graph is checked before any weight is decoded: an unsupported op is refused naming
 * the op, the node and what vecnet supports; a tensor whose shape does not chain is refused naming it.
 * The protobuf is read by {@link ProtoReader}: no dependency.
 */
final class OnnxImport {
    static final int MIN_OPSET = 9, MAX_OPSET = 21;
    /** Memory for a graph's structure (nodes, names, shapes), checked as it is read; the weights are counted apart. */
    static final long STRUCTURE_BUDGET = 64L << 20;
    /** What a node, a name or an attribute costs in memory besides its characters, roughly. */
    private static final int NODE_BYTES = 160, ITEM_BYTES = 64;
    /** The most dimensions a tensor may have. */
    static final int MAX_RANK = 64;
    private static final int FLOAT = 1, DOUBLE = 11;
    /** Ops that continue a chain past a tensor that is also a graph output. */
    private static final Set<String> CHAIN_OPS = Set.of("Gemm", "MatMul", "Add", "Relu", "LeakyRelu", "Sigmoid", "Tanh",
            "Softmax", "LogSoftmax", "Identity", "Dropout", "BatchNormalization");
    private static final String SUPPORTED = "Gemm, MatMul, Add, Relu, LeakyRelu, Sigmoid, Tanh, Softmax, LogSoftmax, "
            + "Flatten, Identity, Dropout, BatchNormalization, Constant";

    private OnnxImport() {}

    /** A ModelProto's first byte: field 1 (ir_version) as a varint, written first by protobuf serializers. */
    static final byte FIRST_BYTE = 0x08;

    /**
     * A tensor's description: its name, shape and type, where its message lies in the file
     * ([from, to)), whether its values are raw bytes, how many bytes of values of its type it holds,
     * a packed field's length that is not a whole number of values (−1: none). Decoded only when a layer uses it.
     */
    private record Tensor(String name, long[] dims, int type, long from, long to, boolean raw, long valueBytes,
                          long misaligned, boolean external) {
        long count() {
            long n = 1;
            for (long d : dims) {
                n = Memory.product(n, d);
                if (n < 0) {
                    return -1;
                }
            }
            return n;
        }

        int width() {
            return type == DOUBLE ? 8 : 4;
        }

        /** The typed field its values are in when not raw: float_data (4) or double_data (10). */
        int valuesField() {
            return type == DOUBLE ? 10 : 4;
        }

        Tensor named(String newName) {
            return new Tensor(newName, dims, type, from, to, raw, valueBytes, misaligned, external);
        }

        String shape() {
            return java.util.Arrays.toString(dims);
        }
    }

    private record Attribute(String name, float f, long i, Tensor t) {}

    private record Node(String name, String op, String domain, List<String> inputs, List<String> outputs,
                        Map<String, Attribute> attributes) {
        String describe() {
            return "node " + Quoted.of(name) + " (op " + Quoted.of(op) + ")";
        }
    }

    static Weights read(Path file) throws IOException {
        long size = InputFiles.regular(file, "model");
        String name = file.toString();
        if (size > ModelFile.MAX_MODEL_BYTES) {
            throw new IOException(name + ": " + size + " bytes; vecnet reads model files up to " + ModelFile.MAX_MODEL_BYTES);
        }
        try (ProtoBytes bytes = ProtoBytes.open(file, size)) {
            return read(bytes, name);
        }
    }

    static Weights read(byte[] bytes, String name) throws IOException {
        return read(ProtoBytes.of(bytes, name), name);
    }

    private static Weights read(ProtoBytes bytes, String name) throws IOException {
        ProtoReader model = new ProtoReader(bytes, 0, bytes.size(), name);
        ProtoReader graph = null;
        long opset = -1;
        while (model.next()) {
            if (model.field() == 7 && model.wireType() == ProtoReader.BYTES) {
                graph = model.message(name + " (graph)");
            } else if (model.field() == 8 && model.wireType() == ProtoReader.BYTES) {
                ProtoReader o = model.message(name + " (opset)");
                String domain = "";
                long version = 0;
                while (o.next()) {
                    if (o.field() == 1 && o.wireType() == ProtoReader.BYTES) {
                        domain = o.string();
                    } else if (o.field() == 2 && o.wireType() == ProtoReader.VARINT) {
                        version = o.varint();
                    } else {
                        o.skip();
                    }
                }
                if (domain.isEmpty() || domain.equals("ai.onnx")) {
                    opset = version;
                }
            } else {
                model.skip();
            }
        }
        if (graph == null) {
            throw new IOException(name + ": not an ONNX model (no graph)");
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IOException(name + ": ONNX opset " + (opset == -1 ? "missing" : Long.toUnsignedString(opset))
                    + "; vecnet reads opsets " + MIN_OPSET + ".." + MAX_OPSET);
        }
        return new Chain(name, (int) opset, bytes).walk(graph);
    }

    /** The graph's walk from its input to its output, layer by layer. */
    private static final class Chain {
        private final String file;
        private final int opset;
        private final ProtoBytes bytes;
        private final Map<String, Tensor> constants = new HashMap<>();
        private final List<Node> nodes = new ArrayList<>();
        private final List<String> inputs = new ArrayList<>();
        private final Set<String> outputs = new LinkedHashSet<>();
        private final Map<String, long[]> inputShapes = new HashMap<>();
        private final Map<String, Integer> inputTypes = new HashMap<>();

        /** A dense layer being built: W (in x out) and b as doubles, plus its activation. */
        private static final class Layer {
            final int in, out;
            Tensor wTensor, cTensor;
            boolean transB;
            double alpha = 1, beta = 1;
            final List<Node> norms = new ArrayList<>();
            Activation act = Activation.NONE;
            double leak;

            Layer(int in, int out) {
                this.in = in;
                this.out = out;
            }
        }

        Chain(String file, int opset, ProtoBytes bytes) {
            this.file = file;
            this.opset = opset;
            this.bytes = bytes;
        }

        Weights walk(ProtoReader g) throws IOException {
            parseGraph(g);
            List<String> real = new ArrayList<>();
            for (String in : inputs) {
                if (!constants.containsKey(in)) {
                    real.add(in);
                }
            }
            if (real.size() != 1 || outputs.isEmpty()) {
                throw new IOException(file + ": a graph with inputs " + real + " and outputs " + outputs
                        + "; vecnet imports one input and the output a chain of layers ends in");
            }
            String current = real.get(0);
            Integer type = inputTypes.get(current);
            if (type != null && type != FLOAT && type != DOUBLE) {
                throw new IOException(file + ": input " + Quoted.of(current) + " has element type " + type
                        + "; vecnet takes float32 or float64 inputs");
            }
            long[] shape = inputShapes.get(current);
            long features = -1; // unknown until a layer says
            int rank = shape == null ? 2 : shape.length;
            if (shape != null && shape.length >= 2) {
                features = 1;
                for (int i = 1; i < shape.length; i++) {
                    features = shape[i] > 0 && features > 0 ? Memory.product(features, shape[i]) : -1;
                    if (shape[i] > 0 && (features < 0 || features > Weights.MAX_SIZE)) {
                        throw new IOException(file + ": input " + Quoted.of(current) + " of shape " + java.util.Arrays.toString(shape)
                                + " has more than " + Weights.MAX_SIZE + " values a sample");
                    }
                }
            }
            for (int i = 0; shape != null && i < shape.length; i++) {
                if (shape[i] == 0) {
                    throw new IOException(file + ": input " + Quoted.of(current) + " of shape " + java.util.Arrays.toString(shape)
                            + " has a dimension of 0");
                }
            }
            List<Layer> layers = new ArrayList<>();
            Output output = Output.SCORES;
            boolean ended = false;
            Set<String> ops = new HashSet<>();
            for (Node n : nodes) {
                if (!layers.isEmpty() && outputs.contains(current) && (n.inputs.isEmpty() || !n.inputs.get(0).equals(current)
                        || !CHAIN_OPS.contains(n.op))) {
                    break; // the chain reached an output; what follows computes other outputs (a classifier's label)
                }
                if (!n.domain.isEmpty() && !n.domain.equals("ai.onnx")) {
                    throw new IOException(file + ": " + n.describe() + " is from domain " + Quoted.of(n.domain)
                            + "; vecnet imports the default ONNX domain's " + SUPPORTED);
                }
                ops.add(n.op);
                if (n.op.equals("Constant")) {
                    continue;
                }
                if (n.inputs.isEmpty() || !n.inputs.get(0).equals(current)) {
                    throw new IOException(file + ": " + n.describe() + " takes " + Quoted.list(n.inputs) + ", not the chain's "
                            + Quoted.of(current) + ": vecnet imports a chain of layers from one input to one output");
                }
                if (ended) {
                    throw new IOException(file + ": " + n.describe() + " comes after the softmax; vecnet imports graphs"
                            + " that end in Softmax/LogSoftmax or a layer");
                }
                Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
                switch (n.op) {
                    case "Identity", "Dropout" -> { }
                    case "Flatten" -> {
                        long axis = n.attributes.containsKey("axis") ? n.attributes.get("axis").i : 1;
                        if (!layers.isEmpty() && rank == 2) {
                            break;
                        }
                        if (!layers.isEmpty() || (axis != 1 && axis != 1 - rank)) {
                            throw new IOException(file + ": " + n.describe() + " flattens from axis " + axis
                                    + "; vecnet takes Flatten(axis=1) of the input, each sample's values in order");
                        }
                        rank = 2;
                    }
                    case "Gemm", "MatMul" -> {
                        if (rank != 2) {
                            throw new IOException(file + ": " + n.describe() + " takes " + Quoted.of(current) + " of rank " + rank
                                    + "; flatten it first (Flatten)");
                        }
                        Layer l = dense(n, features);
                        layers.add(l);
                        if (layers.size() > Weights.MAX_LAYERS) {
                            throw new IOException(file + ": more than " + Weights.MAX_LAYERS + " dense layers; a model has 1.."
                                    + Weights.MAX_LAYERS);
                        }
                        features = l.out;
                    }
                    case "Add" -> {
                        if (last == null || last.act != Activation.NONE || !last.norms.isEmpty()
                                || last.cTensor != null) {
                            throw new IOException(file + ": " + n.describe() + " adds to '" + current
                                    + "' which is not a MatMul's product; vecnet takes Add as a layer's bias");
                        }
                        Tensor b = constant(n, 1);
                        if (!isVector(b.dims, last.out)) {
                            throw new IOException(file + ": tensor " + Quoted.of(b.name) + " of shape " + b.shape()
                                    + " is not a bias of " + last.out + " values for " + n.describe());
                        }
                        last.cTensor = b;
                        last.beta = 1;
                    }
                    case "BatchNormalization" -> {
                        if (last == null || last.act != Activation.NONE) {
                            throw new IOException(file + ": " + n.describe() + " does not follow a dense layer directly; "
                                    + "vecnet folds BatchNormalization into the Gemm/MatMul before it");
                        }
                        for (int i = 1; i <= 4; i++) {
                            Tensor t = constant(n, i);
                            if (!isVector(t.dims, last.out)) {
                                throw new IOException(file + ": tensor " + Quoted.of(t.name) + " of shape " + t.shape()
                                        + " does not match the " + last.out + " values of " + n.describe());
                            }
                        }
                        last.norms.add(n);
                    }
                    case "Relu", "Sigmoid", "Tanh", "LeakyRelu" -> {
                        if (last == null || last.act != Activation.NONE) {
                            throw new IOException(file + ": " + n.describe() + " does not follow a dense layer; vecnet "
                                    + "imports one activation after each Gemm/MatMul");
                        }
                        last.act = switch (n.op) {
                            case "Sigmoid" -> Activation.SIGMOID;
                            case "Tanh" -> Activation.TANH;
                            default -> Activation.RELU;
                        };
                        if (n.op.equals("LeakyRelu")) {
                            float alpha = n.attributes.containsKey("alpha") ? n.attributes.get("alpha").f : 0.01f;
                            if (!Float.isFinite(alpha)) {
                                throw new IOException(file + ": " + n.describe() + " has alpha " + alpha);
                            }
                            // the float's shortest decimal (0.2, not 0.200000003): it rounds back to the same float
                            last.leak = Double.parseDouble(Float.toString(alpha)); // 0: a plain ReLU
                        }
                    }
                    case "Softmax", "LogSoftmax" -> {
                        long axis = n.attributes.containsKey("axis") ? n.attributes.get("axis").i : opset >= 13 ? -1 : 1;
                        if (axis != 1 && axis != -1) {
                            throw new IOException(file + ": " + n.describe() + " over axis " + axis
                                    + "; vecnet takes a softmax over the last axis of [batch, classes]");
                        }
                        if (last == null) {
                            throw new IOException(file + ": " + n.describe() + " before any dense layer");
                        }
                        output = Output.PROBABILITIES;
                        ended = true;
                    }
                    default -> throw new IOException(file + ": " + n.describe() + " is not supported; vecnet imports "
                            + "dense networks: " + SUPPORTED);
                }
                if (n.outputs.isEmpty()) {
                    throw new IOException(file + ": " + n.describe() + " has no output");
                }
                current = n.outputs.get(0);
            }
            if (layers.isEmpty()) {
                throw new IOException(file + ": no Gemm or MatMul layer (ops " + Quoted.list(ops) + "); vecnet imports dense networks");
            }
            if (!outputs.contains(current)) {
                throw new IOException(file + ": the chain ends at " + Quoted.of(current) + ", which is not among the graph's outputs "
                        + Quoted.list(outputs));
            }
            return weights(layers, output);
        }

        /** A Gemm or MatMul on the chain: its weights' shape must take {@code features} values. */
        private Layer dense(Node n, long features) throws IOException {
            Tensor b = constant(n, 1);
            if (b.dims.length != 2) {
                throw new IOException(file + ": tensor " + Quoted.of(b.name) + " of " + n.describe() + " has shape " + b.shape()
                        + "; a dense layer's weights are 2-D");
            }
            boolean gemm = n.op.equals("Gemm");
            long transA = gemm && n.attributes.containsKey("transA") ? n.attributes.get("transA").i : 0;
            boolean transB = gemm && n.attributes.containsKey("transB") && n.attributes.get("transB").i != 0;
            if (transA != 0) {
                throw new IOException(file + ": " + n.describe() + " has transA=1: its input would be [features, batch]; "
                        + "vecnet takes the chain's input as A with transA=0");
            }
            long in = transB ? b.dims[1] : b.dims[0], out = transB ? b.dims[0] : b.dims[1];
            if (in < 1 || out < 1 || in > Weights.MAX_SIZE || out > Weights.MAX_SIZE || (features > 0 && in != features)) {
                throw new IOException(file + ": tensor " + Quoted.of(b.name) + " of shape " + b.shape() + (transB ? " (transposed)" : "")
                        + " takes " + in + " values, but " + n.describe() + " is given " + features + ": the shapes do not chain");
            }
            Layer l = new Layer((int) in, (int) out);
            l.wTensor = b;
            l.transB = transB;
            if (gemm) {
                l.alpha = n.attributes.containsKey("alpha") ? n.attributes.get("alpha").f : 1;
                l.beta = n.attributes.containsKey("beta") ? n.attributes.get("beta").f : 1;
                if (n.inputs.size() > 2 && !n.inputs.get(2).isEmpty()) {
                    Tensor c = constant(n, 2);
                    if (!isVector(c.dims, (int) out) && c.count() != 1) {
                        throw new IOException(file + ": tensor " + Quoted.of(c.name) + " of shape " + c.shape() + " is not a bias of "
                                + out + " values for " + n.describe());
                    }
                    l.cTensor = c;
                }
            }
            return l;
        }

        /** Input {@code i} of the node, which must be an initializer or a Constant's output. */
        private Tensor constant(Node n, int i) throws IOException {
            if (n.inputs.size() <= i || n.inputs.get(i).isEmpty()) {
                throw new IOException(file + ": " + n.describe() + " lacks input " + i);
            }
            Tensor t = constants.get(n.inputs.get(i));
            if (t == null) {
                throw new IOException(file + ": input " + Quoted.of(n.inputs.get(i)) + " of " + n.describe()
                        + " is not an initializer; vecnet imports layers whose weights are constants");
            }
            if (t.external) {
                throw new IOException(file + ": tensor " + Quoted.of(t.name) + " is stored in an external file; vecnet reads "
                        + "self-contained ONNX files");
            }
            if (t.type != FLOAT && t.type != DOUBLE) {
                throw new IOException(file + ": tensor " + Quoted.of(t.name) + " has element type " + t.type
                        + "; vecnet reads float32 (1) and float64 (11)");
            }
            if (t.misaligned >= 0 || t.valueBytes % t.width() != 0) {
                throw new IOException(file + ": tensor " + Quoted.of(t.name) + " holds " + (t.misaligned >= 0 ? t.misaligned : t.valueBytes)
                        + " bytes of " + (t.raw ? "raw data" : "packed values") + ", not a whole number of values");
            }
            long count = t.count(), stored = t.valueBytes / t.width();
            if (count < 0 || count != stored) {
                throw new IOException(file + ": tensor " + Quoted.of(t.name) + " has shape " + t.shape() + " (" + (count < 0 ? "too many" : count)
                        + " values) but holds " + stored);
            }
            return t;
        }

        private static boolean isVector(long[] dims, int n) {
            return (dims.length == 1 && dims[0] == n) || (dims.length == 2 && dims[0] == 1 && dims[1] == n);
        }

        /** Every weight decoded and folded: W = alpha·op(B), b = beta·C (+ Add), then each BatchNormalization. */
        private Weights weights(List<Layer> layers, Output output) throws IOException {
            long total = 0;
            boolean f64 = false;
            for (Layer l : layers) {
                total += (long) l.in * l.out + l.out;
                f64 |= l.wTensor.type == DOUBLE;
            }
            Memory.require(Memory.product(total, 8 + 8 + 4), "loading " + file);
            List<Weights.Dense> dense = new ArrayList<>();
            for (Layer l : layers) {
                double[] b = values(l.wTensor);
                double[] w = l.transB ? new double[l.in * l.out] : b; // in place unless transposed: one copy of the weights
                for (int i = 0; i < l.in; i++) {
                    for (int j = 0; j < l.out; j++) {
                        w[i * l.out + j] = l.alpha * (l.transB ? b[j * l.in + i] : b[i * l.out + j]);
                    }
                }
                double[] bias = new double[l.out];
                if (l.cTensor != null) {
                    double[] c = values(l.cTensor);
                    for (int j = 0; j < l.out; j++) {
                        bias[j] = l.beta * c[c.length == 1 ? 0 : j];
                    }
                }
                for (Node norm : l.norms) {
                    double[] scale = values(constant(norm, 1)), shift = values(constant(norm, 2));
                    double[] mean = values(constant(norm, 3)), var = values(constant(norm, 4));
                    double eps = norm.attributes.containsKey("epsilon") ? norm.attributes.get("epsilon").f : 1e-5;
                    for (int j = 0; j < l.out; j++) {
                        double s = scale[j] / Math.sqrt(var[j] + eps);
                        for (int i = 0; i < l.in; i++) {
                            w[i * l.out + j] *= s;
                        }
                        bias[j] = (bias[j] - mean[j]) * s + shift[j];
                    }
                }
                dense.add(new Weights.Dense(l.in, l.out, w, bias, l.act, l.leak));
            }
            try {
                return new Weights(dense, output, f64);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }

        private double[] values(Tensor t) throws IOException {
            int n = (int) t.count();
            double[] v = new double[n];
            int width = t.width();
            int at = 0;
            ProtoReader r = new ProtoReader(bytes, t.from, t.to, file + " (tensor " + Quoted.of(t.name) + ")");
            while (r.next()) {
                int f = r.field(), w = r.wireType();
                if (f == 9 && w == ProtoReader.BYTES && t.raw) {
                    long[] span = r.span();
                    at = decode(span[0], span[1], width, v, 0);
                } else if (f == t.valuesField() && w == ProtoReader.BYTES && !t.raw) {
                    long[] span = r.span();
                    at = decode(span[0], span[1], width, v, at);
                } else if (f == t.valuesField() && w == (width == 4 ? ProtoReader.FIXED32 : ProtoReader.FIXED64) && !t.raw) {
                    v[at++] = width == 4 ? Float.intBitsToFloat(r.fixed32()) : Double.longBitsToDouble(r.fixed64());
                } else {
                    r.skip();
                }
            }
            if (at != n) {
                throw new IOException(file + ": tensor " + Quoted.of(t.name) + " changed while being read");
            }
            return v;
        }

        /** Little-endian values of {@code width} bytes in [from, to) into v from {@code at}; returns the next index. */
        private int decode(long from, long to, int width, double[] v, int at) throws IOException {
            byte[] chunk = new byte[(int) Math.min(1 << 16, to - from)];
            ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            for (long pos = from; pos < to; ) {
                int len = (int) Math.min(chunk.length, to - pos);
                bytes.copy(pos, chunk, 0, len);
                b.clear().limit(len);
                while (b.remaining() >= width && at < v.length) {
                    v[at++] = width == 4 ? b.getFloat() : b.getDouble();
                }
                pos += len;
            }
            return at;
        }

        private void parseGraph(ProtoReader g) throws IOException {
            Map<String, Tensor> initializers = new HashMap<>();
            while (g.next()) {
                if (g.wireType() != ProtoReader.BYTES) {
                    g.skip();
                    continue;
                }
                switch (g.field()) {
                    case 1 -> {
                        charge(NODE_BYTES);
                        nodes.add(node(g.message(file + " (node)")));
                    }
                    case 5 -> {
                        charge(ITEM_BYTES);
                        Tensor t = tensor(g.message(file + " (initializer)"));
                        if (initializers.put(t.name, t) != null) {
                            throw new IOException(file + ": two initializers named " + Quoted.of(t.name)
                                    + "; every tensor of a graph has its own name");
                        }
                    }
                    case 11 -> valueInfo(g.message(file + " (input)"), true);
                    case 12 -> valueInfo(g.message(file + " (output)"), false);
                    default -> g.skip();
                }
            }
            constants.putAll(initializers);
            // every name is defined once: by an initializer, a graph input or one node's output
            Set<String> defined = new HashSet<>(initializers.keySet());
            defined.addAll(inputs);
            for (Node n : nodes) {
                for (String out : n.outputs) {
                    if (!out.isEmpty() && (n.inputs.contains(out) || !defined.add(out))) {
                        throw new IOException(file + ": " + n.describe() + " defines " + Quoted.of(out)
                                + (n.inputs.contains(out) ? ", its own input" : initializers.containsKey(out)
                                ? ", which is an initializer's name" : ", which is already defined")
                                + "; every tensor of a graph is defined once");
                    }
                }
                if (n.op.equals("Constant")) {
                    Attribute value = n.attributes.get("value");
                    if (value == null || value.t == null || n.outputs.size() != 1) {
                        throw new IOException(file + ": " + n.describe() + " holds no tensor 'value'; vecnet reads "
                                + "Constant nodes of tensors");
                    }
                    constants.put(n.outputs.get(0), value.t.named(n.outputs.get(0)));
                }
            }
        }

        /** What the graph's structure costs in memory so far, against {@link #STRUCTURE_BUDGET}. */
        private long charged;

        private void charge(long bytes) throws IOException {
            charged += bytes;
            if (charged > STRUCTURE_BUDGET) {
                throw new IOException(file + ": the graph's nodes, names and shapes would take more than "
                        + Memory.size(STRUCTURE_BUDGET) + " of memory; vecnet imports dense networks, whose graphs are small");
            }
        }

        private String string(ProtoReader r) throws IOException {
            String s = r.string();
            charge(ITEM_BYTES + s.length());
            return s;
        }

        private Node node(ProtoReader r) throws IOException {
            List<String> in = new ArrayList<>(), out = new ArrayList<>();
            String name = "", op = "", domain = "";
            Map<String, Attribute> attributes = new HashMap<>();
            while (r.next()) {
                boolean bytes = r.wireType() == ProtoReader.BYTES;
                switch (bytes ? r.field() : -1) {
                    case 1 -> in.add(string(r));
                    case 2 -> out.add(string(r));
                    case 3 -> name = string(r);
                    case 4 -> op = string(r);
                    case 5 -> {
                        charge(ITEM_BYTES);
                        Attribute a = attribute(r.message(file + " (attribute)"));
                        attributes.put(a.name, a);
                    }
                    case 7 -> domain = string(r);
                    default -> r.skip();
                }
            }
            return new Node(name.isEmpty() ? (out.isEmpty() ? op : out.get(0)) : name, op, domain, in, out, attributes);
        }

        private Attribute attribute(ProtoReader r) throws IOException {
            String name = "";
            float f = 0;
            long i = 0;
            Tensor t = null;
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.BYTES) {
                    name = string(r);
                } else if (r.field() == 2 && r.wireType() == ProtoReader.FIXED32) {
                    f = Float.intBitsToFloat(r.fixed32());
                } else if (r.field() == 3 && r.wireType() == ProtoReader.VARINT) {
                    i = r.varint();
                } else if (r.field() == 5 && r.wireType() == ProtoReader.BYTES) {
                    t = tensor(r.message(file + " (attribute tensor)"));
                } else {
                    r.skip();
                }
            }
            return new Attribute(name, f, i, t);
        }

        /** A tensor's description: its shape, type and how many values it holds; the values stay in the file. */
        private Tensor tensor(ProtoReader r) throws IOException {
            long from = r.position();
            List<Long> dims = new ArrayList<>();
            int type = 0;
            long rawBytes = -1, floats = 0, doubles = 0, misalignedFloats = -1, misalignedDoubles = -1;
            String name = "";
            boolean external = false;
            while (r.next()) {
                int f = r.field(), w = r.wireType();
                if (f == 1 && w == ProtoReader.VARINT) {
                    dims.add(dimension(r.varint(), dims.size(), name));
                } else if (f == 1 && w == ProtoReader.BYTES) {
                    ProtoReader packed = r.message(file + " (dims)");
                    while (packed.hasMore()) {
                        dims.add(dimension(packed.varint(), dims.size(), name));
                    }
                } else if (f == 2 && w == ProtoReader.VARINT) {
                    long v = r.varint();
                    type = v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
                } else if (f == 4 && w == ProtoReader.BYTES) {
                    long[] s = r.span();
                    floats += (s[1] - s[0]) / 4;
                    if ((s[1] - s[0]) % 4 != 0 && misalignedFloats < 0) {
                        misalignedFloats = s[1] - s[0];
                    }
                } else if (f == 4 && w == ProtoReader.FIXED32) {
                    r.fixed32();
                    floats++;
                } else if (f == 10 && w == ProtoReader.BYTES) {
                    long[] s = r.span();
                    doubles += (s[1] - s[0]) / 8;
                    if ((s[1] - s[0]) % 8 != 0 && misalignedDoubles < 0) {
                        misalignedDoubles = s[1] - s[0];
                    }
                } else if (f == 10 && w == ProtoReader.FIXED64) {
                    r.fixed64();
                    doubles++;
                } else if (f == 8 && w == ProtoReader.BYTES) {
                    name = string(r);
                } else if (f == 9 && w == ProtoReader.BYTES) {
                    long[] s = r.span();
                    rawBytes = s[1] - s[0];
                } else if (f == 13 && w == ProtoReader.BYTES) {
                    external = true;
                    r.skip();
                } else if (f == 14 && w == ProtoReader.VARINT) {
                    external |= r.varint() == 1;
                } else {
                    r.skip();
                }
            }
            long[] d = new long[dims.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = dims.get(i);
            }
            boolean f64 = type == DOUBLE;
            return new Tensor(name, d, type, from, r.position(), rawBytes >= 0, rawBytes >= 0 ? rawBytes : f64 ? doubles * 8 : floats * 4,
                    f64 ? misalignedDoubles : misalignedFloats, external);
        }

        /** A tensor's dimension {@code index}, checked: 0..2³¹−1, at most {@value #MAX_RANK} of them. */
        private long dimension(long value, int index, String tensor) throws IOException {
            if (index >= MAX_RANK) {
                throw new IOException(file + ": a tensor " + (tensor.isEmpty() ? "" : Quoted.of(tensor) + " ")
                        + "with more than " + MAX_RANK + " dimensions");
            }
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new IOException(file + ": tensor " + Quoted.of(tensor) + " has dimension " + value);
            }
            charge(8);
            return value;
        }

        private void valueInfo(ProtoReader r, boolean input) throws IOException {
            charge(ITEM_BYTES);
            String name = "";
            long[] shape = null;
            int type = -1;
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.BYTES) {
                    name = string(r);
                } else if (r.field() == 2 && r.wireType() == ProtoReader.BYTES) {
                    ProtoReader typeProto = r.message(file + " (type)");
                    while (typeProto.next()) {
                        if (typeProto.field() == 1 && typeProto.wireType() == ProtoReader.BYTES) {
                            ProtoReader tensor = typeProto.message(file + " (tensor type)");
                            while (tensor.next()) {
                                if (tensor.field() == 1 && tensor.wireType() == ProtoReader.VARINT) {
                                    long v = tensor.varint();
                                    type = v < 0 || v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
                                } else if (tensor.field() == 2 && tensor.wireType() == ProtoReader.BYTES) {
                                    shape = shape(tensor.message(file + " (shape)"));
                                } else {
                                    tensor.skip();
                                }
                            }
                        } else {
                            typeProto.skip();
                        }
                    }
                } else {
                    r.skip();
                }
            }
            (input ? inputs : outputs).add(name);
            if (input) {
                inputShapes.put(name, shape);
                if (type >= 0) {
                    inputTypes.put(name, type);
                }
            }
        }

        /** Dimensions, -1 where symbolic (dim_param) or absent. */
        private long[] shape(ProtoReader r) throws IOException {
            List<Long> dims = new ArrayList<>();
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.BYTES) {
                    if (dims.size() >= MAX_RANK) {
                        throw new IOException(file + ": an input or output with more than " + MAX_RANK + " dimensions");
                    }
                    charge(8);
                    ProtoReader dim = r.message(file + " (dimension)");
                    long v = -1;
                    while (dim.next()) {
                        if (dim.field() == 1 && dim.wireType() == ProtoReader.VARINT) {
                            v = dim.varint();
                            if (v < 0) {
                                throw new IOException(file + ": an input or output of dimension " + v);
                            }
                        } else {
                            dim.skip();
                        }
                    }
                    dims.add(v);
                } else {
                    r.skip();
                }
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
