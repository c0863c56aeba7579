package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PoolingTest {

    @Test
    void maxPoolMatchesTheDefinitionWithFirstMaximumOnTies() {
        Random rnd = new Random(3);
        for (int H = 1; H <= 6; H++)
            for (int W = 1; W <= 6; W++)
                for (int pH = 1; pH <= Math.min(3, H); pH++)
                    for (int pW = 1; pW <= Math.min(3, W); pW++)
                        for (int s = 1; s <= 3; s++) {
                            int planes = 2, Ho = 1 + (H - pH) / s, Wo = 1 + (W - pW) / s;
                            double[] x = new double[2 + planes * H * W];
                            for (int i = 0; i < x.length; i++) {
                                x[i] = rnd.nextInt(3);   // many ties
                            }
                            double[] out = new double[planes * Ho * Wo];
                            int[] arg = new int[out.length];
                            Pooling.maxPool(x, 2, planes, H, W, pH, pW, s, Ho, Wo, out, 0, arg);
                            int o = 0;
                            for (int p = 0; p < planes; p++)
                                for (int oh = 0; oh < Ho; oh++)
                                    for (int ow = 0; ow < Wo; ow++, o++) {
                                        int best = -1;
                                        for (int i = 0; i < pH; i++)
                                            for (int j = 0; j < pW; j++) {
                                                int idx = p * H * W + (oh * s + i) * W + ow * s + j;
                                                if (best < 0 || x[2 + idx] > x[2 + best]) {
                                                    best = idx;
                                                }
                                            }
                                        assertThat(arg[o]).isEqualTo(best);
                                        assertThat(out[o]).isEqualTo(x[2 + best]);
                                    }
                            if (pH == 2 && pW == 2 && s == 2) {
                                double[] outT = new double[out.length];
                                int[] argT = new int[out.length];
                                Pooling.maxPool2x2(x, 2, planes, H, W, Ho, Wo, outT, 0, argT);
                                assertThat(outT).containsExactly(out);
                                assertThat(argT).containsExactly(arg);
                                float[] xf = new float[x.length];
                                for (int i = 0; i < x.length; i++) {
                                    xf[i] = (float) x[i];
                                }
                                float[] outF = new float[out.length];
                                int[] argF = new int[out.length];
                                Pooling.maxPool2x2(xf, 2, planes, H, W, Ho, Wo, outF, 0, argF);
                                assertThat(argF).containsExactly(arg);
                                Pooling.maxPool(xf, 2, planes, H, W, s, s, s, Ho, Wo, outF, 0, argF);
                                assertThat(argF).containsExactly(arg);
                            }
                        }
    }

    @Test
    void maxPoolBackwardRoutesToTheWinners() {
        double[] dx = new double[6];
        Pooling.maxPoolBackward(new double[]{0, 1, 2, 3}, 1, new int[]{4, 0, 4}, 3, dx, 1);
        assertThat(dx).containsExactly(0, 2, 0, 0, 0, 4);
    }

    @Test
    void avgPoolBackwardIsTheAdjointOfAvgPool() {
        Random rnd = new Random(4);
        for (int H = 1; H <= 6; H++)
            for (int W = 1; W <= 6; W++)
                for (int pH = 1; pH <= Math.min(3, H); pH++)
                    for (int pW = 1; pW <= Math.min(3, W); pW++)
                        for (int s = 1; s <= 3; s++) {
                            int planes = 2, Ho = 1 + (H - pH) / s, Wo = 1 + (W - pW) / s;
                            double[] x = rnd.doubles(planes * H * W).toArray();
                            double[] y = rnd.doubles(planes * Ho * Wo).toArray();
                            double[] out = new double[y.length];
                            Pooling.avgPool(x, 0, planes, H, W, pH, pW, s, Ho, Wo, out, 0);
                            double[] dx = new double[x.length];
                            Pooling.avgPoolBackward(y, 0, planes, H, W, pH, pW, s, Ho, Wo, dx, 0);
                            double lhs = 0, rhs = 0;
                            for (int i = 0; i < y.length; i++) {
                                lhs += out[i] * y[i];
                            }
                            for (int i = 0; i < x.length; i++) {
                                rhs += x[i] * dx[i];
                            }
                            assertThat(rhs).isCloseTo(lhs, within(1e-12));
                            // the first window's mean, from the definition
                            double mean = 0;
                            for (int i = 0; i < pH; i++) {
                                for (int j = 0; j < pW; j++) {
                                    mean += x[i * W + j] / (pH * pW);
                                }
                            }
                            assertThat(out[0]).isCloseTo(mean, within(1e-12));
                            float[] outF = new float[y.length];
                            float[] xf = new float[x.length];
                            for (int i = 0; i < x.length; i++) {
                                xf[i] = (float) x[i];
                            }
                            Pooling.avgPool(xf, 0, planes, H, W, pH, pW, s, Ho, Wo, outF, 0);
                            for (int i = 0; i < out.length; i++) {
                                assertThat((double) outF[i]).isCloseTo(out[i], within(1e-6));
                            }
                        }
    }
}
