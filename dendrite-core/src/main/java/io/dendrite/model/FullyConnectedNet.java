package io.dendrite.model;

import io.dendrite.nn.Activation;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.Layers;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * cs231n's fully connected network of any depth: {affine – [batchnorm | layernorm] – ReLU – [dropout]} × (L − 1)
 * – affine – softmax, with parameters W1, b1, gamma1, beta1, …, WL, bL. This is also the book's
 * {@code MultiLayerNet(Extend)}: choose the activation ("relu", "sigmoid", "tanh", "leaky-relu"), weightInit "std"
 * (weightScale), "xavier" or "he", and reg as the book's weight decay λ (the loss adds 0.5·λ·ΣW²).
 *
 * <p>Dropout's {@code p} is the probability of <em>dropping</em> a unit (cs231n's {@code dropout_keep_ratio}
 * is the probability of keeping one); 0 disables dropout.
 */
public final class FullyConnectedNet {
    public static final int DEFAULT_INPUT_DIM = 3 * 32 * 32;
    public static final int DEFAULT_NUM_CLASSES = 10;
    public static final double DEFAULT_WEIGHT_SCALE = 1e-2;

    private FullyConnectedNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with cs231n's defaults: input 3·32·32, 10 classes, ReLU, weightScale 1e-2, no dropout or normalization. */
    public static final class Builder {
        private int[] hiddenDims = {100, 100};
        private int inputDim = DEFAULT_INPUT_DIM;
        private int numClasses = DEFAULT_NUM_CLASSES;
        private double dropout;
        private String normalization = "none";
        private Activation activation = Activation.RELU;
        private double reg;
        private double weightScale = DEFAULT_WEIGHT_SCALE;
        private String weightInit = "std";
        private DType dtype = DType.F32;
        private long seed;

        public Builder hiddenDims(int... dims) { this.hiddenDims = dims.clone(); return this; }
        public Builder inputDim(int d) { this.inputDim = d; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        /** Probability of dropping a hidden unit in training; 0 (the default) means no dropout layers. */
        public Builder dropout(double p) { this.dropout = p; return this; }
        /** "batchnorm", "layernorm", or "none"/null. */
        public Builder normalization(String n) { this.normalization = Layers.normalization(n); return this; }
        /** The hidden nonlinearity: "relu" (the default), "sigmoid", "tanh" or "leaky-relu". */
        public Builder activation(String a) { this.activation = Activation.parse(a); return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder weightScale(double s) { this.weightScale = s; return this; }
        /** "std" (weightScale, the default), "xavier" or "he" (also "sigmoid"/"relu" as in the book). */
        public Builder weightInit(String init) { this.weightInit = WeightInit.parse(init).kindName(); return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkPositive("inputDim", inputDim);
            NetParts.checkPositive("numClasses", numClasses);
            for (int h : hiddenDims) {
                NetParts.checkPositive("hidden dimension", h);
            }
            NetParts.checkDropout(dropout);
            WeightInit init = WeightInit.parse(weightInit, weightScale);
            Rng rng = new Rng(seed);
            Rng dropoutRng = rng.fork();
            Network.Builder layers = Network.builder().reg(reg).inputShape(inputDim);
            int in = inputDim;
            for (int out : hiddenDims) {
                layers.add(Layers.hiddenBlock(NetParts.linear(rng, dtype, init, in, out), normalization, activation,
                        dropout > 0 ? new Dropout(dropout, dropoutRng.fork()) : null));
                in = out;
            }
            layers.add(NetParts.linear(rng, dtype, init, in, numClasses));
            Map<String, String> o = new LinkedHashMap<>();
            o.put("hiddenDims", Arrays.stream(hiddenDims).mapToObj(Integer::toString).collect(Collectors.joining(",")));
            o.put("inputDim", "" + inputDim);
            o.put("numClasses", "" + numClasses);
            o.put("dropout", "" + dropout);
            o.put("normalization", normalization);
            o.put("activation", activation.id());
            o.put("weightScale", "" + weightScale);
            o.put("weightInit", weightInit);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(layers, new ModelSpec("fc", o));
        }
    }
}
