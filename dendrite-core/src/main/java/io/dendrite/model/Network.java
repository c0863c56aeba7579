package io.dendrite.model;

import io.dendrite.nn.Layer;
import io.dendrite.nn.Loss;
import io.dendrite.nn.LossResult;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.Sequential;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link Model} made of any stack of layers and a loss, with L2 regularization {@code 0.5·reg·ΣW²} on its weight
 * matrices (not on biases or normalization parameters), as in the seeds. Compose one with {@link #builder()}:
 * <pre>{@code
 * Network net = Network.builder()
 *         .add(new Conv2d(1, 8, 3, 1, 1)).add(new ReLU()).add(new MaxPool2d(2, 2, 2))
 *         .add(new Flatten()).add(new Linear(8 * 14 * 14, 10))
 *         .loss(new SoftmaxCrossEntropy()).reg(1e-3).inputShape(1, 28, 28).build();
 * }</pre>
 * Parameters get the seeds' names in forward order: the k-th layer with weights Wk / bk, the k-th normalization
 * layer gammak / betak, its running statistics running_meank / running_vark (see {@link #params()}). The Solver
 * trains any Network, {@link ModelStore} saves and loads it, {@link #summary()} lists it.
 *
 * <p>The ready-made networks ({@link TwoLayerNet}, {@link FullyConnectedNet}, the convnets) are thin builders over
 * this one; they also record their options in {@link #spec()}.
 */
public final class Network implements Model {
    /** The type of {@link #spec()} for a network composed with {@link #builder()}. */
    public static final String COMPOSED = "network";

    private final ModelSpec spec;
    private final Sequential net;
    private final Loss loss;
    private final double reg;
    private final int[] inputShape;
    private final Map<String, Parameter> params;
    private final List<Parameter> regularized;
    private final Map<String, Tensor> buffers;
    private final Map<String, Rng> generators;

    /** A network of the builder's layers; {@code spec} records a ready-made network's options (null when composed). */
    Network(Builder b, ModelSpec spec) {
        if (b.layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer — add one with Network.builder().add(…)");
        }
        this.net = new Sequential(b.layers);
        this.loss = b.loss;
        this.reg = b.reg;
        this.inputShape = b.inputShape;
        LayerNames names = new LayerNames(b.layers);
        this.params = Collections.unmodifiableMap(names.params);
        this.regularized = List.copyOf(names.regularized);
        this.buffers = Collections.unmodifiableMap(names.buffers);
        this.generators = Collections.unmodifiableMap(names.generators);
        DType dtype = dtype();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (e.getValue().value().dtype() != dtype) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " is " + e.getValue().value().dtype()
                        + " but " + params.keySet().iterator().next() + " is " + dtype + " — build every layer in one dtype");
            }
        }
        Map<String, String> composed = new LinkedHashMap<>();
        if (inputShape != null) {
            composed.put("inputDim", NetParts.dims(inputShape));
        }
        composed.put("reg", Double.toString(reg));
        composed.put("dtype", dtype.name());
        this.spec = spec != null ? spec : new ModelSpec(COMPOSED, composed);
        b.layers.get(0).inputGradient(false);   // nobody reads the gradient of the input batch
    }

    /** Starts composing a network: add layers in forward order, then choose the loss (softmax by default) and reg. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects layers, loss, regularization strength and (optionally) the input shape of one sample. */
    public static final class Builder {
        private final List<Layer> layers = new ArrayList<>();
        private Loss loss = new SoftmaxCrossEntropy();
        private double reg;
        private int[] inputShape;

        private Builder() {
        }

        /** Appends a layer (a container such as Sequential or Residual counts as one, its layers are named inside). */
        public Builder add(Layer layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            return this;
        }

        /** Appends layers in order. */
        public Builder add(List<? extends Layer> more) {
            more.forEach(this::add);
            return this;
        }

        /** The loss of {@link Network#loss}; {@link SoftmaxCrossEntropy} when not set. */
        public Builder loss(Loss l) {
            this.loss = Objects.requireNonNull(l, "loss");
            return this;
        }

        /** L2 regularization strength: the loss adds 0.5·reg·ΣW² over the weight matrices. */
        public Builder reg(double r) {
            if (r < 0 || !Double.isFinite(r)) {
                throw new IllegalArgumentException("invalid regularization strength: " + r + " (must be finite and ≥ 0)");
            }
            this.reg = r;
            return this;
        }

        /** The shape of one sample (without the batch dimension), e.g. (1, 28, 28); used by summary and saved. */
        public Builder inputShape(int... sampleShape) {
            for (int d : sampleShape) {
                if (d <= 0) {
                    throw new IllegalArgumentException("invalid input shape " + Arrays.toString(sampleShape)
                            + " (sizes must be positive)");
                }
            }
            this.inputShape = sampleShape.length == 0 ? null : sampleShape.clone();
            return this;
        }

        public Network build() {
            return new Network(this, null);
        }
    }

    /**
     * What this network is: a ready-made network's type and options ("simple-conv inputDim=1,28,28 …"), or
     * {@value #COMPOSED} with the input shape, reg and dtype for one composed with {@link #builder()}.
     */
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

    public Loss lossFunction() {
        return loss;
    }

    /** The shape of one sample without the batch dimension, when known: (1, 28, 28) for MNIST convnets. */
    public Optional<int[]> inputShape() {
        return Optional.ofNullable(inputShape).map(int[]::clone);
    }

    /** The dtype of the parameters (F32 for a network without any). */
    public DType dtype() {
        return params.isEmpty() ? DType.F32 : params.values().iterator().next().value().dtype();
    }

    /**
     * Every layer with its output shape and parameter count, and the totals, as Keras' {@code model.summary()}
     * prints it; for the {@linkplain #inputShape() input shape} the network was built with (or that its first
     * Linear layer implies).
     */
    public String summary() {
        int[] shape = inputShape != null ? inputShape : Summary.impliedInputShape(this);
        return summary(shape);
    }

    /** {@link #summary()} for samples of the given shape (without the batch dimension). */
    public String summary(int... sampleShape) {
        return Summary.of(this, sampleShape);
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
        if (reg > 0) {
            for (Parameter w : regularized) {
                w.grad().addScaledi(w.value(), reg); // d/dW of 0.5·reg·W² is reg·W
            }
        }
        return data.loss() + regularizationLoss();
    }

    /** 0.5·reg·ΣW² over the regularized weights. */
    private double regularizationLoss() {
        double regLoss = 0;
        if (reg > 0) {
            for (Parameter w : regularized) {
                regLoss += 0.5 * reg * w.value().square().sum();
            }
        }
        return regLoss;
    }

    /**
     * The gradient of {@code Σ_i scores[i, classes[i]]} with respect to the input batch — one chosen class per
     * example — at test time (dropout off, running statistics in normalization): what saliency maps and fooling
     * images climb. See {@link #inputGradient} for what is left untouched.
     *
     * @param x       an input batch (N, …) of the network's dtype
     * @param classes N class indices in [0, C)
     */
    public InputGradient scoreGradient(Tensor x, int[] classes) {
        return scoreGradient(x, classes, false);
    }

    /** {@link #scoreGradient(Tensor, int[])} in training mode when {@code training} (see {@link #inputGradient}). */
    public InputGradient scoreGradient(Tensor x, int[] classes, boolean training) {
        return inputGradient(x, scores -> classScoreSum(scores, classes), training);
    }

    /**
     * The gradient of the training loss for {@code labels} (this network's loss function; the value includes the
     * regularization term, which does not depend on x) with respect to the input batch, at test time. See
     * {@link #inputGradient} for what is left untouched.
     */
    public InputGradient lossGradient(Tensor x, int[] labels) {
        return lossGradient(x, labels, false);
    }

    /** {@link #lossGradient(Tensor, int[])} in training mode when {@code training} (see {@link #inputGradient}). */
    public InputGradient lossGradient(Tensor x, int[] labels, boolean training) {
        InputGradient g = inputGradient(x, scores -> loss.compute(scores, labels), training);
        return new InputGradient(g.scores(), g.value() + regularizationLoss(), g.gradient());
    }

    /**
     * The gradient of any scalar objective of the scores with respect to the input batch: one forward pass, the
     * objective's value and its gradient with respect to the scores, one backward pass to the input.
     *
     * <p>What it leaves as it was: every parameter's gradient is restored to its value before the call (the
     * backward pass necessarily accumulates into them; they are copied first and written back, so a caller between
     * {@link #loss} and an optimizer step loses nothing); the first layer's {@link Layer#inputGradient()} setting,
     * switched on for the call, is set back. What it changes: the layers' training mode is left as requested, and in
     * training mode BatchNorm updates its running statistics and Dropout draws masks, as in {@link #loss}.
     *
     * @param x         an input batch (N, …) of the network's dtype
     * @param objective maps the scores (N, C) to a value and its gradient with respect to the scores
     * @param training  false for test-time behaviour (the usual choice), true for training behaviour
     */
    public InputGradient inputGradient(Tensor x, Function<Tensor, LossResult> objective, boolean training) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(objective, "objective");
        return keepingGradients(() -> {
            net.setTraining(training);
            Tensor scores = net.forward(x);
            LossResult r = objective.apply(scores);
            if (r == null || r.grad() == null || !Shapes.same(r.grad().shape(), scores.shape())) {
                throw new IllegalArgumentException("inputGradient: the objective must return a gradient of the scores' shape "
                        + Shapes.format(scores.shape()) + ", got " + (r == null || r.grad() == null ? "none"
                        : Shapes.format(r.grad().shape())));
            }
            return new InputGradient(scores, r.loss(), net.backward(r.grad()));
        });
    }

    /**
     * The outputs of chosen layers for the input batch, at test time: the layers run in order up to the highest index
     * asked for, and layer i's output is returned for each index i, in the order given (an index may repeat). Indices
     * count the network's top-level layers from 0, as {@link #layers()} holds them (a Sequential or Residual added as
     * one layer is one index). What style transfer reads its features from.
     *
     * <p>The tensors are the layers' own outputs (some layers keep theirs for backward): read them, do not write
     * into them.
     *
     * @param x            an input batch (N, …) of the network's dtype
     * @param layerIndices at least one index in [0, number of layers)
     */
    public List<Tensor> activations(Tensor x, int... layerIndices) {
        Objects.requireNonNull(x, "x");
        int[] idx = checkLayerIndices("activations", layerIndices);
        net.setTraining(false);
        return forwardTo(x, idx);
    }

    /**
     * The gradient, with respect to the input batch, of any scalar objective of the outputs of chosen layers, at test
     * time: a forward pass up to the highest layer asked for ({@link #activations}), the objective's value and its
     * gradient with respect to each chosen output, and one backward pass from that layer down to the input, where the
     * gradient of each chosen output joins the gradient flowing back through that layer's output (a sum: the objective
     * is a sum of terms on several layers, as style transfer's content and style losses are). Layers above the
     * highest index are not run. Parameter gradients and the first layer's {@link Layer#inputGradient()} setting are
     * left as they were, as in {@link #inputGradient}.
     *
     * @param x            an input batch (N, …) of the network's dtype
     * @param layerIndices at least one index in [0, number of layers), as for {@link #activations}
     * @param objective    maps the chosen outputs (in the order of {@code layerIndices}) to a value and one gradient per
     *                     output, each of its output's shape or null for zeros
     */
    public ActivationGradient activationGradient(Tensor x, int[] layerIndices,
                                                 Function<List<Tensor>, ActivationLoss> objective) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(objective, "objective");
        int[] idx = checkLayerIndices("activationGradient", layerIndices);
        return keepingGradients(() -> {
            net.setTraining(false);
            List<Tensor> outs = forwardTo(x, idx);
            ActivationLoss r = objective.apply(outs);
            if (r == null || r.gradients().size() != idx.length) {
                throw new IllegalArgumentException("activationGradient: the objective must return one gradient per chosen"
                        + " layer (" + idx.length + "), got " + (r == null ? "none" : r.gradients().size()));
            }
            List<Layer> layers = net.layers();
            Tensor g = null;
            for (int i = Arrays.stream(idx).max().getAsInt(); i >= 0; i--) {
                for (int k = 0; k < idx.length; k++) {
                    Tensor dk = r.gradients().get(k);
                    if (idx[k] != i || dk == null) {
                        continue;
                    }
                    if (!Shapes.same(dk.shape(), outs.get(k).shape())) {
                        throw new IllegalArgumentException("activationGradient: the gradient for layer " + i + " has shape "
                                + Shapes.format(dk.shape()) + " but the layer's output " + layers.get(i) + " is "
                                + Shapes.format(outs.get(k).shape()));
                    }
                    g = g == null ? dk : g.add(dk);   // backward never writes into dout, so dk itself may go in
                }
                if (g != null) {
                    g = layers.get(i).backward(g);
                }
            }
            return new ActivationGradient(outs, r.value(), g != null ? g : Tensor.zerosLike(x));
        });
    }

    /** Runs the top-level layers 0 … max(idx) in order and returns the outputs at {@code idx}, in that order. */
    private List<Tensor> forwardTo(Tensor x, int[] idx) {
        int last = Arrays.stream(idx).max().getAsInt();
        List<Layer> layers = net.layers();
        Tensor[] outs = new Tensor[last + 1];
        Tensor h = x;
        for (int i = 0; i <= last; i++) {
            h = layers.get(i).forward(h);
            outs[i] = h;
        }
        List<Tensor> picked = new ArrayList<>(idx.length);
        for (int i : idx) {
            picked.add(outs[i]);
        }
        return picked;
    }

    private int[] checkLayerIndices(String op, int[] layerIndices) {
        int n = net.size();
        if (layerIndices == null || layerIndices.length == 0) {
            throw new IllegalArgumentException(op + ": give at least one layer index in [0, " + n + "); the layers are "
                    + layerList());
        }
        for (int i : layerIndices) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException(op + ": layer " + i + " is outside [0, " + n + "); the layers are "
                        + layerList());
            }
        }
        return layerIndices.clone();
    }

    /** "0 Conv2d(1→8, k=3, s=1, p=1), 1 ReLU, …": the top-level layers with their indices, for error messages. */
    public String layerList() {
        StringBuilder sb = new StringBuilder();
        List<Layer> layers = net.layers();
        for (int i = 0; i < layers.size(); i++) {
            String s = layers.get(i).toString();
            int nl = s.indexOf('\n');
            sb.append(i > 0 ? ", " : "").append(i).append(' ').append(nl < 0 ? s : s.substring(0, nl).trim());
        }
        return sb.toString();
    }

    /**
     * Runs {@code body} — a forward and a backward pass to the input — with the first layer computing its input
     * gradient, and puts back what the pass changes besides: every parameter's gradient (copied first, written back
     * after) and the first layer's {@link Layer#inputGradient()} setting.
     */
    private <T> T keepingGradients(java.util.function.Supplier<T> body) {
        List<Tensor> saved = new ArrayList<>(params.size());
        for (Parameter p : params.values()) {
            saved.add(p.grad().copy());
        }
        boolean wanted = net.inputGradient();
        net.inputGradient(true);
        try {
            return body.get();
        } finally {
            net.inputGradient(wanted);
            int i = 0;
            for (Parameter p : params.values()) {
                p.grad().assign(saved.get(i++));
            }
        }
    }

    /** Σ_i scores[i, classes[i]] and its gradient, the one-hot rows of the classes. */
    private static LossResult classScoreSum(Tensor scores, int[] classes) {
        if (scores.ndim() != 2) {
            throw new IllegalArgumentException("scoreGradient: scores must be (N, C), got " + Shapes.format(scores.shape()));
        }
        int n = scores.shape(0), c = scores.shape(1);
        if (classes == null || classes.length != n) {
            throw new IllegalArgumentException("scoreGradient: " + (classes == null ? "no" : classes.length)
                    + " classes for scores " + Shapes.format(scores.shape()) + " — give one class per example (N = " + n + ")");
        }
        Tensor grad = Tensor.zeros(scores.dtype(), n, c);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (classes[i] < 0 || classes[i] >= c) {
                throw new IllegalArgumentException("scoreGradient: class " + classes[i] + " at index " + i + " is outside [0, "
                        + c + ") — the scores " + Shapes.format(scores.shape()) + " have " + c + " classes");
            }
            sum += scores.get(i, classes[i]);
            grad.set(1, i, classes[i]);
        }
        return new LossResult(sum, grad);
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
