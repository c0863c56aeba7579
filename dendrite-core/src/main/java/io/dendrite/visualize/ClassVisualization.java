package io.dendrite.visualize;

import io.dendrite.model.InputGradient;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Class visualization (Simonyan et al. 2014, with the regularizers of Yosinski et al. 2015; cs231n's
 * {@code create_class_visualization}): an image that a network scores highly for one class, grown from noise by
 * gradient ascent on {@code score_y(I) − λ‖I‖²}.
 *
 * <pre>
 *   I ← randn(1, C, H, W)
 *   for t in 0 … iterations−1:
 *       ox, oy ← uniform integers in [0, maxJitter]        jitter: roll I by ox columns and oy rows
 *       g ← ∂score_y/∂I − 2λ·I                             at test time, on the rolled image
 *       I ← I + learningRate · g / ‖g‖₂                     a step of fixed length, as for fooling images
 *       roll I back by (−ox, −oy)
 *       clamp each channel to the range a pixel in [pixelLow, pixelHigh] has after (p − mean_c) / std_c
 *       if t % blurEvery == 0: blur I with a Gaussian of σ = blurSigma along rows and columns
 * </pre>
 * The defaults are the notebook's (λ = 1e-3, learning rate 25, 100 iterations, blur every 10 with σ = 0.5, jitter up
 * to 16 pixels), which suit 224×224 ImageNet images; small images want a smaller learning rate and jitter
 * ({@link Builder#scaledTo} scales both to an image size). The
 * clamp range comes from pixels in [0, 1] and, by default, no normalization (mean 0, std 1): set
 * {@link Builder#normalization} to the mean and std the network's inputs were normalized with. The blur is scipy's
 * {@code gaussian_filter1d} (kernel radius ⌊4σ + ½⌋, edges reflected), as the notebook's {@code blur_image}.
 *
 * <p>Seeded: the initial noise and then the jitter offsets are drawn from {@code new Rng(seed)} in that order, so a
 * seed gives the same image every time.
 */
public final class ClassVisualization {
    /** The notebook's L2 regularization strength λ. */
    public static final double DEFAULT_L2_REG = 1e-3;
    /** The notebook's learning rate (the L2 length of each step). */
    public static final double DEFAULT_LEARNING_RATE = 25;
    /** The notebook's number of iterations. */
    public static final int DEFAULT_ITERATIONS = 100;
    /** The notebook's blur period: iterations 0, 10, 20, … end with a blur. */
    public static final int DEFAULT_BLUR_EVERY = 10;
    /** The notebook's blur width. */
    public static final double DEFAULT_BLUR_SIGMA = 0.5;
    /** The notebook's largest jitter, in pixels. */
    public static final int DEFAULT_MAX_JITTER = 16;
    /** The side and the number of values of the notebook's images (3×224×224), which its defaults suit. */
    private static final int NOTEBOOK_IMAGE_SIDE = 224, NOTEBOOK_IMAGE_SIZE = 3 * 224 * 224;

    /**
     * The generated image and how the target score went.
     *
     * @param image      the image, (1, C, H, W) in the network's dtype
     * @param scores     the target class score of each iteration's forward pass (on the jittered image, before the
     *                   step), {@code iterations} values
     * @param finalScore the target class score of {@code image}
     */
    public record Result(Tensor image, double[] scores, double finalScore) {
    }

    private final double l2Reg, learningRate, blurSigma;
    private final int iterations, blurEvery, maxJitter;
    private final PixelRange range;
    private final long seed;

    private ClassVisualization(Builder b) {
        this.l2Reg = b.l2Reg;
        this.learningRate = b.learningRate;
        this.blurSigma = b.blurSigma;
        this.iterations = b.iterations;
        this.blurEvery = b.blurEvery;
        this.maxJitter = b.maxJitter;
        this.range = b.range;
        this.seed = b.seed;
    }

    /** Starts from the notebook's settings and seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings of one visualization; each defaults to the notebook's value. */
    public static final class Builder {
        private double l2Reg = DEFAULT_L2_REG, learningRate = DEFAULT_LEARNING_RATE, blurSigma = DEFAULT_BLUR_SIGMA;
        private int iterations = DEFAULT_ITERATIONS, blurEvery = DEFAULT_BLUR_EVERY, maxJitter = DEFAULT_MAX_JITTER;
        private PixelRange range = PixelRange.UNIT;
        private long seed;

        private Builder() {
        }

        /** λ of the penalty λ‖I‖² (≥ 0). */
        public Builder l2Reg(double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("invalid L2 regularization: " + v + " (must be finite and ≥ 0)");
            }
            this.l2Reg = v;
            return this;
        }

        /** The L2 length of each step (&gt; 0). */
        public Builder learningRate(double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("invalid learning rate: " + v + " (must be finite and > 0)");
            }
            this.learningRate = v;
            return this;
        }

        public Builder iterations(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("invalid number of iterations: " + v + " (must be ≥ 1)");
            }
            this.iterations = v;
            return this;
        }

        /** Blur after iterations 0, v, 2v, …; 0 never blurs. */
        public Builder blurEvery(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("invalid blur period: " + v + " (must be ≥ 0; 0 never blurs)");
            }
            this.blurEvery = v;
            return this;
        }

        /** Width of the Gaussian blur, in pixels; 0 never blurs. */
        public Builder blurSigma(double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("invalid blur sigma: " + v + " (must be finite and ≥ 0)");
            }
            this.blurSigma = v;
            return this;
        }

        /** Largest jitter offset in pixels (≥ 0; 0 turns jitter off). */
        public Builder maxJitter(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("invalid jitter: " + v + " (must be ≥ 0)");
            }
            this.maxJitter = v;
            return this;
        }

        /** The range of a raw pixel before normalization; [0, 1] by default. */
        public Builder pixelRange(double low, double high) {
            this.range = range.pixels(low, high);
            return this;
        }

        /**
         * The per-channel mean and std the network's inputs were normalized with (one value each for all channels,
         * or one per channel); the clamp range of channel c is [(low − mean_c)/std_c, (high − mean_c)/std_c].
         */
        public Builder normalization(double[] mean, double[] std) {
            this.range = range.normalization(mean, std);
            return this;
        }

        /** Pixel range and normalization at once, e.g. those a saved model's metadata describes. */
        public Builder pixelRange(PixelRange r) {
            this.range = java.util.Objects.requireNonNull(r, "pixel range");
            return this;
        }

        /**
         * The notebook's learning rate and jitter, which suit ImageNet's 3×224×224 images, scaled to images of
         * {@code imageShape} (C, H, W): the step length by √(C·H·W / (3·224·224)), so each pixel moves as far as in
         * the notebook, and the jitter by W / 224 (rounded). For MNIST's 1×28×28: learning rate 1.80, jitter 2.
         */
        public Builder scaledTo(int... imageShape) {
            if (imageShape.length != 3 || Arrays.stream(imageShape).anyMatch(d -> d < 1)) {
                throw new IllegalArgumentException("ClassVisualization: image shape must be (C, H, W) with positive sizes,"
                        + " got " + Shapes.format(imageShape));
            }
            double size = (double) imageShape[0] * imageShape[1] * imageShape[2];
            this.learningRate = DEFAULT_LEARNING_RATE * Math.sqrt(size / NOTEBOOK_IMAGE_SIZE);
            this.maxJitter = (int) Math.round(DEFAULT_MAX_JITTER * imageShape[2] / (double) NOTEBOOK_IMAGE_SIDE);
            return this;
        }

        /** Seed of the initial noise and the jitter offsets. */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public ClassVisualization build() {
            return new ClassVisualization(this);
        }
    }

    /** The settings, for reports: "ClassVisualization(l2Reg=0.001, learningRate=25.0, …)". */
    @Override
    public String toString() {
        return "ClassVisualization(l2Reg=" + l2Reg + ", learningRate=" + learningRate + ", iterations=" + iterations
                + ", blurEvery=" + blurEvery + ", blurSigma=" + blurSigma + ", maxJitter=" + maxJitter + ", " + range
                + ", seed=" + seed + ")";
    }

    /** Visualizes {@code target} for a network whose {@linkplain Network#inputShape() input shape} is (C, H, W). */
    public Result generate(Network net, int target) {
        int[] shape = net.inputShape().orElseThrow(() -> new IllegalArgumentException("ClassVisualization: the network"
                + " records no input shape — pass the image shape (C, H, W) to generate(net, target, C, H, W)"));
        return generate(net, target, shape);
    }

    /**
     * Grows an image of shape (1, C, H, W) that {@code net} scores highly for class {@code target}.
     *
     * @param imageShape (C, H, W), the shape of one input image of the network
     */
    public Result generate(Network net, int target, int... imageShape) {
        if (imageShape.length != 3 || Arrays.stream(imageShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("ClassVisualization: image shape must be (C, H, W) with positive sizes, got "
                    + Shapes.format(imageShape));
        }
        int C = imageShape[0], H = imageShape[1], W = imageShape[2];
        range.requireChannels("ClassVisualization", C);
        DType dtype = net.dtype();
        Rng rng = new Rng(seed);
        Tensor img = Tensor.randn(rng, DType.F64, 1, C, H, W);
        int[] targets = {target};
        double[] scores = new double[iterations];
        for (int t = 0; t < iterations; t++) {
            int ox = rng.nextInt(maxJitter + 1), oy = rng.nextInt(maxJitter + 1);
            Tensor jittered = jitter(img, ox, oy);
            InputGradient g = net.scoreGradient(jittered.to(dtype), targets);
            scores[t] = g.value();
            Tensor dI = g.gradient().to(DType.F64).addScaledi(jittered, -2 * l2Reg);   // ∂(score − λ‖I‖²)/∂I
            double norm = Math.sqrt(dI.square().sum());
            if (norm > 0) {
                jittered.addScaledi(dI, learningRate / norm);
            }
            img = jitter(jittered, -ox, -oy);
            range.clamp(img);
            if (blurEvery > 0 && t % blurEvery == 0 && blurSigma > 0) {
                img = blur(img, blurSigma);
            }
        }
        Tensor out = img.to(dtype);
        return new Result(out, scores, net.scores(out).get(0, target));
    }

    /**
     * The notebook's {@code jitter}: images (N, C, H, W) rolled {@code ox} columns right and {@code oy} rows down, with
     * wrap-around (numpy's {@code roll}); negative offsets roll back. Returns a new F64 tensor.
     */
    public static Tensor jitter(Tensor x, int ox, int oy) {
        requireImages("jitter", x);
        int N = x.shape(0), C = x.shape(1), H = x.shape(2), W = x.shape(3);
        double[] src = x.toDoubleArray(), dst = new double[src.length];
        for (int p = 0; p < N * C; p++) {
            int base = p * H * W;
            for (int h = 0; h < H; h++) {
                int th = Math.floorMod(h + oy, H);
                for (int w = 0; w < W; w++) {
                    dst[base + th * W + Math.floorMod(w + ox, W)] = src[base + h * W + w];
                }
            }
        }
        return Tensor.of(dst, x.shape());
    }

    /**
     * The notebook's {@code blur_image}: a Gaussian of width {@code sigma} along rows, then along columns, of images
     * (N, C, H, W) — scipy's {@code gaussian_filter1d} (weights exp(−k²/2σ²) for |k| ≤ ⌊4σ + ½⌋, normalized; edges
     * reflected, d c b a | a b c d | d c b a). Returns a new F64 tensor.
     */
    public static Tensor blur(Tensor x, double sigma) {
        requireImages("blur", x);
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("invalid blur sigma: " + sigma + " (must be finite and > 0)");
        }
        int N = x.shape(0), C = x.shape(1), H = x.shape(2), W = x.shape(3);
        int r = (int) (4 * sigma + 0.5);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] a = x.toDoubleArray(), b = new double[a.length];
        for (int p = 0; p < N * C; p++) {
            int base = p * H * W;
            for (int h = 0; h < H; h++) {      // along axis 2 (rows): a → b
                for (int w = 0; w < W; w++) {
                    double s = 0;
                    for (int i = -r; i <= r; i++) {
                        s += k[i + r] * a[base + reflect(h + i, H) * W + w];
                    }
                    b[base + h * W + w] = s;
                }
            }
            for (int h = 0; h < H; h++) {      // along axis 3 (columns): b → a
                for (int w = 0; w < W; w++) {
                    double s = 0;
                    for (int i = -r; i <= r; i++) {
                        s += k[i + r] * b[base + h * W + reflect(w + i, W)];
                    }
                    a[base + h * W + w] = s;
                }
            }
        }
        return Tensor.of(a, x.shape());
    }

    /** scipy's 'reflect' boundary: the index mirrored about the edges, the edge pixel repeated (period 2n). */
    private static int reflect(int i, int n) {
        int m = Math.floorMod(i, 2 * n);
        return m < n ? m : 2 * n - 1 - m;
    }

    private static void requireImages(String op, Tensor x) {
        if (x.ndim() != 4) {
            throw new IllegalArgumentException("ClassVisualization." + op + ": expected images (N, C, H, W), got "
                    + Shapes.format(x.shape()));
        }
    }
}
