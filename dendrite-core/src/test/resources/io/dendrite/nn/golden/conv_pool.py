"""Golden forward values for Conv2d, MaxPool2d and AvgPool2d (float64, numpy).

Regenerate from the repository root with:
    python3 dendrite-core/src/test/resources/io/dendrite/nn/golden/conv_pool.py > dendrite-core/src/test/resources/io/dendrite/nn/golden/conv_pool.txt

Each output line is "name: v0 v1 ..." with the values of the result in row-major order (repr of float64).
Inputs are built from np.linspace exactly as the Java test builds them from Tensor.linspace.
Convolution here goes through numpy's sliding_window_view + einsum, independent of Dendrite's loops.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view as windows


def conv(x, w, b, stride, pad):
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    HH, WW = w.shape[2:]
    win = windows(xp, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]  # (N, C, H', W', HH, WW)
    return np.einsum('nchwij,fcij->nfhw', win, w) + b[None, :, None, None]


def pool(x, ph, pw, stride, reduce):
    win = windows(x, (ph, pw), axis=(2, 3))[:, :, ::stride, ::stride]
    return reduce(win, axis=(4, 5))


def emit(name, a):
    print(name + ": " + " ".join(repr(float(v)) for v in np.asarray(a, dtype=np.float64).ravel()))


# cs231n's conv_forward_naive check: x (2,3,4,4), w (3,3,4,4), stride 2, pad 1
x = np.linspace(-0.1, 0.5, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
w = np.linspace(-0.2, 0.3, num=3 * 3 * 4 * 4).reshape(3, 3, 4, 4)
b = np.linspace(-0.1, 0.2, num=3)
emit("conv_s2_p1", conv(x, w, b, 2, 1))

# a stride that does not divide: H + 2p - HH = 7 + 0 - 3 = 4, stride 3 -> floor, H' = 2; non-square kernel 3x2
x = np.linspace(-1.0, 1.0, num=1 * 2 * 7 * 6).reshape(1, 2, 7, 6)
w = np.linspace(0.5, -0.5, num=2 * 2 * 3 * 2).reshape(2, 2, 3, 2)
b = np.array([0.25, -0.75])
emit("conv_floor_3x2_s3_p0", conv(x, w, b, 3, 0))

# padding larger than needed: pad 2 with a 3x3 kernel, stride 1
x = np.linspace(-0.5, 0.5, num=2 * 1 * 3 * 3).reshape(2, 1, 3, 3)
w = np.linspace(-0.3, 0.6, num=2 * 1 * 3 * 3).reshape(2, 1, 3, 3)
b = np.array([0.1, -0.2])
emit("conv_s1_p2", conv(x, w, b, 1, 2))

# pooling: cs231n's max_pool_forward_naive check
x = np.linspace(-0.3, 0.4, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
emit("maxpool_2x2_s2", pool(x, 2, 2, 2, np.max))
emit("avgpool_2x2_s2", pool(x, 2, 2, 2, np.mean))

# overlapping, non-square windows and a floor: x (1, 2, 5, 6), 3x2 windows, stride 2
x = np.sin(np.linspace(0.0, 9.0, num=1 * 2 * 5 * 6)).reshape(1, 2, 5, 6)
emit("maxpool_3x2_s2", pool(x, 3, 2, 2, np.max))
emit("avgpool_3x2_s2", pool(x, 3, 2, 2, np.mean))
