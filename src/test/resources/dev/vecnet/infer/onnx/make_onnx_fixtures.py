"""Writes the ONNX fixtures OnnxImportTest reads, with PyTorch and the onnx package (Debian:
python3-torch, python3-onnx; run: /usr/bin/python3 make_onnx_fixtures.py in this directory).
Each NAME.onnx comes with NAME.npz: `inputs` (float32, as the graph takes them) and `outputs` (what
the framework computed for them, float64).

torch-mlp-relu.onnx        torch.onnx.export of nn.Sequential 784-256-128-10, ReLU, Softmax; opset 13
torch-flatten-opset11.onnx [N,1,4,4] -> Flatten -> Linear 16-12 -> Tanh -> Dropout -> Linear 12-8
                           -> LeakyReLU(0.2) -> Linear 8-5 -> LogSoftmax; opset 11 (outputs: its exp)
torch-batchnorm-opset17.onnx Linear 10-16 -> BatchNorm1d (running statistics) -> Sigmoid -> Linear 16-3,
                           no softmax (scores); opset 17
handmade-matmul-f64.onnx   onnx.helper: MatMul + Add (float64, typed double_data), Identity, Gemm
                           transB=0 alpha 0.5 beta 2, Relu, Dropout, Gemm transB=1 (raw data), Softmax axis -1
sklearn-like-labels.onnx   the graph skl2onnx writes for an MLPClassifier (zipmap=False): MatMul + Add,
                           Relu, MatMul + Add, Softmax -> probabilities, then ArgMax and Cast -> label
bad-conv.onnx              a Conv2d: refused, naming the op and node
bad-shapes.onnx            a Gemm whose weights do not chain with the layer before
"""
import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

torch.manual_seed(3)
rng = np.random.default_rng(5)


def export(model, example, name, opset, dynamic=True):
    model.eval()
    torch.onnx.export(model, example, name + ".onnx", opset_version=opset, input_names=["input"],
                      output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None)
    with torch.no_grad():
        out = model(example).double().numpy()
    np.savez(name + ".npz", inputs=example.numpy(), outputs=out)


x = torch.rand(16, 784)
x[x < 0.6] = 0  # digit-like: mostly zeros
export(torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                           torch.nn.Linear(128, 10), torch.nn.Softmax(dim=1)), x, "torch-mlp-relu", 13)



flatten = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(16, 12), torch.nn.Tanh(), torch.nn.Dropout(0.5),
                              torch.nn.Linear(12, 8), torch.nn.LeakyReLU(0.2), torch.nn.Linear(8, 5),
                              torch.nn.LogSoftmax(dim=1))
xi = torch.randn(9, 1, 4, 4)
flatten.eval()
torch.onnx.export(flatten, xi, "torch-flatten-opset11.onnx", opset_version=11, input_names=["input"],
                  output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
with torch.no_grad():
    np.savez("torch-flatten-opset11.npz", inputs=xi.numpy(), outputs=flatten(xi).exp().double().numpy())

bn = torch.nn.BatchNorm1d(16)
with torch.no_grad():
    bn.running_mean.copy_(torch.randn(16) * 0.5)
    bn.running_var.copy_(torch.rand(16) + 0.5)
    bn.weight.copy_(torch.randn(16))
    bn.bias.copy_(torch.randn(16) * 0.2)
export(torch.nn.Sequential(torch.nn.Linear(10, 16), bn, torch.nn.Sigmoid(), torch.nn.Linear(16, 3)),
       torch.randn(7, 10), "torch-batchnorm-opset17", 17)

# by hand: the forms other exporters use
w1 = rng.normal(0, 0.4, (6, 5))
b1 = rng.normal(0, 0.1, 5)
w2 = rng.normal(0, 0.4, (5, 4)).astype(np.float32)
c2 = rng.normal(0, 0.1, 4).astype(np.float32)
w3 = rng.normal(0, 0.4, (3, 4)).astype(np.float32)  # transB = 1: [out, in]
c3 = rng.normal(0, 0.1, 3).astype(np.float32)


def typed(name, array, dtype):
    return helper.make_tensor(name, dtype, array.shape, array.flatten().tolist())  # float_data / double_data


graph = helper.make_graph(
    [helper.make_node("MatMul", ["x", "W1"], ["m1"], name="matmul1"),
     helper.make_node("Add", ["m1", "b1"], ["a1"], name="add1"),
     helper.make_node("Identity", ["a1"], ["i1"], name="identity"),
     helper.make_node("Gemm", ["i1", "W2", "C2"], ["a2"], name="gemm2", alpha=0.5, beta=2.0),
     helper.make_node("Relu", ["a2"], ["h2"], name="relu2"),
     helper.make_node("Dropout", ["h2"], ["d2"], name="dropout"),
     helper.make_node("Gemm", ["d2", "W3", "C3"], ["a3"], name="gemm3", transB=1),
     helper.make_node("Softmax", ["a3"], ["y"], name="softmax", axis=-1)],
    "handmade",
    [helper.make_tensor_value_info("x", TensorProto.DOUBLE, ["batch", 6])],
    [helper.make_tensor_value_info("y", TensorProto.DOUBLE, ["batch", 3])],
    [typed("W1", w1, TensorProto.DOUBLE), typed("b1", b1, TensorProto.DOUBLE),
     typed("W2", w2.astype(np.float64), TensorProto.DOUBLE), typed("C2", c2.astype(np.float64), TensorProto.DOUBLE),
     numpy_helper.from_array(w3.astype(np.float64), "W3"), numpy_helper.from_array(c3.astype(np.float64), "C3")])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)]), "handmade-matmul-f64.onnx")
xh = rng.normal(0, 1, (4, 6))
h = xh @ w1 + b1
h = np.maximum(0.5 * (h @ w2) + 2.0 * c2, 0)
a = h @ w3.T + c3
e = np.exp(a - a.max(axis=1, keepdims=True))
np.savez("handmade-matmul-f64.npz", inputs=xh.astype(np.float32), outputs=e / e.sum(axis=1, keepdims=True))

# what skl2onnx writes for an MLPClassifier with zipmap=False: two outputs, the label last
s1 = rng.normal(0, 0.5, (4, 6)).astype(np.float32)
t1 = rng.normal(0, 0.1, 6).astype(np.float32)
s2 = rng.normal(0, 0.5, (6, 3)).astype(np.float32)
t2 = rng.normal(0, 0.1, 3).astype(np.float32)
sk = helper.make_graph(
    [helper.make_node("MatMul", ["float_input", "coefficient"], ["mul_result"], name="MatMul"),
     helper.make_node("Add", ["mul_result", "intercepts"], ["add_result"], name="Add"),
     helper.make_node("Relu", ["add_result"], ["next_activations"], name="Relu"),
     helper.make_node("MatMul", ["next_activations", "coefficient1"], ["mul_result1"], name="MatMul1"),
     helper.make_node("Add", ["mul_result1", "intercepts1"], ["add_result1"], name="Add1"),
     helper.make_node("Softmax", ["add_result1"], ["probabilities"], name="Softmax", axis=1),
     helper.make_node("ArgMax", ["probabilities"], ["argmax_output"], name="ArgMax", axis=1, keepdims=0),
     helper.make_node("Cast", ["argmax_output"], ["label"], name="Cast", to=TensorProto.INT64)],
    "mlp_classifier", [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [None, 4])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
     helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3])],
    [numpy_helper.from_array(s1, "coefficient"), numpy_helper.from_array(t1, "intercepts"),
     numpy_helper.from_array(s2, "coefficient1"), numpy_helper.from_array(t2, "intercepts1")])
onnx.save(helper.make_model(sk, opset_imports=[helper.make_opsetid("", 13)]), "sklearn-like-labels.onnx")
xs = rng.normal(0, 1, (5, 4)).astype(np.float32)
a = np.maximum(xs.astype(np.float64) @ s1 + t1, 0) @ s2 + t2
e = np.exp(a - a.max(axis=1, keepdims=True))
np.savez("sklearn-like-labels.npz", inputs=xs, outputs=e / e.sum(axis=1, keepdims=True))

conv = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.Flatten(), torch.nn.Linear(8, 3))
conv.eval()
torch.onnx.export(conv, torch.randn(1, 1, 4, 4), "bad-conv.onnx", opset_version=13)

bad = helper.make_graph(
    [helper.make_node("Gemm", ["x", "W1", "b1"], ["a1"], name="first"),
     helper.make_node("Gemm", ["a1", "W2", "b2"], ["y"], name="second")],
    "bad", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 2])],
    [numpy_helper.from_array(np.ones((4, 3), np.float32), "W1"), numpy_helper.from_array(np.zeros(3, np.float32), "b1"),
     numpy_helper.from_array(np.ones((5, 2), np.float32), "W2"), numpy_helper.from_array(np.zeros(2, np.float32), "b2")])
onnx.save(helper.make_model(bad, opset_imports=[helper.make_opsetid("", 13)]), "bad-shapes.onnx")
