#!/usr/bin/env python3
"""k-NN on MNIST in numpy, the peer of `dendrite train --model knn`: the same idx files, the same scaling
(pixels / 255 as float32), the same blocked computation.

For each block of test rows: d² = -2·X·Yᵀ + ‖x‖² + ‖y‖² (float32, one BLAS GEMM), clamped at 0, then
np.argpartition for the k nearest and cs231n's vote np.argmax(np.bincount(labels)). The block holds at most
64 MiB of distances, as in Dendrite. Prints test accuracy and the wall time of distances + prediction.

    OPENBLAS_NUM_THREADS=2 python3 bench/knn_numpy.py [--data DIR] [--k 3] [--block-mb 64]

DIR defaults to $DENDRITE_DATA/mnist or ~/.cache/dendrite/mnist (`./dendrite fetch mnist` fills it).
"""
import argparse
import os
import struct
import time

import numpy as np


def idx(path):
    with open(path, "rb") as f:
        zero, dtype, ndim = struct.unpack(">HBB", f.read(4))
        if zero != 0 or dtype != 0x08:
            raise SystemExit(f"{path}: not an unsigned-byte idx file")
        shape = struct.unpack(">" + "I" * ndim, f.read(4 * ndim))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(shape)


def main():
    default = os.path.join(os.environ.get("DENDRITE_DATA", os.path.expanduser("~/.cache/dendrite")), "mnist")
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=default, help="folder with the four MNIST idx files (default: %(default)s)")
    p.add_argument("--k", type=int, default=3, help="neighbours that vote (default: %(default)s)")
    p.add_argument("--block-mb", type=int, default=64, help="MiB of distances per block (default: %(default)s)")
    a = p.parse_args()

    x_train = idx(os.path.join(a.data, "train-images-idx3-ubyte")).reshape(60000, -1).astype(np.float32) / 255
    y_train = idx(os.path.join(a.data, "train-labels-idx1-ubyte")).astype(np.int64)
    x_test = idx(os.path.join(a.data, "t10k-images-idx3-ubyte")).reshape(10000, -1).astype(np.float32) / 255
    y_test = idx(os.path.join(a.data, "t10k-labels-idx1-ubyte")).astype(np.int64)

    start = time.perf_counter()
    train_sq = np.sum(x_train * x_train, axis=1)
    rows = max(1, a.block_mb * 2**20 // (4 * x_train.shape[0]))
    predicted = np.empty(x_test.shape[0], dtype=np.int64)
    for lo in range(0, x_test.shape[0], rows):
        xb = x_test[lo:lo + rows]
        d2 = -2 * (xb @ x_train.T)
        d2 += np.sum(xb * xb, axis=1)[:, None]
        d2 += train_sq[None, :]
        np.maximum(d2, 0, out=d2)
        nearest = np.argpartition(d2, a.k - 1, axis=1)[:, :a.k]
        for i, idx_row in enumerate(nearest):
            predicted[lo + i] = np.argmax(np.bincount(y_train[idx_row]))
    seconds = time.perf_counter() - start
    acc = np.mean(predicted == y_test)
    print(f"numpy {np.__version__}, k={a.k}, {rows} test rows per block")
    print(f"test accuracy {acc:.4f} ({len(y_test)} examples)")
    print(f"time {seconds:.1f} s for {len(y_test)} x {len(y_train)} distances and votes")


if __name__ == "__main__":
    main()
