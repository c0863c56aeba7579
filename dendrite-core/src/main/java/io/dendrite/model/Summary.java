package io.dendrite.model;

import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@link Network#summary()} prints, as Keras' {@code model.summary()}: one row per layer (the layers of a
 * container indented under it) with its output shape for a batch of N samples and its parameter count, then the
 * totals. Buffers (BatchNorm running statistics) count as non-trainable parameters, as Keras counts them.
 * Output shapes come from a forward pass of one zero sample in evaluation mode.
 */
final class Summary {
    private static final int NAME_WIDTH = 44;
    private static final int SHAPE_WIDTH = 22;
    private static final int COUNT_WIDTH = 12;

    private record Row(String name, int[] shape, long params) {
    }

    private Summary() {
    }

    static String of(Network net, int[] sampleShape) {
        List<Row> rows = new ArrayList<>();
        net.layers().setTraining(false);
        Tensor h = Tensor.zeros(net.dtype(), Shapes.batch(1, sampleShape));
        for (Layer layer : net.layers().layers()) {
            h = rows(layer, h, 0, rows);
        }
        long trainable = net.params().values().stream().mapToLong(p -> p.value().size()).sum();
        long buffers = net.buffers().values().stream().mapToLong(Tensor::size).sum();
        String rule = "=".repeat(NAME_WIDTH + SHAPE_WIDTH + COUNT_WIDTH);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(net.spec().type()).append(", input (N, ").append(dims(sampleShape)).append(")\n");
        sb.append(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s%-" + SHAPE_WIDTH + "s%" + COUNT_WIDTH + "s%n",
                "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s%-" + SHAPE_WIDTH + "s%" + COUNT_WIDTH + "s%n",
                    clip(r.name), "(N, " + dims(java.util.Arrays.copyOfRange(r.shape, 1, r.shape.length)) + ")",
                    String.format(Locale.ROOT, "%,d", r.params)));
        }
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", trainable + buffers));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", buffers));
        return sb.toString();
    }

    /** Adds the row of {@code layer} (and of its children, indented) and returns its output. */
    private static Tensor rows(Layer layer, Tensor x, int depth, List<Row> rows) {
        Tensor out;
        try {
            out = layer.forward(x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("summary: " + e.getMessage(), e);
        }
        long count = layer.parameters().stream().mapToLong(p -> p.value().size()).sum()
                + layer.buffers().values().stream().mapToLong(Tensor::size).sum();
        String name = "  ".repeat(depth) + firstLine(layer);
        rows.add(new Row(name, out.shape(), count));
        Tensor h = x;
        for (Layer child : layer.children()) {   // containers apply their layers in order (Residual adds x after)
            h = rows(child, h, depth + 1, rows);
        }
        return out;
    }

    /** The input shape a network's first layer implies when it is a Linear: (D,). */
    static int[] impliedInputShape(Network net) {
        List<Layer> leaves = LayerNames.leaves(net.layers().layers());
        if (leaves.get(0) instanceof Linear first) {
            return new int[]{first.inFeatures()};
        }
        throw new IllegalArgumentException("the network does not record its input shape — build it with"
                + " Network.builder().inputShape(C, H, W) or call summary(C, H, W) (e.g. summary(1, 28, 28) for MNIST)");
    }

    private static String firstLine(Layer layer) {
        String s = layer.toString();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).replace("(", "").trim();
    }

    private static String clip(String s) {
        return s.length() < NAME_WIDTH ? s : s.substring(0, NAME_WIDTH - 2) + "… ";
    }

    private static String dims(int[] d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            sb.append(i > 0 ? ", " : "").append(d[i]);
        }
        return sb.toString();
    }
}
