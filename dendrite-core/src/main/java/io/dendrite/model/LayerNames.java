package io.dendrite.model;

import io.dendrite.nn.Dropout;
import io.dendrite.nn.Layer;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives a stack's parameters, buffers and generators the seeds' names by walking its layers in forward order
 * (into containers such as Sequential and Residual): a layer with a "gamma" parameter is a normalization layer
 * and the k-th of them gets gammak, betak and its buffers running_meank, running_vark; every other layer with
 * parameters is the k-th layer with weights and gets Wk, bk (any other parameter name n becomes nk). Parameters
 * whose layer-local name starts with "W" carry the L2 regularization. Dropout layers' generators are dropout1,
 * dropout2, …
 */
final class LayerNames {
    final Map<String, Parameter> params = new LinkedHashMap<>();
    final List<Parameter> regularized = new ArrayList<>();
    final Map<String, Tensor> buffers = new LinkedHashMap<>();
    final Map<String, Rng> generators = new LinkedHashMap<>();
    private final Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private int weighted;
    private int norms;

    LayerNames(List<Layer> layers) {
        for (Layer layer : layers) {
            visit(layer);
        }
    }

    /** The layers without children, in forward order. */
    static List<Layer> leaves(List<Layer> layers) {
        List<Layer> out = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer.children().isEmpty()) {
                out.add(layer);
            } else {
                out.addAll(leaves(layer.children()));
            }
        }
        return out;
    }

    private void visit(Layer layer) {
        if (!seen.add(layer)) {
            throw new IllegalArgumentException("layer " + layer + " appears twice in the network — a layer keeps the"
                    + " state of its last forward pass, so each position needs its own instance");
        }
        if (!layer.children().isEmpty()) {
            for (Layer child : layer.children()) {
                visit(child);
            }
            return;
        }
        if (layer instanceof Dropout dropout) {
            generators.put("dropout" + (generators.size() + 1), dropout.generator());
        }
        List<Parameter> ps = layer.parameters();
        if (ps.isEmpty() && layer.buffers().isEmpty()) {
            return;
        }
        boolean norm = ps.stream().anyMatch(p -> p.localName().equals("gamma"));
        int k = norm ? ++norms : ++weighted;
        for (Parameter p : ps) {
            String name = p.localName() + k;
            if (params.putIfAbsent(name, p.named(name)) != null) {
                throw new IllegalArgumentException("two parameters are named " + name + " (the second in " + layer + ")");
            }
            if (p.localName().startsWith("W")) {
                regularized.add(p);
            }
        }
        layer.buffers().forEach((local, t) -> buffers.put(local + k, t));
    }
}
