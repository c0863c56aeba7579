package io.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link ConvGemm} (whose Javadoc states the contracts): a 4-row × 2-vector register
 * tile for {@link #mulAdd}, vector-lane dot products for {@link #addDotsNT}.
 */
final class ConvGemmVector {
    /** At most 256 bits: 512-bit vectors measured no faster here (the loops are bound by loads and stores). */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private ConvGemmVector() {
    }

    /** As {@link ConvGemm#mulAdd}: 4-row × 2-vector tiles, the ragged edge one vector wide, then scalar chains. */
    static void mulAdd(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                       float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        int r = 0;
        for (; r + 4 <= m; r += 4) {
            rows4(r, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, biasOff);
        }
        for (; r < m; r++) {
            row1(r, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, biasOff);
        }
    }

    private static void rows4(int r, int n, int k, float[] a, int aOff, int ars, int acs,
                              float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        int a0 = aOff + r * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        float i0 = bias == null ? 0f : bias[biasOff + r], i1 = bias == null ? 0f : bias[biasOff + r + 1];
        float i2 = bias == null ? 0f : bias[biasOff + r + 2], i3 = bias == null ? 0f : bias[biasOff + r + 3];
        int c0 = cOff + r * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector s00 = FloatVector.broadcast(S, i0), s01 = s00;
            FloatVector s10 = FloatVector.broadcast(S, i1), s11 = s10;
            FloatVector s20 = FloatVector.broadcast(S, i2), s21 = s20;
            FloatVector s30 = FloatVector.broadcast(S, i3), s31 = s30;
            for (int i = 0, bi = bOff + j, ai = 0; i < k; i++, bi += ldb, ai += acs) {
                FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
                FloatVector w0 = FloatVector.broadcast(S, a[a0 + ai]);
                s00 = w0.fma(b0, s00);
                s01 = w0.fma(b1, s01);
                FloatVector w1 = FloatVector.broadcast(S, a[a1 + ai]);
                s10 = w1.fma(b0, s10);
                s11 = w1.fma(b1, s11);
                FloatVector w2 = FloatVector.broadcast(S, a[a2 + ai]);
                s20 = w2.fma(b0, s20);
                s21 = w2.fma(b1, s21);
                FloatVector w3 = FloatVector.broadcast(S, a[a3 + ai]);
                s30 = w3.fma(b0, s30);
                s31 = w3.fma(b1, s31);
            }
            s00.intoArray(c, c0 + j);
            s01.intoArray(c, c0 + j + L);
            s10.intoArray(c, c1 + j);
            s11.intoArray(c, c1 + j + L);
            s20.intoArray(c, c2 + j);
            s21.intoArray(c, c2 + j + L);
            s30.intoArray(c, c3 + j);
            s31.intoArray(c, c3 + j + L);
        }
        while (j < n && n >= L) {
            int at = Math.min(j, n - L);    // the last block may overlap the one before
            rows4Narrow(at, k, a, a0, a1, a2, a3, acs, i0, i1, i2, i3, b, bOff, ldb, c, c0, c1, c2, c3);
            j = at + L;
        }
        for (int q = 0; q < 4; q++) {
            tail(r + q, j, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, biasOff);
        }
    }

    /**
     * Columns [j, j + L) of four rows, one vector wide. Called for the columns the two-vector loop leaves, and
     * once more for the last L columns when fewer than L remain: the overlapping columns are computed again by
     * the same FMA chain, so they come out bit-identical, and the ragged edge (P = 7×7 or 14×14 output
     * positions) is not left to scalar chains, which cost more than the vector part there.
     */
    private static void rows4Narrow(int j, int k, float[] a, int a0, int a1, int a2, int a3, int acs,
                                    float i0, float i1, float i2, float i3, float[] b, int bOff, int ldb,
                                    float[] c, int c0, int c1, int c2, int c3) {
        FloatVector s0 = FloatVector.broadcast(S, i0), s1 = FloatVector.broadcast(S, i1);
        FloatVector s2 = FloatVector.broadcast(S, i2), s3 = FloatVector.broadcast(S, i3);
        for (int i = 0, bi = bOff + j, ai = 0; i < k; i++, bi += ldb, ai += acs) {
            FloatVector bv = FloatVector.fromArray(S, b, bi);
            s0 = FloatVector.broadcast(S, a[a0 + ai]).fma(bv, s0);
            s1 = FloatVector.broadcast(S, a[a1 + ai]).fma(bv, s1);
            s2 = FloatVector.broadcast(S, a[a2 + ai]).fma(bv, s2);
            s3 = FloatVector.broadcast(S, a[a3 + ai]).fma(bv, s3);
        }
        s0.intoArray(c, c0 + j);
        s1.intoArray(c, c1 + j);
        s2.intoArray(c, c2 + j);
        s3.intoArray(c, c3 + j);
    }

    private static void row1(int r, int n, int k, float[] a, int aOff, int ars, int acs,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        int a0 = aOff + r * ars, c0 = cOff + r * ldc;
        float init = bias == null ? 0f : bias[biasOff + r];
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector s0 = FloatVector.broadcast(S, init), s1 = s0;
            for (int i = 0, bi = bOff + j, ai = a0; i < k; i++, bi += ldb, ai += acs) {
                FloatVector w = FloatVector.broadcast(S, a[ai]);
                s0 = w.fma(FloatVector.fromArray(S, b, bi), s0);
                s1 = w.fma(FloatVector.fromArray(S, b, bi + L), s1);
            }
            s0.intoArray(c, c0 + j);
            s1.intoArray(c, c0 + j + L);
        }
        while (j < n && n >= L) {   // the ragged edge one vector wide, as in rows4Narrow
            int at = Math.min(j, n - L);
            FloatVector s0 = FloatVector.broadcast(S, init);
            for (int i = 0, bi = bOff + at, ai = a0; i < k; i++, bi += ldb, ai += acs) {
                s0 = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), s0);
            }
            s0.intoArray(c, c0 + at);
            j = at + L;
        }
        tail(r, j, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, biasOff);
    }

    /** Columns [from, n) of row r, one scalar FMA chain each (the same order as the vector lanes). */
    private static void tail(int r, int from, int n, int k, float[] a, int aOff, int ars, int acs,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        float init = bias == null ? 0f : bias[biasOff + r];
        for (int j = from; j < n; j++) {
            float s = init;
            for (int i = 0; i < k; i++) {
                s = Math.fma(a[aOff + r * ars + i * acs], b[bOff + i * ldb + j], s);
            }
            c[cOff + r * ldc + j] = s;
        }
    }

    /**
     * As {@link ConvGemm#addDotsNT}: each dot product is summed in vector lanes in increasing p, the lanes then
     * added in lane order, then the scalar tail.
     */
    static void addDotsNT(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc) {
        int bound = len - len % L;
        float[] lanes = new float[6 * L];
        int r = 0;
        for (; r + 2 <= m; r += 2) {
            int j = 0;
            for (; j + 3 <= n; j += 3) {
                dots2x3(r, j, len, bound, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, lanes);
            }
            for (; j < n; j++) {
                c[cOff + r * ldc + j] += dot(a, aOff + r * lda, b, bOff + j * ldb, len, bound, lanes);
                c[cOff + (r + 1) * ldc + j] += dot(a, aOff + (r + 1) * lda, b, bOff + j * ldb, len, bound, lanes);
            }
        }
        for (; r < m; r++) {
            for (int j = 0; j < n; j++) {
                c[cOff + r * ldc + j] += dot(a, aOff + r * lda, b, bOff + j * ldb, len, bound, lanes);
            }
        }
    }

    private static void dots2x3(int r, int j, int len, int bound, float[] a, int aOff, int lda, float[] b, int bOff,
                                int ldb, float[] c, int cOff, int ldc, float[] lanes) {
        int a0 = aOff + r * lda, a1 = a0 + lda;
        int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        for (int p = 0; p < bound; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y0, s00);
            s10 = x1.fma(y0, s10);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y1, s01);
            s11 = x1.fma(y1, s11);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y2, s02);
            s12 = x1.fma(y2, s12);
        }
        s00.intoArray(lanes, 0);
        s01.intoArray(lanes, L);
        s02.intoArray(lanes, 2 * L);
        s10.intoArray(lanes, 3 * L);
        s11.intoArray(lanes, 4 * L);
        s12.intoArray(lanes, 5 * L);
        int c0 = cOff + r * ldc + j, c1 = c0 + ldc;
        c[c0] += finish(lanes, 0, a, a0, b, b0, bound, len);
        c[c0 + 1] += finish(lanes, L, a, a0, b, b1, bound, len);
        c[c0 + 2] += finish(lanes, 2 * L, a, a0, b, b2, bound, len);
        c[c1] += finish(lanes, 3 * L, a, a1, b, b0, bound, len);
        c[c1 + 1] += finish(lanes, 4 * L, a, a1, b, b1, bound, len);
        c[c1 + 2] += finish(lanes, 5 * L, a, a1, b, b2, bound, len);
    }

    private static float dot(float[] a, int a0, float[] b, int b0, int len, int bound, float[] lanes) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < bound; p += L) {
            s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        }
        s.intoArray(lanes, 0);
        return finish(lanes, 0, a, a0, b, b0, bound, len);
    }

    /**
     * The L lanes stored at {@code lanes[at]} added in lane order, then the products of the scalar tail
     * [bound, len). Accumulators reach it through an array, never as a vector argument: a vector passed to a
     * method that C2 does not inline is boxed, and JFR showed dots2x3 allocating vectors and {@code lane(int)}
     * as the top frame of DeepConvNet's profile.
     */
    private static float finish(float[] lanes, int at, float[] a, int a0, float[] b, int b0, int bound, int len) {
        float t = 0f;
        for (int q = at; q < at + L; q++) {
            t += lanes[q];
        }
        for (int p = bound; p < len; p++) {
            t = Math.fma(a[a0 + p], b[b0 + p], t);
        }
        return t;
    }
}
