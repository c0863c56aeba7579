package io.dendrite.model;

import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * cs231n's three-layer convolutional network: conv – ReLU – 2×2 max pool – affine – ReLU – affine – softmax.
 * The convolution keeps the spatial size (stride 1, pad (k − 1)/2). Parameters W1, b1 (conv), W2, b2, W3, b3.
 */
public final class ThreeLayerConvNet {
    private ThreeLayerConvNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with cs231n's defaults: input (3, 32, 32), 32 filters of 7×7, hidden 100, 10 classes, weightScale 1e-3. */
    public static final class Builder {
        private int[] inputDim = {3, 32, 32};
        private int numFilters = 32;
        private int filterSize = 7;
        private int hiddenDim = 100;
        private int numClasses = 10;
        private double weightScale = 1e-3;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int c, int h, int w) { this.inputDim = new int[]{c, h, w}; return this; }
        public Builder numFilters(int f) { this.numFilters = f; return this; }
        public Builder filterSize(int k) { this.filterSize = k; return this; }
        public Builder hiddenDim(int h) { this.hiddenDim = h; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        public Builder weightScale(double s) { this.weightScale = s; return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkPositive("numFilters", numFilters);
            NetParts.checkPositive("hiddenDim", hiddenDim);
            NetParts.checkPositive("numClasses", numClasses);
            WeightInit init = WeightInit.std(weightScale);
            if (filterSize % 2 == 0) {
                throw new IllegalArgumentException("invalid filterSize: " + filterSize + " (must be odd to keep the size)");
            }
            int c = inputDim[0], h = inputDim[1], w = inputDim[2];
            int pad = (filterSize - 1) / 2;
            int ph = NetParts.outSize(h, 2, 2, 0), pw = NetParts.outSize(w, 2, 2, 0);
            Rng rng = new Rng(seed);
            Network.Builder a = Network.builder()
                    .add(NetParts.conv(rng, dtype, init, c, numFilters, filterSize, 1, pad))
                    .add(new ReLU())
                    .add(new MaxPool2d(2, 2, 2))
                    .add(NetParts.linear(rng, dtype, init, numFilters * ph * pw, hiddenDim))
                    .add(new ReLU())
                    .add(NetParts.linear(rng, dtype, init, hiddenDim, numClasses))
                    .reg(reg).inputShape(inputDim);
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", NetParts.dims(inputDim));
            o.put("numFilters", "" + numFilters);
            o.put("filterSize", "" + filterSize);
            o.put("hiddenDim", "" + hiddenDim);
            o.put("numClasses", "" + numClasses);
            o.put("weightScale", "" + weightScale);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(a, new ModelSpec("three-layer-conv", o));
        }
    }
}
