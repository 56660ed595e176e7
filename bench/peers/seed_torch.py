#!/usr/bin/env python3
"""The seed run in PyTorch (CPU, one thread: torch.set_num_threads(1)): the same network, data, loop and
evaluations as seed_numpy.py, written with torch tensors and the same hand-written backward pass (no
autograd: the book's gradient, as vecnet and the numpy peer compute it). float32, or float64 with
--precision f64. Prints the epoch lines and one line RESULT {json}.

    seed_torch.py --data DIR [--precision f32|f64] [--iters 10000] [--seed 0]
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


class TwoLayerNet:
    def __init__(self, gen, dtype, hidden=50, std=0.01):
        self.W1 = std * torch.randn(784, hidden, generator=gen, dtype=dtype)
        self.b1 = torch.zeros(hidden, dtype=dtype)
        self.W2 = std * torch.randn(hidden, 10, generator=gen, dtype=dtype)
        self.b2 = torch.zeros(10, dtype=dtype)

    def predict(self, x):
        return torch.softmax(torch.addmm(self.b2, torch.sigmoid(torch.addmm(self.b1, x, self.W1)), self.W2), dim=1)

    def accuracy(self, x, labels):
        return float((self.predict(x).argmax(dim=1) == labels).sum()) / x.shape[0]

    def step(self, x, t, labels, lr):
        n = x.shape[0]
        z1 = torch.sigmoid(torch.addmm(self.b1, x, self.W1))
        y = torch.softmax(torch.addmm(self.b2, z1, self.W2), dim=1)
        loss = -torch.log(y[torch.arange(n), labels] + 1e-7).sum() / n
        dy = (y - t) / n
        gW2 = z1.T @ dy
        gb2 = dy.sum(dim=0)
        dz1 = (dy @ self.W2.T) * (1.0 - z1) * z1
        gW1 = x.T @ dz1
        gb1 = dz1.sum(dim=0)
        self.W1.sub_(lr * gW1)
        self.b1.sub_(lr * gb1)
        self.W2.sub_(lr * gW2)
        self.b2.sub_(lr * gb2)
        return float(loss)


def main():
    a = common.arguments()
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)
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
    net = TwoLayerNet(gen, dtype)
    batch, lr = 100, 0.1
    per_epoch = max(len(x_train) // batch, 1)
    start = time.perf_counter()
    train_acc = test_acc = 0.0
    for it in range(a.iters):
        idx = torch.randint(0, len(x_train), (batch,), generator=gen)
        net.step(x_train[idx], t_train[idx], y_train[idx], lr)
        if it % per_epoch == 0 or it == a.iters - 1:
            train_acc = net.accuracy(x_train, y_train)
            test_acc = net.accuracy(x_test, y_test)
            print(f'iter {it} train_acc={train_acc:.4f} test_acc={test_acc:.4f}', flush=True)
    loop_s = time.perf_counter() - start
    blas_info = re.search(r'BLAS_INFO=([^,\s]+)', torch.__config__.show())
    common.report(dict(impl='torch', version=torch.__version__, python=platform.python_version(),
                       executable=sys.executable, precision=a.precision, iters=a.iters, data=a.data,
                       threads=torch.get_num_threads(), blas=dict(common.blas(), torch_blas_info=blas_info.group(1) if blas_info else '?'),
                       load_s=load_s, loop_s=loop_s, train_acc=train_acc, test_acc=test_acc))


if __name__ == '__main__':
    main()
