package io.dendrite.viz;

import java.awt.image.BufferedImage;

/**
 * Values to pixels: one (C, H, W) image of a row-major array, C = 1 (grey) or 3 (RGB), mapped linearly from
 * [lo, hi] to 0–255 (clipped) and enlarged by nearest neighbour, or one (H, W) map through the "hot" colour map.
 * What filter grids, class templates and image grids draw with.
 */
final class Pixels {
    private Pixels() {
    }

    /** {min, max} of {@code n} values from {@code offset}. */
    static double[] range(double[] v, int offset, int n) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        return new double[]{lo, hi};
    }

    /**
     * The image at {@code v[offset …]}, (C, H, W) row-major, each value v shown as round(255·(v − lo)/(hi − lo))
     * clipped to 0–255; every pixel mid-grey when hi ≤ lo (a constant image). Enlarged {@code scale} times.
     */
    static BufferedImage render(double[] v, int offset, int c, int h, int w, double lo, double hi, int scale) {
        BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        double range = hi - lo;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    double value = v[offset + ((c == 1 ? 0 : ch) * h + y) * w + x];
                    rgb = (rgb << 8) | (range > 0 ? level(255 * (value - lo) / range) : 128);
                }
                fill(image, x, y, scale, rgb);
            }
        }
        return image;
    }

    /**
     * The map at {@code v[offset …]}, (H, W) row-major, through matplotlib's "hot" colour map (black, red, yellow,
     * white) from lo to hi — how cs231n shows saliency maps. Black everywhere when hi ≤ lo.
     */
    static BufferedImage heat(double[] v, int offset, int h, int w, double lo, double hi, int scale) {
        BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        double range = hi - lo;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = range > 0 ? Math.max(0, Math.min(1, (v[offset + y * w + x] - lo) / range)) : 0;
                // hot: red rises over the first third, green over the second, blue over the last
                int rgb = level(255 * 3 * t) << 16 | level(255 * (3 * t - 1)) << 8 | level(255 * (3 * t - 2));
                fill(image, x, y, scale, rgb);
            }
        }
        return image;
    }

    private static int level(double v) {
        return (int) Math.round(Math.max(0, Math.min(255, v)));
    }

    private static void fill(BufferedImage image, int x, int y, int scale, int rgb) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                image.setRGB(x * scale + dx, y * scale + dy, rgb);
            }
        }
    }
}
