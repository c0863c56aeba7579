package io.dendrite.model;

import io.dendrite.nn.Activation;
import io.dendrite.nn.AvgPool2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Layer;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * LeNet-5 (LeCun et al. 1998), scaled to the input: two 5×5 convolutions with 2×2 subsampling, then three affine
 * layers of 120, 84 and {@code numClasses} units. For (1, 28, 28) MNIST images and 10 classes:
 * <pre>
 * layer                       28×28 input (pad 2)    32×32 input (pad 0)
 * conv 5×5 (C→6)              (6, 28, 28)            (6, 28, 28)
 * activation
 * 2×2 avg pool, stride 2      (6, 14, 14)            (6, 14, 14)
 * conv 5×5 (6→16)             (16, 10, 10)           (16, 10, 10)
 * activation
 * 2×2 avg pool, stride 2      (16, 5, 5)             (16, 5, 5)
 * Flatten                     (400)                  (400)
 * affine (400→120), activation (120)                 (120)
 * affine (120→84), activation (84)                   (84)
 * affine (84→classes)         (classes)              (classes)
 * </pre>
 * The padding rule: the original net sees 32×32 images, so the first convolution pads by 2 when the input is less
 * than 32 high ({@code pad = h < 32 ? 2 : 0}) and by 0 otherwise; a 28×28 input then has exactly the original's
 * geometry (16·5·5 = 400 features into the first affine layer). Other sizes follow the same arithmetic.
 *
 * <p>The activation is tanh by default, as in the original (which used a scaled tanh), or any {@link Activation};
 * pooling is average ("avg", the original's subsampling, without its trainable coefficients) or "max". Weights
 * are drawn by {@link Activation#suitedInit()}: Xavier for tanh and sigmoid, He for the ReLU family; biases are
 * zero. Parameters W1, b1, W2, b2 (convolutions), W3…W5, b3…b5 (affine). The full connection table of C3 is used
 * (every one of the 16 maps sees all 6), as in today's LeNet-5s. With 1 channel and 10 classes: 61 706 parameters.
 */
public final class LeNet5 {
    /** The original's nonlinearity. */
    public static final String DEFAULT_ACTIVATION = "tanh";
    /** The original's subsampling. */
    public static final String DEFAULT_POOLING = "avg";
    /** The side of the original's input images: smaller inputs are padded up to it. */
    public static final int ORIGINAL_SIZE = 32;

    private LeNet5() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the original's choices: input (1, 28, 28) padded to 32×32, 10 classes, tanh, average pooling. */
    public static final class Builder {
        private int[] inputDim = {1, 28, 28};
        private int numClasses = 10;
        private Activation activation = Activation.parse(DEFAULT_ACTIVATION);
        private String pooling = DEFAULT_POOLING;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int c, int h, int w) { this.inputDim = new int[]{c, h, w}; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        /** The nonlinearity after every hidden layer: "tanh" (the default), "sigmoid", "relu" or "leaky-relu". */
        public Builder activation(String a) { this.activation = Activation.parse(a); return this; }
        /** "avg" (the default, the original's subsampling) or "max". */
        public Builder pooling(String p) { this.pooling = parsePooling(p); return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkInputDim(inputDim);
            NetParts.checkPositive("numClasses", numClasses);
            WeightInit init = activation.suitedInit();
            int c = inputDim[0], h = inputDim[1], w = inputDim[2];
            int pad = h < ORIGINAL_SIZE ? 2 : 0;
            Rng rng = new Rng(seed);
            Network.Builder a = Network.builder().reg(reg).inputShape(inputDim);
            a.add(NetParts.conv(rng, dtype, init, c, 6, 5, 1, pad)).add(activation.create()).add(pool());
            h = NetParts.outSize(NetParts.outSize(h, 5, 1, pad), 2, 2, 0);
            w = NetParts.outSize(NetParts.outSize(w, 5, 1, pad), 2, 2, 0);
            a.add(NetParts.conv(rng, dtype, init, 6, 16, 5, 1, 0)).add(activation.create()).add(pool());
            h = NetParts.outSize(NetParts.outSize(h, 5, 1, 0), 2, 2, 0);
            w = NetParts.outSize(NetParts.outSize(w, 5, 1, 0), 2, 2, 0);
            a.add(new Flatten());
            a.add(NetParts.linear(rng, dtype, init, 16 * h * w, 120)).add(activation.create());
            a.add(NetParts.linear(rng, dtype, init, 120, 84)).add(activation.create());
            a.add(NetParts.linear(rng, dtype, init, 84, numClasses));
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", NetParts.dims(inputDim));
            o.put("numClasses", "" + numClasses);
            o.put("activation", activation.id());
            o.put("pooling", pooling);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(a, new ModelSpec("lenet5", o));
        }

        private Layer pool() {
            return pooling.equals("max") ? new MaxPool2d(2, 2, 2) : new AvgPool2d(2, 2, 2);
        }

        private static String parsePooling(String p) {
            String n = p == null ? "" : p.trim().toLowerCase(Locale.ROOT);
            return switch (n) {
                case "avg", "average" -> "avg";
                case "max" -> "max";
                default -> throw new IllegalArgumentException("unknown pooling '" + p + "' — expected avg or max");
            };
        }
    }
}
