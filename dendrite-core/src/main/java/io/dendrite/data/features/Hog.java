package io.dendrite.data.features;

/**
 * Histogram of oriented gradients exactly as cs231n's {@code hog_feature} (assignment 1, {@code features.py}) computes
 * it — a simplified HOG without blocks or block normalization:
 * <pre>
 *   grey  = the image itself (C = 1), or 0.299·R + 0.587·G + 0.144·B (C = 3: cs231n's {@code rgb2gray} weights, whose
 *           0.144 stands where the usual luma weight is 0.114; kept so that the features match the course's)
 *   gx[y][x] = grey[y][x+1] − grey[y][x]   (0 in the last column: {@code np.diff} along x, zero-padded)
 *   gy[y][x] = grey[y+1][x] − grey[y][x]   (0 in the last row)
 *   magnitude   = √(gx² + gy²)
 *   orientation = atan2(gy, gx + 1e-15)·180/π + 90          in (−90°, 270°]
 *   bin b (0 … 8) holds the pixels with 20·b ≤ orientation &lt; 20·(b+1) and orientation &gt; 0
 *   feature(cell, b) = mean over the cell's 8×8 pixels of magnitude·[pixel in bin b]
 * </pre>
 * cs231n takes the cell means from {@code uniform_filter(size=8)} sampled at the cell centres (4, 12, 20, …); its
 * window there covers exactly the cell's 8×8 pixels, so the mean over the cell is the same number. Only whole cells
 * count: an image of H×W pixels has ⌊H/8⌋·⌊W/8⌋ cells and 9 features per cell (28×28 MNIST: 81 features, 32×32
 * CIFAR-10: 144). Features are ordered as cs231n's {@code ravel()} of its transposed cell grid: cell column outermost,
 * then cell row, then bin.
 *
 * <p>What follows from the formula, faithfully kept: orientations are those of the gradient vector, not folded modulo
 * 180°, so only gradients whose x component is not negative land in a bin (gx &lt; 0 gives an orientation below 0° or
 * above 180°): an edge that gets brighter to the right counts fully, one that gets darker to the right counts nothing.
 * With gx = 0 the 1e-15 decides: a vertical gradient lands a hair inside [0°, 180°] — bin 0 (gy &lt; 0) or bin 8
 * (gy &gt; 0) — unless rounding puts it exactly on 0° or 180° (large |gy|), where it is dropped. Flat regions have zero
 * magnitude and add nothing.
 *
 * <p>Deliberate differences, none of which changes a value cs231n computes: grey (1-channel) images work (cs231n's
 * grey branch calls a numpy function that does not exist); images whose side is not a multiple of 8 use the whole
 * cells (cs231n fails with a shape error when a side leaves more than 4 pixels over) and need not be square; the
 * arithmetic is double, on the pixel values as given (HOG scales with them: HOG(a·x) = a·HOG(x)).
 */
public final class Hog implements FeatureFunction {
    /** cs231n's number of orientation bins over 0–180°. */
    public static final int ORIENTATIONS = 9;
    /** cs231n's cell size in pixels (8×8). */
    public static final int CELL = 8;
    /** cs231n's rgb2gray weights (sic: 0.144 for blue). */
    static final double RED = 0.299, GREEN = 0.587, BLUE = 0.144;
    private static final double BIN_WIDTH = 180.0 / ORIENTATIONS;

    @Override
    public String name() {
        return "hog";
    }

    @Override
    public int size(int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("hog: needs grey (1 channel) or RGB (3 channels) images, got " + channels
                    + " channels");
        }
        if (height < CELL || width < CELL) {
            throw new IllegalArgumentException("hog: images of " + height + "×" + width + " pixels hold no " + CELL + "×"
                    + CELL + " cell");
        }
        return (height / CELL) * (width / CELL) * ORIENTATIONS;
    }

    @Override
    public void compute(float[] image, int offset, int channels, int height, int width, double[] out, int outOffset) {
        size(channels, height, width);
        int plane = height * width;
        double[] grey = new double[plane];
        for (int i = 0; i < plane; i++) {
            int p = offset + i;
            grey[i] = channels == 1 ? image[p]
                    : RED * image[p] + GREEN * image[p + plane] + BLUE * image[p + 2 * plane];
        }
        int cellRows = height / CELL, cellCols = width / CELL;
        double[] sums = new double[cellRows * cellCols * ORIENTATIONS];   // (cellRow, cellCol, bin)
        for (int y = 0; y < cellRows * CELL; y++) {
            for (int x = 0; x < cellCols * CELL; x++) {
                int i = y * width + x;
                double gx = x < width - 1 ? grey[i + 1] - grey[i] : 0;
                double gy = y < height - 1 ? grey[i + width] - grey[i] : 0;
                double magnitude = Math.sqrt(gx * gx + gy * gy);
                double orientation = Math.atan2(gy, gx + 1e-15) * (180 / Math.PI) + 90;
                int bin = bin(orientation);
                if (bin >= 0) {
                    sums[((y / CELL) * cellCols + x / CELL) * ORIENTATIONS + bin] += magnitude;
                }
            }
        }
        double cellArea = CELL * CELL;
        int k = outOffset;
        for (int cx = 0; cx < cellCols; cx++) {                 // cs231n's transposed grid: cell column outermost
            for (int cy = 0; cy < cellRows; cy++) {
                for (int b = 0; b < ORIENTATIONS; b++) {
                    out[k++] = sums[(cy * cellCols + cx) * ORIENTATIONS + b] / cellArea;
                }
            }
        }
    }

    /** The bin b with 20·b ≤ orientation &lt; 20·(b+1) and orientation &gt; 0, or −1 (cs231n's two {@code np.where}s). */
    static int bin(double orientation) {
        if (!(orientation > 0) || !(orientation < 180)) {
            return -1;
        }
        int b = (int) (orientation / BIN_WIDTH);
        if (b > 0 && orientation < BIN_WIDTH * b) {          // the same comparisons as cs231n, never a rounded quotient
            b--;
        } else if (b < ORIENTATIONS - 1 && orientation >= BIN_WIDTH * (b + 1)) {
            b++;
        }
        return Math.min(b, ORIENTATIONS - 1);
    }

    @Override
    public String toString() {
        return "Hog(" + ORIENTATIONS + " orientations, " + CELL + "×" + CELL + " cells)";
    }
}
