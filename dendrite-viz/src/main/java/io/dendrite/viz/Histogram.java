package io.dendrite.viz;

/**
 * Equal-width bins over [lo, hi]: bin {@code k} holds values in {@code [lo + k·w, lo + (k+1)·w)},
 * except that the last bin also holds {@code hi}, as numpy's {@code histogram} does.
 *
 * @param edges  {@code bins + 1} bin edges
 * @param counts {@code bins} counts
 */
record Histogram(double[] edges, long[] counts) {

    static Histogram of(double[] values, double lo, double hi, int bins) {
        Checks.notNull(values, "values");
        Checks.positive(bins, "bins");
        if (!(lo < hi)) {
            throw new IllegalArgumentException("histogram range [" + lo + ", " + hi + "] is empty");
        }
        double[] edges = Contours.evenlySpaced(lo, hi, bins + 1);
        long[] counts = new long[bins];
        double scale = bins / (hi - lo);
        for (double v : values) {
            if (v < lo || v > hi || Double.isNaN(v)) {
                continue;
            }
            int k = (int) ((v - lo) * scale);
            counts[Math.min(k, bins - 1)]++;
        }
        return new Histogram(edges, counts);
    }

    /** The outline of the bars as a polygon from (lo, 0) to (hi, 0), for an area series. */
    double[][] outline() {
        int bins = counts.length;
        double[] x = new double[2 * bins + 2];
        double[] y = new double[2 * bins + 2];
        x[0] = edges[0];
        for (int k = 0; k < bins; k++) {
            x[2 * k + 1] = edges[k];
            y[2 * k + 1] = counts[k];
            x[2 * k + 2] = edges[k + 1];
            y[2 * k + 2] = counts[k];
        }
        x[2 * bins + 1] = edges[bins];
        return new double[][] {x, y};
    }
}
