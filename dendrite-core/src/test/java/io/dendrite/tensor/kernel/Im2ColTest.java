package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Im2ColTest {
    private static final double SENTINEL = -777;

    /** cols[(c,i,j), (oh,ow)] straight from the definition. */
    private static double[] naive(double[] x, int C, int H, int W, int HH, int WW, int s, int p, int Ho, int Wo) {
        double[] cols = new double[C * HH * WW * Ho * Wo];
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < HH; i++) {
                for (int j = 0; j < WW; j++) {
                    for (int oh = 0; oh < Ho; oh++) {
                        for (int ow = 0; ow < Wo; ow++) {
                            int ih = oh * s - p + i, iw = ow * s - p + j;
                            boolean in = ih >= 0 && ih < H && iw >= 0 && iw < W;
                            cols[(((c * HH + i) * WW + j) * Ho + oh) * Wo + ow] = in ? x[(c * H + ih) * W + iw] : 0;
                        }
                    }
                }
            }
        }
        return cols;
    }

    interface Geometry {
        void accept(int C, int H, int W, int HH, int WW, int s, int p);
    }

    /** Every geometry with C ≤ 2, H, W ≤ 5, kernels ≤ 3, stride ≤ 3, pad ≤ 2 whose window fits. */
    private static void forAllSmall(Geometry body) {
        for (int C = 1; C <= 2; C++)
            for (int H = 1; H <= 5; H++)
                for (int W = 1; W <= 5; W++)
                    for (int p = 0; p <= 2; p++)
                        for (int HH = 1; HH <= Math.min(3, H + 2 * p); HH++)
                            for (int WW = 1; WW <= Math.min(3, W + 2 * p); WW++)
                                for (int s = 1; s <= 3; s++) {
                                    body.accept(C, H, W, HH, WW, s, p);
                                }
    }

    @Test
    void im2colMatchesTheDefinitionAndStaysInItsRange() {
        Random rnd = new Random(1);
        forAllSmall((C, H, W, HH, WW, s, p) -> {
            int Ho = 1 + (H + 2 * p - HH) / s, Wo = 1 + (W + 2 * p - WW) / s;
            double[] x = rnd.doubles(C * H * W).toArray();
            double[] expected = naive(x, C, H, W, HH, WW, s, p, Ho, Wo);
            String where = "C=" + C + " H=" + H + " W=" + W + " k=" + HH + "x" + WW + " s=" + s + " p=" + p;

            double[] xPadded = new double[x.length + 3];
            System.arraycopy(x, 0, xPadded, 3, x.length);
            double[] cols = new double[expected.length + 7];
            Arrays.fill(cols, SENTINEL);
            Im2Col.im2col(xPadded, 3, C, H, W, HH, WW, s, p, Ho, Wo, cols, 5);
            assertThat(Arrays.copyOfRange(cols, 5, 5 + expected.length)).as(where).containsExactly(expected);
            assertThat(Arrays.copyOfRange(cols, 0, 5)).as(where).containsOnly(SENTINEL);
            assertThat(Arrays.copyOfRange(cols, 5 + expected.length, cols.length)).as(where).containsOnly(SENTINEL);

            float[] xf = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                xf[i] = (float) x[i];
            }
            float[] colsF = new float[expected.length];
            Arrays.fill(colsF, (float) SENTINEL);
            Im2Col.im2col(xf, 0, C, H, W, HH, WW, s, p, Ho, Wo, colsF, 0);
            for (int i = 0; i < expected.length; i++) {
                assertThat(colsF[i]).as(where).isEqualTo((float) expected[i]);
            }
        });
    }

    @Test
    void col2imIsTheAdjointOfIm2colAndAccumulates() {
        Random rnd = new Random(2);
        forAllSmall((C, H, W, HH, WW, s, p) -> {
            int Ho = 1 + (H + 2 * p - HH) / s, Wo = 1 + (W + 2 * p - WW) / s;
            double[] x = rnd.doubles(C * H * W).toArray();
            double[] y = rnd.doubles(C * HH * WW * Ho * Wo).toArray();
            double[] cols = naive(x, C, H, W, HH, WW, s, p, Ho, Wo);
            double[] dx = new double[x.length + 2];
            Arrays.fill(dx, 1.0);   // col2im adds onto what is there
            Im2Col.col2im(y, 0, C, H, W, HH, WW, s, p, Ho, Wo, dx, 1);
            double lhs = 0, rhs = 0;
            for (int i = 0; i < y.length; i++) {
                lhs += cols[i] * y[i];
            }
            for (int i = 0; i < x.length; i++) {
                rhs += x[i] * (dx[i + 1] - 1.0);
            }
            assertThat(rhs).as("<im2col(x), y> = <x, col2im(y)>").isCloseTo(lhs, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(dx[0]).isEqualTo(1.0);
            assertThat(dx[dx.length - 1]).isEqualTo(1.0);

            float[] yf = new float[y.length];
            for (int i = 0; i < y.length; i++) {
                yf[i] = (float) y[i];
            }
            float[] dxf = new float[x.length];
            Im2Col.col2im(yf, 0, C, H, W, HH, WW, s, p, Ho, Wo, dxf, 0);
            for (int i = 0; i < x.length; i++) {
                assertThat((double) dxf[i]).isCloseTo(dx[i + 1] - 1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
        });
    }
}
