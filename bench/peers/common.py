"""Shared by the seed-run peers: IDX loading, the BLAS a process runs on, the RESULT line."""
import argparse
import ctypes
import gzip
import json
import os
import resource
import struct

FILES = ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')


def arguments():
    """The peers' command line: --data DIR [--precision f32|f64] [--iters 10000] [--seed 0]."""
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True, help='directory with the four IDX files, raw or .gz')
    ap.add_argument('--precision', choices=['f32', 'f64'], default='f32')
    ap.add_argument('--iters', type=int, default=10000)
    ap.add_argument('--seed', type=int, default=0)
    return ap.parse_args()


def read_idx(path):
    """An IDX file (raw or .gz) as (dims, bytes of the data)."""
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        raw = f.read()
    zero, dtype, ndim = struct.unpack('>HBB', raw[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f'{path}: not an unsigned-byte IDX file')
    dims = struct.unpack('>' + 'I' * ndim, raw[4:4 + 4 * ndim])
    return dims, raw[4 + 4 * ndim:]


def find(directory, base):
    for name in (base, base + '.gz'):
        p = os.path.join(directory, name)
        if os.path.isfile(p):
            return p
    raise FileNotFoundError(f'{directory}: no {base} or {base}.gz')


def load(directory, np):
    """(train images N×784 uint8, train labels, test images, test labels) as numpy arrays."""
    out = []
    for base in FILES:
        dims, data = read_idx(find(directory, base))
        a = np.frombuffer(data, dtype=np.uint8)
        out.append(a.reshape(dims[0], -1) if len(dims) > 1 else a.astype(np.int64))
    return tuple(out)


def blas():
    """The BLAS libraries mapped into this process, and OpenBLAS's core name and config where it has them."""
    libs = []
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ''
            name = os.path.basename(path).lower()
            if ('blas' in name or 'mkl' in name) and path not in libs:
                libs.append(path)
    info = {'libraries': libs}
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (('openblas_', ''), ('scipy_openblas_', '64_'), ('scipy_openblas_', '')):
            try:
                core = getattr(lib, prefix + 'get_corename' + suffix)
                config = getattr(lib, prefix + 'get_config' + suffix)
            except AttributeError:
                continue
            core.restype = config.restype = ctypes.c_char_p
            info['corename'] = core().decode()
            info['config'] = config().decode()
            return info
    if libs:
        info['config'] = 'no OpenBLAS symbols (reference BLAS or another library)'
    return info


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def report(result):
    result['peak_rss_mb'] = peak_rss_mb()
    print('RESULT ' + json.dumps(result), flush=True)
