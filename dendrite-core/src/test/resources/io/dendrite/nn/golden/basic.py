# Golden values for BasicGoldenTest (io.dendrite.nn): forward passes of the basic layers, losses and the
# book's functions, computed with numpy in float64 from linspace inputs (the cs231n notebook recipe).
#
# Regenerate from the repository root with:
#   python3 dendrite-core/src/test/resources/io/dendrite/nn/golden/basic.py > dendrite-core/src/test/resources/io/dendrite/nn/golden/basic.txt
#
# Output format, one tensor per line:  name|shape (comma separated, empty for a scalar)|values (row-major, repr)
import numpy as np

out = []


def emit(name, a):
    a = np.asarray(a, dtype=np.float64)
    out.append(name + "|" + ",".join(str(d) for d in a.shape) + "|" + " ".join(repr(float(v)) for v in a.ravel()))


# Linear: cs231n's affine_forward check (N=2, input (4, 5, 6), M=3)
x = np.linspace(-0.1, 0.5, num=2 * 120).reshape(2, 4, 5, 6)
w = np.linspace(-0.2, 0.3, num=120 * 3).reshape(120, 3)
b = np.linspace(-0.3, 0.1, num=3)
emit("linear.out", x.reshape(2, -1).dot(w) + b)

a = np.linspace(-0.5, 0.5, num=12).reshape(3, 4)
emit("relu.out", np.maximum(0, a))
emit("leaky_relu_0.1.out", np.where(a > 0, a, 0.1 * a))

s = np.linspace(-3, 3, num=12).reshape(3, 4)
emit("sigmoid.out", 1 / (1 + np.exp(-s)))
emit("tanh.out", np.tanh(s))


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


sm = np.linspace(-2, 3, num=12).reshape(3, 4)
emit("softmax.out", softmax(sm))
emit("softmax_shifted.out", softmax(sm + 1000.0))   # same rows: the max is subtracted first

scores = np.linspace(-1, 1, num=15).reshape(3, 5)
y = np.array([0, 2, 4])
N = scores.shape[0]

# softmax_loss as in cs231n layers.py
p = softmax(scores)
emit("softmax_loss.loss", -np.log(p[np.arange(N), y]).mean())
d = p.copy()
d[np.arange(N), y] -= 1
emit("softmax_loss.dx", d / N)

# svm_loss as in cs231n layers.py
correct = scores[np.arange(N), y][:, None]
margins = np.maximum(0, scores - correct + 1.0)
margins[np.arange(N), y] = 0
emit("svm_loss.loss", margins.sum() / N)
pos = (margins > 0).sum(axis=1)
d = (margins > 0).astype(np.float64)
d[np.arange(N), y] -= pos
emit("svm_loss.dx", d / N)

# MeanSquaredError: (1/N) * 0.5 * sum((y - t)^2), grad (y - t)/N; one-hot targets from y
t = np.eye(5)[y]
emit("mse_onehot.loss", 0.5 * ((scores - t) ** 2).sum() / N)
emit("mse_onehot.dx", (scores - t) / N)
targets = np.linspace(0.3, -0.2, num=15).reshape(3, 5)
emit("mse_targets.loss", 0.5 * ((scores - targets) ** 2).sum() / N)
emit("mse_targets.dx", (scores - targets) / N)

# the book's cross_entropy_error on softmax probabilities, labels and one-hot (delta 1e-7)
emit("cross_entropy_error.labels", -np.sum(np.log(p[np.arange(N), y] + 1e-7)) / N)
emit("cross_entropy_error.onehot", -np.sum(t * np.log(p + 1e-7)) / N)

print("\n".join(out))
