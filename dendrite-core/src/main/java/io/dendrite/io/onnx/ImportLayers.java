package io.dendrite.io.onnx;

import io.dendrite.nn.AvgPool2d;
import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Layer;
import io.dendrite.nn.LayerNorm;
import io.dendrite.nn.LeakyReLU;
import io.dendrite.nn.Linear;
import io.dendrite.nn.LocalResponseNorm;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Sigmoid;
import io.dendrite.nn.Tanh;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns one ONNX node of the main chain into the Dendrite layer that computes the same function, reading its
 * weights from the constants (initializers and Constant nodes) and checking every attribute that the layer cannot
 * express — a stride that differs between height and width, asymmetric padding, dilation, groups, ceil mode —
 * with a message that names the node, the attribute and its value. The shape of one sample of the node's input
 * is known, so weights are checked against it.
 */
final class ImportLayers {
    private final String source;
    private final Map<String, OnnxTensor> constants;
    private final DType dtype;
    private final List<String> notes;

    ImportLayers(String source, Map<String, OnnxTensor> constants, DType dtype, List<String> notes) {
        this.source = source;
        this.constants = constants;
        this.dtype = dtype;
        this.notes = notes;
    }

    /** The layer for {@code n} (at index {@code i} of the graph) on samples of shape {@code in}, or null for the identity. */
    Layer convert(OnnxNode n, int i, int[] in) throws OnnxImportException {
        return switch (n.opType()) {
            case "Gemm" -> gemm(n, i, in);
            case "MatMul" -> matMul(n, i, in);
            case "Conv" -> conv(n, i, in);
            case "MaxPool", "AveragePool" -> pool(n, i, in);
            case "Relu" -> new ReLU();
            case "Sigmoid" -> new Sigmoid();
            case "Tanh" -> new Tanh();
            case "LeakyRelu" -> new LeakyReLU(floatAttr(n, i, "alpha", 0.01f));
            case "BatchNormalization" -> batchNorm(n, i, in);
            case "LayerNormalization" -> layerNorm(n, i, in);
            case "Flatten" -> flatten(n, i, in);
            case "Reshape" -> reshape(n, i, in);
            case "Dropout" -> dropout(n, i);
            case "LRN" -> lrn(n, i);
            case "Identity" -> null;
            default -> throw error(n, i, "has no Dendrite layer");
        };
    }

    private Layer gemm(OnnxNode n, int i, int[] in) throws OnnxImportException {
        if (intAttr(n, i, "transA", 0) != 0) {
            throw error(n, i, "has transA=1; Dendrite's Linear computes x·W + b with x as it comes");
        }
        Tensor b = weight(n, i, 1, "B");
        if (b.ndim() != 2) {
            throw error(n, i, "has B of shape " + Shapes.format(b.shape()) + ", expected a matrix");
        }
        // PyTorch's nn.Linear exports transB=1 with its (out, in) weight; Dendrite's Linear holds (in, out)
        Tensor w = intAttr(n, i, "transB", 0) != 0 ? b.transpose().contiguous().copy() : b;
        checkInputs(n, i, w.shape(0), new int[]{Shapes.size(in)});    // (N, D) in ONNX; Linear flattens by itself
        Tensor bias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()
                ? vector(n, i, weight(n, i, 2, "C"), w.shape(1), "C") : Tensor.zeros(dtype, w.shape(1));
        double alpha = floatAttr(n, i, "alpha", 1f), beta = floatAttr(n, i, "beta", 1f);
        if (alpha != 1) {
            w = w.mul(alpha);
            notes.add("node " + n.describe(i) + ": alpha=" + alpha + " folded into the weight");
        }
        if (beta != 1) {
            bias = bias.mul(beta);
            notes.add("node " + n.describe(i) + ": beta=" + beta + " folded into the bias");
        }
        return new Linear(w, bias);
    }

    private Layer matMul(OnnxNode n, int i, int[] in) throws OnnxImportException {
        requireFlat(n, i, in);
        Tensor w = weight(n, i, 1, "B");
        if (w.ndim() != 2) {
            throw error(n, i, "multiplies by a tensor of shape " + Shapes.format(w.shape()) + ", expected a (in, out) matrix");
        }
        checkInputs(n, i, w.shape(0), in);
        return new Linear(w, Tensor.zeros(dtype, w.shape(1)));    // an Add of a constant right after gives the bias
    }

    private void requireFlat(OnnxNode n, int i, int[] in) throws OnnxImportException {
        if (in.length != 1) {
            throw error(n, i, "gets input (N, " + Shapes.format(in).substring(1) + ", but it multiplies 2-D inputs"
                    + " (N, D) — a Flatten or Reshape before it is expected");
        }
    }

    private void checkInputs(OnnxNode n, int i, int features, int[] in) throws OnnxImportException {
        if (features != in[0]) {
            throw error(n, i, "has a weight for " + features + " input features, but its input has " + in[0]);
        }
    }

    private Layer conv(OnnxNode n, int i, int[] in) throws OnnxImportException {
        Tensor w = weight(n, i, 1, "W");
        if (w.ndim() != 4 || in.length != 3) {
            throw error(n, i, "is not a 2-D convolution (weight " + Shapes.format(w.shape()) + ", input sample "
                    + Shapes.format(in) + "); Dendrite's Conv2d takes (N, C, H, W)");
        }
        if (intAttr(n, i, "group", 1) != 1) {
            throw error(n, i, "has group=" + intAttr(n, i, "group", 1) + "; Dendrite's Conv2d has no grouped convolution");
        }
        if (w.shape(1) != in[0]) {
            throw error(n, i, "has a weight " + Shapes.format(w.shape()) + " for " + w.shape(1) + " channels, its input has " + in[0]);
        }
        int kh = w.shape(2), kw = w.shape(3);
        long[] kernel = ints(n, i, "kernel_shape", new long[]{kh, kw});
        if (kernel.length != 2 || kernel[0] != kh || kernel[1] != kw) {
            throw error(n, i, "has kernel_shape=" + Arrays.toString(kernel) + " but a weight of " + Shapes.format(w.shape()));
        }
        requireAll(n, i, "dilations", ints(n, i, "dilations", new long[]{1, 1}), 1);
        int stride = stride(n, i);
        int pad = convPad(n, i, kh, kw, stride);
        Tensor b = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()
                ? vector(n, i, weight(n, i, 2, "B"), w.shape(0), "B") : Tensor.zeros(dtype, w.shape(0));
        return new Conv2d(w, b, stride, pad);
    }

    private int convPad(OnnxNode n, int i, int kh, int kw, int stride) throws OnnxImportException {
        String autoPad = stringAttr(n, i, "auto_pad", "NOTSET");
        switch (autoPad) {
            case "NOTSET" -> {
                long[] pads = ints(n, i, "pads", new long[]{0, 0, 0, 0});
                if (pads.length != 4 || Arrays.stream(pads).anyMatch(p -> p != pads[0])) {
                    throw error(n, i, "has pads=" + Arrays.toString(pads) + "; Dendrite's Conv2d pads all four sides alike");
                }
                return (int) pads[0];
            }
            case "VALID" -> {
                return 0;
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                if (stride == 1 && kh == kw && kh % 2 == 1) {
                    return (kh - 1) / 2;       // 'same' output with an odd square kernel: (k−1)/2 on every side
                }
                throw error(n, i, "has auto_pad=" + autoPad + " with kernel " + kh + "×" + kw + " and stride " + stride
                        + ", which needs uneven padding; Dendrite's Conv2d pads all four sides alike");
            }
            default -> throw error(n, i, "has unknown auto_pad='" + autoPad + "'");
        }
    }

    private int stride(OnnxNode n, int i) throws OnnxImportException {
        long[] strides = ints(n, i, "strides", new long[]{1, 1});
        if (strides.length != 2 || strides[0] != strides[1] || strides[0] < 1) {
            throw error(n, i, "has strides=" + Arrays.toString(strides) + "; Dendrite's layers take one stride for both axes");
        }
        return (int) strides[0];
    }

    private Layer pool(OnnxNode n, int i, int[] in) throws OnnxImportException {
        if (in.length != 3) {
            throw error(n, i, "gets a sample of shape " + Shapes.format(in) + "; Dendrite pools (N, C, H, W)");
        }
        long[] kernel = ints(n, i, "kernel_shape", null);
        if (kernel == null || kernel.length != 2) {
            throw error(n, i, "needs kernel_shape of two values, has " + (kernel == null ? "none" : Arrays.toString(kernel)));
        }
        int stride = stride(n, i);
        requireAll(n, i, "pads", ints(n, i, "pads", new long[]{0, 0, 0, 0}), 0);
        requireAll(n, i, "dilations", ints(n, i, "dilations", new long[]{1, 1}), 1);
        String autoPad = stringAttr(n, i, "auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw error(n, i, "has auto_pad=" + autoPad + "; Dendrite's pooling does not pad");
        }
        if (intAttr(n, i, "ceil_mode", 0) != 0
                && ((in[1] - kernel[0]) % stride != 0 || (in[2] - kernel[1]) % stride != 0)) {
            throw error(n, i, "has ceil_mode=1 and its windows do not tile the " + in[1] + "×" + in[2]
                    + " input; Dendrite's pooling floors (ceil_mode=0)");
        }
        int ph = (int) kernel[0], pw = (int) kernel[1];
        return n.opType().equals("MaxPool") ? new MaxPool2d(ph, pw, stride) : new AvgPool2d(ph, pw, stride);
    }

    private Layer batchNorm(OnnxNode n, int i, int[] in) throws OnnxImportException {
        if (intAttr(n, i, "training_mode", 0) != 0) {
            throw error(n, i, "has training_mode=1; export the model in evaluation mode (model.eval() in PyTorch)");
        }
        if (intAttr(n, i, "spatial", 1) != 1) {
            throw error(n, i, "has spatial=0 (statistics per position, opset < 9); Dendrite's BatchNorm2d keeps them per channel");
        }
        if (in.length != 1 && in.length != 3) {
            throw error(n, i, "gets a sample of shape " + Shapes.format(in) + "; Dendrite normalizes (N, D) or (N, C, H, W)");
        }
        int c = in[0];
        double eps = floatAttr(n, i, "epsilon", 1e-5f), momentum = floatAttr(n, i, "momentum", 0.9f);
        // the vectors first: their sizes are checked against C (from the input's declared shape) before the layer
        // allocates anything of size C
        Tensor scale = vector(n, i, weight(n, i, 1, "scale"), c, "scale"), b = vector(n, i, weight(n, i, 2, "B"), c, "B");
        Tensor mean = vector(n, i, weight(n, i, 3, "input_mean"), c, "input_mean");
        Tensor var = vector(n, i, weight(n, i, 4, "input_var"), c, "input_var");
        Layer bn = in.length == 1 ? new BatchNorm(c, momentum, eps, dtype) : new BatchNorm2d(c, momentum, eps, dtype);
        bn.parameters().get(0).value().assign(scale);
        bn.parameters().get(1).value().assign(b);
        bn.buffers().get("running_mean").assign(mean);
        bn.buffers().get("running_var").assign(var);
        bn.setTraining(false);
        return bn;
    }

    private Layer layerNorm(OnnxNode n, int i, int[] in) throws OnnxImportException {
        long axis = intAttr(n, i, "axis", -1);
        if (in.length != 1 || (axis != 1 && axis != -1)) {
            throw error(n, i, "normalizes a sample of shape " + Shapes.format(in) + " from axis " + axis
                    + "; Dendrite's LayerNorm normalizes (N, D) over D (axis 1)");
        }
        int d = in[0];
        Tensor scale = vector(n, i, weight(n, i, 1, "Scale"), d, "Scale");
        Tensor b = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? vector(n, i, weight(n, i, 2, "B"), d, "B") : null;
        LayerNorm ln = new LayerNorm(d, floatAttr(n, i, "epsilon", 1e-5f), dtype);
        ln.parameters().get(0).value().assign(scale);
        if (b != null) {
            ln.parameters().get(1).value().assign(b);
        }
        return ln;
    }

    private Layer flatten(OnnxNode n, int i, int[] in) throws OnnxImportException {
        long axis = intAttr(n, i, "axis", 1);
        if (axis != 1 && axis != -in.length) {
            throw error(n, i, "flattens from axis " + axis + "; Dendrite's Flatten keeps the batch axis and joins the"
                    + " rest (axis 1)");
        }
        return new Flatten();
    }

    private Layer reshape(OnnxNode n, int i, int[] in) throws OnnxImportException {
        long[] target = constant(n, i, 1, "shape").toLongs();
        long features = Shapes.size(in);
        boolean flat = target.length == 2 && (target[1] == features || target[1] == -1)
                && (target[0] == -1 || target[0] == 0 || target[0] > 0) && !(target[0] == -1 && target[1] == -1);
        if (!flat || (target[0] == 0 && intAttr(n, i, "allowzero", 0) != 0)) {
            throw error(n, i, "reshapes a sample of shape " + Shapes.format(in) + " to " + Arrays.toString(target)
                    + "; Dendrite imports a Reshape only as a flatten to (N, " + features + ")");
        }
        if (target[0] > 0) {
            notes.add("node " + n.describe(i) + ": Reshape to a fixed batch of " + target[0] + " imported as Flatten (any batch)");
        }
        return new Flatten();
    }

    private Layer dropout(OnnxNode n, int i) throws OnnxImportException {
        double p = floatAttr(n, i, "ratio", 0.5f);          // an attribute before opset 12, an input since
        if (n.inputs().size() > 1 && !n.inputs().get(1).isEmpty()) {
            Tensor ratio = constant(n, i, 1, "ratio").toTensor();
            if (ratio.size() != 1) {
                throw error(n, i, "has a ratio of shape " + Shapes.format(ratio.shape()) + ", expected a scalar");
            }
            p = shortest(ratio.getFlat(0), ratio.dtype());
        }
        if (!(p >= 0 && p < 1)) {
            throw error(n, i, "has ratio " + p + "; a dropout probability must be in [0, 1)");
        }
        return new Dropout(p, new Rng(0));
    }

    private Layer lrn(OnnxNode n, int i) throws OnnxImportException {
        long size = intAttr(n, i, "size", -1);
        if (size < 1 || size % 2 == 0) {
            throw error(n, i, "has size=" + size + "; only odd sizes import: for an even size ONNX's window starts one"
                    + " channel later than Dendrite's (PyTorch's)");
        }
        return new LocalResponseNorm((int) size, floatAttr(n, i, "alpha", 1e-4f), floatAttr(n, i, "beta", 0.75f),
                floatAttr(n, i, "bias", 1f));
    }

    // ------------------------------------------------------------------ inputs and attributes

    /** Input {@code k} of {@code n} as a constant tensor (an initializer or a Constant node's value). */
    OnnxTensor constant(OnnxNode n, int i, int k, String what) throws OnnxImportException {
        if (k >= n.inputs().size() || n.inputs().get(k).isEmpty()) {
            throw error(n, i, "lacks its input " + what);
        }
        OnnxTensor t = constants.get(n.inputs().get(k));
        if (t == null) {
            throw error(n, i, "reads its " + what + " from '" + n.inputs().get(k) + "', which the graph computes;"
                    + " Dendrite needs it as an initializer or a Constant");
        }
        return t;
    }

    /** A float tensor input in the model's dtype. */
    private Tensor weight(OnnxNode n, int i, int k, String what) throws OnnxImportException {
        OnnxTensor t = constant(n, i, k, what);
        if (t.dataType() != OnnxTensor.FLOAT && t.dataType() != OnnxTensor.DOUBLE) {
            throw error(n, i, "has " + what + " '" + t.name() + "' of type " + OnnxTensor.typeName(t.dataType())
                    + "; Dendrite's weights are FLOAT or DOUBLE");
        }
        Tensor v = t.toTensor();
        if (v.dtype() != dtype) {
            throw error(n, i, "has " + what + " '" + t.name() + "' in " + OnnxTensor.typeName(t.dataType())
                    + ", but the input is " + (dtype == DType.F32 ? "FLOAT" : "DOUBLE") + " — one dtype for the whole network");
        }
        return v;
    }

    /** {@code t} as a vector of {@code size} values; (1, size) and (size,) are both accepted. */
    private Tensor vector(OnnxNode n, int i, Tensor t, int size, String what) throws OnnxImportException {
        if (t.size() != size || (t.ndim() > 1 && t.shape(t.ndim() - 1) != size)) {
            throw error(n, i, "has " + what + " of shape " + Shapes.format(t.shape()) + ", expected (" + size + ",)");
        }
        return t.reshape(size);
    }

    private void requireAll(OnnxNode n, int i, String name, long[] values, long expected) throws OnnxImportException {
        for (long v : values) {
            if (v != expected) {
                throw error(n, i, "has " + name + "=" + Arrays.toString(values) + "; Dendrite supports only " + expected);
            }
        }
    }

    private OnnxAttribute attr(OnnxNode n, int i, String name, int type) throws OnnxImportException {
        OnnxAttribute a = n.attributes().get(name);
        if (a != null && a.type() != type && a.type() != 0) {
            throw error(n, i, "has attribute " + name + " of type " + a.type() + ", expected type " + type);
        }
        return a;
    }

    long intAttr(OnnxNode n, int i, String name, long fallback) throws OnnxImportException {
        OnnxAttribute a = attr(n, i, name, OnnxAttribute.INT);
        return a == null ? fallback : a.i();
    }

    private long[] ints(OnnxNode n, int i, String name, long[] fallback) throws OnnxImportException {
        OnnxAttribute a = attr(n, i, name, OnnxAttribute.INTS);
        return a == null ? fallback : a.ints();
    }

    private String stringAttr(OnnxNode n, int i, String name, String fallback) throws OnnxImportException {
        OnnxAttribute a = attr(n, i, name, OnnxAttribute.STRING);
        return a == null || a.s() == null ? fallback : a.s();
    }

    /** A float attribute, widened to the double its shortest decimal names (0.01f → 0.01, not 0.009999999776…). */
    private double floatAttr(OnnxNode n, int i, String name, float fallback) throws OnnxImportException {
        OnnxAttribute a = attr(n, i, name, OnnxAttribute.FLOAT);
        return shortest(a == null ? fallback : a.f(), DType.F32);
    }

    /**
     * ONNX keeps eps, slopes and ratios in float32; Dendrite's layers take doubles. Reading a float as the double
     * of its shortest decimal form gives back the value a user wrote (1e-5, 0.01, 0.2), so an exported network
     * imports with the very hyperparameters it was built with.
     */
    static double shortest(double v, DType from) {
        return from == DType.F32 ? Double.parseDouble(Float.toString((float) v)) : v;
    }

    OnnxImportException error(OnnxNode n, int i, String detail) {
        return new OnnxImportException(source, "node " + n.describe(i) + " " + detail);
    }
}
