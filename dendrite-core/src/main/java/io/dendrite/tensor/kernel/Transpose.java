package io.dendrite.tensor.kernel;

/**
 * {@code dst += srcᵀ} for a row-major src of shape (rows, cols) and a row-major dst of shape (cols, rows), in
 * square tiles so that both sides stay in cache. Each dst element gets exactly one addition, so the result does
 * not depend on the tiling. src and dst must not overlap.
 */
public final class Transpose {
    private static final int TILE = 32;

    private Transpose() {
    }

    public static void addTransposed(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int c = c0; c < c1; c++) {
                    int d = dstOff + c * rows;
                    for (int r = r0; r < r1; r++) {
                        dst[d + r] += src[srcOff + r * cols + c];
                    }
                }
            }
        }
    }

    public static void addTransposed(double[] src, int srcOff, int rows, int cols, double[] dst, int dstOff) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int c = c0; c < c1; c++) {
                    int d = dstOff + c * rows;
                    for (int r = r0; r < r1; r++) {
                        dst[d + r] += src[srcOff + r * cols + c];
                    }
                }
            }
        }
    }
}
