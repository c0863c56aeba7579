"""Makes the safetensors files that SafetensorsWeightsTest and SafetensorsTest read, with the reference writer.

PyTorch is not installed where these were made, so the state_dicts are built in numpy exactly as PyTorch holds
them (nn.Linear's weight is (out, in); BatchNorm1d has weight, bias, running_mean, running_var and an int64
num_batches_tracked), and written by Hugging Face's own library, safetensors 0.8.0 (its Rust writer, through
safetensors.numpy.save_file, the same serializer safetensors.torch.save_file uses).

Command used (from the repository root, Python 3.11, numpy 2.4.6, safetensors 0.8.0):
    python3 dendrite-core/src/test/resources/io/dendrite/model/safetensors/make_safetensors.py dendrite-core/src/test/resources/io/dendrite/model/safetensors

Writes:
    torch_mlp.safetensors     nn.Sequential(Linear(4, 3), ReLU(), Linear(3, 2)).state_dict(), float32,
                              names 0.weight (3, 4), 0.bias (3,), 2.weight (2, 3), 2.bias (2,), metadata {"format": "pt"}
    torch_bn_mlp.safetensors  nn.Sequential(Linear(4, 3), BatchNorm1d(3), ReLU(), Linear(3, 2)).state_dict(), float32,
                              1.num_batches_tracked int64 scalar
    expected.npz              x = np.linspace(-1, 1, 12).reshape(3, 4) and each network's eval-mode output on it,
                              computed in float64 from the float32 weights: mlp_scores (3, 2), bn_mlp_scores (3, 2)
    dtypes.safetensors        f16, i64, i32, u8 and f64 tensors with known values (see below)
"""
import os
import sys

import numpy as np
from safetensors.numpy import save_file

out = sys.argv[1] if len(sys.argv) > 1 else "."
f32 = np.float32

# nn.Sequential(Linear(4, 3), ReLU(), Linear(3, 2)), weights (out, in) as PyTorch holds them
w0 = ((np.arange(12).reshape(3, 4) - 5.5) / 7).astype(f32)
b0 = (np.arange(3) / 10 - 0.1).astype(f32)
w2 = ((np.arange(6).reshape(2, 3) - 2.5) / 3).astype(f32)
b2 = np.array([0.25, -0.5], dtype=f32)
save_file({"0.weight": w0, "0.bias": b0, "2.weight": w2, "2.bias": b2},
          os.path.join(out, "torch_mlp.safetensors"), metadata={"format": "pt"})

x = np.linspace(-1, 1, 12).reshape(3, 4)
d = np.float64
mlp = np.maximum(0, x @ w0.astype(d).T + b0.astype(d)) @ w2.astype(d).T + b2.astype(d)

# nn.Sequential(Linear(4, 3), BatchNorm1d(3), ReLU(), Linear(3, 2)) in eval mode
gamma = np.array([1.5, -0.5, 1.0], dtype=f32)
beta = np.array([0.1, -0.2, 0.3], dtype=f32)
mean = np.array([0.05, -0.1, 0.2], dtype=f32)
var = np.array([0.5, 2.0, 0.25], dtype=f32)
w3 = ((np.arange(6).reshape(2, 3) - 2.0) / 4).astype(f32)
b3 = np.array([-0.125, 0.375], dtype=f32)
save_file({"0.weight": w0, "0.bias": b0,
           "1.weight": gamma, "1.bias": beta, "1.running_mean": mean, "1.running_var": var,
           "1.num_batches_tracked": np.array(7, dtype=np.int64),
           "3.weight": w3, "3.bias": b3},
          os.path.join(out, "torch_bn_mlp.safetensors"), metadata={"format": "pt"})
h = x @ w0.astype(d).T + b0.astype(d)
h = (h - mean.astype(d)) / np.sqrt(var.astype(d) + 1e-5) * gamma.astype(d) + beta.astype(d)
bn_mlp = np.maximum(0, h) @ w3.astype(d).T + b3.astype(d)

np.savez(os.path.join(out, "expected.npz"), x=x, mlp_scores=mlp, bn_mlp_scores=bn_mlp)

# dtypes read: values chosen to be exact in every type, with the float16 edge cases
save_file({
    "half": np.array([1.0, -2.0, 0.5, 65504.0, 2.0 ** -14, 2.0 ** -24, np.inf, -0.0], dtype=np.float16),
    "long": np.array([[1, -2], [3, 2 ** 53]], dtype=np.int64),
    "int": np.array([-7, 0, 2 ** 31 - 1], dtype=np.int32),
    "byte": np.array([0, 255, 7], dtype=np.uint8),
    "double": np.array([0.1, -1e300], dtype=np.float64),
}, os.path.join(out, "dtypes.safetensors"))

np.set_printoptions(precision=17)
print("mlp scores\n", mlp)
print("bn_mlp scores\n", bn_mlp)
