package io.dendrite.viz;

import io.dendrite.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Convolution filters as a grid of small images, as cs231n's {@code visualize_grid} shows a first
 * layer's weights.
 *
 * <p>Input is a filter bank of shape {@code (F, C, HH, WW)} (NCHW, Dendrite's Conv2d weight
 * layout) with {@code C = 1} (grayscale) or {@code C = 3} (RGB). Each filter is min-max normalized
 * on its own, over all its channels together (so the relative strength of the color channels
 * survives), to [0, 255]; a constant filter becomes mid-gray. Filters are enlarged by nearest
 * neighbour ({@code scale} pixels per weight) and placed row by row in a grid of
 * {@code ceil(sqrt(F))} columns, with {@code padding} white pixels around and between them, so
 * the image is {@code cols·WW·scale + (cols+1)·padding} wide and
 * {@code rows·HH·scale + (rows+1)·padding} high.
 */
public final class FilterGrid {
    /** Default enlargement: a 5×5 filter becomes 40×40 pixels. */
    public static final int DEFAULT_SCALE = 8;
    /** Default white border around and between filters, in pixels. */
    public static final int DEFAULT_PADDING = 2;
    /** Largest image side this will produce; more means a wrong shape or scale, not a plot. */
    static final int MAX_SIDE = 16_384;

    private FilterGrid() {
    }

    /**
     * Renders a filter bank, e.g. a first Conv2d layer's weight.
     *
     * @param filters shape {@code (F, C, HH, WW)} with C = 1 or 3, F32 or F64
     * @param scale   pixels per weight, in [1, 64]
     * @param padding pixels between filters, in [0, 64]
     */
    public static BufferedImage render(Tensor filters, int scale, int padding) {
        Checks.notNull(filters, "filters");
        return render(filters.toDoubleArray(), filters.shape(), scale, padding);
    }

    /** Renders with the default scale and padding and writes the grid as PNG. */
    public static Path write(Tensor filters, Path out) {
        return write(filters, DEFAULT_SCALE, DEFAULT_PADDING, out);
    }

    /** Renders and writes the grid as PNG; {@code out} must end in {@code .png}. */
    public static Path write(Tensor filters, int scale, int padding, Path out) {
        Checks.notNull(filters, "filters");
        return write(filters.toDoubleArray(), filters.shape(), scale, padding, out);
    }

    /**
     * Renders a filter bank given as a row-major array and its shape.
     *
     * @param weights row-major values of shape {@code (F, C, HH, WW)}
     * @param shape   {@code {F, C, HH, WW}} with C = 1 or 3
     * @param scale   pixels per weight, in [1, 64]
     * @param padding pixels between filters, in [0, 64]
     */
    public static BufferedImage render(double[] weights, int[] shape, int scale, int padding) {
        Headless.ensure();
        Checks.notNull(weights, "weights");
        Checks.notNull(shape, "shape");
        if (shape.length != 4) {
            throw new IllegalArgumentException("filters must have shape (F, C, HH, WW), got "
                    + Arrays.toString(shape) + " with " + shape.length + " axes");
        }
        int f = shape[0];
        int c = shape[1];
        int hh = shape[2];
        int ww = shape[3];
        if (f <= 0 || hh <= 0 || ww <= 0) {
            throw new IllegalArgumentException("filters of shape " + Arrays.toString(shape)
                    + " are empty: F, HH and WW must be positive");
        }
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("filters of shape " + Arrays.toString(shape) + " have C = " + c
                    + " channels; only 1 (grayscale) or 3 (RGB) can be shown — pass a first layer's weights");
        }
        if ((long) f * c * hh * ww != weights.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + ((long) f * c * hh * ww)
                    + " values but the array has " + weights.length);
        }
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("scale must be in [1, 64] pixels per weight, got " + scale);
        }
        if (padding < 0 || padding > 64) {
            throw new IllegalArgumentException("padding must be in [0, 64] pixels, got " + padding);
        }
        Checks.finite(weights, "filter weights");
        int cols = (int) Math.ceil(Math.sqrt(f));
        int rows = (f + cols - 1) / cols;
        long width = (long) cols * ww * scale + (long) (cols + 1) * padding;
        long height = (long) rows * hh * scale + (long) (rows + 1) * padding;
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("a grid of " + f + " filters of " + hh + "x" + ww + " at scale " + scale
                    + " would be " + width + "x" + height + " pixels, over the " + MAX_SIDE + " limit: lower the scale");
        }
        BufferedImage image = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[(int) width];
        Arrays.fill(row, 0xFFFFFF);
        for (int y = 0; y < height; y++) {
            image.setRGB(0, y, (int) width, 1, row, 0, (int) width);
        }
        int per = c * hh * ww;
        java.awt.Graphics2D g = image.createGraphics();
        try {
            for (int k = 0; k < f; k++) {
                double[] lohi = Pixels.range(weights, k * per, per);   // each filter on its own scale
                int x0 = padding + (k % cols) * (ww * scale + padding);
                int y0 = padding + (k / cols) * (hh * scale + padding);
                g.drawImage(Pixels.render(weights, k * per, c, hh, ww, lohi[0], lohi[1], scale), x0, y0, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders with the default scale and padding and writes the grid as PNG. */
    public static Path write(double[] weights, int[] shape, Path out) {
        return write(weights, shape, DEFAULT_SCALE, DEFAULT_PADDING, out);
    }

    /** Renders and writes the grid as PNG; {@code out} must end in {@code .png}. */
    public static Path write(double[] weights, int[] shape, int scale, int padding, Path out) {
        Checks.notNull(out, "out");
        if (Format.of(out) != Format.PNG) {
            throw new IllegalArgumentException("filter grids are bitmaps: '" + out + "' must end in .png");
        }
        return FigureWriter.writePng(render(weights, shape, scale, padding), out);
    }
}
