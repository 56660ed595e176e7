"""Writes the .npz fixtures NpzFileTest reads, with numpy itself (run: python3 make_npz_fixtures.py).

numpy-sigmoid-f32.npz  np.savez, float32, the book's sigmoid net 6-4-3, plus the probabilities
                       numpy computes for 5 inputs (inputs.npy / probabilities.npy inside it)
numpy-relu-f64.npz     np.savez_compressed, float64, biases shaped (1, n), ReLU
bad-*.npz              one defect each: Fortran order, big-endian, int dtype, no activation,
                       a 3-D W1, mismatched shapes
"""
import numpy as np

rng = np.random.default_rng(7)


def params(dtype, inp=6, hid=4, out=3):
    return dict(W1=rng.normal(0, 0.5, (inp, hid)).astype(dtype), b1=rng.normal(0, 0.1, hid).astype(dtype),
                W2=rng.normal(0, 0.5, (hid, out)).astype(dtype), b2=rng.normal(0, 0.1, out).astype(dtype))


def softmax(a):
    a = a - a.max(axis=1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=1, keepdims=True)


p = params(np.float32)
x = rng.random((5, 6)).astype(np.float32)
h = 1 / (1 + np.exp(-(x.astype(np.float64) @ p["W1"] + p["b1"])))
probs = softmax(h @ p["W2"] + p["b2"])
np.savez("numpy-sigmoid-f32.npz", **p, activation="sigmoid", inputs=x, probabilities=probs)

q = params(np.float64)
q["b1"] = q["b1"].reshape(1, -1)
q["b2"] = q["b2"].reshape(1, -1)
np.savez_compressed("numpy-relu-f64.npz", **q, activation="relu")

b = params(np.float32)
np.savez("bad-fortran.npz", **{**b, "W1": np.asfortranarray(b["W1"])}, activation="sigmoid")
np.savez("bad-big-endian.npz", **{**b, "W2": b["W2"].astype(">f4")}, activation="sigmoid")
np.savez("bad-int.npz", **{**b, "b1": np.arange(4, dtype=np.int32)}, activation="sigmoid")
np.savez("bad-no-activation.npz", **b)
np.savez("bad-3d.npz", **{**b, "W1": b["W1"].reshape(6, 2, 2)}, activation="sigmoid")
np.savez("bad-shapes.npz", **{**b, "W2": np.zeros((5, 3), np.float32)}, activation="sigmoid")
