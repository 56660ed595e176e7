#!/usr/bin/env python3
"""The deep recipe in PyTorch (CPU, one thread: torch.set_num_threads(1)): the same network, data, loop,
evaluations and Adam as deep_numpy.py, with torch tensors and the same hand-written backward pass (no
autograd: the book's layers, as vecnet and the numpy peer compute them). float32, or float64 with
--precision f64. Subnormals as PyTorch leaves them by default (torch.set_flush_denormal(False)); with
--flush-denormal the CPU flushes them (FTZ and DAZ). Prints the epoch lines and one line RESULT {json},
with each whole epoch's seconds.

    deep_torch.py --data DIR [--precision f32|f64] [--iters 10000] [--seed 0] [--flush-denormal]
"""
import os
import platform
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

SIZES = (784, 100, 100, 10)
WEIGHT_DECAY = 1e-4
LR = 0.01


class MultiLayerNet:
    def __init__(self, gen, dtype):
        self.W, self.b = [], []
        for i in range(1, len(SIZES)):
            std = (2.0 / SIZES[i - 1]) ** 0.5
            self.W.append(std * torch.randn(SIZES[i - 1], SIZES[i], generator=gen, dtype=dtype))
            self.b.append(torch.zeros(SIZES[i], dtype=dtype))

    def params(self):
        return self.W + self.b

    def predict(self, x):
        for W, b in zip(self.W[:-1], self.b[:-1]):
            x = torch.relu(torch.addmm(b, x, W))
        return torch.addmm(self.b[-1], x, self.W[-1])

    def accuracy(self, x, labels):
        return float((self.predict(x).argmax(dim=1) == labels).sum()) / x.shape[0]

    def gradient(self, x, t, labels):
        n = x.shape[0]
        outs, masks = [x], []
        for W, b in zip(self.W[:-1], self.b[:-1]):
            a = torch.addmm(b, outs[-1], W)
            mask = a <= 0
            a[mask] = 0
            masks.append(mask)
            outs.append(a)
        y = torch.softmax(torch.addmm(self.b[-1], outs[-1], self.W[-1]), dim=1)
        decay = sum(0.5 * WEIGHT_DECAY * float((W * W).sum()) for W in self.W)
        loss = -float(torch.log(y[torch.arange(n), labels] + 1e-7).sum()) / n + decay
        gW, gb = [None] * len(self.W), [None] * len(self.b)
        dout = (y - t) / n
        for i in range(len(self.W) - 1, -1, -1):
            gW[i] = outs[i].T @ dout + WEIGHT_DECAY * self.W[i]
            gb[i] = dout.sum(dim=0)
            if i > 0:
                dout = dout @ self.W[i].T
                dout[masks[i - 1]] = 0
        return gW + gb, loss


class Adam:
    """The book's Adam, in place on the tensors."""

    def __init__(self, params, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m = [torch.zeros_like(p) for p in params]
        self.v = [torch.zeros_like(p) for p in params]

    def update(self, params, grads):
        self.iter += 1
        lr_t = self.lr * (1.0 - self.beta2 ** self.iter) ** 0.5 / (1.0 - self.beta1 ** self.iter)
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m += (1 - self.beta1) * (g - m)
            v += (1 - self.beta2) * (g * g - v)
            p -= lr_t * m / (torch.sqrt(v) + 1e-7)


def main():
    flush = '--flush-denormal' in sys.argv
    if flush:
        sys.argv.remove('--flush-denormal')
    a = common.arguments()
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)
    flushing = torch.set_flush_denormal(flush) and flush
    t0 = time.perf_counter()
    dtype = torch.float32 if a.precision == 'f32' else torch.float64
    xtr, ytr, xte, yte = common.load(a.data, np)
    x_train = torch.from_numpy(xtr.astype(np.float32) / np.float32(255)).to(dtype)
    x_test = torch.from_numpy(xte.astype(np.float32) / np.float32(255)).to(dtype)
    y_train = torch.from_numpy(ytr)
    y_test = torch.from_numpy(yte)
    t_train = torch.nn.functional.one_hot(y_train, 10).to(dtype)
    load_s = time.perf_counter() - t0

    gen = torch.Generator().manual_seed(a.seed)
    net = MultiLayerNet(gen, dtype)
    opt = Adam(net.params(), lr=LR)
    batch = 100
    per_epoch = max(len(x_train) // batch, 1)
    start = last = time.perf_counter()
    epochs = []
    train_acc = test_acc = 0.0
    for it in range(a.iters):
        idx = torch.randint(0, len(x_train), (batch,), generator=gen)
        grads, _ = net.gradient(x_train[idx], t_train[idx], y_train[idx])
        opt.update(net.params(), grads)
        if it % per_epoch == 0 or it == a.iters - 1:
            train_acc = net.accuracy(x_train, y_train)
            test_acc = net.accuracy(x_test, y_test)
            now = time.perf_counter()
            if it % per_epoch == 0 and it > 0:  # a whole epoch: its steps and the evaluation after them
                epochs.append(now - last)
            if it % per_epoch == 0:
                last = now
            print(f'iter {it} train_acc={train_acc:.4f} test_acc={test_acc:.4f}', flush=True)
    loop_s = time.perf_counter() - start
    tiny = torch.finfo(dtype).tiny
    subnormal = sum(int(((W != 0) & (W.abs() < tiny)).sum()) for W in net.W)
    blas_info = re.search(r'BLAS_INFO=([^,\s]+)', torch.__config__.show())
    common.report(dict(impl='torch', version=torch.__version__, python=platform.python_version(),
                       executable=sys.executable, precision=a.precision, iters=a.iters, data=a.data,
                       threads=torch.get_num_threads(), flush_denormal=flushing,
                       blas=dict(common.blas(), torch_blas_info=blas_info.group(1) if blas_info else '?'),
                       load_s=load_s, loop_s=loop_s, train_acc=train_acc, test_acc=test_acc, epoch_s=epochs,
                       subnormal_weights=subnormal, weights=sum(W.numel() for W in net.W)))


if __name__ == '__main__':
    main()
