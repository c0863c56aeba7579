package io.dendrite.model;

import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.nn.Loss;
import io.dendrite.nn.LossResult;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.Sequential;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Model} made of a {@link Sequential} stack of layers and a loss, with L2 regularization
 * {@code 0.5·reg·ΣW²} on its weight matrices (not on biases or normalization parameters), as in the seeds.
 * The ready-made networks ({@link TwoLayerNet}, {@link FullyConnectedNet}, the convnets) are Networks
 * assembled by their builders; {@link #spec()} records how to build one again, for save and load.
 */
public class Network implements Model {
    private final ModelSpec spec;
    private final Sequential net;
    private final Loss loss;
    private final double reg;
    private final Map<String, Parameter> params;
    private final List<Parameter> regularized;
    private final Map<String, Tensor> buffers;
    private final Map<String, Rng> generators;

    protected Network(ModelSpec spec, Assembly assembly, Loss loss, double reg) {
        if (reg < 0 || Double.isNaN(reg)) {
            throw new IllegalArgumentException("invalid regularization strength: " + reg);
        }
        this.spec = spec;
        this.net = new Sequential(assembly.layers().toArray(new Layer[0]));
        skipInputGradient(assembly.layers().get(0));
        this.loss = loss;
        this.reg = reg;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(assembly.params()));
        this.regularized = assembly.regularized().stream().map(params::get).toList();
        this.buffers = Collections.unmodifiableMap(new LinkedHashMap<>(assembly.buffers()));
        Map<String, Rng> g = new LinkedHashMap<>();
        for (Layer layer : assembly.layers()) {
            if (layer instanceof Dropout) {
                g.put("dropout" + (g.size() + 1), ((Dropout) layer).generator());
            }
        }
        this.generators = Collections.unmodifiableMap(g);
    }

    /** Nobody reads the gradient of the input batch: the first layer need not compute it (a third of its backward). */
    private static void skipInputGradient(Layer first) {
        if (first instanceof Linear) {
            ((Linear) first).inputGradient(false);
        } else if (first instanceof Conv2d) {
            ((Conv2d) first).inputGradient(false);
        }
    }

    /** How to build this network again (type and options), written into saved models. */
    public ModelSpec spec() {
        return spec;
    }

    /** The layer stack. */
    public Sequential layers() {
        return net;
    }

    public double reg() {
        return reg;
    }

    @Override
    public Tensor scores(Tensor x) {
        net.setTraining(false);
        return net.forward(x);
    }

    @Override
    public double loss(Tensor x, int[] y) {
        for (Parameter p : params.values()) {
            p.zeroGrad();
        }
        net.setTraining(true);
        Tensor scores = net.forward(x);
        LossResult data = loss.compute(scores, y);
        net.backward(data.grad());
        double regLoss = 0;
        if (reg > 0) {
            for (Parameter w : regularized) {
                Tensor value = w.value();
                regLoss += 0.5 * reg * value.square().sum();
                w.grad().addScaledi(value, reg); // d/dW of 0.5·reg·W² is reg·W
            }
        }
        return data.loss() + regLoss;
    }

    @Override
    public Map<String, Parameter> params() {
        return params;
    }

    @Override
    public Map<String, Tensor> buffers() {
        return buffers;
    }

    /** The Dropout layers' generators as dropout1, dropout2, … in layer order. */
    @Override
    public Map<String, Rng> generators() {
        return generators;
    }

    /**
     * Runs a training-mode forward pass layer by layer and names the first layer whose output holds a NaN or
     * an infinity (or the input itself), for the Solver's divergence message. Empty when all are finite.
     */
    public Optional<String> firstNonFinite(Tensor x) {
        if (!allFinite(x)) {
            return Optional.of("the input batch");
        }
        net.setTraining(true);
        Tensor h = x;
        List<Layer> layers = net.layers();
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            if (!allFinite(h)) {
                return Optional.of("layer " + i + " " + layers.get(i));
            }
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (!allFinite(e.getValue().value())) {
                return Optional.of("parameter " + e.getKey());
            }
        }
        return Optional.empty();
    }

    static boolean allFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.getFlat(i))) {
                return false;
            }
        }
        return true;
    }

    /** The parameter names that carry L2 regularization. */
    public Set<String> regularizedNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (regularized.contains(e.getValue())) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    @Override
    public String toString() {
        return spec + "\n" + net;
    }
}
