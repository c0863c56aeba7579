package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another: forward runs them in order, backward in reverse, each receiving the
 * previous one's gradient. Errors from the inner layers reach the caller unchanged (they name the layer).
 *
 * <p>{@link #parameters()} concatenates the layers' parameters in order; {@link #namedParameters()} and
 * {@link #buffers()} prefix each local name with the layer's index ("0.W", "3.running_mean"), as PyTorch's
 * {@code state_dict} does. {@link #setTraining} reaches every layer. An empty Sequential is the identity.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Layer> layers) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException("Sequential: layer " + i + " is null");
            }
        }
        this.layers = List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (layers.isEmpty()) {
            return x.copy();
        }
        Tensor h = x;
        for (Layer layer : layers) {
            h = layer.forward(h);
        }
        return h;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (layers.isEmpty()) {
            return dout.copy();
        }
        Tensor g = dout;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return Collections.unmodifiableList(all);
    }

    /** Every parameter under "index.name" ("0.W", "0.b", "2.W", …), in order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Sequential inner) {
                for (Map.Entry<String, Parameter> e : inner.namedParameters().entrySet()) {
                    named.put(i + "." + e.getKey(), e.getValue());
                }
            } else {
                for (Parameter p : layer.parameters()) {
                    named.put(i + "." + p.name(), p);
                }
            }
        }
        return Collections.unmodifiableMap(named);
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Tensor> e : layers.get(i).buffers().entrySet()) {
                all.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(all);
    }

    @Override
    public void setTraining(boolean training) {
        for (Layer layer : layers) {
            layer.setTraining(training);
        }
    }

    /** Passes the request to the first layer, whose input is this Sequential's input. */
    @Override
    public Sequential inputGradient(boolean needed) {
        if (!layers.isEmpty()) {
            layers.get(0).inputGradient(needed);
        }
        return this;
    }

    /** The first layer's setting (true for an empty Sequential, which copies dout). */
    @Override
    public boolean inputGradient() {
        return layers.isEmpty() || layers.get(0).inputGradient();
    }

    @Override
    public List<Layer> children() {
        return layers;
    }

    /** The layers, in order (unmodifiable). */
    public List<Layer> layers() {
        return layers;
    }

    public Layer get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    /** One layer per line with its index, nested Sequentials indented, like PyTorch's printout. */
    @Override
    public String toString() {
        if (layers.isEmpty()) {
            return "Sequential()";
        }
        StringBuilder sb = new StringBuilder("Sequential(\n");
        for (int i = 0; i < layers.size(); i++) {
            String inner = layers.get(i).toString().replace("\n", "\n  ");
            sb.append("  (").append(i).append("): ").append(inner).append('\n');
        }
        return sb.append(')').toString();
    }
}
