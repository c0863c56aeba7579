package io.dendrite.model;

import io.dendrite.nn.Layer;
import io.dendrite.nn.LayerTypes;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's architecture as text, for model files and checkpoints: every layer's type and configuration (from
 * {@link LayerTypes}), the loss, the regularization strength, the dtype, the input shape and, for a ready-made
 * network, its {@link ModelSpec}. Weights are not part of it. Example:
 * <pre>
 * network 1
 * spec simple-conv inputDim=1,28,28 filterNum=30 …
 * input 1,28,28
 * dtype F32
 * reg 0.0
 * loss SoftmaxCrossEntropy
 * layer Conv2d in=1 out=30 kernelH=5 kernelW=5 stride=1 pad=0
 * layer ReLU
 * layer Residual {
 *   layer Conv2d in=30 out=30 kernelH=3 kernelW=3 stride=1 pad=1
 * }
 * </pre>
 * Model files written before this format hold a bare ModelSpec ("simple-conv inputDim=…"); {@link #build} still
 * reads them through {@link Models#build}.
 */
public final class Architecture {
    private static final String HEADER = "network 1";

    private record Node(String type, Map<String, String> options, List<Node> children) {
    }

    private Architecture() {
    }

    /** The text that {@link #build} turns back into an equal network (with fresh weights). */
    public static String describe(Network net) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        if (!net.spec().type().equals(Network.COMPOSED)) {
            sb.append("spec ").append(net.spec()).append('\n');
        }
        net.inputShape().ifPresent(s -> sb.append("input ").append(NetParts.dims(s)).append('\n'));
        sb.append("dtype ").append(net.dtype().name()).append('\n');
        sb.append("reg ").append(net.reg()).append('\n');
        sb.append("loss ").append(line(LayerTypes.lossName(net.lossFunction()), LayerTypes.describeLoss(net.lossFunction())))
                .append('\n');
        for (Layer layer : net.layers().layers()) {
            describe(layer, "", sb);
        }
        return sb.toString();
    }

    private static void describe(Layer layer, String indent, StringBuilder sb) {
        sb.append(indent).append("layer ").append(line(LayerTypes.name(layer), LayerTypes.describe(layer)));
        if (layer.children().isEmpty()) {
            sb.append('\n');
            return;
        }
        sb.append(" {\n");
        for (Layer child : layer.children()) {
            describe(child, indent + "  ", sb);
        }
        sb.append(indent).append("}\n");
    }

    private static String line(String type, Map<String, String> options) {
        StringBuilder sb = new StringBuilder(type);
        options.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    /** Builds the network {@code text} describes, with zero weights; also reads the older bare-ModelSpec form. */
    public static Network build(String text) {
        return build(text, null, true);
    }

    /**
     * A copy of {@code net} in {@code dtype}: the same layers, its parameters and buffers converted. Without
     * {@code dropout} every Dropout layer becomes the identity (p = 0), and so does the dropout inside a layer that
     * records one as its "dropout" option (attention, positional encoding), for gradient checks whose passes must
     * see the same function.
     */
    public static Network copy(Network net, DType dtype, boolean dropout) {
        Network copy = build(describe(net), dtype, dropout);
        for (Map.Entry<String, Parameter> e : copy.params().entrySet()) {
            e.getValue().value().assign(net.params().get(e.getKey()).value().to(dtype));
        }
        for (Map.Entry<String, Tensor> e : copy.buffers().entrySet()) {
            e.getValue().assign(net.buffers().get(e.getKey()).to(dtype));
        }
        return copy;
    }

    private static Network build(String text, DType dtypeOverride, boolean dropout) {
        if (!text.startsWith(HEADER)) {
            if (text.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("the architecture starts with '" + ModelSpec.shown(text.lines().findFirst()
                        .orElse("")) + "', expected '" + HEADER + "' (or the one-line model spec of an older file)");
            }
            return Models.build(ModelSpec.parse(text));   // a file written before layers were recorded
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        lines.remove(0);
        ModelSpec spec = null;
        Network.Builder b = Network.builder();
        DType dtype = DType.F32;
        List<Node> layers = new ArrayList<>();
        int[] at = {0};
        while (at[0] < lines.size()) {
            String line = lines.get(at[0]).trim();
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String rest = space < 0 ? "" : line.substring(space + 1).trim();
            switch (key) {
                case "spec" -> spec = ModelSpec.parse(rest);
                case "input" -> b.inputShape(dims(rest, at[0]));
                case "dtype" -> dtype = dtype(rest, at[0]);
                case "reg" -> b.reg(number(rest, at[0]));
                case "loss" -> {
                    Node n = node(rest);
                    b.loss(LayerTypes.createLoss(new LayerTypes.Config(n.type, n.options, DType.F64, List.of())));
                }
                case "layer" -> {
                    layers.add(layer(lines, at));
                    continue;
                }
                case "" -> { }
                default -> throw new IllegalArgumentException("architecture line " + (at[0] + 2) + ": unknown entry '"
                        + ModelSpec.shown(line) + "'");
            }
            at[0]++;
        }
        DType d = dtypeOverride != null ? dtypeOverride : dtype;
        for (Node n : layers) {
            b.add(create(n, d, dropout));
        }
        if (spec != null) {
            Map<String, String> options = new LinkedHashMap<>(spec.options());
            if (options.containsKey("dtype")) {
                options.put("dtype", d.name());
            }
            if (!dropout && options.containsKey("dropout")) {
                options.put("dropout", "0");
            }
            spec = new ModelSpec(spec.type(), options);
        }
        return new Network(b, spec);
    }

    /**
     * A lower bound on the parameter elements that the layers of {@code text} hold (weights and biases of Linear,
     * Conv2d and ConvTranspose2d, scale and shift of the normalizations), computed from the text alone, without
     * allocating anything; 0 for a file written before layers were recorded. Saturates at {@link Long#MAX_VALUE}.
     */
    public static long impliedParameterElements(String text) {
        if (!text.startsWith(HEADER)) {
            return 0;
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        lines.remove(0);
        long total = 0;
        int[] at = {0};
        while (at[0] < lines.size()) {
            String line = lines.get(at[0]).trim();
            if (line.startsWith("layer ")) {
                total = saturatedAdd(total, implied(layer(lines, at)));
            } else {
                at[0]++;
            }
        }
        return total;
    }

    private static long implied(Node n) {
        long own = switch (n.type) {
            case "Linear" -> saturatedAdd(product(n, "in", "out"), product(n, "out"));
            case "Conv2d", "ConvTranspose2d" -> saturatedAdd(product(n, "out", "in", "kernelH", "kernelW"), product(n, "out"));
            case "BatchNorm", "LayerNorm" -> product(n, "features");
            case "BatchNorm2d", "GroupNorm" -> product(n, "channels");
            default -> 0;
        };
        for (Node c : n.children) {
            own = saturatedAdd(own, implied(c));
        }
        return own;
    }

    /** The product of the named integer options; 0 when one is missing or not a positive number (build says why). */
    private static long product(Node n, String... keys) {
        long p = 1;
        for (String key : keys) {
            long v;
            try {
                v = Long.parseLong(n.options.getOrDefault(key, ""));
            } catch (NumberFormatException e) {
                return 0;
            }
            if (v <= 0) {
                return 0;
            }
            p = Math.abs(p) > Long.MAX_VALUE / v ? Long.MAX_VALUE : p * v;
        }
        return p;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Layers nested deeper than this are refused (the network's own nesting is a few levels). */
    static final int MAX_DEPTH = 64;

    /** Reads the layer at line {@code at[0]} and, for a container ("… {"), its children up to the closing "}". */
    private static Node layer(List<String> lines, int[] at) {
        return layer(lines, at, 0);
    }

    private static Node layer(List<String> lines, int[] at, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("architecture line " + (at[0] + 2) + ": layers nested more than " + MAX_DEPTH
                    + " deep");
        }
        String line = lines.get(at[0]++).trim();
        boolean container = line.endsWith("{");
        String body = line.substring(Math.min(line.length(), "layer ".length()), line.length() - (container ? 1 : 0)).trim();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("architecture line " + (at[0] + 1) + ": '" + ModelSpec.shown(line) + "' names no layer type");
        }
        Node n = node(body);
        if (container) {
            while (true) {
                if (at[0] >= lines.size()) {
                    throw new IllegalArgumentException("architecture: layer " + n.type + " opens '{' but never closes it");
                }
                String next = lines.get(at[0]).trim();
                if (next.equals("}")) {
                    at[0]++;
                    break;
                }
                if (!next.startsWith("layer ")) {
                    throw new IllegalArgumentException("architecture line " + (at[0] + 2) + ": expected a layer or '}'"
                            + " inside " + n.type + ", found '" + ModelSpec.shown(next) + "'");
                }
                n.children.add(layer(lines, at, depth + 1));
            }
        }
        return n;
    }

    private static int[] dims(String text, int line) {
        try {
            int[] d = NetParts.parseDims(text);
            for (int v : d) {
                if (v <= 0) {
                    throw new NumberFormatException();
                }
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("architecture line " + (line + 2) + ": input '" + ModelSpec.shown(text)
                    + "' is not a shape of positive sizes such as 1,28,28");
        }
    }

    private static DType dtype(String text, int line) {
        for (DType d : DType.values()) {
            if (d.name().equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("architecture line " + (line + 2) + ": unknown dtype '" + ModelSpec.shown(text)
                + "' (expected F32 or F64)");
    }

    private static double number(String text, int line) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("architecture line " + (line + 2) + ": reg '" + ModelSpec.shown(text) + "' is not a number");
        }
    }

    private static Node node(String text) {
        String[] parts = text.trim().split("\\s+");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("architecture: '" + ModelSpec.shown(text) + "': expected key=value, found '"
                        + ModelSpec.shown(parts[i]) + "'");
            }
            options.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return new Node(parts[0], options, new ArrayList<>());
    }

    private static Layer create(Node n, DType dtype, boolean dropout) {
        List<Layer> children = new ArrayList<>();
        for (Node c : n.children) {
            children.add(create(c, dtype, dropout));
        }
        Map<String, String> options = n.options;
        if (!dropout && n.type.equals("Dropout")) {
            options = new LinkedHashMap<>(options);
            options.put("p", "0");
        } else if (!dropout && options.containsKey("dropout")) {   // layers with dropout inside: attention, positions
            options = new LinkedHashMap<>(options);
            options.put("dropout", "0.0");
        }
        return LayerTypes.create(new LayerTypes.Config(n.type, options, dtype, children));
    }
}
