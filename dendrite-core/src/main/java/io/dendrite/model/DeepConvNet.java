package io.dendrite.model;

import io.dendrite.nn.Dropout;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The book's DeepConvNet (chapter 8), about 99.4 % on MNIST:
 * <pre>
 * conv3×3(16) – ReLU – conv3×3(16) – ReLU – pool
 * conv3×3(32) – ReLU – conv3×3(32, pad 2) – ReLU – pool
 * conv3×3(64) – ReLU – conv3×3(64) – ReLU – pool
 * affine(50) – ReLU – dropout(0.5) – affine(10) – dropout(0.5) – softmax
 * </pre>
 * He initialization (std √(2/fanIn)) throughout; parameters W1…W8, b1…b8.
 */
public final class DeepConvNet {
    private static final int[][] CONVS = {{16, 1}, {16, 1}, {32, 1}, {32, 2}, {64, 1}, {64, 1}}; // filters, pad
    public static final double DEFAULT_DROPOUT = 0.5;

    private DeepConvNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the book's defaults: input (1, 28, 28), hidden 50, 10 classes, dropout 0.5. */
    public static final class Builder {
        private int[] inputDim = {1, 28, 28};
        private int hiddenSize = 50;
        private int numClasses = 10;
        private double dropout = DEFAULT_DROPOUT;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int c, int h, int w) { this.inputDim = new int[]{c, h, w}; return this; }
        public Builder hiddenSize(int h) { this.hiddenSize = h; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        /** Probability of dropping a unit in the two dropout layers; 0 removes them. */
        public Builder dropout(double p) { this.dropout = p; return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkDropout(dropout);
            Rng rng = new Rng(seed);
            Rng dropoutRng = rng.fork();
            Network.Builder a = Network.builder().reg(reg).inputShape(inputDim);
            int c = inputDim[0], h = inputDim[1], w = inputDim[2];
            for (int i = 0; i < CONVS.length; i++) {
                int f = CONVS[i][0], pad = CONVS[i][1];
                a.add(NetParts.conv(rng, dtype, WeightInit.he(), c, f, 3, 1, pad));
                a.add(new ReLU());
                c = f;
                h = NetParts.outSize(h, 3, 1, pad);
                w = NetParts.outSize(w, 3, 1, pad);
                if (i % 2 == 1) {
                    a.add(new MaxPool2d(2, 2, 2));
                    h = NetParts.outSize(h, 2, 2, 0);
                    w = NetParts.outSize(w, 2, 2, 0);
                }
            }
            int flat = c * h * w;
            a.add(NetParts.linear(rng, dtype, WeightInit.he(), flat, hiddenSize));
            a.add(new ReLU());
            if (dropout > 0) {
                a.add(new Dropout(dropout, dropoutRng.fork()));
            }
            a.add(NetParts.linear(rng, dtype, WeightInit.he(), hiddenSize, numClasses));
            if (dropout > 0) {
                a.add(new Dropout(dropout, dropoutRng.fork()));
            }
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", NetParts.dims(inputDim));
            o.put("hiddenSize", "" + hiddenSize);
            o.put("numClasses", "" + numClasses);
            o.put("dropout", "" + dropout);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(a, new ModelSpec("deep-conv", o));
        }
    }
}
