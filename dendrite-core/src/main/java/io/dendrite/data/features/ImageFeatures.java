package io.dendrite.data.features;

import io.dendrite.data.Dataset;
import io.dendrite.data.Normalizer;
import io.dendrite.data.TrainValTest;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.kernel.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Feature extraction over a dataset, as cs231n's {@code extract_features} followed by the notebook's preprocessing:
 * every feature function is applied to every image, the vectors are concatenated in the order of the list, and the
 * result is standardized with the training set's per-feature mean and standard deviation:
 * <pre>{@code
 * List<FeatureFunction> fns = List.of(new Hog(), ColorHistogramHsv.forUnitRange());   // or ImageFeatures.parse("hog,hsv")
 * ImageFeatures.Standardized f = ImageFeatures.extractStandardized(split, fns);
 * Network net = LinearClassifier.builder().inputDim(f.data().train().sampleSize()) ... ;
 * }</pre>
 * Images are processed in parallel ({@link Parallel}, {@code --threads}); each image's features depend on that image
 * alone, so the result is the same on any number of threads.
 *
 * <p>Standardization uses {@link Normalizer#perChannel} on the (F,) feature vectors: mean and population standard
 * deviation per feature (numpy's {@code np.std}); a feature that is constant over the training set keeps std 1, where
 * cs231n's notebook would divide by zero. cs231n then appends a column of ones because its linear classifier has no
 * bias; Dendrite's {@code Linear} layer has one, so no bias column is appended.
 */
public final class ImageFeatures {
    /** Images per parallel chunk at least. */
    private static final int GRAIN = 64;

    private ImageFeatures() {
    }

    /** Training, validation and test features, standardized, and the standardization (fitted on the training set). */
    public record Standardized(TrainValTest data, Normalizer normalizer) {
    }

    /** The names {@link #byName} knows. */
    public static List<String> names() {
        return List.of("hog", "hsv");
    }

    /**
     * A feature function by name: "hog" ({@link Hog}) or "hsv" ({@link ColorHistogramHsv#forUnitRange()}, for
     * Dendrite's datasets with pixels in [0, 1]).
     */
    public static FeatureFunction byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "hog" -> new Hog();
            case "hsv" -> ColorHistogramHsv.forUnitRange();
            default -> throw new IllegalArgumentException("unknown feature '" + name.trim() + "' (expected hog or hsv)");
        };
    }

    /** A comma-separated list of names ("hog,hsv") as feature functions, in that order. */
    public static List<FeatureFunction> parse(String names) {
        List<FeatureFunction> fns = new ArrayList<>();
        for (String n : names.split(",")) {
            if (!n.isBlank()) {
                fns.add(byName(n));
            }
        }
        if (fns.isEmpty()) {
            throw new IllegalArgumentException("no features in '" + names + "' (expected e.g. hog or hog,hsv)");
        }
        return fns;
    }

    /** The names of the functions, comma-separated: the inverse of {@link #parse}. */
    public static String describe(List<FeatureFunction> fns) {
        return fns.stream().map(FeatureFunction::name).collect(Collectors.joining(","));
    }

    /** The total length of the concatenated features for images of shape (C, H, W); checks every function accepts them. */
    public static int size(int[] imageShape, List<FeatureFunction> fns) {
        if (imageShape.length != 3) {
            throw new IllegalArgumentException("image features need images of shape (C, H, W), got samples of shape "
                    + Shapes.format(imageShape));
        }
        if (fns.isEmpty()) {
            throw new IllegalArgumentException("no feature functions given");
        }
        int total = 0;
        for (FeatureFunction f : fns) {
            total += f.size(imageShape[0], imageShape[1], imageShape[2]);
        }
        return total;
    }

    /** The raw (not standardized) features of every image: a dataset of shape (N, F) with the same labels and class names. */
    public static Dataset extract(Dataset images, List<FeatureFunction> fns) {
        int[] shape = images.sampleShape();
        int f = size(shape, fns);
        float[] out = extract(images.data(), images.size(), shape, fns);
        return new Dataset(out, new int[]{f}, images.labels(), images.numClasses(), images.classNames());
    }

    /**
     * The raw features of {@code n} images stored one after another in {@code pixels} (each of shape {@code imageShape}),
     * as {@code n × F} values row-major.
     */
    public static float[] extract(float[] pixels, int n, int[] imageShape, List<FeatureFunction> fns) {
        int f = size(imageShape, fns);
        int c = imageShape[0], h = imageShape[1], w = imageShape[2];
        int sampleSize = c * h * w;
        if ((long) n * sampleSize != pixels.length) {
            throw new IllegalArgumentException(n + " images of shape " + Shapes.format(imageShape) + " need "
                    + (long) n * sampleSize + " values, got " + pixels.length);
        }
        float[] out = new float[Math.multiplyExact(n, f)];
        Parallel.forRange(n, GRAIN, (from, to) -> {
            double[] row = new double[f];
            for (int i = from; i < to; i++) {
                int k = 0;
                for (FeatureFunction fn : fns) {
                    fn.compute(pixels, i * sampleSize, c, h, w, row, k);
                    k += fn.size(c, h, w);
                }
                for (int j = 0; j < f; j++) {
                    out[i * f + j] = (float) row[j];
                }
            }
        });
        return out;
    }

    /** Features of the three splits, standardized with statistics fitted on the training features. */
    public static Standardized extractStandardized(TrainValTest images, List<FeatureFunction> fns) {
        Dataset train = extract(images.train(), fns);
        Normalizer norm = Normalizer.perChannel(train);
        return new Standardized(new TrainValTest(norm.apply(train), norm.apply(extract(images.val(), fns)),
                norm.apply(extract(images.test(), fns))), norm);
    }

    /** Features of the three splits standardized with a given normalizer (a saved model's), so that evaluation matches training. */
    public static TrainValTest extract(TrainValTest images, List<FeatureFunction> fns, Normalizer norm) {
        return new TrainValTest(norm.apply(extract(images.train(), fns)), norm.apply(extract(images.val(), fns)),
                norm.apply(extract(images.test(), fns)));
    }
}
