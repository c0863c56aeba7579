package io.dendrite.tensor;

/**
 * Closeness checks whose failure reads like PyTorch's {@code assert_close}: how many elements differ,
 * the worst index, both values and the tolerance that was allowed.
 *
 * <p>Two values are close when {@code |actual − expected| ≤ atol + rtol·|expected|}; NaN matches NaN
 * and infinities match only themselves.
 */
public final class TensorAssert {
    private TensorAssert() {
    }

    static boolean close(double a, double b, double rtol, double atol) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return Math.abs(a - b) <= atol + rtol * Math.abs(b);
    }

    /** Throws an {@link AssertionError} describing the mismatch unless the tensors are close. */
    public static void assertClose(Tensor actual, Tensor expected, double rtol, double atol) {
        if (!Shapes.same(actual.shape(), expected.shape())) {
            throw new AssertionError("Tensors are not close: shapes differ, actual " + Shapes.format(actual.shape())
                    + " vs expected " + Shapes.format(expected.shape()));
        }
        int n = actual.size();
        int mismatched = 0;
        int worst = -1;
        double worstExcess = -1;
        for (int i = 0; i < n; i++) {
            double a = actual.getFlat(i), b = expected.getFlat(i);
            if (!close(a, b, rtol, atol)) {
                mismatched++;
                double excess = Double.isNaN(a - b) ? Double.POSITIVE_INFINITY : Math.abs(a - b) - rtol * Math.abs(b);
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (mismatched == 0) {
            return;
        }
        double a = actual.getFlat(worst), b = expected.getFlat(worst);
        throw new AssertionError(String.format(
                "Tensors are not close!%nMismatched elements: %d / %d (%.1f%%)%n"
                        + "Worst at index %s: actual %s, expected %s, |difference| %s > allowed %s (atol %s + rtol %s * |expected|)",
                mismatched, n, 100.0 * mismatched / n, Shapes.format(unravel(worst, actual.shape())), a, b,
                Math.abs(a - b), atol + rtol * Math.abs(b), atol, rtol));
    }

    /** The multi-index of row-major position {@code flat} in {@code shape}. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
        return idx;
    }
}
