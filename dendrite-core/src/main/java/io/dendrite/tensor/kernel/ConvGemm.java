package io.dendrite.tensor.kernel;

/**
 * The three F32 products of an im2col convolution, for the shapes where a general GEMM's packing costs more
 * than the arithmetic: few filters (F), a short column (K = C·HH·WW) and many output positions (P = H'·W').
 *
 * <pre>
 *   forward   out[n]  (F, P)  = b + W (F, K) · cols[n] (K, P)      {@link #mulAdd} with A = W
 *   backward  dcols   (K, P)  = Wᵀ (K, F) · dout[n] (F, P)         {@link #mulAdd} with A = W read transposed
 *   backward  dW      (F, K) += dout[n] (F, P) · cols[n]ᵀ (P, K)   {@link #addDotsNT}
 * </pre>
 *
 * <p>On the vector path, the first two read B's rows in place (they are contiguous along P) and broadcast A's
 * entries, so nothing is packed; a 4-row × 2-vector register tile runs one FMA chain per output element over
 * the inner index in increasing order, starting from the bias (or zero). The third is a set of dot products
 * along P, two rows of A against three rows of B at a time, each lane summed in a fixed order. Every result
 * depends only on the operands (never on threads or on which tile an element falls in), so callers may split
 * images over threads and stay bit-identical.
 *
 * <p>Each method dispatches to the Vector API body ({@code ConvGemmVector}) or, when the module is not enabled,
 * to the plain-Java one ({@code ConvGemmScalar}; see {@link Simd}). The two compute {@link #mulAdd} as the same
 * FMA chains, bit for bit; {@link #addDotsNT} sums each dot product as one FMA chain on the plain-Java path, so
 * its rounding differs from the vector lanes'.
 */
public final class ConvGemm {
    /** The vector width the tests probe the tile edges around: the vector body's, or 8 on the plain-Java path. */
    static final int L = Simd.AVAILABLE ? ConvGemmVector.L : 8;

    private ConvGemm() {
    }

    /**
     * {@code C[r, j] = init[r] + Σ_i A(r, i) · B[i, j]} for r &lt; m, j &lt; n, i &lt; k, where
     * {@code A(r, i) = a[aOff + r·ars + i·acs]} (any strides: W row-major is (ars, acs) = (K, 1), Wᵀ is (1, K)),
     * B is row-major with row stride ldb, C row-major with row stride ldc, and {@code init[r]} is
     * {@code bias[biasOff + r]} or 0 when bias is null. C must not overlap A, B or bias.
     */
    public static void mulAdd(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                              float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        if (Simd.AVAILABLE) {
            ConvGemmVector.mulAdd(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, biasOff);
        } else {
            ConvGemmScalar.mulAdd(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, biasOff);
        }
    }

    /**
     * {@code C[r, j] += Σ_p A[r, p] · B[j, p]} for r &lt; m, j &lt; n, p &lt; len: A (m, len) and B (n, len)
     * row-major with row strides lda and ldb, C (m, n) with row stride ldc. C must not overlap A or B.
     */
    public static void addDotsNT(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float[] c, int cOff, int ldc) {
        if (Simd.AVAILABLE) {
            ConvGemmVector.addDotsNT(m, n, len, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        } else {
            ConvGemmScalar.addDotsNT(m, n, len, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }
    }
}
