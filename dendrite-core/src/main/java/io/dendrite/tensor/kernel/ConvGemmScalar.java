package io.dendrite.tensor.kernel;

/**
 * The plain-Java bodies of {@link ConvGemm} (whose Javadoc states the contracts), used when the Vector API is
 * not enabled (see {@link Simd}). {@link #mulAdd} runs the same FMA chain per element as the vector body
 * (from the bias, in increasing inner index), a row of C at a time, so the two agree bit for bit;
 * {@link #addDotsNT} sums each dot product as one FMA chain in increasing p.
 */
final class ConvGemmScalar {
    static {
        Simd.plainKernelsInUse();
    }

    private ConvGemmScalar() {
    }

    static void mulAdd(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                       float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        for (int r = 0; r < m; r++) {
            int c0 = cOff + r * ldc;
            float init = bias == null ? 0f : bias[biasOff + r];
            for (int j = 0; j < n; j++) {
                c[c0 + j] = init;
            }
            for (int i = 0, ai = aOff + r * ars, bi = bOff; i < k; i++, ai += acs, bi += ldb) {
                float w = a[ai];
                for (int j = 0; j < n; j++) {
                    c[c0 + j] = Math.fma(w, b[bi + j], c[c0 + j]);
                }
            }
        }
    }

    static void addDotsNT(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0, ai = aOff + r * lda, bi = bOff + j * ldb; p < len; p++) {
                    s = Math.fma(a[ai + p], b[bi + p], s);
                }
                c[cOff + r * ldc + j] += s;
            }
        }
    }
}
