package io.dendrite.model;

import io.dendrite.nn.AvgPool2d;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Residual;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small residual convnet in the manner of He et al. 2015: a 3×3 stem, then {@code stages} stages of
 * {@code blocks} residual blocks each, the width doubling and the image halving from one stage to the next, and
 * global average pooling into one affine layer. Every convolution is 3×3 with stride 1 and pad 1:
 * <pre>
 * stem:        conv (C→w) – BatchNorm2d – ReLU
 * stage s:     [before stages 2, 3, …: 2×2 max pool – conv (w·2^(s−2)→w·2^(s−1)) – BatchNorm2d – ReLU]
 *              blocks × { Residual(conv – BatchNorm2d – ReLU – conv – BatchNorm2d) – ReLU }   at width w·2^(s−1)
 * head:        global average pool (AvgPool2d over the whole remaining H×W) – Flatten – affine (→classes)
 * </pre>
 * With the defaults (width 16, 2 stages, 1 block per stage):
 * <pre>
 * part                   28×28 input        32×32 input
 * stem                   (16, 28, 28)       (16, 32, 32)
 * stage 1 (1 block)      (16, 28, 28)       (16, 32, 32)
 * max pool – conv 16→32  (32, 14, 14)       (32, 16, 16)
 * stage 2 (1 block)      (32, 14, 14)       (32, 16, 16)
 * global average pool    (32, 1, 1)         (32, 1, 1)          (windows 14×14 and 16×16)
 * Flatten – affine       (classes)          (classes)
 * </pre>
 * The convolutions keep their biases (a BatchNorm2d after each makes them redundant but harmless), so the
 * parameters are named as in any Network: W k / b k for the k-th convolution or affine layer, gamma k / beta k
 * for the k-th BatchNorm2d. He initialization, zero biases. With 1 channel and 10 classes: 28 554 parameters
 * (and 320 running statistics).
 */
public final class ResidualConvNet {
    public static final int DEFAULT_WIDTH = 16;
    public static final int DEFAULT_STAGES = 2;
    public static final int DEFAULT_BLOCKS = 1;

    private ResidualConvNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with defaults: input (1, 28, 28), 10 classes, width 16, 2 stages of 1 residual block. */
    public static final class Builder {
        private int[] inputDim = {1, 28, 28};
        private int numClasses = 10;
        private int width = DEFAULT_WIDTH;
        private int stages = DEFAULT_STAGES;
        private int blocks = DEFAULT_BLOCKS;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int c, int h, int w) { this.inputDim = new int[]{c, h, w}; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        /** Channels of the stem and the first stage; each later stage doubles them. */
        public Builder width(int w) { this.width = w; return this; }
        /** Number of stages; each after the first halves the image (2×2 max pool) and doubles the width. */
        public Builder stages(int s) { this.stages = s; return this; }
        /** Residual blocks per stage. */
        public Builder blocks(int b) { this.blocks = b; return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkInputDim(inputDim);
            NetParts.checkPositive("numClasses", numClasses);
            NetParts.checkPositive("width", width);
            NetParts.checkPositive("stages", stages);
            NetParts.checkPositive("blocks", blocks);
            if (stages > 31 || ((long) width << (stages - 1)) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("width " + width + " doubled over " + stages + " stages is too large");
            }
            WeightInit init = WeightInit.he();
            Rng rng = new Rng(seed);
            Network.Builder a = Network.builder().reg(reg).inputShape(inputDim);
            int c = width, h = inputDim[1], w = inputDim[2];
            a.add(NetParts.conv(rng, dtype, init, inputDim[0], c, 3, 1, 1)).add(new BatchNorm2d(c, dtype)).add(new ReLU());
            for (int s = 0; s < stages; s++) {
                if (s > 0) {
                    h = poolOut(h, s);
                    w = poolOut(w, s);
                    a.add(new MaxPool2d(2, 2, 2));
                    a.add(NetParts.conv(rng, dtype, init, c, 2 * c, 3, 1, 1)).add(new BatchNorm2d(2 * c, dtype))
                            .add(new ReLU());
                    c *= 2;
                }
                for (int b = 0; b < blocks; b++) {
                    a.add(new Residual(
                            NetParts.conv(rng, dtype, init, c, c, 3, 1, 1), new BatchNorm2d(c, dtype), new ReLU(),
                            NetParts.conv(rng, dtype, init, c, c, 3, 1, 1), new BatchNorm2d(c, dtype)));
                    a.add(new ReLU());
                }
            }
            a.add(new AvgPool2d(h, w, 1)).add(new Flatten());
            a.add(NetParts.linear(rng, dtype, init, c, numClasses));
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", NetParts.dims(inputDim));
            o.put("numClasses", "" + numClasses);
            o.put("width", "" + width);
            o.put("stages", "" + stages);
            o.put("blocks", "" + blocks);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(a, new ModelSpec("residual-conv", o));
        }

        private int poolOut(int size, int stage) {
            if (size < 2) {
                throw new IllegalArgumentException("input " + NetParts.dims(inputDim) + " is too small for " + stages
                        + " stages: the image is " + size + " wide before the 2×2 max pool of stage " + (stage + 1)
                        + " — use fewer stages or larger images");
            }
            return NetParts.outSize(size, 2, 2, 0);
        }
    }
}
