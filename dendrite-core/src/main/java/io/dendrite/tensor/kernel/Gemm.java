package io.dendrite.tensor.kernel;

/**
 * General matrix multiply on row-major arrays: {@code C = op(A) · op(B)} or {@code C += op(A) · op(B)}.
 *
 * <p>op(A) is M×K, op(B) is K×N, C is M×N. When {@code transA} is set, A is stored as K×M (so op(A) = Aᵀ);
 * likewise for B. {@code lda}, {@code ldb}, {@code ldc} are the row strides of the arrays as stored, and
 * may exceed the row width. C must not overlap A or B. With {@code k = 0}, C becomes zero (or is left
 * unchanged when accumulating); like BLAS with β = 0, C's old values are never read when not accumulating.
 *
 * <p>The path is chosen by shape alone: tiny products (m·n·k ≤ 2048) use a simple loop; the rest use the
 * packed, register-blocked kernel ({@code GemmF32}, {@code GemmF64}; its micro-tile runs on the Vector API, or
 * in plain Java without it, with the same result bit for bit), split across
 * {@link Threads#count()} threads once a block is large enough. Each C element is
 * computed by one thread in a fixed order, so results are bit-identical for any thread count.
 * Steady-state calls allocate nothing.
 */
public final class Gemm {
    private Gemm() {
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        checkOverlap(a == c, aOff, lda, transA ? k : m, transA ? m : k, cOff, ldc, m, n, "A");
        checkOverlap(b == c, bOff, ldb, transB ? n : k, transB ? k : n, cOff, ldc, m, n, "B");
        GemmF32.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double[] c, int cOff, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        checkOverlap(a == c, aOff, lda, transA ? k : m, transA ? m : k, cOff, ldc, m, n, "A");
        checkOverlap(b == c, bOff, ldb, transB ? n : k, transB ? k : n, cOff, ldc, m, n, "B");
        GemmF64.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              int aLen, int aOff, int lda, int bLen, int bOff, int ldb,
                              int cLen, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        String shapes = " (gemm " + m + "x" + k + " @ " + k + "x" + n + ", transA=" + transA + ", transB=" + transB + ")";
        checkMatrix("A", transA ? k : m, transA ? m : k, aLen, aOff, lda, shapes);
        checkMatrix("B", transB ? n : k, transB ? k : n, bLen, bOff, ldb, shapes);
        checkMatrix("C", m, n, cLen, cOff, ldc, shapes);
    }

    private static void checkMatrix(String name, int rows, int cols, int len, int off, int ld, String shapes) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: ld" + name.toLowerCase() + "=" + ld + " is smaller than the "
                    + cols + " columns of " + name + " as stored (" + rows + "x" + cols + ")" + shapes
                    + "; the leading dimension is the row stride of the stored array");
        }
        long end = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || end > len) {
            throw new IllegalArgumentException("gemm: " + name + " as stored (" + rows + "x" + cols + ", offset " + off
                    + ", ld " + ld + ") needs " + end + " elements but its array has " + len + shapes);
        }
    }

    private static void checkOverlap(boolean sameArray, int off, int ld, int rows, int cols,
                                     int cOff, int ldc, int m, int n, String name) {
        if (!sameArray || rows == 0 || cols == 0 || m == 0 || n == 0) {
            return;
        }
        long end = (long) off + (long) (rows - 1) * ld + cols;
        long cEnd = (long) cOff + (long) (m - 1) * ldc + n;
        if (off < cEnd && cOff < end) {
            throw new IllegalArgumentException("gemm: C (elements " + cOff + ".." + (cEnd - 1) + ") overlaps " + name
                    + " (elements " + off + ".." + (end - 1) + ") in the same array; write the product to a separate buffer");
        }
    }
}
