package io.dendrite.visualize;

import io.dendrite.model.ActivationGradient;
import io.dendrite.model.ActivationLoss;
import io.dendrite.model.Network;
import io.dendrite.nn.Layer;
import io.dendrite.nn.LossResult;
import io.dendrite.optim.Adam;
import io.dendrite.optim.State;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Neural style transfer (Gatys et al. 2016; cs231n's {@code style_transfer}): an image with the content of one image
 * and the style of another, found by minimizing, over the image's pixels,
 * <pre>
 *   L(x) = w_c·Σ(F_c(x) − P)²  +  Σ_l w_l·Σ(G_l(x) − A_l)²  +  w_tv·TV(x)
 * </pre>
 * where F_c is the output of the content layer, P its value for the content image, G_l the Gram matrix of style layer
 * l and A_l its value for the style image ({@link StyleLosses}). Any {@link Network} whose first layers are
 * convolutional serves as the feature extractor: layers are counted as in {@link Network#activations}, and only
 * the layers up to the highest one chosen run, so those layers decide which image sizes work.
 *
 * <p>The optimization follows the notebook's: the image starts as the content image (or, with
 * {@link Builder#initRandom}, as uniform noise over the pixel range), Adam takes {@value #DEFAULT_ITERATIONS} steps,
 * and from step {@value #DEFAULT_DECAY_AT} on its learning rate drops to a tenth or less. Where it differs, and why:
 * <ul>
 *   <li>Learning rates {@value #DEFAULT_LEARNING_RATE} then {@value #DEFAULT_DECAYED_LEARNING_RATE}, for pixels in
 *   [0, 1]. The notebook's 3.0 and 0.1 are for its ImageNet-normalized inputs clamped to [−1.5, 1.5]; on MNIST-sized
 *   images in [0, 1] a first step that large pins every pixel to a bound, where the loss stalls for tens of steps.</li>
 *   <li>At the decay the learning rate changes and Adam's moments are kept. The notebook builds a new Adam there;
 *   its fresh moments make the first steps full-sized whatever the gradient, and the loss jumps back up.</li>
 *   <li>The image is clamped after every step to the range a pixel has after normalization ({@link PixelRange}),
 *   not to a fixed range before all but the last ten steps, so the result is always a picture.</li>
 * </ul>
 * The network runs at test time; its parameter gradients are left as they were.
 *
 * <p>Adam rather than L-BFGS (Gatys et al.'s choice): the clamp makes this a bound-constrained problem, and an L-BFGS
 * that clamps after each backtracking step stalled on it (the MNIST convnet below, 200 steps: total loss 70 400 →
 * 3 981, against Adam's 686); without the clamp L-BFGS reaches 379, but not as a picture. Doing better needs L-BFGS-B.
 *
 * <p>The notebook's loss weights suit SqueezeNet's features on 192-pixel images; the defaults here
 * ({@value #DEFAULT_CONTENT_WEIGHT} for content, {@value #DEFAULT_STYLE_WEIGHT} per style layer,
 * {@value #DEFAULT_TV_WEIGHT} for total variation) were chosen on the convnets trained here on MNIST, where they make
 * the content and style terms of the result comparable. The right weights depend on the network's feature sizes
 * (Gram matrices scale with the square of the activations): compare the terms of {@link Result} and adjust. Seeded:
 * only the random start draws numbers, from {@code new Rng(seed)}.
 */
public final class StyleTransfer {
    /** The notebook's number of Adam steps. */
    public static final int DEFAULT_ITERATIONS = 200;
    /** Adam's learning rate before {@link #DEFAULT_DECAY_AT}, for pixels in [0, 1] (the notebook's 3.0 is for its inputs). */
    public static final double DEFAULT_LEARNING_RATE = 0.05;
    /** Adam's learning rate from {@link #DEFAULT_DECAY_AT} on (the notebook's 0.1 is for its inputs). */
    public static final double DEFAULT_DECAYED_LEARNING_RATE = 0.005;
    /** The notebook's step at which the learning rate drops. */
    public static final int DEFAULT_DECAY_AT = 180;
    /** Weight of the content loss. */
    public static final double DEFAULT_CONTENT_WEIGHT = 1;
    /** Weight of each style layer's loss. */
    public static final double DEFAULT_STYLE_WEIGHT = 1e6;
    /** Weight of the total-variation loss. */
    public static final double DEFAULT_TV_WEIGHT = 1e-2;

    /**
     * The result and the losses on the way: entry t of each array is the loss of the image after t steps, so entry
     * 0 is the starting image's and the last entry ({@code iterations}) the result's.
     *
     * @param image        the result, (1, C, H, W) of the content image's shape, in the network's dtype
     * @param contentLayer the layer the content loss read
     * @param styleLayers  the layers the style loss read
     * @param total        the total loss per step
     * @param content      its content term
     * @param style        its style term (all layers)
     * @param tv           its total-variation term
     */
    public record Result(Tensor image, int contentLayer, int[] styleLayers, double[] total, double[] content,
                         double[] style, double[] tv) {
    }

    private final Integer contentLayer;
    private final int[] styleLayers;
    private final double[] styleWeights;
    private final double contentWeight, tvWeight, learningRate, decayedLearningRate;
    private final int iterations, decayAt;
    private final boolean initRandom;
    private final long seed;
    private final PixelRange range;

    private StyleTransfer(Builder b) {
        this.contentLayer = b.contentLayer;
        this.styleLayers = b.styleLayers;
        this.styleWeights = b.styleWeights;
        this.contentWeight = b.contentWeight;
        this.tvWeight = b.tvWeight;
        this.learningRate = b.learningRate;
        this.decayedLearningRate = b.decayedLearningRate;
        this.iterations = b.iterations;
        this.decayAt = b.decayAt;
        this.initRandom = b.initRandom;
        this.seed = b.seed;
        this.range = b.range;
        if (styleLayers != null && styleWeights != null && styleWeights.length != 1
                && styleWeights.length != styleLayers.length) {
            throw new IllegalArgumentException("StyleTransfer: " + styleWeights.length + " style weights for "
                    + styleLayers.length + " style layers " + Arrays.toString(styleLayers)
                    + " — give one weight per layer, or one for all");
        }
    }

    /** Starts from the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings of one transfer; each has a default. */
    public static final class Builder {
        private Integer contentLayer;
        private int[] styleLayers;
        private double[] styleWeights;
        private double contentWeight = DEFAULT_CONTENT_WEIGHT, tvWeight = DEFAULT_TV_WEIGHT;
        private double learningRate = DEFAULT_LEARNING_RATE, decayedLearningRate = DEFAULT_DECAYED_LEARNING_RATE;
        private int iterations = DEFAULT_ITERATIONS, decayAt = DEFAULT_DECAY_AT;
        private boolean initRandom;
        private long seed;
        private PixelRange range = PixelRange.UNIT;

        private Builder() {
        }

        /** The layer whose output the content loss compares (default: the last of {@link #spatialLayers}). */
        public Builder contentLayer(int layer) {
            this.contentLayer = layer;
            return this;
        }

        /** The layers whose Gram matrices the style loss compares (default: all of {@link #spatialLayers}). */
        public Builder styleLayers(int... layers) {
            if (layers.length == 0) {
                throw new IllegalArgumentException("StyleTransfer: give at least one style layer");
            }
            this.styleLayers = layers.clone();
            return this;
        }

        /** w_l of each style layer, or one weight for all (default {@value #DEFAULT_STYLE_WEIGHT} each); ≥ 0. */
        public Builder styleWeights(double... weights) {
            if (weights.length == 0) {
                throw new IllegalArgumentException("StyleTransfer: give at least one style weight");
            }
            for (double w : weights) {
                nonNegative("style weight", w);
            }
            this.styleWeights = weights.clone();
            return this;
        }

        public Builder contentWeight(double w) {
            this.contentWeight = nonNegative("content weight", w);
            return this;
        }

        public Builder tvWeight(double w) {
            this.tvWeight = nonNegative("total-variation weight", w);
            return this;
        }

        /** Adam steps (≥ 1). */
        public Builder iterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("invalid number of iterations: " + n + " (must be ≥ 1)");
            }
            this.iterations = n;
            return this;
        }

        /** Adam's learning rate before {@link #decayAt} (&gt; 0). */
        public Builder learningRate(double lr) {
            this.learningRate = positive("learning rate", lr);
            return this;
        }

        /** Adam's learning rate from step {@link #decayAt} on (&gt; 0). */
        public Builder decayedLearningRate(double lr) {
            this.decayedLearningRate = positive("decayed learning rate", lr);
            return this;
        }

        /** The step at which the decayed learning rate takes over (Adam's moments kept); ≥ iterations never decays. */
        public Builder decayAt(int step) {
            if (step < 0) {
                throw new IllegalArgumentException("invalid decay step: " + step + " (must be ≥ 0)");
            }
            this.decayAt = step;
            return this;
        }

        /** Start from uniform noise over the pixel range instead of the content image. */
        public Builder initRandom(boolean random) {
            this.initRandom = random;
            return this;
        }

        /** Seed of the random start. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The pixel range and normalization of the network's inputs (default {@link PixelRange#UNIT}). */
        public Builder pixelRange(PixelRange r) {
            this.range = java.util.Objects.requireNonNull(r, "pixel range");
            return this;
        }

        public StyleTransfer build() {
            return new StyleTransfer(this);
        }

        private static double nonNegative(String what, double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("invalid " + what + ": " + v + " (must be finite and ≥ 0)");
            }
            return v;
        }

        private static double positive(String what, double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("invalid " + what + ": " + v + " (must be finite and > 0)");
            }
            return v;
        }
    }

    /** The settings, for reports; layers and style weights chosen from the network show as "default". */
    @Override
    public String toString() {
        return "StyleTransfer(contentLayer=" + (contentLayer == null ? "default" : contentLayer) + ", styleLayers="
                + (styleLayers == null ? "default" : Arrays.toString(styleLayers)) + ", styleWeights="
                + (styleWeights == null ? DEFAULT_STYLE_WEIGHT + " each" : Arrays.toString(styleWeights))
                + ", contentWeight=" + contentWeight + ", tvWeight=" + tvWeight + ", iterations=" + iterations
                + ", learningRate=" + learningRate + " then " + decayedLearningRate + " from step " + decayAt
                + ", init=" + (initRandom ? "random, seed=" + seed : "content") + ", " + range + ")";
    }

    /**
     * The leading top-level layers of {@code net} whose outputs are feature maps (N, C, H, W) for an image of
     * {@code imageShape} (C, H, W): the layers style transfer can read, in order. Stops at the first layer whose
     * output has another rank (a Flatten, a Linear) or that refuses the image's size.
     */
    public static int[] spatialLayers(Network net, int... imageShape) {
        if (imageShape.length != 3) {
            throw new IllegalArgumentException("spatialLayers: image shape must be (C, H, W), got " + Shapes.format(imageShape));
        }
        net.layers().setTraining(false);
        Tensor h = Tensor.zeros(net.dtype(), Shapes.batch(1, imageShape));
        List<Integer> found = new ArrayList<>();
        List<Layer> layers = net.layers().layers();
        for (int i = 0; i < layers.size(); i++) {
            try {
                h = layers.get(i).forward(h);
            } catch (IllegalArgumentException e) {
                break;   // this layer needs another input size: the layers before it are all there is
            }
            if (h.ndim() != 4) {
                break;
            }
            found.add(i);
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Transfers the style of {@code style} onto {@code content}.
     *
     * @param net     the feature extractor
     * @param content the content image, (1, C, H, W) as the network takes it (normalized)
     * @param style   the style image, (1, C, H', W'), any size the chosen layers accept
     */
    public Result transfer(Network net, Tensor content, Tensor style) {
        requireImage("content", content);
        requireImage("style", style);
        if (style.shape(1) != content.shape(1)) {
            throw new IllegalArgumentException("StyleTransfer: the content image " + Shapes.format(content.shape())
                    + " and the style image " + Shapes.format(style.shape()) + " have different channel counts");
        }
        int C = content.shape(1);
        range.requireChannels("StyleTransfer", C);
        int[] spatial = contentLayer == null || styleLayers == null
                ? spatialLayers(net, C, content.shape(2), content.shape(3)) : new int[0];
        if ((contentLayer == null || styleLayers == null) && spatial.length == 0) {
            throw new IllegalArgumentException("StyleTransfer: no layer of the network gives feature maps (N, C, H, W) for"
                    + " images " + Shapes.format(content.shape()) + "; the layers are " + net.layerList());
        }
        int cLayer = contentLayer != null ? contentLayer : spatial[spatial.length - 1];
        int[] sLayers = styleLayers != null ? styleLayers.clone() : spatial;
        double[] sWeights = new double[sLayers.length];
        for (int l = 0; l < sLayers.length; l++) {
            sWeights[l] = styleWeights == null ? DEFAULT_STYLE_WEIGHT : styleWeights[styleWeights.length == 1 ? 0 : l];
        }
        DType dtype = net.dtype();
        Tensor target = net.activations(content.to(dtype), cLayer).get(0).copy();   // P
        List<Tensor> styleFeatures = net.activations(style.to(dtype), sLayers);
        Tensor[] grams = new Tensor[sLayers.length];                                  // A_l
        for (int l = 0; l < sLayers.length; l++) {
            requireFeatureMaps(net, sLayers[l], styleFeatures.get(l));
            grams[l] = StyleLosses.gram(styleFeatures.get(l));
        }
        int[] layers = new int[sLayers.length + 1];
        layers[0] = cLayer;
        System.arraycopy(sLayers, 0, layers, 1, sLayers.length);

        Tensor img = initRandom ? noise(content.shape()) : content.to(DType.F64);
        double[] total = new double[iterations + 1], contentL = new double[iterations + 1];
        double[] styleL = new double[iterations + 1], tvL = new double[iterations + 1];
        Adam adam = new Adam(learningRate);
        State state = new State();
        for (int t = 0; ; t++) {
            double[] parts = new double[3];
            Tensor grad = lossGradient(net, img, layers, target, grams, sWeights, parts);
            contentL[t] = parts[0];
            styleL[t] = parts[1];
            tvL[t] = parts[2];
            total[t] = parts[0] + parts[1] + parts[2];
            if (t == iterations) {
                break;
            }
            if (t == decayAt) {
                adam.setLearningRate(decayedLearningRate);
            }
            adam.update(img, grad, state);
            range.clamp(img);
        }
        return new Result(img.to(dtype), cLayer, sLayers, total, contentL, styleL, tvL);
    }

    /**
     * The total loss's gradient with respect to img (F64), one forward and backward pass through the network; the
     * content, style and TV terms go into {@code parts}.
     */
    private Tensor lossGradient(Network net, Tensor img, int[] layers, Tensor target, Tensor[] grams, double[] sWeights,
                                double[] parts) {
        ActivationGradient g = net.activationGradient(img.to(net.dtype()), layers, feats -> {
            List<Tensor> grads = new ArrayList<>(layers.length);
            LossResult c = StyleLosses.content(contentWeight, feats.get(0), target);
            grads.add(c.grad());
            double s = 0;
            for (int l = 0; l < grams.length; l++) {
                LossResult sl = StyleLosses.style(sWeights[l], feats.get(l + 1), grams[l]);
                grads.add(sl.grad());
                s += sl.loss();
            }
            parts[0] = c.loss();
            parts[1] = s;
            return new ActivationLoss(c.loss() + s, grads);
        });
        LossResult tv = StyleLosses.totalVariation(tvWeight, img);
        parts[2] = tv.loss();
        return g.gradient().to(DType.F64).addi(tv.grad());
    }

    /** Uniform noise over each channel's range, (1, C, H, W) in F64. */
    private Tensor noise(int[] shape) {
        Rng rng = new Rng(seed);
        Tensor img = Tensor.rand(rng, DType.F64, shape);
        int C = shape[1], plane = shape[2] * shape[3];
        for (int k = 0; k < img.size(); k++) {
            int c = k / plane % C;
            img.setFlat(k, range.low(c) + img.getFlat(k) * (range.high(c) - range.low(c)));
        }
        return img;
    }

    private static void requireImage(String which, Tensor x) {
        if (x.ndim() != 4 || x.shape(0) != 1) {
            throw new IllegalArgumentException("StyleTransfer: the " + which + " image must be one image (1, C, H, W), got "
                    + Shapes.format(x.shape()));
        }
    }

    private static void requireFeatureMaps(Network net, int layer, Tensor features) {
        if (features.ndim() != 4) {
            throw new IllegalArgumentException("StyleTransfer: style layer " + layer + " " + net.layers().get(layer)
                    + " gives " + Shapes.format(features.shape()) + ", not feature maps (N, C, H, W); Gram matrices need a"
                    + " convolutional layer's output — the layers are " + net.layerList());
        }
    }
}
