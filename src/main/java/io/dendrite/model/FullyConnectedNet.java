package io.dendrite.model;

import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.LayerNorm;
import io.dendrite.nn.Linear;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * cs231n's fully connected network of any depth: {affine – [batchnorm | layernorm] – ReLU – [dropout]} × (L − 1)
 * – affine – softmax, with parameters W1, b1, gamma1, beta1, …, WL, bL. This is also the book's
 * {@code MultiLayerNet(Extend)}: choose weightInit "std" (weightScale), "xavier" or "he", and reg as the
 * book's weight decay λ (the loss adds 0.5·λ·ΣW²).
 *
 * <p>Dropout's {@code p} is the probability of <em>dropping</em> a unit (cs231n's {@code dropout_keep_ratio}
 * is the probability of keeping one); 0 disables dropout.
 */
public final class FullyConnectedNet extends Network {
    public static final int DEFAULT_INPUT_DIM = 3 * 32 * 32;
    public static final int DEFAULT_NUM_CLASSES = 10;
    public static final double DEFAULT_WEIGHT_SCALE = 1e-2;

    private FullyConnectedNet(ModelSpec spec, Assembly assembly, double reg) {
        super(spec, assembly, new SoftmaxCrossEntropy(), reg);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with cs231n's defaults: input 3·32·32, 10 classes, weightScale 1e-2, no dropout or normalization. */
    public static final class Builder {
        private int[] hiddenDims = {100, 100};
        private int inputDim = DEFAULT_INPUT_DIM;
        private int numClasses = DEFAULT_NUM_CLASSES;
        private double dropout;
        private String normalization = "none";
        private double reg;
        private double weightScale = DEFAULT_WEIGHT_SCALE;
        private String weightInit = Weights.STD;
        private DType dtype = DType.F32;
        private long seed;

        public Builder hiddenDims(int... dims) { this.hiddenDims = dims.clone(); return this; }
        public Builder inputDim(int d) { this.inputDim = d; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        /** Probability of dropping a hidden unit in training; 0 (the default) means no dropout layers. */
        public Builder dropout(double p) { this.dropout = p; return this; }
        /** "batchnorm", "layernorm", or "none"/null. */
        public Builder normalization(String n) {
            String v = n == null ? "none" : n.toLowerCase(Locale.ROOT);
            if (!v.equals("none") && !v.equals("batchnorm") && !v.equals("layernorm")) {
                throw new IllegalArgumentException("unknown normalization '" + n + "' (expected batchnorm, layernorm or none)");
            }
            this.normalization = v;
            return this;
        }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder weightScale(double s) { this.weightScale = s; return this; }
        /** "std" (weightScale, the default), "xavier" or "he" (also "sigmoid"/"relu" as in the book). */
        public Builder weightInit(String init) { this.weightInit = Weights.validate(init); return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public FullyConnectedNet build() {
            Weights.checkPositive("inputDim", inputDim);
            Weights.checkPositive("numClasses", numClasses);
            for (int h : hiddenDims) {
                Weights.checkPositive("hidden dimension", h);
            }
            Weights.checkScale(weightScale);
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("invalid dropout probability: " + dropout + " (must be in [0, 1))");
            }
            Rng rng = new Rng(seed);
            Rng dropoutRng = rng.fork();
            Assembly a = new Assembly();
            int in = inputDim;
            for (int i = 0; i < hiddenDims.length; i++) {
                int out = hiddenDims[i];
                a.addWeighted(linear(rng, in, out), i + 1);
                if (normalization.equals("batchnorm")) {
                    a.addNorm(new BatchNorm(out, dtype), i + 1);
                } else if (normalization.equals("layernorm")) {
                    a.addNorm(new LayerNorm(out, dtype), i + 1);
                }
                a.add(new ReLU());
                if (dropout > 0) {
                    a.add(new Dropout(dropout, dropoutRng.fork()));
                }
                in = out;
            }
            a.addWeighted(linear(rng, in, numClasses), hiddenDims.length + 1);
            Map<String, String> o = new LinkedHashMap<>();
            o.put("hiddenDims", Arrays.stream(hiddenDims).mapToObj(Integer::toString).collect(Collectors.joining(",")));
            o.put("inputDim", "" + inputDim);
            o.put("numClasses", "" + numClasses);
            o.put("dropout", "" + dropout);
            o.put("normalization", normalization);
            o.put("weightScale", "" + weightScale);
            o.put("weightInit", weightInit);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new FullyConnectedNet(new ModelSpec("fc", o), a, reg);
        }

        private Linear linear(Rng rng, int in, int out) {
            Tensor w = Weights.normal(rng, dtype, Weights.std(weightInit, weightScale, in), in, out);
            return new Linear(w, Tensor.zeros(dtype, out));
        }
    }
}
