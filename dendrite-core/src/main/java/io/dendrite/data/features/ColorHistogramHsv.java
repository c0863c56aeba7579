package io.dendrite.data.features;

/**
 * Histogram of the hue of an RGB image, exactly as cs231n's {@code color_histogram_hsv(im, nbin, xmin, xmax,
 * normalized)} (assignment 1, {@code features.py}):
 * <pre>
 *   hsv  = matplotlib.colors.rgb_to_hsv(im / xmax) · xmax        (only the hue is used)
 *   hue  = ((h / 6) mod 1) with h = (G−B)/Δ if R is the maximum, 2 + (B−R)/Δ if G is, 4 + (R−G)/Δ if B is
 *          (later cases win ties, as in matplotlib); 0 for grey pixels (Δ = max − min = 0)
 *   bins = numpy.linspace(xmin, xmax, nbin + 1); bin k holds edges[k] ≤ v &lt; edges[k+1], the last also v = xmax
 *   normalized: counts / (number of pixels inside [xmin, xmax]) — numpy's density times the bin widths;
 *   otherwise:  counts · bin width (what cs231n's {@code imhist * np.diff(bin_edges)} gives without density)
 * </pre>
 * {@code xmax} is the largest pixel value of the images it is given: cs231n's default 255 for raw bytes,
 * {@link #forUnitRange()} (xmax 1) for Dendrite's datasets, whose pixels are scaled to [0, 1] — the hue does not
 * depend on the scale, so both give the same histogram of the same picture. Pixels outside [0, xmax] are refused,
 * as matplotlib refuses values outside [0, 1]. When no hue falls inside [xmin, xmax] (possible only with xmin &gt; 0)
 * the normalized histogram is all zeros, where numpy would divide by zero.
 */
public final class ColorHistogramHsv implements FeatureFunction {
    /** cs231n's defaults. */
    public static final int DEFAULT_NBIN = 10;
    public static final double DEFAULT_XMIN = 0, DEFAULT_XMAX = 255;

    private final int nbin;
    private final double xmin;
    private final double xmax;
    private final boolean normalized;
    private final double[] edges;

    /** cs231n's signature: {@code nbin} bins over [xmin, xmax], the pixel values lying in [0, xmax]. */
    public ColorHistogramHsv(int nbin, double xmin, double xmax, boolean normalized) {
        if (nbin < 1) {
            throw new IllegalArgumentException("hsv: invalid number of bins " + nbin + " (expected ≥ 1)");
        }
        if (!(xmax > 0) || !(xmin < xmax) || Double.isInfinite(xmax) || Double.isInfinite(xmin)) {
            throw new IllegalArgumentException("hsv: invalid range [" + xmin + ", " + xmax + "] (expected xmin < xmax, xmax > 0)");
        }
        this.nbin = nbin;
        this.xmin = xmin;
        this.xmax = xmax;
        this.normalized = normalized;
        this.edges = new double[nbin + 1];
        double step = (xmax - xmin) / nbin;                    // numpy.linspace: i·step + start, the last edge = stop
        for (int i = 0; i < nbin; i++) {
            edges[i] = i * step + xmin;
        }
        edges[nbin] = xmax;
    }

    /** cs231n's defaults: 10 bins over [0, 255], normalized, for images with pixel values 0–255. */
    public static ColorHistogramHsv cs231n() {
        return new ColorHistogramHsv(DEFAULT_NBIN, DEFAULT_XMIN, DEFAULT_XMAX, true);
    }

    /** 10 bins, normalized, for images with pixel values in [0, 1] (Dendrite's scaled datasets). */
    public static ColorHistogramHsv forUnitRange() {
        return new ColorHistogramHsv(DEFAULT_NBIN, 0, 1, true);
    }

    @Override
    public String name() {
        return "hsv";
    }

    @Override
    public int size(int channels, int height, int width) {
        if (channels != 3) {
            throw new IllegalArgumentException("hsv: the colour histogram needs RGB images (3 channels), got " + channels
                    + (channels == 1 ? " (grey images have no hue: use hog alone)" : ""));
        }
        return nbin;
    }

    @Override
    public void compute(float[] image, int offset, int channels, int height, int width, double[] out, int outOffset) {
        size(channels, height, width);
        int plane = height * width;
        long[] counts = new long[nbin];
        long inside = 0;
        for (int i = 0; i < plane; i++) {
            int p = offset + i;
            double v = hue(pixel(image[p]), pixel(image[p + plane]), pixel(image[p + 2 * plane])) * xmax;
            int k = bin(v);
            if (k >= 0) {
                counts[k]++;
                inside++;
            }
        }
        for (int k = 0; k < nbin; k++) {
            double width1 = edges[k + 1] - edges[k];
            out[outOffset + k] = normalized ? (inside == 0 ? 0 : (double) counts[k] / inside) : counts[k] * width1;
        }
    }

    private double pixel(float value) {
        if (!(value >= 0 && value <= xmax)) {
            throw new IllegalArgumentException("hsv: pixel value " + value + " is outside [0, " + xmax + "]"
                    + (value > xmax && xmax == 1 ? " — pass raw 0–255 images to ColorHistogramHsv.cs231n()" : "")
                    + (value < 0 ? " — extract features before standardizing the images" : ""));
        }
        return value / xmax;
    }

    /** matplotlib's {@code rgb_to_hsv} hue of one pixel with channels in [0, 1], in [0, 1). */
    static double hue(double r, double g, double b) {
        double max = Math.max(r, Math.max(g, b));
        double delta = max - Math.min(r, Math.min(g, b));
        double h = 0;
        if (delta > 0) {                                     // matplotlib assigns red, then green, then blue: last wins
            if (b == max) {
                h = 4.0 + (r - g) / delta;
            } else if (g == max) {
                h = 2.0 + (b - r) / delta;
            } else {
                h = (g - b) / delta;
            }
        }
        double m = (h / 6.0) % 1.0;                          // Python's modulo: the sign of the divisor
        return m < 0 ? m + 1.0 : m;
    }

    /** numpy.histogram's bin for v: edges[k] ≤ v &lt; edges[k+1], the last bin closed; −1 outside [xmin, xmax]. */
    private int bin(double v) {
        if (!(v >= edges[0] && v <= edges[nbin])) {
            return -1;
        }
        int k = (int) ((v - edges[0]) / (edges[nbin] - edges[0]) * nbin);
        if (k == nbin) {
            k--;
        }
        if (v < edges[k]) {
            k--;
        } else if (k != nbin - 1 && v >= edges[k + 1]) {
            k++;
        }
        return k;
    }

    @Override
    public String toString() {
        return "ColorHistogramHsv(" + nbin + " bins over [" + xmin + ", " + xmax + "]" + (normalized ? ", normalized" : "") + ")";
    }
}
