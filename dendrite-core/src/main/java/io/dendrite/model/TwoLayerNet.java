package io.dendrite.model;

import io.dendrite.nn.Activation;
import io.dendrite.nn.Layers;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * cs231n's two-layer fully connected network: affine – ReLU – affine – softmax, with parameters W1 (D, H),
 * b1 (H,), W2 (H, C), b2 (C,), weights drawn from N(0, weightScale²) and biases zero. With
 * {@code activation("sigmoid")} and {@code weightInit("xavier")} it is the book's chapter 4 TwoLayerNet.
 */
public final class TwoLayerNet {
    public static final int DEFAULT_INPUT_DIM = 3 * 32 * 32;
    public static final int DEFAULT_HIDDEN_DIM = 100;
    public static final int DEFAULT_NUM_CLASSES = 10;
    public static final double DEFAULT_WEIGHT_SCALE = 1e-3;

    private TwoLayerNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with cs231n's defaults: input 3·32·32, hidden 100, 10 classes, ReLU, weightScale 1e-3, reg 0, F32, seed 0. */
    public static final class Builder {
        private int inputDim = DEFAULT_INPUT_DIM;
        private int hiddenDim = DEFAULT_HIDDEN_DIM;
        private int numClasses = DEFAULT_NUM_CLASSES;
        private double weightScale = DEFAULT_WEIGHT_SCALE;
        private String weightInit = "std";
        private Activation activation = Activation.RELU;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int d) { this.inputDim = d; return this; }
        public Builder hiddenDim(int h) { this.hiddenDim = h; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        public Builder weightScale(double s) { this.weightScale = s; return this; }
        /** "std" (weightScale, the default), "xavier" or "he" (see {@link WeightInit#parse}). */
        public Builder weightInit(String init) { this.weightInit = WeightInit.parse(init).kindName(); return this; }
        /** The hidden nonlinearity: "relu" (the default), "sigmoid", "tanh" or "leaky-relu". */
        public Builder activation(String a) { this.activation = Activation.parse(a); return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkPositive("inputDim", inputDim);
            NetParts.checkPositive("hiddenDim", hiddenDim);
            NetParts.checkPositive("numClasses", numClasses);
            WeightInit init = WeightInit.parse(weightInit, weightScale);
            Rng rng = new Rng(seed);
            Network.Builder layers = Network.builder()
                    .add(Layers.hiddenBlock(NetParts.linear(rng, dtype, init, inputDim, hiddenDim), "none", activation, null))
                    .add(NetParts.linear(rng, dtype, init, hiddenDim, numClasses))
                    .reg(reg).inputShape(inputDim);
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", "" + inputDim);
            o.put("hiddenDim", "" + hiddenDim);
            o.put("numClasses", "" + numClasses);
            o.put("activation", activation.id());
            o.put("weightScale", "" + weightScale);
            o.put("weightInit", weightInit);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(layers, new ModelSpec("two-layer", o));
        }
    }
}
