package io.dendrite.io.onnx;

import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.nn.Residual;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the layer list of a graph that is a chain — every node reads the output of the node before it — with
 * residual additions: an {@code Add} of the current value and an earlier value t of the chain becomes a
 * {@link Residual} whose body is every layer built since t (so {@code t + body(t)}), which also recovers nested
 * blocks. An {@code Add} of a constant right after a {@code MatMul} is that layer's bias.
 */
final class ImportChain {
    private final ImportLayers convert;
    private final List<Layer> layers = new ArrayList<>();
    /** shapes.get(k): the sample shape after the first k layers. */
    private final List<int[]> shapes = new ArrayList<>();
    /** For each value of the chain, the number of layers before it (its position). */
    private final Map<String, Integer> positions = new HashMap<>();
    private final Map<String, OnnxTensor> constants;
    private String current;
    private Linear awaitingBias;    // a Linear made from MatMul whose bias has not come yet

    ImportChain(ImportLayers convert, Map<String, OnnxTensor> constants, String input, int[] sampleShape) {
        this.convert = convert;
        this.constants = constants;
        this.current = input;
        shapes.add(sampleShape);
        positions.put(input, 0);
    }

    List<Layer> layers() {
        return layers;
    }

    int[] shape() {
        return shapes.get(shapes.size() - 1);
    }

    /** Appends node {@code n} (index {@code i} in the graph) to the chain. */
    void add(OnnxNode n, int i) throws OnnxImportException {
        if (n.outputs().isEmpty() || n.outputs().get(0).isEmpty()) {
            throw convert.error(n, i, "has no output");
        }
        if (n.opType().equals("Add")) {
            add2(n, i);
            return;
        }
        if (n.inputs().isEmpty() || !n.inputs().get(0).equals(current)) {
            throw notChained(n, i, n.inputs().isEmpty() ? "nothing" : "'" + n.inputs().get(0) + "'");
        }
        Layer layer = convert.convert(n, i, shape());
        awaitingBias = n.opType().equals("MatMul") ? (Linear) layer : null;
        if (layer != null) {
            append(layer);
        }
        moveTo(n.outputs().get(0));
    }

    /** Appends node {@code n} as the identity: its output is the current value under a new name. */
    void pass(OnnxNode n, int i) throws OnnxImportException {
        if (n.inputs().isEmpty() || !n.inputs().get(0).equals(current)) {
            throw notChained(n, i, n.inputs().isEmpty() ? "nothing" : "'" + n.inputs().get(0) + "'");
        }
        awaitingBias = null;
        moveTo(n.outputs().get(0));
    }

    private OnnxImportException notChained(OnnxNode n, int i, String reads) {
        return convert.error(n, i, "reads " + reads + ", not '" + current + "', the output of the layer before it —"
                + " Dendrite imports a chain of layers with residual Adds (x + f(x)); branches, and skips with layers of"
                + " their own such as a 1×1 projection, are not supported");
    }

    private void add2(OnnxNode n, int i) throws OnnxImportException {
        if (n.inputs().size() != 2) {
            throw convert.error(n, i, "has " + n.inputs().size() + " inputs, expected 2");
        }
        String a = n.inputs().get(0), b = n.inputs().get(1);
        String other = a.equals(current) ? b : b.equals(current) ? a : null;
        if (other == null) {
            throw notChained(n, i, "'" + a + "' and '" + b + "'");
        }
        if (constants.containsKey(other)) {
            bias(n, i, constants.get(other));
        } else {
            residual(n, i, other);
        }
        moveTo(n.outputs().get(0));
    }

    private void bias(OnnxNode n, int i, OnnxTensor c) throws OnnxImportException {
        if (awaitingBias == null) {
            throw convert.error(n, i, "adds the constant '" + c.name() + "'; Dendrite imports an Add of a constant only as"
                    + " the bias right after a MatMul");
        }
        Tensor b = c.toTensor();
        int out = awaitingBias.outFeatures();
        if (b.size() != out || b.dtype() != awaitingBias.bias().value().dtype()) {
            throw convert.error(n, i, "adds '" + c.name() + "' of shape " + Shapes.format(b.shape()) + " "
                    + OnnxTensor.typeName(c.dataType()) + " as the bias of a MatMul with " + out + " outputs");
        }
        awaitingBias.bias().value().assign(b.reshape(out));
        awaitingBias = null;
    }

    private void residual(OnnxNode n, int i, String skip) throws OnnxImportException {
        Integer start = positions.get(skip);
        if (skip.equals(current) || start == null) {
            throw convert.error(n, i, "adds '" + skip + "', which is not an earlier value of the chain; Dendrite imports"
                    + " an Add of two values only as a residual connection x + f(x)");
        }
        if (start == layers.size()) {
            throw convert.error(n, i, "adds '" + skip + "' to itself through identities only (x + x)");
        }
        int[] in = shapes.get(start);
        if (!Arrays.equals(in, shape())) {
            throw convert.error(n, i, "adds '" + skip + "' of sample shape " + Shapes.format(in) + " to '" + current
                    + "' of shape " + Shapes.format(shape()) + "; a residual block must keep the shape");
        }
        List<Layer> body = new ArrayList<>(layers.subList(start, layers.size()));
        layers.subList(start, layers.size()).clear();
        shapes.subList(start + 1, shapes.size()).clear();
        positions.values().removeIf(p -> p > start);
        awaitingBias = null;
        append(new Residual(body));
    }

    private void append(Layer layer) {
        int[] s = SampleShapes.after(layer, shape());
        layers.add(layer);
        shapes.add(s);
    }

    private void moveTo(String value) {
        current = value;
        positions.put(value, layers.size());
    }

    String current() {
        return current;
    }
}
