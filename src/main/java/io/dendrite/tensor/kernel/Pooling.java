package io.dendrite.tensor.kernel;

/**
 * Max and average pooling over {@code planes} independent (H, W) planes stored one after another (an NCHW
 * tensor is N·C planes). Windows are pH×pW, moved by {@code stride}, without padding; the output planes are
 * (Ho, Wo), stored one after another too.
 *
 * <p>Max pooling records, for every output element, the index of the input element that won (relative to
 * {@code xOff}); backward routes each upstream gradient to that element. Ties go to the first maximum in
 * row-major window order, like {@code numpy.argmax} in cs231n's naive pooling.
 *
 * <p>{@link #maxPool} handles any window and stride (overlapping windows included). {@link #maxPoolTiled}
 * is the fast path for non-overlapping windows ({@code pH == pW == stride}): it walks each input row once,
 * front to back, instead of gathering windows, and gives exactly the same values and indices.
 */
public final class Pooling {
    private Pooling() {
    }

    public static void maxPool(float[] x, int xOff, int planes, int H, int W, int pH, int pW, int stride,
                               int Ho, int Wo, float[] out, int outOff, int[] argmax) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * H * W;
            for (int oh = 0; oh < Ho; oh++) {
                for (int ow = 0; ow < Wo; ow++, o++) {
                    int first = base + oh * stride * W + ow * stride;
                    int best = first;
                    float max = x[xOff + first];
                    for (int i = 0; i < pH; i++) {
                        int row = first + i * W;
                        for (int j = 0; j < pW; j++) {
                            float v = x[xOff + row + j];
                            if (v > max) {
                                max = v;
                                best = row + j;
                            }
                        }
                    }
                    out[outOff + o] = max;
                    argmax[o] = best;
                }
            }
        }
    }

    public static void maxPool(double[] x, int xOff, int planes, int H, int W, int pH, int pW, int stride,
                               int Ho, int Wo, double[] out, int outOff, int[] argmax) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * H * W;
            for (int oh = 0; oh < Ho; oh++) {
                for (int ow = 0; ow < Wo; ow++, o++) {
                    int first = base + oh * stride * W + ow * stride;
                    int best = first;
                    double max = x[xOff + first];
                    for (int i = 0; i < pH; i++) {
                        int row = first + i * W;
                        for (int j = 0; j < pW; j++) {
                            double v = x[xOff + row + j];
                            if (v > max) {
                                max = v;
                                best = row + j;
                            }
                        }
                    }
                    out[outOff + o] = max;
                    argmax[o] = best;
                }
            }
        }
    }

    /** Non-overlapping windows (window k×k, stride k): one front-to-back pass over each input row. */
    public static void maxPoolTiled(float[] x, int xOff, int planes, int H, int W, int k,
                                    int Ho, int Wo, float[] out, int outOff, int[] argmax) {
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < Ho; oh++) {
                int o = (p * Ho + oh) * Wo;
                int row0 = p * H * W + oh * k * W;
                // window row 0 starts each maximum, later rows only replace it when strictly greater,
                // which keeps the first maximum in row-major window order
                for (int ow = 0, src = row0; ow < Wo; ow++, src += k) {
                    int best = src;
                    float max = x[xOff + src];
                    for (int j = 1; j < k; j++) {
                        float v = x[xOff + src + j];
                        if (v > max) {
                            max = v;
                            best = src + j;
                        }
                    }
                    out[outOff + o + ow] = max;
                    argmax[o + ow] = best;
                }
                for (int i = 1; i < k; i++) {
                    for (int ow = 0, src = row0 + i * W; ow < Wo; ow++, src += k) {
                        float max = out[outOff + o + ow];
                        for (int j = 0; j < k; j++) {
                            float v = x[xOff + src + j];
                            if (v > max) {
                                max = v;
                                argmax[o + ow] = src + j;
                            }
                        }
                        out[outOff + o + ow] = max;
                    }
                }
            }
        }
    }

    /** Non-overlapping windows (window k×k, stride k): one front-to-back pass over each input row. */
    public static void maxPoolTiled(double[] x, int xOff, int planes, int H, int W, int k,
                                    int Ho, int Wo, double[] out, int outOff, int[] argmax) {
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < Ho; oh++) {
                int o = (p * Ho + oh) * Wo;
                int row0 = p * H * W + oh * k * W;
                for (int ow = 0, src = row0; ow < Wo; ow++, src += k) {
                    int best = src;
                    double max = x[xOff + src];
                    for (int j = 1; j < k; j++) {
                        double v = x[xOff + src + j];
                        if (v > max) {
                            max = v;
                            best = src + j;
                        }
                    }
                    out[outOff + o + ow] = max;
                    argmax[o + ow] = best;
                }
                for (int i = 1; i < k; i++) {
                    for (int ow = 0, src = row0 + i * W; ow < Wo; ow++, src += k) {
                        double max = out[outOff + o + ow];
                        for (int j = 0; j < k; j++) {
                            double v = x[xOff + src + j];
                            if (v > max) {
                                max = v;
                                argmax[o + ow] = src + j;
                            }
                        }
                        out[outOff + o + ow] = max;
                    }
                }
            }
        }
    }

    /** {@code dx[argmax[o]] += dout[o]} for the first {@code count} outputs (dx relative to {@code dxOff}). */
    public static void maxPoolBackward(float[] dout, int doutOff, int[] argmax, int count, float[] dx, int dxOff) {
        for (int o = 0; o < count; o++) {
            dx[dxOff + argmax[o]] += dout[doutOff + o];
        }
    }

    /** {@code dx[argmax[o]] += dout[o]} for the first {@code count} outputs (dx relative to {@code dxOff}). */
    public static void maxPoolBackward(double[] dout, int doutOff, int[] argmax, int count, double[] dx, int dxOff) {
        for (int o = 0; o < count; o++) {
            dx[dxOff + argmax[o]] += dout[doutOff + o];
        }
    }

    /** out = mean of each window, summed in row-major window order. */
    public static void avgPool(float[] x, int xOff, int planes, int H, int W, int pH, int pW, int stride,
                               int Ho, int Wo, float[] out, int outOff) {
        double scale = 1.0 / (pH * pW);
        int o = outOff;
        for (int p = 0; p < planes; p++) {
            int base = xOff + p * H * W;
            for (int oh = 0; oh < Ho; oh++) {
                for (int ow = 0; ow < Wo; ow++, o++) {
                    int first = base + oh * stride * W + ow * stride;
                    double s = 0;
                    for (int i = 0; i < pH; i++) {
                        for (int j = 0; j < pW; j++) {
                            s += x[first + i * W + j];
                        }
                    }
                    out[o] = (float) (s * scale);
                }
            }
        }
    }

    /** out = mean of each window, summed in row-major window order. */
    public static void avgPool(double[] x, int xOff, int planes, int H, int W, int pH, int pW, int stride,
                               int Ho, int Wo, double[] out, int outOff) {
        double scale = 1.0 / (pH * pW);
        int o = outOff;
        for (int p = 0; p < planes; p++) {
            int base = xOff + p * H * W;
            for (int oh = 0; oh < Ho; oh++) {
                for (int ow = 0; ow < Wo; ow++, o++) {
                    int first = base + oh * stride * W + ow * stride;
                    double s = 0;
                    for (int i = 0; i < pH; i++) {
                        for (int j = 0; j < pW; j++) {
                            s += x[first + i * W + j];
                        }
                    }
                    out[o] = s * scale;
                }
            }
        }
    }

    /** {@code dx[window] += dout[o] / (pH·pW)} for every output o; dx must start zeroed or hold a running sum. */
    public static void avgPoolBackward(float[] dout, int doutOff, int planes, int H, int W, int pH, int pW,
                                       int stride, int Ho, int Wo, float[] dx, int dxOff) {
        double scale = 1.0 / (pH * pW);
        int o = doutOff;
        for (int p = 0; p < planes; p++) {
            int base = dxOff + p * H * W;
            for (int oh = 0; oh < Ho; oh++) {
                for (int ow = 0; ow < Wo; ow++, o++) {
                    float g = (float) (dout[o] * scale);
                    int first = base + oh * stride * W + ow * stride;
                    for (int i = 0; i < pH; i++) {
                        for (int j = 0; j < pW; j++) {
                            dx[first + i * W + j] += g;
                        }
                    }
                }
            }
        }
    }

    /** {@code dx[window] += dout[o] / (pH·pW)} for every output o; dx must start zeroed or hold a running sum. */
    public static void avgPoolBackward(double[] dout, int doutOff, int planes, int H, int W, int pH, int pW,
                                       int stride, int Ho, int Wo, double[] dx, int dxOff) {
        double scale = 1.0 / (pH * pW);
        int o = doutOff;
        for (int p = 0; p < planes; p++) {
            int base = dxOff + p * H * W;
            for (int oh = 0; oh < Ho; oh++) {
                for (int ow = 0; ow < Wo; ow++, o++) {
                    double g = dout[o] * scale;
                    int first = base + oh * stride * W + ow * stride;
                    for (int i = 0; i < pH; i++) {
                        for (int j = 0; j < pW; j++) {
                            dx[first + i * W + j] += g;
                        }
                    }
                }
            }
        }
    }
}
