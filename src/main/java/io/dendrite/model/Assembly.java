package io.dendrite.model;

import io.dendrite.nn.Layer;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects layers in order and gives their parameters and buffers the seeds' names (W1, b1, gamma1, …),
 * so that a builder states the architecture and the names in one line per layer.
 */
final class Assembly {
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final List<String> regularized = new ArrayList<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    /** Adds a layer without parameters. */
    Assembly add(Layer layer) {
        layers.add(layer);
        return this;
    }

    /** Adds an affine or conv layer: its "W" becomes {@code "W" + index} (regularized), its "b" {@code "b" + index}. */
    Assembly addWeighted(Layer layer, int index) {
        layers.add(layer);
        put(layer, "W", "W" + index);
        put(layer, "b", "b" + index);
        regularized.add("W" + index);
        return this;
    }

    /** Adds a normalization layer: gamma/beta become gammaN/betaN and buffers get the same suffix. */
    Assembly addNorm(Layer layer, int index) {
        layers.add(layer);
        put(layer, "gamma", "gamma" + index);
        put(layer, "beta", "beta" + index);
        for (Map.Entry<String, Tensor> e : layer.buffers().entrySet()) {
            buffers.put(e.getKey() + index, e.getValue());
        }
        return this;
    }

    private void put(Layer layer, String local, String seedName) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(local)) {
                params.put(seedName, p.named(seedName));
                return;
            }
        }
        throw new IllegalStateException(layer + " has no parameter named " + local);
    }

    List<Layer> layers() {
        return layers;
    }

    Map<String, Parameter> params() {
        return params;
    }

    List<String> regularized() {
        return regularized;
    }

    Map<String, Tensor> buffers() {
        return buffers;
    }
}
