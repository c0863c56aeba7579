package io.dendrite.model;

import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The book's SimpleConvNet (chapter 7): conv – ReLU – 2×2 max pool – affine – ReLU – affine – softmax, with
 * 30 filters of 5×5 on (1, 28, 28) MNIST images and 100 hidden units. Parameters W1, b1 (conv), W2, b2, W3, b3.
 * With {@code batchNorm(true)} a BatchNorm2d follows the convolution and a BatchNorm the hidden affine layer
 * (gamma1/beta1, gamma2/beta2), the variant used for Fashion-MNIST.
 */
public final class SimpleConvNet {
    private SimpleConvNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the book's defaults: input (1, 28, 28), 30 filters 5×5, stride 1, pad 0, hidden 100, std 0.01. */
    public static final class Builder {
        private int[] inputDim = {1, 28, 28};
        private int filterNum = 30;
        private int filterSize = 5;
        private int stride = 1;
        private int pad;
        private int hiddenSize = 100;
        private int numClasses = 10;
        private double weightScale = 0.01;
        private String weightInit = "std";
        private boolean batchNorm;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int c, int h, int w) { this.inputDim = new int[]{c, h, w}; return this; }
        public Builder filterNum(int f) { this.filterNum = f; return this; }
        public Builder filterSize(int k) { this.filterSize = k; return this; }
        public Builder stride(int s) { this.stride = s; return this; }
        public Builder pad(int p) { this.pad = p; return this; }
        public Builder hiddenSize(int h) { this.hiddenSize = h; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        public Builder weightScale(double s) { this.weightScale = s; return this; }
        /** "std" (weightScale, the default), "xavier" or "he" (see {@link WeightInit#parse}). */
        public Builder weightInit(String init) { this.weightInit = WeightInit.parse(init).kindName(); return this; }
        public Builder batchNorm(boolean on) { this.batchNorm = on; return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkPositive("filterNum", filterNum);
            NetParts.checkPositive("hiddenSize", hiddenSize);
            NetParts.checkPositive("numClasses", numClasses);
            WeightInit init = WeightInit.parse(weightInit, weightScale);
            int c = inputDim[0], h = inputDim[1], w = inputDim[2];
            int oh = NetParts.outSize(h, filterSize, stride, pad), ow = NetParts.outSize(w, filterSize, stride, pad);
            int pooled = filterNum * NetParts.outSize(oh, 2, 2, 0) * NetParts.outSize(ow, 2, 2, 0);
            Rng rng = new Rng(seed);
            Network.Builder a = Network.builder().reg(reg).inputShape(inputDim);
            a.add(NetParts.conv(rng, dtype, init, c, filterNum, filterSize, stride, pad));
            if (batchNorm) {
                a.add(new BatchNorm2d(filterNum, dtype));
            }
            a.add(new ReLU()).add(new MaxPool2d(2, 2, 2));
            a.add(NetParts.linear(rng, dtype, init, pooled, hiddenSize));
            if (batchNorm) {
                a.add(new BatchNorm(hiddenSize, dtype));
            }
            a.add(new ReLU());
            a.add(NetParts.linear(rng, dtype, init, hiddenSize, numClasses));
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", NetParts.dims(inputDim));
            o.put("filterNum", "" + filterNum);
            o.put("filterSize", "" + filterSize);
            o.put("stride", "" + stride);
            o.put("pad", "" + pad);
            o.put("hiddenSize", "" + hiddenSize);
            o.put("numClasses", "" + numClasses);
            o.put("weightScale", "" + weightScale);
            o.put("weightInit", weightInit);
            o.put("batchNorm", "" + batchNorm);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(a, new ModelSpec("simple-conv", o));
        }
    }
}
