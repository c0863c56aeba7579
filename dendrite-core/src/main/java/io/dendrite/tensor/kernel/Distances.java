package io.dendrite.tensor.kernel;

/**
 * Pairwise distances between the rows of X (m, d) and the rows of Y (n, d), both row-major, written into a
 * row-major (m, n) output: the kernels under nearest-neighbour search.
 *
 * <ul>
 *   <li>{@link #squaredL2}: ‖x − y‖² = ‖x‖² − 2·x·y + ‖y‖², the cross term through {@link Gemm} (X·Yᵀ), the norms
 *       given by the caller in double ({@link #squaredNorms}), the sum taken in double and clamped at 0 (rounding
 *       can make it slightly negative when x ≈ y).</li>
 *   <li>{@link #l1}: Σ|x − y| has no product form; Y is walked in tiles of {@value #TILE} rows that stay in cache
 *       while every row of X passes over them, each |x − y| sum one {@link VecOps#absDiffSum} (Vector API or plain Java, see {@link Simd}).</li>
 * </ul>
 * Work is split over rows of X with {@link Parallel}; each output element is computed by one thread in a fixed
 * order, so results do not depend on the thread count. The output must not overlap the inputs.
 */
public final class Distances {
    /** Rows of Y per L1 tile: 64 rows of 784 floats (MNIST) are 200 KB, at home in L2. */
    static final int TILE = 64;
    /** Rows of X per parallel chunk in the elementwise passes. */
    private static final int GRAIN = 4;

    private Distances() {
    }

    // ---------------------------------------------------------------- float[]

    /** out[i] = ‖x_i‖² in double, for the {@code rows} rows of length {@code d} starting at {@code off}. */
    public static void squaredNorms(float[] x, int off, int rows, int d, double[] out) {
        for (int i = 0; i < rows; i++) {
            out[i] = VecOps.dot(x, off + i * d, x, off + i * d, d);
        }
    }

    /**
     * out[i, j] = max(0, xNorms[i] − 2·x_i·y_j + yNorms[j]), the squared Euclidean distance.
     *
     * @param xNorms ‖x_i‖² for the m rows of X; {@code yNorms}: ‖y_j‖² for the n rows of Y
     */
    public static void squaredL2(float[] x, int xOff, int m, float[] y, int yOff, int n, int d,
                                 double[] xNorms, double[] yNorms, float[] out, int outOff) {
        Gemm.gemm(false, true, m, n, d, x, xOff, d, y, yOff, d, out, outOff, n, false); // out = X·Yᵀ
        Parallel.forRange(m, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = outOff + i * n;
                double xn = xNorms[i];
                for (int j = 0; j < n; j++) {
                    out[row + j] = (float) Math.max(0, xn - 2.0 * out[row + j] + yNorms[j]);
                }
            }
        });
    }

    /** out[i, j] = Σ_k |x_ik − y_jk|, the L1 (Manhattan) distance. */
    public static void l1(float[] x, int xOff, int m, float[] y, int yOff, int n, int d, float[] out, int outOff) {
        Parallel.forRange(m, GRAIN, (from, to) -> {
            for (int j0 = 0; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int i = from; i < to; i++) {
                    for (int j = j0; j < j1; j++) {
                        out[outOff + i * n + j] = VecOps.absDiffSum(x, xOff + i * d, y, yOff + j * d, d);
                    }
                }
            }
        });
    }

    /** a = √a over a range, in place. */
    public static void sqrt(float[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            a[i] = (float) Math.sqrt(a[i]);
        }
    }

    // ---------------------------------------------------------------- double[] (the same kernels)

    /** out[i] = ‖x_i‖², as {@link #squaredNorms(float[], int, int, int, double[])}. */
    public static void squaredNorms(double[] x, int off, int rows, int d, double[] out) {
        for (int i = 0; i < rows; i++) {
            out[i] = VecOps.dot(x, off + i * d, x, off + i * d, d);
        }
    }

    /** The squared Euclidean distance, as {@link #squaredL2(float[], int, int, float[], int, int, int, double[], double[], float[], int)}. */
    public static void squaredL2(double[] x, int xOff, int m, double[] y, int yOff, int n, int d,
                                 double[] xNorms, double[] yNorms, double[] out, int outOff) {
        Gemm.gemm(false, true, m, n, d, x, xOff, d, y, yOff, d, out, outOff, n, false); // out = X·Yᵀ
        Parallel.forRange(m, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = outOff + i * n;
                double xn = xNorms[i];
                for (int j = 0; j < n; j++) {
                    out[row + j] = Math.max(0, xn - 2.0 * out[row + j] + yNorms[j]);
                }
            }
        });
    }

    /** The L1 distance, as {@link #l1(float[], int, int, float[], int, int, int, float[], int)}. */
    public static void l1(double[] x, int xOff, int m, double[] y, int yOff, int n, int d, double[] out, int outOff) {
        Parallel.forRange(m, GRAIN, (from, to) -> {
            for (int j0 = 0; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int i = from; i < to; i++) {
                    for (int j = j0; j < j1; j++) {
                        out[outOff + i * n + j] = VecOps.absDiffSum(x, xOff + i * d, y, yOff + j * d, d);
                    }
                }
            }
        });
    }

    /** a = √a over a range, in place. */
    public static void sqrt(double[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            a[i] = Math.sqrt(a[i]);
        }
    }
}
