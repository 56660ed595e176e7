#!/usr/bin/env python3
"""The deep recipe in numpy, as the book's chapter 6 code writes it: a MultiLayerNet 784-100-100-10 with
ReLU hidden layers, He initialisation (std sqrt(2 / fan-in)), weight decay λ = 1e-4 (loss + λ/2·Σ‖W‖²,
gradient + λ·W), the book's Adam (lr 0.01, β1 0.9, β2 0.999, ε 1e-7), batches of 100 drawn with
replacement, every epoch the accuracy on the whole train and test sets. float32 throughout (data,
parameters, optimizer state). numpy does not flush subnormals, as numpy does not.

Threads: one, through OPENBLAS_NUM_THREADS=1 (the harness sets it before numpy loads). Prints the epoch
lines and one line RESULT {json}, with each whole epoch's seconds (its steps and the evaluation after
them; the first evaluation, after iteration 0, starts the clock).

    deep_numpy.py --data DIR [--precision f32|f64] [--iters 10000] [--seed 0]
"""
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import numpy as np  # noqa: E402

SIZES = (784, 100, 100, 10)
WEIGHT_DECAY = 1e-4
LR = 0.01


def softmax(x):
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


class MultiLayerNet:
    def __init__(self, rng, dtype):
        self.params = {}
        for i in range(1, len(SIZES)):
            std = np.sqrt(2.0 / SIZES[i - 1])
            self.params['W%d' % i] = (std * rng.standard_normal((SIZES[i - 1], SIZES[i]))).astype(dtype)
            self.params['b%d' % i] = np.zeros(SIZES[i], dtype=dtype)
        self.layers = len(SIZES) - 1

    def predict(self, x):
        for i in range(1, self.layers):
            x = np.maximum(np.dot(x, self.params['W%d' % i]) + self.params['b%d' % i], 0)
        return np.dot(x, self.params['W%d' % self.layers]) + self.params['b%d' % self.layers]

    def accuracy(self, x, labels):
        return float(np.sum(np.argmax(self.predict(x), axis=1) == labels)) / x.shape[0]

    def gradient(self, x, t, labels):
        """Forward and backward as the book's layers do (ReLU's mask x <= 0); returns the grads and the loss."""
        n = x.shape[0]
        outs, masks = [x], []
        for i in range(1, self.layers):
            a = np.dot(outs[-1], self.params['W%d' % i]) + self.params['b%d' % i]
            mask = a <= 0
            a[mask] = 0
            masks.append(mask)
            outs.append(a)
        y = softmax(np.dot(outs[-1], self.params['W%d' % self.layers]) + self.params['b%d' % self.layers])
        decay = 0.0
        for i in range(1, self.layers + 1):
            decay += 0.5 * WEIGHT_DECAY * np.sum(self.params['W%d' % i] ** 2)
        loss = -np.sum(np.log(y[np.arange(n), labels] + 1e-7)) / n + decay
        grads = {}
        dout = (y - t) / n
        for i in range(self.layers, 0, -1):
            grads['W%d' % i] = np.dot(outs[i - 1].T, dout) + WEIGHT_DECAY * self.params['W%d' % i]
            grads['b%d' % i] = np.sum(dout, axis=0)
            if i > 1:
                dout = np.dot(dout, self.params['W%d' % i].T)
                dout[masks[i - 2]] = 0
        return grads, loss


class Adam:
    """The book's Adam (common/optimizer.py)."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m = self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


def main():
    a = common.arguments()
    np.seterr(over='ignore', under='ignore')
    t0 = time.perf_counter()
    dtype = np.float32 if a.precision == 'f32' else np.float64
    xtr, ytr, xte, yte = common.load(a.data, np)
    x_train = (xtr.astype(np.float32) / np.float32(255)).astype(dtype)
    x_test = (xte.astype(np.float32) / np.float32(255)).astype(dtype)
    t_train = np.zeros((len(ytr), 10), dtype=dtype)
    t_train[np.arange(len(ytr)), ytr] = 1
    load_s = time.perf_counter() - t0

    rng = np.random.default_rng(a.seed)
    net = MultiLayerNet(rng, dtype)
    opt = Adam(lr=LR)
    batch = 100
    per_epoch = max(len(x_train) // batch, 1)
    start = last = time.perf_counter()
    epochs = []
    train_acc = test_acc = 0.0
    for it in range(a.iters):
        idx = rng.integers(0, len(x_train), batch)
        grads, _ = net.gradient(x_train[idx], t_train[idx], ytr[idx])
        opt.update(net.params, grads)
        if it % per_epoch == 0 or it == a.iters - 1:
            train_acc = net.accuracy(x_train, ytr)
            test_acc = net.accuracy(x_test, yte)
            now = time.perf_counter()
            if it % per_epoch == 0 and it > 0:  # a whole epoch: its steps and the evaluation after them
                epochs.append(now - last)
            if it % per_epoch == 0:
                last = now
            print(f'iter {it} train_acc={train_acc:.4f} test_acc={test_acc:.4f}', flush=True)
    loop_s = time.perf_counter() - start
    w = [net.params['W%d' % i] for i in range(1, len(SIZES))]
    tiny = np.finfo(dtype).tiny
    subnormal = sum(int(np.sum((p != 0) & (np.abs(p) < tiny))) for p in w)
    common.report(dict(impl='numpy', version=np.__version__, python=platform.python_version(),
                       executable=sys.executable, precision=a.precision, iters=a.iters, data=a.data,
                       threads=os.environ.get('OPENBLAS_NUM_THREADS'), blas=common.blas(), load_s=load_s,
                       loop_s=loop_s, train_acc=train_acc, test_acc=test_acc, epoch_s=epochs,
                       subnormal_weights=subnormal, weights=sum(p.size for p in w)))


if __name__ == '__main__':
    main()
