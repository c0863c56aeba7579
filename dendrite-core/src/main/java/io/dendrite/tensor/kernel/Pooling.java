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
 * <p>{@link #maxPool} handles any window and stride (overlapping windows included). It visits the window
 * offsets (i, j) in row-major order in its outer loops and a whole row of outputs in its inner loop, so the
 * inner loop's iterations are independent instead of one long compare chain per window (2–3× faster than
 * window-at-a-time). {@link #maxPool2x2} is the fast path for the usual non-overlapping 2×2 windows with
 * stride 2, and gives the same values and indices. Both select with {@code Math.max} and conditional
 * expressions rather than if-branches: which element wins a window is random for real data, and
 * mispredicted branches made the first version 5–8× slower. A NaN in a window
 * makes its output NaN (Math.max propagates it); where its gradient goes is then unspecified.
 */
public final class Pooling {
    private Pooling() {
    }

    public static void maxPool(float[] x, int xOff, int planes, int H, int W, int pH, int pW, int stride,
                               int Ho, int Wo, float[] out, int outOff, int[] argmax) {
        maxPool(x, xOff, 0, planes, H, W, pH, pW, stride, Ho, Wo, out, outOff, argmax);
    }

    /** Planes {@code [fromPlane, toPlane)} only; indices into out and argmax are those of the whole call. */
    public static void maxPool(float[] x, int xOff, int fromPlane, int toPlane, int H, int W, int pH, int pW,
                               int stride, int Ho, int Wo, float[] out, int outOff, int[] argmax) {
        for (int p = fromPlane; p < toPlane; p++) {
            for (int oh = 0; oh < Ho; oh++) {
                int o = (p * Ho + oh) * Wo;
                int row0 = p * H * W + oh * stride * W;
                for (int ow = 0; ow < Wo; ow++) {
                    int q = row0 + ow * stride;
                    out[outOff + o + ow] = x[xOff + q];
                    argmax[o + ow] = q;
                }
                for (int i = 0; i < pH; i++) {
                    for (int j = i == 0 ? 1 : 0; j < pW; j++) {
                        int d = i * W + j;
                        for (int ow = 0; ow < Wo; ow++) {
                            int q = row0 + ow * stride + d;
                            float v = x[xOff + q], m = out[outOff + o + ow];
                            argmax[o + ow] = v > m ? q : argmax[o + ow];
                            out[outOff + o + ow] = Math.max(m, v);
                        }
                    }
                }
            }
        }
    }

    public static void maxPool(double[] x, int xOff, int planes, int H, int W, int pH, int pW, int stride,
                               int Ho, int Wo, double[] out, int outOff, int[] argmax) {
        maxPool(x, xOff, 0, planes, H, W, pH, pW, stride, Ho, Wo, out, outOff, argmax);
    }

    /** Planes {@code [fromPlane, toPlane)} only; indices into out and argmax are those of the whole call. */
    public static void maxPool(double[] x, int xOff, int fromPlane, int toPlane, int H, int W, int pH, int pW,
                               int stride, int Ho, int Wo, double[] out, int outOff, int[] argmax) {
        for (int p = fromPlane; p < toPlane; p++) {
            for (int oh = 0; oh < Ho; oh++) {
                int o = (p * Ho + oh) * Wo;
                int row0 = p * H * W + oh * stride * W;
                for (int ow = 0; ow < Wo; ow++) {
                    int q = row0 + ow * stride;
                    out[outOff + o + ow] = x[xOff + q];
                    argmax[o + ow] = q;
                }
                for (int i = 0; i < pH; i++) {
                    for (int j = i == 0 ? 1 : 0; j < pW; j++) {
                        int d = i * W + j;
                        for (int ow = 0; ow < Wo; ow++) {
                            int q = row0 + ow * stride + d;
                            double v = x[xOff + q], m = out[outOff + o + ow];
                            argmax[o + ow] = v > m ? q : argmax[o + ow];
                            out[outOff + o + ow] = Math.max(m, v);
                        }
                    }
                }
            }
        }
    }

    /**
     * Non-overlapping 2×2 windows with stride 2, the common case: each window's four values are compared as a
     * small tournament, (a, b) and (c, d) first, ties to the earlier element, so the winner is the first maximum.
     */
    public static void maxPool2x2(float[] x, int xOff, int planes, int H, int W, int Ho, int Wo,
                                  float[] out, int outOff, int[] argmax) {
        maxPool2x2(x, xOff, 0, planes, H, W, Ho, Wo, out, outOff, argmax);
    }

    /** Planes {@code [fromPlane, toPlane)} only; indices into out and argmax are those of the whole call. */
    public static void maxPool2x2(float[] x, int xOff, int fromPlane, int toPlane, int H, int W, int Ho, int Wo,
                                  float[] out, int outOff, int[] argmax) {
        for (int p = fromPlane; p < toPlane; p++) {
            for (int oh = 0; oh < Ho; oh++) {
                int o = (p * Ho + oh) * Wo;
                int r0 = p * H * W + 2 * oh * W;
                for (int ow = 0, s = r0; ow < Wo; ow++, s += 2) {
                    float a = x[xOff + s], b = x[xOff + s + 1], c = x[xOff + s + W], d = x[xOff + s + W + 1];
                    int top = b > a ? 1 : 0, bottom = d > c ? W + 1 : W;
                    float mTop = Math.max(a, b), mBottom = Math.max(c, d);
                    argmax[o + ow] = s + (mBottom > mTop ? bottom : top);
                    out[outOff + o + ow] = Math.max(mTop, mBottom);
                }
            }
        }
    }

    /** Non-overlapping 2×2 windows with stride 2: see {@link #maxPool2x2(float[], int, int, int, int, int, int, float[], int, int[])}. */
    public static void maxPool2x2(double[] x, int xOff, int planes, int H, int W, int Ho, int Wo,
                                  double[] out, int outOff, int[] argmax) {
        maxPool2x2(x, xOff, 0, planes, H, W, Ho, Wo, out, outOff, argmax);
    }

    /** Planes {@code [fromPlane, toPlane)} only; indices into out and argmax are those of the whole call. */
    public static void maxPool2x2(double[] x, int xOff, int fromPlane, int toPlane, int H, int W, int Ho, int Wo,
                                  double[] out, int outOff, int[] argmax) {
        for (int p = fromPlane; p < toPlane; p++) {
            for (int oh = 0; oh < Ho; oh++) {
                int o = (p * Ho + oh) * Wo;
                int r0 = p * H * W + 2 * oh * W;
                for (int ow = 0, s = r0; ow < Wo; ow++, s += 2) {
                    double a = x[xOff + s], b = x[xOff + s + 1], c = x[xOff + s + W], d = x[xOff + s + W + 1];
                    int top = b > a ? 1 : 0, bottom = d > c ? W + 1 : W;
                    double mTop = Math.max(a, b), mBottom = Math.max(c, d);
                    argmax[o + ow] = s + (mBottom > mTop ? bottom : top);
                    out[outOff + o + ow] = Math.max(mTop, mBottom);
                }
            }
        }
    }

    /** {@code dx[argmax[o]] += dout[o]} for the first {@code count} outputs (dx relative to {@code dxOff}). */
    public static void maxPoolBackward(float[] dout, int doutOff, int[] argmax, int count, float[] dx, int dxOff) {
        maxPoolBackward(dout, doutOff, argmax, 0, count, dx, dxOff);
    }

    /**
     * Outputs {@code [from, to)} only. Ranges that cover whole planes write disjoint parts of dx (a window
     * never leaves its plane), so such ranges may run on different threads.
     */
    public static void maxPoolBackward(float[] dout, int doutOff, int[] argmax, int from, int to, float[] dx, int dxOff) {
        for (int o = from; o < to; o++) {
            dx[dxOff + argmax[o]] += dout[doutOff + o];
        }
    }

    /** {@code dx[argmax[o]] += dout[o]} for the first {@code count} outputs (dx relative to {@code dxOff}). */
    public static void maxPoolBackward(double[] dout, int doutOff, int[] argmax, int count, double[] dx, int dxOff) {
        maxPoolBackward(dout, doutOff, argmax, 0, count, dx, dxOff);
    }

    /**
     * Outputs {@code [from, to)} only. Ranges that cover whole planes write disjoint parts of dx (a window
     * never leaves its plane), so such ranges may run on different threads.
     */
    public static void maxPoolBackward(double[] dout, int doutOff, int[] argmax, int from, int to, double[] dx, int dxOff) {
        for (int o = from; o < to; o++) {
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
