package io.dendrite.model;

import io.dendrite.nn.Dropout;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.LocalResponseNorm;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AlexNet (Krizhevsky, Sutskever and Hinton 2012) scaled to 28×28 and 32×32 images: five convolutions with
 * ReLU, local response normalization after the first two, max pooling after the first, second and fifth, and
 * three affine layers with dropout before the first two. What changes for small images: every convolution is
 * 3×3 with stride 1 and pad 1 (the paper's 11×11 at stride 4 and 5×5 would leave nothing of a 28×28 image),
 * pools are 2×2 with stride 2 (the paper's overlap 3×3 at stride 2), and the paper's channels
 * (96, 256, 384, 384, 256) and 4096 hidden units are multiplied by {@code width / 4}: the default width 1 gives
 * channels (24, 64, 96, 96, 64) and 1024 hidden units; width 4 the paper's sizes. One tower (the paper split
 * the net over two GPUs). With 1 channel, 10 classes and width 1:
 * <pre>
 * layer                              28×28 input      32×32 input
 * conv 3×3 (C→24) – ReLU – LRN       (24, 28, 28)     (24, 32, 32)
 * 2×2 max pool                       (24, 14, 14)     (24, 16, 16)
 * conv 3×3 (24→64) – ReLU – LRN      (64, 14, 14)     (64, 16, 16)
 * 2×2 max pool                       (64, 7, 7)       (64, 8, 8)
 * conv 3×3 (64→96) – ReLU            (96, 7, 7)       (96, 8, 8)
 * conv 3×3 (96→96) – ReLU            (96, 7, 7)       (96, 8, 8)
 * conv 3×3 (96→64) – ReLU            (64, 7, 7)       (64, 8, 8)
 * 2×2 max pool                       (64, 3, 3)       (64, 4, 4)
 * Flatten – dropout                  (576)            (1024)
 * affine (→1024) – ReLU – dropout    (1024)           (1024)
 * affine (1024→1024) – ReLU          (1024)           (1024)
 * affine (1024→classes)              (classes)        (classes)
 * </pre>
 * LRN is the paper's: n = 5, α = 1e-4, β = 0.75, k = 2, built as {@code new LocalResponseNorm(5, 5e-4, 0.75, 2)}
 * (that layer divides α by n). Dropout {@value #DEFAULT_DROPOUT} by default (0 removes the dropout layers), its
 * generators forked from their own {@link Rng} so that the weights do not depend on it. He initialization,
 * zero biases. Parameters W1…W5, b1…b5 (convolutions), W6…W8, b6…b8 (affine): 1 858 618 of them on 1×28×28 with
 * 10 classes, 2 317 802 on 3×32×32.
 */
public final class AlexNet {
    /** The paper's channels of the five convolutions, before the width multiplier. */
    private static final int[] PAPER_CHANNELS = {96, 256, 384, 384, 256};
    /** The paper's hidden units of the first two affine layers, before the width multiplier. */
    private static final int PAPER_HIDDEN = 4096;
    /** The paper's net is width 4: channels and hidden units are the paper's times width / 4. */
    private static final double PAPER_WIDTH = 4;
    /** The default width multiplier: a quarter of the paper's sizes. */
    public static final double DEFAULT_WIDTH = 1;
    /** The paper's dropout probability. */
    public static final double DEFAULT_DROPOUT = 0.5;

    private AlexNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The channels of the five convolutions at a width: the paper's × width / 4, rounded, at least 1. */
    public static int[] channels(double width) {
        checkWidth(width);
        int[] c = new int[PAPER_CHANNELS.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = scaled(PAPER_CHANNELS[i], width);
        }
        return c;
    }

    /** The default hidden units at a width: 4096 × width / 4, rounded, at least 1. */
    public static int hiddenSize(double width) {
        checkWidth(width);
        return scaled(PAPER_HIDDEN, width);
    }

    private static int scaled(int paper, double width) {
        return (int) Math.max(1, Math.round(paper * width / PAPER_WIDTH));
    }

    private static void checkWidth(double width) {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("invalid width: " + width + " (must be finite and > 0; 1 is a quarter"
                    + " of the paper's channels, 4 the paper's)");
        }
    }

    /** Builder with defaults: input (1, 28, 28), 10 classes, width 1, 1024 hidden units, dropout 0.5. */
    public static final class Builder {
        private int[] inputDim = {1, 28, 28};
        private int numClasses = 10;
        private double width = DEFAULT_WIDTH;
        private Integer hiddenSize;
        private double dropout = DEFAULT_DROPOUT;
        private double reg;
        private DType dtype = DType.F32;
        private long seed;

        public Builder inputDim(int c, int h, int w) { this.inputDim = new int[]{c, h, w}; return this; }
        public Builder numClasses(int c) { this.numClasses = c; return this; }
        /** The width multiplier: channels (96, 256, 384, 384, 256) × width / 4, rounded, at least 1. */
        public Builder width(double w) { this.width = w; return this; }
        /** Units of the two hidden affine layers; by default 4096 × width / 4 (1024 at width 1). */
        public Builder hiddenSize(int h) { this.hiddenSize = h; return this; }
        /** Probability of dropping a unit before each of the first two affine layers; 0 removes them. */
        public Builder dropout(double p) { this.dropout = p; return this; }
        public Builder reg(double r) { this.reg = r; return this; }
        public Builder dtype(DType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public Network build() {
            NetParts.checkInputDim(inputDim);
            NetParts.checkPositive("numClasses", numClasses);
            int[] channels = channels(width);
            int hidden = hiddenSize != null ? hiddenSize : AlexNet.hiddenSize(width);
            NetParts.checkPositive("hiddenSize", hidden);
            NetParts.checkDropout(dropout);
            WeightInit init = WeightInit.he();
            Rng rng = new Rng(seed);
            Rng dropoutRng = rng.fork();
            Network.Builder a = Network.builder().reg(reg).inputShape(inputDim);
            int c = inputDim[0], h = inputDim[1], w = inputDim[2];
            for (int i = 0; i < channels.length; i++) {
                a.add(NetParts.conv(rng, dtype, init, c, channels[i], 3, 1, 1)).add(new ReLU());
                c = channels[i];
                if (i < 2) {
                    a.add(new LocalResponseNorm(5, 5e-4, 0.75, 2));
                }
                if (i < 2 || i == channels.length - 1) {
                    a.add(new MaxPool2d(2, 2, 2));
                    h = NetParts.outSize(h, 2, 2, 0);
                    w = NetParts.outSize(w, 2, 2, 0);
                }
            }
            a.add(new Flatten());
            if (dropout > 0) {
                a.add(new Dropout(dropout, dropoutRng.fork()));
            }
            a.add(NetParts.linear(rng, dtype, init, c * h * w, hidden)).add(new ReLU());
            if (dropout > 0) {
                a.add(new Dropout(dropout, dropoutRng.fork()));
            }
            a.add(NetParts.linear(rng, dtype, init, hidden, hidden)).add(new ReLU());
            a.add(NetParts.linear(rng, dtype, init, hidden, numClasses));
            Map<String, String> o = new LinkedHashMap<>();
            o.put("inputDim", NetParts.dims(inputDim));
            o.put("numClasses", "" + numClasses);
            o.put("width", "" + width);
            o.put("hiddenSize", "" + hidden);
            o.put("dropout", "" + dropout);
            o.put("reg", "" + reg);
            o.put("dtype", dtype.name());
            o.put("seed", "" + seed);
            return new Network(a, new ModelSpec("alexnet", o));
        }
    }
}
