package io.dendrite.train;

import io.dendrite.model.Network;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Objects;

/**
 * How good generated images are, as judged by a classifier trained on the real ones — the measure a GAN run reports
 * after every epoch:
 * <ul>
 *   <li><b>class coverage</b>: how many classes appear among the samples. The rule: a class appears when at least one
 *       sample is classified as it with a softmax probability of at least {@value #CONFIDENCE}. A generator that
 *       collapsed onto a few modes covers few classes; a good MNIST generator covers all 10.</li>
 *   <li><b>mean confidence</b>: the mean over the samples of the classifier's top-class probability — high when the
 *       samples look like some digit, low for ambiguous scribbles.</li>
 *   <li><b>Fréchet distance</b> ({@link FrechetDistance}): between Gaussians fitted to the classifier's penultimate
 *       features — the input of its last Linear layer — of real images and of samples; an FID with this classifier
 *       in place of Inception. Lower is better; its value depends on the classifier and on the number of samples
 *       (it is biased upward for few), so compare runs scored alike.</li>
 * </ul>
 * Images are given in the classifier's input range (pixels in [0, 1] for the MNIST classifiers trained here; a GAN's
 * samples in [−1, 1] map there by (x + 1)/2, {@link GanTrainer#toUnitRange}). The classifier runs at test time, in
 * chunks of {@value #CHUNK} images.
 */
public final class SampleQuality {
    /** Probability a sample's top class needs for the class to count as covered. */
    public static final double CONFIDENCE = 0.5;
    /** Images per forward pass of the classifier. */
    static final int CHUNK = 500;

    private final Network classifier;
    private final int numClasses;
    private final FrechetDistance.Statistics real;

    /**
     * The quality of samples.
     *
     * @param coverage        classes with at least one sample classified as them at probability ≥ {@value #CONFIDENCE}
     * @param meanConfidence  mean top-class probability over the samples
     * @param frechetDistance Fréchet distance of the samples' features to the real images' features
     * @param classCounts     per class, the samples classified as it at probability ≥ {@value #CONFIDENCE}
     */
    public record Scores(int coverage, double meanConfidence, double frechetDistance, int[] classCounts) {
        public Scores {
            classCounts = classCounts.clone();
        }

        @Override
        public int[] classCounts() {
            return classCounts.clone();
        }
    }

    private SampleQuality(Network classifier, int numClasses, FrechetDistance.Statistics real) {
        this.classifier = classifier;
        this.numClasses = numClasses;
        this.real = real;
    }

    /**
     * A judge of samples: {@code classifier}, whose last layer must be a Linear (its input is the feature vector), and
     * the feature statistics of {@code realImages} (N, …) — at least 2, in the classifier's input range and dtype.
     */
    public static SampleQuality of(Network classifier, Tensor realImages) {
        Objects.requireNonNull(classifier, "classifier");
        Linear last = lastLinear(classifier);
        Pass pass = run(classifier, realImages);
        return new SampleQuality(classifier, last.outFeatures(), FrechetDistance.statistics(pass.features));
    }

    /** Coverage, mean confidence and Fréchet distance of {@code images} (N, …), N ≥ 2, in the classifier's input range. */
    public Scores score(Tensor images) {
        Pass pass = run(classifier, images);
        int n = pass.probabilities.shape(0);
        double[] p = pass.probabilities.toDoubleArray();
        int[] counts = new int[numClasses];
        double confidence = 0;
        for (int i = 0; i < n; i++) {
            int top = 0;
            for (int c = 1; c < numClasses; c++) {
                if (p[i * numClasses + c] > p[i * numClasses + top]) {
                    top = c;
                }
            }
            double best = p[i * numClasses + top];
            confidence += best;
            if (best >= CONFIDENCE) {
                counts[top]++;
            }
        }
        int coverage = 0;
        for (int c : counts) {
            coverage += c > 0 ? 1 : 0;
        }
        double fd = FrechetDistance.of(real, FrechetDistance.statistics(pass.features));
        return new Scores(coverage, confidence / n, fd, counts);
    }

    /** The number of classes the classifier tells apart. */
    public int numClasses() {
        return numClasses;
    }

    /** The penultimate features (N, F) and the softmax probabilities (N, C) of one pass over the images. */
    private record Pass(Tensor features, Tensor probabilities) {
    }

    private static Pass run(Network classifier, Tensor x) {
        if (x.ndim() < 2 || x.shape(0) < 2) {
            throw new IllegalArgumentException("SampleQuality: expected a batch of at least 2 images (N, …), got "
                    + Shapes.format(x.shape()));
        }
        List<Layer> layers = classifier.layers().layers();
        classifier.layers().setTraining(false);
        int n = x.shape(0);
        Tensor[] features = new Tensor[(n + CHUNK - 1) / CHUNK], probabilities = new Tensor[features.length];
        for (int k = 0; k < features.length; k++) {
            Tensor h = x.slice(k * CHUNK, Math.min(n, (k + 1) * CHUNK));
            for (int i = 0; i < layers.size() - 1; i++) {
                h = layers.get(i).forward(h);
            }
            features[k] = h.flatten2d().copy();   // copied: a layer may reuse its output buffer in the next chunk
            probabilities[k] = softmax(layers.get(layers.size() - 1).forward(h));
        }
        return new Pass(Tensor.concat(0, features), Tensor.concat(0, probabilities));
    }

    private static Linear lastLinear(Network classifier) {
        List<Layer> layers = classifier.layers().layers();
        if (!(layers.get(layers.size() - 1) instanceof Linear last) || layers.size() < 2) {
            throw new IllegalArgumentException("SampleQuality: the classifier must end in a Linear layer (its input is the"
                    + " feature vector the Fréchet distance compares), but its last layer is " + layers.get(layers.size() - 1));
        }
        return last;
    }

    /** Row-wise softmax in double, shifted by the row maximum so that no exp overflows. */
    private static Tensor softmax(Tensor scores) {
        int n = scores.shape(0), c = scores.shape(1);
        double[] s = scores.toDoubleArray();
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, s[i * c + j]);
            }
            for (int j = 0; j < c; j++) {
                s[i * c + j] = Math.exp(s[i * c + j] - max);
                sum += s[i * c + j];
            }
            for (int j = 0; j < c; j++) {
                s[i * c + j] /= sum;
            }
        }
        return Tensor.of(s, n, c);
    }

    /**
     * The small convnet that judges MNIST-like samples when no classifier is given: conv 8 5×5 (pad 2) → ReLU →
     * max pool 2 → conv 16 5×5 (pad 2) → ReLU → max pool 2 → Linear(16·7·7, 64) → ReLU → Linear(64, classes); its
     * features are the 64 outputs of the hidden ReLU. Small on purpose: it trains to about 98 % on MNIST in one epoch.
     *
     * @param imageShape (C, H, W) with H and W divisible by 4
     */
    public static Network classifier(int[] imageShape, int classes, long seed) {
        if (imageShape.length != 3 || imageShape[1] % 4 != 0 || imageShape[2] % 4 != 0) {
            throw new IllegalArgumentException("SampleQuality.classifier: images must be (C, H, W) with H and W divisible"
                    + " by 4, got " + Shapes.format(imageShape));
        }
        Rng rng = new Rng(seed);
        int c = imageShape[0], h = imageShape[1] / 4, w = imageShape[2] / 4;
        return Network.builder().inputShape(imageShape)
                .add(new Conv2d(c, 8, 5, 1, 2, rng, DType.F32)).add(new ReLU()).add(new MaxPool2d(2, 2, 2))
                .add(new Conv2d(8, 16, 5, 1, 2, rng, DType.F32)).add(new ReLU()).add(new MaxPool2d(2, 2, 2))
                .add(new Flatten())
                .add(new Linear(16 * h * w, 64, rng, DType.F32)).add(new ReLU())
                .add(new Linear(64, classes, rng, DType.F32))
                .build();
    }

    /**
     * Trains {@link #classifier} on images {@code x} (N, C, H, W) in [0, 1] with labels {@code y} through the
     * {@link Solver}: Adam at 1e-3, batches of 100, {@code epochs} epochs, shuffled by {@code seed}.
     */
    public static Network trainClassifier(Tensor x, int[] y, int classes, int epochs, long seed, TrainingListener listener) {
        Network net = classifier(java.util.Arrays.copyOfRange(x.shape(), 1, x.ndim()), classes, seed);
        Solver.Builder b = Solver.builder(net).train(x.to(DType.F32), y).updateRule(new Adam(1e-3)).numEpochs(epochs)
                .batchSize(Math.min(100, x.shape(0))).seed(seed);
        if (listener != null) {
            b.listener(listener);
        }
        b.build().train();
        return net;
    }
}
