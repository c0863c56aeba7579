package io.dendrite.viz;

import io.dendrite.model.Model;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The small experiments behind the book's and cs231n's pictures, producing exactly what {@link Plots} draws.
 *
 * <pre>{@code
 * Map<String, double[]> acts = Experiments.weightInitActivations("relu",
 *         Map.of("He", WeightInit.he()), 5, 100, 1000, new Rng(0));
 * Plots.defaults().activationHistograms(acts, 30, Path.of("init.png"));
 * Plots.defaults().decisionBoundary(Experiments.classifier2d(net), xy, labels, 200, Path.of("spiral.png"));
 * }</pre>
 */
public final class Experiments {
    /** The activations {@link #weightInitActivations} knows. */
    public static final String[] ACTIVATIONS = {"sigmoid", "relu", "tanh"};

    private Experiments() {
    }

    /**
     * The book's section 6.2 experiment: {@code examples} random inputs ~ N(0, 1) of {@code nodes} features go
     * through {@code layers} fully connected layers of {@code nodes} units without biases, each followed by the
     * activation, with weights drawn by each init in turn (the same inputs for every init). Returns
     * "{init name} · layer {i}" → that layer's activations, init by init, for the first, middle and last layer
     * (all layers when there are at most three), so that a grid shows one init per row.
     */
    public static Map<String, double[]> weightInitActivations(String activation, Map<String, WeightInit> inits,
                                                              int layers, int nodes, int examples, Rng rng) {
        UnaryOperator<Tensor> act = activation(activation);
        if (layers < 1 || nodes < 1 || examples < 1) {
            throw new IllegalArgumentException("weight-init experiment needs layers, nodes and examples >= 1, got "
                    + layers + ", " + nodes + ", " + examples);
        }
        if (inits.isEmpty()) {
            throw new IllegalArgumentException("weight-init experiment: no initializations given");
        }
        Tensor x = Tensor.randn(rng, DType.F64, examples, nodes);
        int[] shown = layers <= 3 ? range(layers) : new int[]{0, (layers - 1) / 2, layers - 1};
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, WeightInit> init : inits.entrySet()) {
            Tensor a = x;
            double[][] acts = new double[layers][];
            for (int l = 0; l < layers; l++) {
                Tensor w = init.getValue().sample(rng, DType.F64, nodes, nodes, nodes);
                a = act.apply(a.matmul(w));
                acts[l] = a.toDoubleArray();
            }
            for (int l : shown) {
                out.put(init.getKey() + " · layer " + (l + 1), acts[l]);
            }
        }
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static UnaryOperator<Tensor> activation(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "sigmoid" -> Tensor::sigmoid;
            case "relu" -> t -> t.maximum(0.0);
            case "tanh" -> Tensor::tanh;
            default -> throw new IllegalArgumentException("unknown activation '" + name
                    + "' (expected sigmoid, relu or tanh)");
        };
    }

    /**
     * A model of 2-D inputs as a {@link Classifier2d}: one test-time forward pass over all the points, in the
     * dtype of the model's parameters.
     */
    public static Classifier2d classifier2d(Model model) {
        DType dtype = model.params().isEmpty() ? DType.F32 : model.params().values().iterator().next().value().dtype();
        return points -> {
            double[] flat = new double[points.length * 2];
            for (int i = 0; i < points.length; i++) {
                flat[2 * i] = points[i][0];
                flat[2 * i + 1] = points[i][1];
            }
            return model.predict(Tensor.of(flat, points.length, 2).to(dtype));
        };
    }
}
