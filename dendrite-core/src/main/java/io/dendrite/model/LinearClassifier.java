package io.dendrite.model;

import io.dendrite.nn.Loss;
import io.dendrite.nn.MulticlassHinge;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A linear classifier, scores = x·W + b, trained with the softmax (cross-entropy) or the multiclass SVM
 * (hinge, margin 1) loss — cs231n assignment 1 and the spiral case study. Parameters W1 (D, C) and b1 (C,).
 */
public final class LinearClassifier {
    private LinearClassifier() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; defaults: softmax loss, weightScale 0.01 (the case study's), reg 0, F32, seed 0. */
    public static final class Builder {
        private int inputDim = -1;
        private int numClasses = -1;
        private String loss = "softmax";
        private double weightScale = 0.01;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int d) { this.inputDim = d; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        /** "softmax" or "svm". */
        public Builder loss(String l) { this.loss = l.toLowerCase(Locale.ROOT); return this; }
        public Builder weightScale(double s) { this.weightScale = s; return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkPositive("inputDim", inputDim);
            NetParts.checkPositive("numClasses", numClasses);
            Loss l;
            if (loss.equals("softmax")) {
                l = new SoftmaxCrossEntropy();
            } else if (loss.equals("svm")) {
                l = new MulticlassHinge();
            } else {
                throw new IllegalArgumentException("unknown loss '" + loss + "' (expected softmax or svm)");
            }
            Rng rng = new Rng(seed);
            Network.Builder a = Network.builder().add(NetParts.linear(rng, dtype, WeightInit.std(weightScale), inputDim, numClasses))
                    .loss(l).reg(reg).inputShape(inputDim);
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", "" + inputDim);
            o.put("numClasses", "" + numClasses);
            o.put("loss", loss);
            o.put("weightScale", "" + weightScale);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(a, new ModelSpec("linear", o));
        }
    }
}
