package io.dendrite.tensor.kernel;

/**
 * The plain-Java micro-kernel of {@link GemmF64}, used when the Vector API is not enabled (see {@link Simd}).
 * Each element of the MR×NR tile is the same FMA chain as in {@link GemmF64Vector} (increasing k, starting
 * from zero), so the two agree bit for bit. The tile is swept in 2-row × 4-column blocks of scalar
 * accumulators, the most that stay in registers (measured against a row-at-a-time loop: 2-3x faster).
 */
final class GemmF64Scalar {
    static {
        Simd.plainKernelsInUse();
    }

    /** Panel width: 8, as the vector kernel's on 256-bit machines, so both paths pack alike. */
    static final int NR = 8;

    private GemmF64Scalar() {
    }

    /**
     * As {@link GemmF64Vector#kernel}: an mr×NR tile over kc steps of k, stored into C (overwriting it); mr is
     * even (4 or 6).
     */
    static void kernel(int mr, int kc, double[] a, int ai, int rs, int ks, double[] bp, int bi,
                       double[] c, int ci, int ldc) {
        for (int r = 0; r < mr; r += 2) {
            int a0 = ai + r * rs, a1 = a0 + rs, c0 = ci + r * ldc, c1 = c0 + ldc;
            for (int q = 0; q < NR; q += 4) {
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                for (int p = 0, at = 0, bt = bi + q; p < kc; p++, at += ks, bt += NR) {
                    double x0 = a[a0 + at], x1 = a[a1 + at];
                    double y0 = bp[bt], y1 = bp[bt + 1], y2 = bp[bt + 2], y3 = bp[bt + 3];
                    s00 = Math.fma(x0, y0, s00);
                    s01 = Math.fma(x0, y1, s01);
                    s02 = Math.fma(x0, y2, s02);
                    s03 = Math.fma(x0, y3, s03);
                    s10 = Math.fma(x1, y0, s10);
                    s11 = Math.fma(x1, y1, s11);
                    s12 = Math.fma(x1, y2, s12);
                    s13 = Math.fma(x1, y3, s13);
                }
                c[c0 + q] = s00;
                c[c0 + q + 1] = s01;
                c[c0 + q + 2] = s02;
                c[c0 + q + 3] = s03;
                c[c1 + q] = s10;
                c[c1 + q + 1] = s11;
                c[c1 + q + 2] = s12;
                c[c1 + q + 3] = s13;
            }
        }
    }
}
