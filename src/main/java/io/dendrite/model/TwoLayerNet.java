package io.dendrite.model;

import io.dendrite.nn.Linear;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * cs231n's two-layer fully connected network: affine – ReLU – affine – softmax, with parameters W1 (D, H),
 * b1 (H,), W2 (H, C), b2 (C,), weights drawn from N(0, weightScale²) and biases zero.
 */
public final class TwoLayerNet extends Network {
    public static final int DEFAULT_INPUT_DIM = 3 * 32 * 32;
    public static final int DEFAULT_HIDDEN_DIM = 100;
    public static final int DEFAULT_NUM_CLASSES = 10;
    public static final double DEFAULT_WEIGHT_SCALE = 1e-3;

    private TwoLayerNet(ModelSpec spec, Assembly assembly, double reg) {
        super(spec, assembly, new SoftmaxCrossEntropy(), reg);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with cs231n's defaults: input 3·32·32, hidden 100, 10 classes, weightScale 1e-3, reg 0, F32, seed 0. */
    public static final class Builder {
        private int inputDim = DEFAULT_INPUT_DIM;
        private int hiddenDim = DEFAULT_HIDDEN_DIM;
        private int numClasses = DEFAULT_NUM_CLASSES;
        private double weightScale = DEFAULT_WEIGHT_SCALE;
        private String weightInit = Weights.STD;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int d) { this.inputDim = d; return this; }
        public Builder hiddenDim(int h) { this.hiddenDim = h; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        public Builder weightScale(double s) { this.weightScale = s; return this; }
        /** "std" (weightScale, the default), "xavier" or "he". */
        public Builder weightInit(String init) { this.weightInit = Weights.validate(init); return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public TwoLayerNet build() {
            Weights.checkPositive("inputDim", inputDim);
            Weights.checkPositive("hiddenDim", hiddenDim);
            Weights.checkPositive("numClasses", numClasses);
            Weights.checkScale(weightScale);
            Rng rng = new Rng(seed);
            Assembly a = new Assembly()
                    .addWeighted(linear(rng, inputDim, hiddenDim), 1)
                    .add(new ReLU())
                    .addWeighted(linear(rng, hiddenDim, numClasses), 2);
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", "" + inputDim);
            o.put("hiddenDim", "" + hiddenDim);
            o.put("numClasses", "" + numClasses);
            o.put("weightScale", "" + weightScale);
            o.put("weightInit", weightInit);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new TwoLayerNet(new ModelSpec("two-layer", o), a, reg);
        }

        private Linear linear(Rng rng, int in, int out) {
            Tensor w = Weights.normal(rng, dtype, Weights.std(weightInit, weightScale, in), in, out);
            return new Linear(w, Tensor.zeros(dtype, out));
        }
    }
}
