# Golden forward values for the normalization layers (NormGolden in the tests reads norm.txt).
# Generated with numpy 2.4.6 in float64, from the repository root:
#   python3 dendrite-core/src/test/resources/io/dendrite/nn/golden/norm.py > dendrite-core/src/test/resources/io/dendrite/nn/golden/norm.txt
# Inputs: t = linspace(start, stop, n).reshape(shape); x = t + 0.3 * t**2 (a non-linear ramp, so the normalized
# columns are not all alike); gamma = linspace(0.5, 1.5, C); beta = linspace(-0.2, 0.3, C).
import numpy as np

def ramp(start, stop, shape):
    t = np.linspace(start, stop, int(np.prod(shape))).reshape(shape)
    return t + 0.3 * t ** 2

def affine_params(c):
    return np.linspace(0.5, 1.5, c), np.linspace(-0.2, 0.3, c)

def emit(name, a):
    print(name, " ".join(repr(float(v)) for v in np.asarray(a, dtype=np.float64).ravel()))

eps, momentum = 1e-5, 0.9

# BatchNorm, x (4, 3): training output, running stats after that one step, then evaluation output on x2
x = ramp(-2.0, 3.0, (4, 3)); g, b = affine_params(3)
mu, var = x.mean(axis=0), x.var(axis=0)
emit("batchnorm.train", g * (x - mu) / np.sqrt(var + eps) + b)
rm = momentum * np.zeros(3) + (1 - momentum) * mu
rv = momentum * np.ones(3) + (1 - momentum) * var
emit("batchnorm.running_mean", rm)
emit("batchnorm.running_var", rv)
x2 = ramp(-1.0, 2.0, (4, 3))
emit("batchnorm.eval", g * (x2 - rm) / np.sqrt(rv + eps) + b)

# LayerNorm, x (3, 5)
x = ramp(-2.0, 3.0, (3, 5)); g, b = affine_params(5)
mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
emit("layernorm", g * (x - mu) / np.sqrt(var + eps) + b)

# BatchNorm2d, x (2, 3, 2, 2): cs231n's reshape to (N*H*W, C)
x = ramp(-2.0, 3.0, (2, 3, 2, 2)); g, b = affine_params(3)
xf = x.transpose(0, 2, 3, 1).reshape(-1, 3)
yf = g * (xf - xf.mean(axis=0)) / np.sqrt(xf.var(axis=0) + eps) + b
emit("batchnorm2d", yf.reshape(2, 2, 2, 3).transpose(0, 3, 1, 2))

# GroupNorm(2, 4), x (2, 4, 2, 3)
x = ramp(-2.0, 3.0, (2, 4, 2, 3)); g, b = affine_params(4)
xg = x.reshape(2, 2, -1)
xh = ((xg - xg.mean(axis=2, keepdims=True)) / np.sqrt(xg.var(axis=2, keepdims=True) + eps)).reshape(x.shape)
emit("groupnorm", g.reshape(1, 4, 1, 1) * xh + b.reshape(1, 4, 1, 1))
