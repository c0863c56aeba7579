package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConvGemmTest {
    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static void assertClose(float[] actual, int off, double[] expected, int m, int n, int ldc, String what) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double e = expected[i * n + j];
                assertThat((double) actual[off + i * ldc + j]).as("%s at (%d, %d)", what, i, j)
                        .isCloseTo(e, within(1e-4 * (1 + Math.abs(e))));
            }
        }
    }

    @Test
    void mulAddMatchesTheDefinitionForEveryTileEdge() {
        Random r = new Random(7);
        int L = ConvGemm.L;
        for (int m : new int[]{1, 3, 4, 5, 9}) {
            for (int n : new int[]{1, L + 1, 2 * L - 1, 2 * L, 2 * L + 3, 3 * L + 5, 5 * L}) {
                for (int k : new int[]{1, 4, 25}) {
                    for (boolean transposed : new boolean[]{false, true}) {
                        for (boolean withBias : new boolean[]{false, true}) {
                            int ldb = n + 2, ldc = n + 1, aOff = 3, bOff = 5, cOff = 2;
                            float[] a = random(r, aOff + m * k), b = random(r, bOff + k * ldb), bias = random(r, m + 1);
                            float[] c = random(r, cOff + m * ldc);   // old values must be overwritten
                            int ars = transposed ? 1 : k, acs = transposed ? m : 1;
                            double[] want = new double[m * n];
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    double s = withBias ? bias[i + 1] : 0;
                                    for (int p = 0; p < k; p++) {
                                        s += (double) a[aOff + i * ars + p * acs] * b[bOff + p * ldb + j];
                                    }
                                    want[i * n + j] = s;
                                }
                            }
                            ConvGemm.mulAdd(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc,
                                    withBias ? bias : null, 1);
                            assertClose(c, cOff, want, m, n, ldc, "mulAdd m=" + m + " n=" + n + " k=" + k
                                    + " transposed=" + transposed + " bias=" + withBias);
                        }
                    }
                }
            }
        }
    }

    @Test
    void addDotsNTAccumulatesEveryDotProduct() {
        Random r = new Random(11);
        int L = ConvGemm.L;
        for (int m : new int[]{1, 2, 3, 30}) {
            for (int n : new int[]{1, 3, 4, 25}) {
                for (int len : new int[]{1, L - 1, L, 3 * L + 2, 576}) {
                    int lda = len + 1, ldb = len + 3, ldc = n + 2, aOff = 1, bOff = 4, cOff = 3;
                    float[] a = random(r, aOff + m * lda), b = random(r, bOff + n * ldb), c = random(r, cOff + m * ldc);
                    double[] want = new double[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = c[cOff + i * ldc + j];
                            for (int p = 0; p < len; p++) {
                                s += (double) a[aOff + i * lda + p] * b[bOff + j * ldb + p];
                            }
                            want[i * n + j] = s;
                        }
                    }
                    ConvGemm.addDotsNT(m, n, len, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
                    assertClose(c, cOff, want, m, n, ldc, "addDotsNT m=" + m + " n=" + n + " len=" + len);
                }
            }
        }
    }

    @Test
    void everyElementIsOneFmaChainWhereverTheRaggedEdgeFalls() {
        // the last columns are computed one vector wide, overlapping the block before: still the same chain
        Random r = new Random(11);
        int L = ConvGemm.L;
        for (int n : new int[]{L - 1, L + 1, 2 * L + 3, 3 * L + 5, 49, 196}) {
            for (int m : new int[]{4, 5}) {
                int k = 37;
                float[] a = random(r, m * k), b = random(r, k * n), bias = random(r, m), c = new float[m * n];
                ConvGemm.mulAdd(m, n, k, a, 0, k, 1, b, 0, n, c, 0, n, bias, 0);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float chain = bias[i];
                        for (int p = 0; p < k; p++) {
                            chain = Math.fma(a[i * k + p], b[p * n + j], chain);
                        }
                        assertThat(Float.floatToIntBits(c[i * n + j])).as("n=%d m=%d row %d column %d", n, m, i, j)
                                .isEqualTo(Float.floatToIntBits(chain));
                    }
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnWhichTileAnElementFallsIn() {
        // Row 5 computed inside a 9-row call (second 4-row tile) and alone must agree bit for bit.
        Random r = new Random(3);
        int m = 9, n = 2 * ConvGemm.L + 5, k = 25;
        float[] a = random(r, m * k), b = random(r, k * n), c = new float[m * n], one = new float[n];
        ConvGemm.mulAdd(m, n, k, a, 0, k, 1, b, 0, n, c, 0, n, null, 0);
        ConvGemm.mulAdd(1, n, k, a, 5 * k, k, 1, b, 0, n, one, 0, n, null, 0);
        for (int j = 0; j < n; j++) {
            assertThat(Float.floatToIntBits(c[5 * n + j])).as("column %d", j).isEqualTo(Float.floatToIntBits(one[j]));
        }
    }
}
