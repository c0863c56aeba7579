package io.dendrite.visualize;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * How a picture's pixels become a network's inputs, so that an image grown by gradient steps stays a picture: a raw
 * pixel p lies in [low, high] (e.g. [0, 1] for data scaled by 1/255) and the network sees
 * {@code x = (p − mean_c) / std_c} per channel c. {@link #clamp} keeps x inside the range that allows, and
 * {@link #toUnit} maps x back to [0, 1] for display.
 *
 * <p>One mean and std serve every channel, or there is one per channel. Immutable.
 */
public final class PixelRange {
    /** Pixels in [0, 1], no normalization: what networks trained here on MNIST-like data take. */
    public static final PixelRange UNIT = new PixelRange(0, 1, new double[]{0}, new double[]{1});

    private final double low, high;
    private final double[] mean, std;

    private PixelRange(double low, double high, double[] mean, double[] std) {
        this.low = low;
        this.high = high;
        this.mean = mean;
        this.std = std;
    }

    /**
     * @param low  the smallest raw pixel value, finite
     * @param high the largest, finite and &gt; low
     * @param mean the normalization's mean: one value, or one per channel
     * @param std  its standard deviation, as many values as {@code mean}, each finite and &gt; 0
     */
    public static PixelRange of(double low, double high, double[] mean, double[] std) {
        if (!(low < high) || Double.isInfinite(high - low)) {
            throw new IllegalArgumentException("invalid pixel range [" + low + ", " + high + "] (need finite low < high)");
        }
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs as many means as stds, at least one, got "
                    + (mean == null ? "none" : mean.length) + " and " + (std == null ? "none" : std.length));
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || Double.isInfinite(std[c]) || !Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("invalid normalization for channel " + c + ": mean " + mean[c]
                        + ", std " + std[c] + " (need a finite mean and a finite std > 0)");
            }
        }
        return new PixelRange(low, high, mean.clone(), std.clone());
    }

    /** The same normalization for pixels in [low, high]. */
    public PixelRange pixels(double newLow, double newHigh) {
        return of(newLow, newHigh, mean, std);
    }

    /** The same pixel range with another normalization. */
    public PixelRange normalization(double[] newMean, double[] newStd) {
        return of(low, high, newMean, newStd);
    }

    /** The smallest network input channel {@code c} can hold: (low − mean_c) / std_c. */
    public double low(int c) {
        return (low - mean(c)) / std(c);
    }

    /** The largest network input channel {@code c} can hold: (high − mean_c) / std_c. */
    public double high(int c) {
        return (high - mean(c)) / std(c);
    }

    /** Throws, naming both, when the normalization has per-channel values that do not match {@code channels}. */
    void requireChannels(String op, int channels) {
        if (mean.length != 1 && mean.length != channels) {
            throw new IllegalArgumentException(op + ": the normalization has " + mean.length + " channels but the images"
                    + " have " + channels);
        }
    }

    /** Clamps images (N, C, H, W) in place, channel by channel, to [low(c), high(c)]; returns them. */
    public Tensor clamp(Tensor images) {
        requireImages("clamp", images);
        requireChannels("PixelRange.clamp", images.shape(1));
        int N = images.shape(0), C = images.shape(1), plane = images.shape(2) * images.shape(3);
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                double lo = low(c), hi = high(c);
                for (int k = (n * C + c) * plane; k < (n * C + c + 1) * plane; k++) {
                    images.setFlat(k, Math.min(hi, Math.max(lo, images.getFlat(k))));
                }
            }
        }
        return images;
    }

    /**
     * Network inputs (N, C, H, W) as pixels in [0, 1] for display: {@code (x·std_c + mean_c − low) / (high − low)},
     * not clipped (a fooling image may leave the range; whoever draws it clips). A new F64 tensor.
     */
    public Tensor toUnit(Tensor images) {
        requireImages("toUnit", images);
        requireChannels("PixelRange.toUnit", images.shape(1));
        int C = images.shape(1), plane = images.shape(2) * images.shape(3);
        double[] v = images.toDoubleArray();
        for (int k = 0; k < v.length; k++) {
            int c = (k / plane) % C;
            v[k] = (v[k] * std(c) + mean(c) - low) / (high - low);
        }
        return Tensor.of(v, images.shape());
    }

    /**
     * Pixels in [0, 1] (N, C, H, W) as network inputs: the inverse of {@link #toUnit}. A new F64 tensor.
     */
    public Tensor fromUnit(Tensor pixels) {
        requireImages("fromUnit", pixels);
        requireChannels("PixelRange.fromUnit", pixels.shape(1));
        int C = pixels.shape(1), plane = pixels.shape(2) * pixels.shape(3);
        double[] v = pixels.toDoubleArray();
        for (int k = 0; k < v.length; k++) {
            int c = (k / plane) % C;
            v[k] = (low + v[k] * (high - low) - mean(c)) / std(c);
        }
        return Tensor.of(v, pixels.shape());
    }

    private double mean(int c) {
        return mean[mean.length == 1 ? 0 : c];
    }

    private double std(int c) {
        return std[std.length == 1 ? 0 : c];
    }

    private static void requireImages(String op, Tensor x) {
        if (x.ndim() != 4) {
            throw new IllegalArgumentException("PixelRange." + op + ": expected images (N, C, H, W), got "
                    + Shapes.format(x.shape()));
        }
    }

    @Override
    public String toString() {
        return "PixelRange[" + low + ", " + high + "], mean " + java.util.Arrays.toString(mean) + ", std "
                + java.util.Arrays.toString(std);
    }
}
