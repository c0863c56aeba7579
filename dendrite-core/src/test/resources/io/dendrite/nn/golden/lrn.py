# Golden values for LocalResponseNormTest (io.dendrite.nn): forward passes of LocalResponseNorm, computed with
# numpy (2.4.6) in float64 by PyTorch's recipe (torch.nn.functional.local_response_norm for 4-D input): square, pad the
# channel axis with size // 2 zeros in front and (size - 1) // 2 behind, average `size` channels (the zeros
# count), then x / (k + alpha * average) ** beta.
#
# Regenerate from the repository root with:
#   python3 dendrite-core/src/test/resources/io/dendrite/nn/golden/lrn.py > dendrite-core/src/test/resources/io/dendrite/nn/golden/lrn.txt
#
# Output format, one tensor per line:  name|shape (comma separated)|values (row-major, repr)
import numpy as np


def emit(name, a):
    a = np.asarray(a, dtype=np.float64)
    print(name + "|" + ",".join(str(d) for d in a.shape) + "|" + " ".join(repr(float(v)) for v in a.ravel()))


def local_response_norm(x, size, alpha, beta, k):
    n, c = x.shape[0], x.shape[1]
    sq = np.pad(x * x, ((0, 0), (size // 2, (size - 1) // 2), (0, 0), (0, 0)))
    avg = np.stack([sq[:, i:i + size].sum(axis=1) / size for i in range(c)], axis=1)
    return x / (k + alpha * avg) ** beta


# x (2, 7, 3, 2): 7 channels, so a window of 3 or 4 has edge channels and interior channels, and 9 is wider than C
x = np.linspace(-1, 1, 2 * 7 * 3 * 2).reshape(2, 7, 3, 2)
emit("lrn.size3", local_response_norm(x, 3, 0.5, 0.6, 1.5))
emit("lrn.size4", local_response_norm(x, 4, 2.0, 0.75, 0.5))
emit("lrn.size9", local_response_norm(x, 9, 1.0, 1.2, 2.0))
emit("lrn.size5.defaults", local_response_norm(3 * x, 5, 1e-4, 0.75, 1.0))
