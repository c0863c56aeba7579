package io.dendrite.io.onnx;

import io.dendrite.model.Network;
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
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Residual;
import io.dendrite.nn.Sequential;
import io.dendrite.nn.Sigmoid;
import io.dendrite.nn.Tanh;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a network's layers into ONNX nodes and initializers (see {@link OnnxExport} for the mapping). Nodes are
 * named after their operator and a running count ("conv1", "relu2"); each node's output value has the node's name.
 */
final class ExportGraph {
    /** A value of the graph and the shape of one sample of it. */
    record Value(String name, int[] shape) {
    }

    /**
     * The name suffix of the Flatten node written before the Gemm of a Linear layer whose input has more than two
     * dimensions ("gemm2_flatten"): the importer folds it back into the Linear layer, which flattens by itself.
     */
    static final String IMPLICIT_FLATTEN = "_flatten";

    private final Network net;
    private final Map<Tensor, String> names = new IdentityHashMap<>();
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    ExportGraph(Network net) {
        this.net = net;
        net.params().forEach((name, p) -> names.put(p.value(), name));
        net.buffers().forEach((name, t) -> names.put(t, name));
    }

    List<OnnxNode> nodes() {
        return nodes;
    }

    Map<String, OnnxTensor> initializers() {
        return initializers;
    }

    /** Emits every layer of the network after refusing, in one message, all that ONNX export cannot express. */
    Value emitNetwork(String input, int[] sampleShape) {
        List<String> unsupported = new ArrayList<>();
        unsupported(net.layers().layers(), "", unsupported);
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("cannot export to ONNX: " + String.join("; ", unsupported)
                    + " — ONNX export supports Linear, Conv2d, MaxPool2d, AvgPool2d, ReLU, Sigmoid, Tanh, LeakyReLU,"
                    + " BatchNorm, BatchNorm2d, LayerNorm, Flatten, Dropout, LocalResponseNorm (odd size), Residual"
                    + " and Sequential");
        }
        return emit(net.layers().layers(), new Value(input, sampleShape));
    }

    private static void unsupported(List<Layer> layers, String path, List<String> out) {
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String where = "layer " + path + i + " " + l;
            if (l instanceof Sequential || l instanceof Residual) {
                unsupported(l.children(), path + i + ".", out);
            } else if (l instanceof LocalResponseNorm lrn && lrn.size() % 2 == 0) {
                out.add(where + " (an even window: ONNX's LRN centres it one channel later than Dendrite and PyTorch)");
            } else if (!(l instanceof Linear || l instanceof Conv2d || l instanceof MaxPool2d || l instanceof AvgPool2d
                    || l instanceof ReLU || l instanceof Sigmoid || l instanceof Tanh || l instanceof LeakyReLU
                    || l instanceof BatchNorm || l instanceof BatchNorm2d || l instanceof LayerNorm
                    || l instanceof Flatten || l instanceof Dropout || l instanceof LocalResponseNorm)) {
                out.add(where + " (" + l.getClass().getSimpleName() + " has no ONNX mapping)");
            }
        }
    }

    private Value emit(List<Layer> layers, Value in) {
        Value cur = in;
        for (Layer layer : layers) {
            cur = emit(layer, cur);
        }
        return cur;
    }

    private Value emit(Layer layer, Value in) {
        int[] outShape = SampleShapes.after(layer, in.shape());
        if (layer instanceof Sequential s) {
            return emit(s.layers(), in);
        }
        if (layer instanceof Residual) {
            Value body = emit(layer.children(), in);
            return new Value(node("Add", List.of(in.name(), body.name())), outShape);   // out = x + body(x)
        }
        String out;
        if (layer instanceof Linear l) {
            String x = in.name();
            if (in.shape().length > 1) {       // Linear flattens (N, d1, …) to (N, D); Gemm needs the 2-D input
                x = named("gemm" + (count("Gemm") + 1) + IMPLICIT_FLATTEN, "Flatten", List.of(x),
                        OnnxAttribute.ofInt("axis", 1));
            }
            out = node("Gemm", List.of(x, weight(l.weight()), weight(l.bias())));
        } else if (layer instanceof Conv2d c) {
            out = node("Conv", List.of(in.name(), weight(c.weight()), weight(c.bias())),
                    OnnxAttribute.ofInts("kernel_shape", c.kernelH(), c.kernelW()),
                    OnnxAttribute.ofInts("strides", c.stride(), c.stride()),
                    OnnxAttribute.ofInts("pads", c.pad(), c.pad(), c.pad(), c.pad()),
                    OnnxAttribute.ofInts("dilations", 1, 1), OnnxAttribute.ofInt("group", 1));
        } else if (layer instanceof MaxPool2d p) {
            out = node("MaxPool", List.of(in.name()), OnnxAttribute.ofInts("kernel_shape", p.poolH(), p.poolW()),
                    OnnxAttribute.ofInts("strides", p.stride(), p.stride()));
        } else if (layer instanceof AvgPool2d p) {
            out = node("AveragePool", List.of(in.name()), OnnxAttribute.ofInts("kernel_shape", p.poolH(), p.poolW()),
                    OnnxAttribute.ofInts("strides", p.stride(), p.stride()));
        } else if (layer instanceof ReLU) {
            out = node("Relu", List.of(in.name()));
        } else if (layer instanceof Sigmoid) {
            out = node("Sigmoid", List.of(in.name()));
        } else if (layer instanceof Tanh) {
            out = node("Tanh", List.of(in.name()));
        } else if (layer instanceof LeakyReLU l) {
            out = node("LeakyRelu", List.of(in.name()), OnnxAttribute.ofFloat("alpha", (float) l.slope()));
        } else if (layer instanceof BatchNorm b) {
            out = batchNorm(in, b.parameters(), b.buffers(), b.eps(), b.momentum());
        } else if (layer instanceof BatchNorm2d b) {
            out = batchNorm(in, b.parameters(), b.buffers(), b.eps(), b.momentum());
        } else if (layer instanceof LayerNorm l) {
            out = node("LayerNormalization", List.of(in.name(), weight(l.parameters().get(0)), weight(l.parameters().get(1))),
                    OnnxAttribute.ofInt("axis", 1), OnnxAttribute.ofFloat("epsilon", (float) l.eps()));
        } else if (layer instanceof Flatten) {
            out = node("Flatten", List.of(in.name()), OnnxAttribute.ofInt("axis", 1));
        } else if (layer instanceof Dropout d) {
            String ratio = "dropout" + (count("Dropout") + 1) + "_ratio";
            initializers.put(ratio, OnnxTensor.scalar(ratio, (float) d.p()));
            out = node("Dropout", List.of(in.name(), ratio));
        } else if (layer instanceof LocalResponseNorm l) {
            out = node("LRN", List.of(in.name()), OnnxAttribute.ofInt("size", l.size()),
                    OnnxAttribute.ofFloat("alpha", (float) l.alpha()), OnnxAttribute.ofFloat("beta", (float) l.beta()),
                    OnnxAttribute.ofFloat("bias", (float) l.k()));
        } else {
            throw new IllegalStateException("no ONNX mapping for " + layer);   // refused before by unsupported()
        }
        return new Value(out, outShape);
    }

    private String batchNorm(Value in, List<Parameter> params, Map<String, Tensor> buffers, double eps, double momentum) {
        return node("BatchNormalization", List.of(in.name(), weight(params.get(0)), weight(params.get(1)),
                        buffer(buffers.get("running_mean")), buffer(buffers.get("running_var"))),
                OnnxAttribute.ofFloat("epsilon", (float) eps), OnnxAttribute.ofFloat("momentum", (float) momentum));
    }

    private String weight(Parameter p) {
        return buffer(p.value());
    }

    /** Adds {@code t} as an initializer under the network's name for it, once. */
    private String buffer(Tensor t) {
        String name = names.get(t);
        if (name == null) {
            throw new IllegalStateException("a tensor of the network has no name in params() or buffers()");
        }
        initializers.computeIfAbsent(name, n -> OnnxTensor.of(n, t));
        return name;
    }

    /** Appends a node named {@code name} (not counted) whose output value has its name; returns that name. */
    private String named(String name, String op, List<String> inputs, OnnxAttribute... attributes) {
        nodes.add(OnnxNode.of(name, op, inputs, List.of(name), attributes));
        return name;
    }

    /** Appends a node whose output value is named as the node; returns that name. */
    String node(String op, List<String> inputs, OnnxAttribute... attributes) {
        String name = op.toLowerCase(java.util.Locale.ROOT) + (count(op) + 1);
        counts.merge(op, 1, Integer::sum);
        nodes.add(OnnxNode.of(name, op, inputs, List.of(name), attributes));
        return name;
    }

    /** Appends a node with the given output name. */
    void node(String op, List<String> inputs, String output, OnnxAttribute... attributes) {
        String name = op.toLowerCase(java.util.Locale.ROOT) + (count(op) + 1);
        counts.merge(op, 1, Integer::sum);
        nodes.add(OnnxNode.of(name, op, inputs, List.of(output), attributes));
    }

    private int count(String op) {
        return counts.getOrDefault(op, 0);
    }

    /** Renames the value {@code out} to {@code name} (it is the last node's output), or adds an Identity to it. */
    void finish(Value out, String name) {
        OnnxNode last = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
        if (last == null || !last.outputs().equals(List.of(out.name()))) {
            node("Identity", List.of(out.name()), name);
            return;
        }
        nodes.set(nodes.size() - 1, new OnnxNode(last.name(), last.opType(), last.domain(), last.inputs(), List.of(name),
                last.attributes()));
    }
}
