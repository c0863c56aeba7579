"""Writes the ONNX test fixtures of io.dendrite.io.onnx.OnnxFixturesTest, and their expected outputs.

The models are built with the `onnx` Python package (onnx.helper, onnx.numpy_helper), the way exporters build
them, so their bytes come from the protobuf library that ONNX itself uses, not from Dendrite's writer. The
expected outputs are computed twice, independently of Dendrite: by the numpy code below (float64 arithmetic on the
float32 or float64 weights) and by ONNX's reference evaluator (onnx.reference.ReferenceEvaluator); the script
stops if the two disagree by more than 1e-5.

Run from this folder (needs numpy and onnx, e.g. in a virtual environment: pip install onnx numpy):

    python3 make_fixtures.py

Files: NAME.onnx and NAME.npz with arrays x (the input), scores (the expected logits) and, for the model that ends
in Softmax, probabilities (the graph's own output).
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

OPSET = 17
rng = np.random.default_rng(20240611)


def randn(*shape, dtype=np.float32, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(dtype)


def save(name, graph, x, scores, extra=None, producer="pytorch", typed_fields=False):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name=producer,
                              producer_version="2.3.0")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, name + ".onnx")
    got = ReferenceEvaluator(model).run(None, {graph.input[0].name: x})
    mine = scores if extra is None else extra["probabilities"]
    if not np.allclose(got[0], mine, rtol=1e-5, atol=1e-5):
        raise SystemExit(name + ": numpy and the ONNX reference evaluator disagree: "
                         + str(np.abs(got[0] - mine).max()))
    arrays = {"x": x, "scores": scores.astype(x.dtype)}
    if extra:
        arrays.update({k: v.astype(x.dtype) for k, v in extra.items()})
    np.savez(name + ".npz", **arrays)
    print(name, "ok", {k: v.shape for k, v in arrays.items()})


def float_data_tensor(name, a):
    """A FLOAT initializer in the typed float_data field instead of raw_data (older exporters write these)."""
    return helper.make_tensor(name, TensorProto.FLOAT, a.shape, a.flatten().tolist(), raw=False)


# numpy references, float64 arithmetic -------------------------------------------------------------------------
def conv(x, w, b, stride, pad):
    x = x.astype(np.float64)
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    ho, wo = 1 + (h + 2 * pad - kh) // stride, 1 + (wd + 2 * pad - kw) // stride
    out = np.zeros((n, f, ho, wo))
    for i in range(ho):
        for j in range(wo):
            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(patch, w.astype(np.float64), axes=([1, 2, 3], [1, 2, 3]))
    return out + b.astype(np.float64)[None, :, None, None]


def pool(x, k, stride, op):
    n, c, h, w = x.shape
    ho, wo = 1 + (h - k) // stride, 1 + (w - k) // stride
    out = np.zeros((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            out[:, :, i, j] = op(x[:, :, i * stride:i * stride + k, j * stride:j * stride + k], axis=(2, 3))
    return out


def batchnorm(x, gamma, beta, mean, var, eps):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * gamma.reshape(shape) + beta.reshape(shape)


def softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# 1. torch.onnx.export of nn.Sequential(nn.Flatten(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 3)):
#    Gemm with transB=1 and PyTorch's (out, in) weights, a symbolic batch "batch_size", PyTorch's value names.
def torch_mlp():
    w1, b1, w2, b2 = randn(8, 16), randn(8), randn(3, 8), randn(3)
    nodes = [
        helper.make_node("Flatten", ["input"], ["/0/Flatten_output_0"], name="/0/Flatten", axis=1),
        helper.make_node("Gemm", ["/0/Flatten_output_0", "1.weight", "1.bias"], ["/1/Gemm_output_0"], name="/1/Gemm",
                         alpha=1.0, beta=1.0, transB=1),
        helper.make_node("Relu", ["/1/Gemm_output_0"], ["/2/Relu_output_0"], name="/2/Relu"),
        helper.make_node("Gemm", ["/2/Relu_output_0", "3.weight", "3.bias"], ["output"], name="/3/Gemm",
                         alpha=1.0, beta=1.0, transB=1),
    ]
    graph = helper.make_graph(
        nodes, "main_graph",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch_size", 1, 4, 4])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch_size", 3])],
        [numpy_helper.from_array(w1, "1.weight"), numpy_helper.from_array(b1, "1.bias"),
         float_data_tensor("3.weight", w2), float_data_tensor("3.bias", b2)])
    x = randn(5, 1, 4, 4, scale=1.0)
    h = np.maximum(x.reshape(5, -1).astype(np.float64) @ w1.T.astype(np.float64) + b1, 0)
    save("torch_mlp", graph, x, h @ w2.T.astype(np.float64) + b2)


# 2. A small conv net as exported from PyTorch with x.view(-1, 48): Conv, Relu, MaxPool, a Constant shape and
#    Reshape, Dropout (opset 12+ form, ratio as an initializer input) and Identity, then Gemm transB=1.
def conv_net():
    w1, b1, w2, b2 = randn(3, 1, 3, 3), randn(3), randn(4, 48), randn(4)
    nodes = [
        helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], name="/conv/Conv",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1], dilations=[1, 1], group=1),
        helper.make_node("Relu", ["c"], ["r"], name="/relu/Relu"),
        helper.make_node("MaxPool", ["r"], ["p"], name="/pool/MaxPool", kernel_shape=[2, 2], strides=[2, 2],
                         pads=[0, 0, 0, 0], ceil_mode=0),
        helper.make_node("Constant", [], ["shape"], name="/Constant",
                         value=numpy_helper.from_array(np.array([-1, 48], dtype=np.int64))),
        helper.make_node("Reshape", ["p", "shape"], ["flat"], name="/Reshape"),
        helper.make_node("Dropout", ["flat", "ratio"], ["d"], name="/drop/Dropout"),
        helper.make_node("Identity", ["d"], ["i"], name="/Identity"),
        helper.make_node("Gemm", ["i", "fc.weight", "fc.bias"], ["logits"], name="/fc/Gemm", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "main_graph",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 8, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 4])],
        [numpy_helper.from_array(w1, "conv.weight"), numpy_helper.from_array(b1, "conv.bias"),
         numpy_helper.from_array(np.array(0.25, dtype=np.float32), "ratio"),
         numpy_helper.from_array(w2, "fc.weight"), numpy_helper.from_array(b2, "fc.bias")])
    x = randn(3, 1, 8, 8, scale=1.0)
    h = pool(np.maximum(conv(x, w1, b1, 1, 1), 0), 2, 2, np.max).reshape(3, 48)
    save("conv_net", graph, x, h @ w2.T.astype(np.float64) + b2)


# 3. BatchNormalization (evaluation mode, running statistics) and a residual block whose skip starts at the
#    block's input: y = r + relu(bn(conv(r))), then AveragePool, Flatten, Gemm and a final Softmax.
def bn_residual():
    wa, ba, wb, bb, wf, bf = randn(4, 2, 3, 3), randn(4), randn(4, 4, 3, 3), randn(4), randn(5, 36), randn(5)
    bn = [(randn(4) + 1, randn(4), randn(4, scale=0.3), np.abs(randn(4)) + 0.5) for _ in range(2)]
    inits = [numpy_helper.from_array(a, n) for a, n in
             [(wa, "conv_a.weight"), (ba, "conv_a.bias"), (wb, "conv_b.weight"), (bb, "conv_b.bias"),
              (wf, "fc.weight"), (bf, "fc.bias")]]
    for k, (g, b, m, v) in enumerate(bn):
        inits += [numpy_helper.from_array(a, "bn%d.%s" % (k, n)) for a, n in
                  [(g, "weight"), (b, "bias"), (m, "running_mean"), (v, "running_var")]]
    bn_inputs = lambda k: ["bn%d.weight" % k, "bn%d.bias" % k, "bn%d.running_mean" % k, "bn%d.running_var" % k]
    nodes = [
        helper.make_node("Conv", ["x", "conv_a.weight", "conv_a.bias"], ["a"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["a"] + bn_inputs(0), ["a_bn"], epsilon=1e-5, momentum=0.9),
        helper.make_node("Relu", ["a_bn"], ["r"]),
        helper.make_node("Conv", ["r", "conv_b.weight", "conv_b.bias"], ["b"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["b"] + bn_inputs(1), ["b_bn"], epsilon=1e-3, momentum=0.9),
        helper.make_node("Relu", ["b_bn"], ["b_r"]),
        helper.make_node("Add", ["r", "b_r"], ["sum"]),
        helper.make_node("AveragePool", ["sum"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "torch_jit",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2, 6, 6])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 5])], inits)
    x = randn(4, 2, 6, 6, scale=1.0)
    r = np.maximum(batchnorm(conv(x, wa, ba, 1, 1), *bn[0], 1e-5), 0)
    s = r + np.maximum(batchnorm(conv(r, wb, bb, 1, 1), *bn[1], 1e-3), 0)
    logits = pool(s, 2, 2, np.mean).reshape(4, 36) @ wf.T.astype(np.float64) + bf
    save("bn_residual", graph, x, logits, {"probabilities": softmax(logits)})


# 4. A float64 MLP in the MatMul + Add form (TensorFlow/Keras exporters), weights (in, out), with
#    LayerNormalization (opset 17), LeakyRelu, Sigmoid and Tanh.
def matmul_f64():
    f = np.float64
    w1, b1, g, beta, w2, b2 = randn(6, 5, dtype=f), randn(5, dtype=f), randn(5, dtype=f) + 1, randn(5, dtype=f), \
        randn(5, 4, dtype=f), randn(4, dtype=f)
    nodes = [
        helper.make_node("MatMul", ["x", "dense/kernel"], ["m1"]),
        helper.make_node("Add", ["m1", "dense/bias"], ["a1"]),
        helper.make_node("LayerNormalization", ["a1", "ln/gamma", "ln/beta"], ["ln"], axis=-1, epsilon=1e-5),
        helper.make_node("LeakyRelu", ["ln"], ["lr"], alpha=0.1),
        helper.make_node("Sigmoid", ["lr"], ["sg"]),
        helper.make_node("MatMul", ["sg", "dense_1/kernel"], ["m2"]),
        helper.make_node("Add", ["dense_1/bias", "m2"], ["a2"]),
        helper.make_node("Tanh", ["a2"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes, "keras",
        [helper.make_tensor_value_info("x", TensorProto.DOUBLE, ["unk__0", 6])],
        [helper.make_tensor_value_info("y", TensorProto.DOUBLE, ["unk__0", 4])],
        [numpy_helper.from_array(a, n) for a, n in [(w1, "dense/kernel"), (b1, "dense/bias"), (g, "ln/gamma"),
                                                     (beta, "ln/beta"), (w2, "dense_1/kernel"), (b2, "dense_1/bias")]])
    x = randn(6, 6, dtype=f, scale=1.0)
    h = x @ w1 + b1
    mu, var = h.mean(axis=1, keepdims=True), h.var(axis=1, keepdims=True)
    h = (h - mu) / np.sqrt(var + 1e-5) * g + beta
    h = 1 / (1 + np.exp(-np.where(h > 0, h, 0.1 * h)))
    save("matmul_f64", graph, x, np.tanh(h @ w2 + b2), producer="tf2onnx")


if __name__ == "__main__":
    torch_mlp()
    conv_net()
    bn_residual()
    matmul_f64()
