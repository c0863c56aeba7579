package io.dendrite.data;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Labelled samples — images or feature vectors — stored compactly in one {@code float[]} of
 * {@code size() × sampleSize()} values, with a sample shape such as (1, 28, 28), (784,),
 * (3, 32, 32) or (2,), integer labels in {@code [0, numClasses)} and optional class names.
 *
 * <p>A Dataset is immutable in its API: every transformation (subset, shuffle, reshape,
 * preprocessing) returns a new Dataset. Reshaping ({@link #flatten()}, {@link #asImages}) shares
 * the value array; everything else copies. {@link #x()} wraps the shared array without copying, so
 * a caller must not write into that tensor.
 */
public final class Dataset {
    private final float[] data;
    private final int[] sampleShape;
    private final int sampleSize;
    private final int[] labels;
    private final int numClasses;
    private final List<String> classNames;

    /**
     * @param data        {@code labels.length × product(sampleShape)} values, row-major; not copied
     * @param sampleShape the shape of one sample, e.g. {1, 28, 28} or {784}
     * @param labels      one label per sample in {@code [0, numClasses)}; not copied
     * @param numClasses  number of classes, at least 1
     */
    public Dataset(float[] data, int[] sampleShape, int[] labels, int numClasses) {
        this(data, sampleShape, labels, numClasses, List.of());
    }

    /** As {@link #Dataset(float[], int[], int[], int)}, with one name per class (or an empty list). */
    public Dataset(float[] data, int[] sampleShape, int[] labels, int numClasses, List<String> classNames) {
        if (sampleShape.length == 0) {
            throw new IllegalArgumentException("Dataset: sample shape must have at least one dimension, got ()");
        }
        long size = 1;
        for (int d : sampleShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("Dataset: sample shape " + shapeString(sampleShape)
                        + " has a non-positive dimension");
            }
            size *= d;
        }
        if (size * labels.length != data.length) {
            throw new IllegalArgumentException("Dataset: " + labels.length + " labels with sample shape "
                    + shapeString(sampleShape) + " need " + size * labels.length + " values, got "
                    + data.length);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("Dataset: numClasses must be at least 1, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("Dataset: label " + labels[i] + " of sample " + i
                        + " is outside the class range [0, " + numClasses + ")");
            }
        }
        if (!classNames.isEmpty() && classNames.size() != numClasses) {
            throw new IllegalArgumentException("Dataset: " + classNames.size() + " class names for "
                    + numClasses + " classes");
        }
        this.data = data;
        this.sampleShape = sampleShape.clone();
        this.sampleSize = (int) size;
        this.labels = labels;
        this.numClasses = numClasses;
        this.classNames = List.copyOf(classNames);
    }

    /** A Dataset from features of shape (N, ...) — any dtype, copied to float — and N labels. */
    public static Dataset of(Tensor x, int[] labels, int numClasses) {
        int[] shape = x.shape();
        if (shape.length < 2 || shape[0] != labels.length) {
            throw new IllegalArgumentException("Dataset.of: features of shape " + shapeString(shape)
                    + " need a first axis of " + labels.length + " (one row per label) and at least 2 axes");
        }
        return new Dataset(x.toFloatArray(), Arrays.copyOfRange(shape, 1, shape.length), labels.clone(),
                numClasses);
    }

    // ---- basic accessors

    /** Number of samples N. */
    public int size() {
        return labels.length;
    }

    /** The shape of one sample (a copy). */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Number of values in one sample. */
    public int sampleSize() {
        return sampleSize;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** The label of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** One name per class, or an empty list when the classes have no names. */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The backing array, {@code size() × sampleSize()} values row-major. Shared, not copied: it is
     * there for fast copying into batches; never write into it.
     */
    public float[] data() {
        return data;
    }

    /** A copy of the values of sample {@code i}. */
    public float[] sample(int i) {
        return Arrays.copyOfRange(data, i * sampleSize, (i + 1) * sampleSize);
    }

    /** Features as an F32 tensor of shape (N, ...sampleShape), wrapping the shared array (do not write into it). */
    public Tensor x() {
        return Tensor.of(data, fullShape(size()));
    }

    /** Features as a tensor of the given dtype; F64 is a fresh copy. */
    public Tensor x(DType dtype) {
        return dtype == DType.F32 ? x() : x().to(dtype);
    }

    /** Labels one-hot encoded as an F32 tensor of shape (N, numClasses). */
    public Tensor oneHot() {
        return oneHot(DType.F32);
    }

    /** Labels one-hot encoded as a tensor of shape (N, numClasses). */
    public Tensor oneHot(DType dtype) {
        int n = size();
        if (dtype == DType.F64) {
            double[] t = new double[n * numClasses];
            for (int i = 0; i < n; i++) {
                t[i * numClasses + labels[i]] = 1;
            }
            return Tensor.of(t, n, numClasses);
        }
        float[] t = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            t[i * numClasses + labels[i]] = 1;
        }
        return Tensor.of(t, n, numClasses);
    }

    /** Number of samples of each class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /** (n, ...sampleShape). */
    int[] fullShape(int n) {
        return Shapes.batch(n, sampleShape);
    }

    // ---- selection

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("Dataset.subset(" + from + ", " + to + ") on a dataset of "
                    + size() + " samples");
        }
        return new Dataset(Arrays.copyOfRange(data, from * sampleSize, to * sampleSize), sampleShape,
                Arrays.copyOfRange(labels, from, to), numClasses, classNames);
    }

    /** The samples at {@code indices}, in that order (repeats allowed), copied. */
    public Dataset subset(int[] indices) {
        float[] d = new float[indices.length * sampleSize];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("Dataset.subset: index " + i + " at position " + k
                        + " is outside [0, " + size() + ")");
            }
            System.arraycopy(data, i * sampleSize, d, k * sampleSize, sampleSize);
            y[k] = labels[i];
        }
        return new Dataset(d, sampleShape, y, numClasses, classNames);
    }

    /** The same samples in a random order drawn from {@code rng}. */
    public Dataset shuffled(Rng rng) {
        return subset(rng.permutation(size()));
    }

    /** Two disjoint parts, as returned by {@link #split}. */
    public record Split(Dataset train, Dataset val) {}

    /**
     * The first {@code trainCount} samples as train, the next {@code valCount} as validation
     * (cs231n's {@code range(num_training)}, {@code range(num_training, num_training + num_validation)}).
     */
    public Split split(int trainCount, int valCount) {
        checkSplit(trainCount, valCount);
        return new Split(subset(0, trainCount), subset(trainCount, trainCount + valCount));
    }

    /** A seeded random split: samples shuffled with {@code new Rng(seed)}, then split as {@link #split(int, int)}. */
    public Split split(int trainCount, int valCount, long seed) {
        checkSplit(trainCount, valCount);
        int[] p = new Rng(seed).permutation(size());
        return new Split(subset(Arrays.copyOfRange(p, 0, trainCount)),
                subset(Arrays.copyOfRange(p, trainCount, trainCount + valCount)));
    }

    private void checkSplit(int trainCount, int valCount) {
        if (trainCount < 0 || valCount < 0 || (long) trainCount + valCount > size()) {
            throw new IllegalArgumentException("Dataset.split: " + trainCount + " train + " + valCount
                    + " validation samples requested, the dataset has " + size());
        }
    }

    // ---- views

    /** The same data with sample shape (D,), D = sampleSize(); shares the value array. */
    public Dataset flatten() {
        return reshapeSamples(sampleSize);
    }

    /** The same data with sample shape (C, H, W); shares the value array. */
    public Dataset asImages(int channels, int height, int width) {
        return reshapeSamples(channels, height, width);
    }

    /** The same data with another sample shape of the same size; shares the value array. */
    public Dataset reshapeSamples(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != sampleSize) {
            throw new IllegalArgumentException("Dataset: cannot view samples of shape " + shapeString(sampleShape)
                    + " (" + sampleSize + " values) as " + shapeString(shape) + " (" + n + " values)");
        }
        return new Dataset(data, shape, labels, numClasses, classNames);
    }

    /** The same samples with class names attached. */
    public Dataset withClassNames(List<String> names) {
        return new Dataset(data, sampleShape, labels, numClasses, names);
    }

    // ---- preprocessing

    /** Every value multiplied by {@code factor}, in a new array. */
    public Dataset scaled(double factor) {
        float f = (float) factor;
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] * f;
        }
        return new Dataset(d, sampleShape, labels, numClasses, classNames);
    }

    /**
     * Byte data (0..255) divided by 255 into [0, 1], as the book's {@code normalize=True}.
     *
     * @throws IllegalStateException when a value lies outside [0, 255] — the data is not byte data
     *                               (already scaled, or standardized)
     */
    public Dataset toUnitRange() {
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (!(v >= 0 && v <= 255)) {
                throw new IllegalStateException("Dataset.toUnitRange: expects byte data in [0, 255], found "
                        + v + " at sample " + (i / sampleSize) + " — already scaled or standardized?");
            }
        }
        return scaled(1.0 / 255.0);
    }

    /** Mean of all values (in double). */
    public double mean() {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return data.length == 0 ? 0 : s / data.length;
    }

    @Override
    public String toString() {
        return "Dataset(" + size() + " samples of shape " + shapeString(sampleShape) + ", " + numClasses
                + " classes)";
    }

    static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
