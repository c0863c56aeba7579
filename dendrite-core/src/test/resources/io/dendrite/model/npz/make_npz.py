"""Makes the numpy-written weight files that NpzWeightsTest imports.

Command used (from the repository root, numpy 2.4.6, Python 3.11):
    python3 dendrite-core/src/test/resources/io/dendrite/model/npz/make_npz.py dendrite-core/src/test/resources/io/dendrite/model/npz

The weights are the book's TwoLayerNet params (Deep Learning from Scratch, ch. 5: Affine - ReLU - Affine),
scaled down to input 4, hidden 3, classes 2, with values from np.arange that the test writes out again:
    W1 = (np.arange(12).reshape(4, 3) - 5.5) / 7     (4, 3)
    b1 = np.arange(3) / 10 - 0.1                     (3,)
    W2 = (np.arange(6).reshape(3, 2) - 2.5) / 3      (3, 2)
    b2 = [0.25, -0.5]                                (2,)

Writes:
    two_layer_savez.npz             np.savez, float64 (entries stored)
    two_layer_savez_compressed.npz  np.savez_compressed, float64 (entries deflated)
    two_layer_float32.npz           np.savez, every array float32
    two_layer_int64_b1.npz          np.savez, b1 as int64 [1, -2, 3], the rest float64
    two_layer_wrong_shape.npz       np.savez, W1 transposed to (3, 4) (PyTorch's (out, in) layout)
    two_layer_missing_b2.npz        np.savez, W1, b1, W2 only
    two_layer_extra_W3.npz          np.savez, the four arrays and W3 (2, 2)
    two_layer_positional.npz        np.savez(file, W1, b1, W2, b2): numpy names them arr_0 .. arr_3
and prints the scores of the float64 network on x = np.linspace(-1, 1, 12).reshape(3, 4), which the test
compares with Dendrite's forward pass (relError <= 1e-7 in F64).
"""
import os
import sys

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "."
W1 = (np.arange(12, dtype=np.float64).reshape(4, 3) - 5.5) / 7
b1 = np.arange(3, dtype=np.float64) / 10 - 0.1
W2 = (np.arange(6, dtype=np.float64).reshape(3, 2) - 2.5) / 3
b2 = np.array([0.25, -0.5])
params = dict(W1=W1, b1=b1, W2=W2, b2=b2)


def path(name):
    return os.path.join(out, name)


np.savez(path("two_layer_savez.npz"), **params)
np.savez_compressed(path("two_layer_savez_compressed.npz"), **params)
np.savez(path("two_layer_float32.npz"), **{k: v.astype(np.float32) for k, v in params.items()})
np.savez(path("two_layer_int64_b1.npz"), W1=W1, b1=np.array([1, -2, 3], dtype=np.int64), W2=W2, b2=b2)
np.savez(path("two_layer_wrong_shape.npz"), W1=W1.T.copy(), b1=b1, W2=W2, b2=b2)
np.savez(path("two_layer_missing_b2.npz"), W1=W1, b1=b1, W2=W2)
np.savez(path("two_layer_extra_W3.npz"), W3=np.eye(2), **params)
np.savez(path("two_layer_positional.npz"), W1, b1, W2, b2)

x = np.linspace(-1, 1, 12).reshape(3, 4)
scores = np.maximum(0, x @ W1 + b1) @ W2 + b2
print("numpy", np.__version__, "wrote", out)
print("hidden pre-activations", (x @ W1 + b1).tolist())
print("scores", [[repr(float(v)) for v in row] for row in scores])
