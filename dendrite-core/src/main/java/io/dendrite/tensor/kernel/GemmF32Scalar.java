package io.dendrite.tensor.kernel;

/**
 * The plain-Java micro-kernel of {@link GemmF32}, used when the Vector API is not enabled (see {@link Simd}).
 * Each element of the MR×NR tile is the same FMA chain as in {@link GemmF32Vector} (increasing k, starting
 * from zero), so the two agree bit for bit. The tile is swept in 2-row × 4-column blocks of scalar
 * accumulators, the most that stay in registers (measured against a row-at-a-time loop: 2-3x faster).
 */
final class GemmF32Scalar {
    static {
        Simd.plainKernelsInUse();
    }

    /** Panel width: 16, as the vector kernel's on 256-bit machines, so both paths pack alike. */
    static final int NR = 16;

    private GemmF32Scalar() {
    }

    /**
     * As {@link GemmF32Vector#kernel}: an mr×NR tile over kc steps of k, stored into C (overwriting it); mr is
     * even (4 or 6).
     */
    static void kernel(int mr, int kc, float[] a, int ai, int rs, int ks, float[] bp, int bi,
                       float[] c, int ci, int ldc) {
        for (int r = 0; r < mr; r += 2) {
            int a0 = ai + r * rs, a1 = a0 + rs, c0 = ci + r * ldc, c1 = c0 + ldc;
            for (int q = 0; q < NR; q += 4) {
                float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f, s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
                for (int p = 0, at = 0, bt = bi + q; p < kc; p++, at += ks, bt += NR) {
                    float x0 = a[a0 + at], x1 = a[a1 + at];
                    float y0 = bp[bt], y1 = bp[bt + 1], y2 = bp[bt + 2], y3 = bp[bt + 3];
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
