package io.dendrite.data;

import io.dendrite.tensor.Tensor;
import java.util.Arrays;

/**
 * A preprocessing step fitted on the training set and applied unchanged to validation and test
 * data: {@code x' = (x - mean) / std}, with statistics either per value (the cs231n mean image)
 * or per channel.
 *
 * <pre>{@code
 * Normalizer norm = Normalizer.meanImage(train);   // or Normalizer.perChannel(train)
 * train = norm.apply(train); val = norm.apply(val); test = norm.apply(test);
 * }</pre>
 *
 * <p>Channels are the first axis of the sample shape: C of (C, H, W) images; for feature vectors of
 * shape (D,) every feature is its own channel, so {@link #perChannel} standardizes each feature.
 */
public final class Normalizer {
    private final int[] sampleShape;
    private final float[] mean;
    private final float[] invStd;
    private final float[] std;
    /** Number of consecutive values that share one statistic: 1 per value, H*W per channel. */
    private final int block;

    private Normalizer(int[] sampleShape, float[] mean, float[] std, int block) {
        this.sampleShape = sampleShape;
        this.mean = mean;
        this.std = std;
        this.block = block;
        this.invStd = new float[std.length];
        for (int i = 0; i < std.length; i++) {
            invStd[i] = 1f / std[i];
        }
    }

    /**
     * A normalizer fitted earlier, from its {@link #mean()} and {@link #std()} values (as saved with a model):
     * one value per sample value (a mean image) or one per channel. The std must be positive and finite.
     */
    public static Normalizer of(int[] sampleShape, float[] mean, float[] std) {
        int size = 1;
        for (int d : sampleShape) {
            if (d < 1) {
                throw new IllegalArgumentException("Normalizer.of: invalid sample shape " + Dataset.shapeString(sampleShape));
            }
            size = Math.multiplyExact(size, d);
        }
        if (mean.length != std.length) {
            throw new IllegalArgumentException("Normalizer.of: " + mean.length + " means but " + std.length + " standard deviations");
        }
        boolean perValue = mean.length == size, perChannel = mean.length == sampleShape[0];
        if (!perValue && !perChannel) {
            throw new IllegalArgumentException("Normalizer.of: " + mean.length + " means fit neither every value ("
                    + size + ") nor every channel (" + sampleShape[0] + ") of samples " + Dataset.shapeString(sampleShape));
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || Float.isInfinite(std[i]) || !Float.isFinite(mean[i])) {
                throw new IllegalArgumentException("Normalizer.of: value " + i + " has mean " + mean[i] + " and std " + std[i]
                        + " (the mean must be finite, the std positive and finite)");
            }
        }
        return new Normalizer(sampleShape.clone(), mean.clone(), std.clone(), perValue ? 1 : size / mean.length);
    }

    /** cs231n's mean-image subtraction: subtracts the training set's mean of every value (no scaling). */
    public static Normalizer meanImage(Dataset train) {
        requireSamples(train, "meanImage");
        int d = train.sampleSize();
        double[] sum = new double[d];
        float[] x = train.data();
        for (int i = 0; i < train.size(); i++) {
            int off = i * d;
            for (int j = 0; j < d; j++) {
                sum[j] += x[off + j];
            }
        }
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (sum[j] / train.size());
        }
        float[] ones = new float[d];
        Arrays.fill(ones, 1f);
        return new Normalizer(train.sampleShape(), mean, ones, 1);
    }

    /**
     * Per-channel standardization: each channel gets zero mean and unit (population) standard
     * deviation over the training set; a constant channel keeps std 1 instead of dividing by zero.
     */
    public static Normalizer perChannel(Dataset train) {
        requireSamples(train, "perChannel");
        int[] shape = train.sampleShape();
        int c = shape[0];
        int block = train.sampleSize() / c;
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        float[] x = train.data();
        int d = train.sampleSize();
        // Two passes (mean, then squared deviations) keep the variance accurate in float data.
        for (int i = 0; i < train.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = i * d + ch * block;
                double s = 0;
                for (int k = 0; k < block; k++) {
                    s += x[off + k];
                }
                sum[ch] += s;
            }
        }
        long count = (long) train.size() * block;
        double[] m = new double[c];
        for (int ch = 0; ch < c; ch++) {
            m[ch] = sum[ch] / count;
        }
        for (int i = 0; i < train.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = i * d + ch * block;
                double s = 0;
                for (int k = 0; k < block; k++) {
                    double dev = x[off + k] - m[ch];
                    s += dev * dev;
                }
                sumSq[ch] += s;
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = (float) m[ch];
            double sd = Math.sqrt(sumSq[ch] / count);
            std[ch] = sd > 1e-12 ? (float) sd : 1f;
        }
        return new Normalizer(shape, mean, std, block);
    }

    private static void requireSamples(Dataset train, String what) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("Normalizer." + what + ": cannot fit on an empty dataset");
        }
    }

    /** {@code (x - mean) / std} for every sample, in a new Dataset. */
    public Dataset apply(Dataset ds) {
        if (!Arrays.equals(ds.sampleShape(), sampleShape)) {
            throw new IllegalArgumentException("Normalizer: fitted on samples of shape "
                    + Dataset.shapeString(sampleShape) + ", applied to " + Dataset.shapeString(ds.sampleShape()));
        }
        float[] x = ds.data();
        float[] out = new float[x.length];
        applyInto(x, out, ds.size());
        return new Dataset(out, sampleShape, ds.labels(), ds.numClasses(), ds.classNames());
    }

    /** Normalizes {@code n} samples from {@code in} into {@code out} (may be the same array). */
    public void applyInto(float[] in, float[] out, int n) {
        int d = Math.multiplyExact(mean.length, block);
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int s = 0; s < mean.length; s++) {
                float m = mean[s];
                float inv = invStd[s];
                int base = off + s * block;
                for (int k = 0; k < block; k++) {
                    out[base + k] = (in[base + k] - m) * inv;
                }
            }
        }
    }

    /** The fitted mean: shape sampleShape for {@link #meanImage}, (C,) for {@link #perChannel}. */
    public Tensor mean() {
        return block == 1 ? Tensor.of(mean.clone(), sampleShape.clone()) : Tensor.of(mean.clone(), mean.length);
    }

    /** The fitted standard deviation, shaped as {@link #mean()} (all ones for {@link #meanImage}). */
    public Tensor std() {
        return block == 1 ? Tensor.of(std.clone(), sampleShape.clone()) : Tensor.of(std.clone(), std.length);
    }

    @Override
    public String toString() {
        return block == 1 ? "Normalizer(mean image " + Dataset.shapeString(sampleShape) + ")"
                : "Normalizer(per channel, " + mean.length + " channels)";
    }
}
