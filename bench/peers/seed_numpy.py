#!/usr/bin/env python3
"""The seed run in numpy: the book's TwoLayerNet (784-50-10, sigmoid, softmax with cross-entropy), SGD
lr 0.1, batches of 100 drawn with replacement, every epoch the accuracy on the whole train and test
sets; the book's functions (sigmoid, softmax over rows after subtracting the max, gradient by
backprop). Its loss comes from the forward pass the gradient makes, as vecnet's does (the book's loop
runs a second forward pass for it). float32: data, one-hot labels and parameters all float32; float64:
the parameters and labels in float64, as the book's numpy code runs.

Threads: one, through OPENBLAS_NUM_THREADS=1 (the harness sets it before numpy loads). Prints the
epoch lines and one line RESULT {json}.

    seed_numpy.py --data DIR [--precision f32|f64] [--iters 10000] [--seed 0]
"""
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import numpy as np  # noqa: E402


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


class TwoLayerNet:
    def __init__(self, rng, dtype, hidden=50, std=0.01):
        self.W1 = (std * rng.standard_normal((784, hidden))).astype(dtype)
        self.b1 = np.zeros(hidden, dtype=dtype)
        self.W2 = (std * rng.standard_normal((hidden, 10))).astype(dtype)
        self.b2 = np.zeros(10, dtype=dtype)

    def predict(self, x):
        return softmax(np.dot(sigmoid(np.dot(x, self.W1) + self.b1), self.W2) + self.b2)

    def accuracy(self, x, labels):
        return float(np.sum(np.argmax(self.predict(x), axis=1) == labels)) / x.shape[0]

    def step(self, x, t, labels, lr):
        """Forward, backward (as the book's gradient()), SGD update; returns the batch's loss."""
        n = x.shape[0]
        a1 = np.dot(x, self.W1) + self.b1
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, self.W2) + self.b2)
        loss = -np.sum(np.log(y[np.arange(n), labels] + 1e-7)) / n
        dy = (y - t) / n
        gW2 = np.dot(z1.T, dy)
        gb2 = dy.sum(axis=0)
        dz1 = np.dot(dy, self.W2.T) * (1.0 - z1) * z1
        gW1 = np.dot(x.T, dz1)
        gb1 = dz1.sum(axis=0)
        self.W1 -= lr * gW1
        self.b1 -= lr * gb1
        self.W2 -= lr * gW2
        self.b2 -= lr * gb2
        return loss


def main():
    a = common.arguments()
    np.seterr(over='ignore')  # exp(-x) overflows to inf for very negative x: sigmoid is then 0, as it should be
    t0 = time.perf_counter()
    dtype = np.float32 if a.precision == 'f32' else np.float64
    xtr, ytr, xte, yte = common.load(a.data, np)
    x_train = xtr.astype(np.float32) / np.float32(255)
    x_test = xte.astype(np.float32) / np.float32(255)
    t_train = np.zeros((len(ytr), 10), dtype=dtype)
    t_train[np.arange(len(ytr)), ytr] = 1
    load_s = time.perf_counter() - t0

    rng = np.random.default_rng(a.seed)
    net = TwoLayerNet(rng, dtype)
    batch, lr = 100, 0.1
    per_epoch = max(len(x_train) // batch, 1)
    start = time.perf_counter()
    train_acc = test_acc = 0.0
    for it in range(a.iters):
        idx = rng.integers(0, len(x_train), batch)
        net.step(x_train[idx], t_train[idx], ytr[idx], lr)
        if it % per_epoch == 0 or it == a.iters - 1:
            train_acc = net.accuracy(x_train, ytr)
            test_acc = net.accuracy(x_test, yte)
            print(f'iter {it} train_acc={train_acc:.4f} test_acc={test_acc:.4f}', flush=True)
    loop_s = time.perf_counter() - start
    common.report(dict(impl='numpy', version=np.__version__, python=platform.python_version(),
                       executable=sys.executable, precision=a.precision, iters=a.iters, data=a.data,
                       threads=os.environ.get('OPENBLAS_NUM_THREADS'), blas=common.blas(), load_s=load_s,
                       loop_s=loop_s, train_acc=train_acc, test_acc=test_acc))


if __name__ == '__main__':
    main()
