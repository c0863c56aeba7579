package io.dendrite.tensor.kernel;

import java.util.Arrays;

/**
 * im2col and col2im for one image: the data movement that turns a convolution into a matrix product.
 *
 * <p>The image is stored row-major as (C, H, W) starting at {@code xOff}. Its column matrix is stored row-major
 * as (C·HH·WW, H'·W') starting at {@code colOff}: row {@code r = (c·HH + i)·WW + j} holds, for every output
 * position (oh, ow), the input value {@code x[c, oh·stride − pad + i, ow·stride − pad + j]}, or 0 where that
 * falls into the zero padding. With this orientation a convolution of one image is the single product
 * {@code out (F, H'·W') = W (F, C·HH·WW) · cols}, written straight into the NCHW output.
 *
 * <p>col2im is the adjoint of im2col: it <em>adds</em> every column entry back onto the input position it came
 * from (entries that came from padding are dropped), which is how overlapping windows sum their gradients.
 *
 * <p>Both loops run along output rows with the valid output-column range computed once per (row, i, j), so the
 * inner loop has no bounds tests; with stride 1 it is a plain copy.
 */
public final class Im2Col {
    private Im2Col() {
    }

    /** First output column whose input column {@code ow·stride − pad + j} is ≥ 0. */
    private static int firstValid(int pad, int j, int stride) {
        int need = pad - j;
        return need <= 0 ? 0 : (need + stride - 1) / stride;
    }

    /** One past the last output column whose input column is &lt; W, clamped to [lo, Wo]. */
    private static int endValid(int W, int pad, int j, int stride, int Wo, int lo) {
        int num = W - 1 + pad - j;
        int hi = num < 0 ? 0 : num / stride + 1;
        return Math.max(lo, Math.min(Wo, hi));
    }

    public static void im2col(float[] x, int xOff, int C, int H, int W, int HH, int WW, int stride, int pad,
                              int Ho, int Wo, float[] cols, int colOff) {
        int P = Ho * Wo;
        int r = colOff;
        for (int c = 0; c < C; c++) {
            int plane = xOff + c * H * W;
            for (int i = 0; i < HH; i++) {
                for (int j = 0; j < WW; j++, r += P) {
                    int lo = Math.min(Wo, firstValid(pad, j, stride));
                    int hi = endValid(W, pad, j, stride, Wo, lo);
                    for (int oh = 0; oh < Ho; oh++) {
                        int dst = r + oh * Wo;
                        int ih = oh * stride - pad + i;
                        if (ih < 0 || ih >= H) {
                            Arrays.fill(cols, dst, dst + Wo, 0f);
                            continue;
                        }
                        Arrays.fill(cols, dst, dst + lo, 0f);
                        int src = plane + ih * W + lo * stride - pad + j;
                        if (stride == 1) {
                            System.arraycopy(x, src, cols, dst + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++, src += stride) {
                                cols[dst + ow] = x[src];
                            }
                        }
                        Arrays.fill(cols, dst + hi, dst + Wo, 0f);
                    }
                }
            }
        }
    }

    public static void im2col(double[] x, int xOff, int C, int H, int W, int HH, int WW, int stride, int pad,
                              int Ho, int Wo, double[] cols, int colOff) {
        int P = Ho * Wo;
        int r = colOff;
        for (int c = 0; c < C; c++) {
            int plane = xOff + c * H * W;
            for (int i = 0; i < HH; i++) {
                for (int j = 0; j < WW; j++, r += P) {
                    int lo = Math.min(Wo, firstValid(pad, j, stride));
                    int hi = endValid(W, pad, j, stride, Wo, lo);
                    for (int oh = 0; oh < Ho; oh++) {
                        int dst = r + oh * Wo;
                        int ih = oh * stride - pad + i;
                        if (ih < 0 || ih >= H) {
                            Arrays.fill(cols, dst, dst + Wo, 0.0);
                            continue;
                        }
                        Arrays.fill(cols, dst, dst + lo, 0.0);
                        int src = plane + ih * W + lo * stride - pad + j;
                        if (stride == 1) {
                            System.arraycopy(x, src, cols, dst + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++, src += stride) {
                                cols[dst + ow] = x[src];
                            }
                        }
                        Arrays.fill(cols, dst + hi, dst + Wo, 0.0);
                    }
                }
            }
        }
    }

    /** {@code dx[c, ih, iw] += cols[(c, i, j), (oh, ow)]} for every entry that did not come from padding. */
    public static void col2im(float[] cols, int colOff, int C, int H, int W, int HH, int WW, int stride, int pad,
                              int Ho, int Wo, float[] dx, int dxOff) {
        int P = Ho * Wo;
        int r = colOff;
        for (int c = 0; c < C; c++) {
            int plane = dxOff + c * H * W;
            for (int i = 0; i < HH; i++) {
                for (int j = 0; j < WW; j++, r += P) {
                    int lo = Math.min(Wo, firstValid(pad, j, stride));
                    int hi = endValid(W, pad, j, stride, Wo, lo);
                    for (int oh = 0; oh < Ho; oh++) {
                        int ih = oh * stride - pad + i;
                        if (ih < 0 || ih >= H) {
                            continue;
                        }
                        int src = r + oh * Wo;
                        int dst = plane + ih * W + lo * stride - pad + j;
                        for (int ow = lo; ow < hi; ow++, dst += stride) {
                            dx[dst] += cols[src + ow];
                        }
                    }
                }
            }
        }
    }

    /** {@code dx[c, ih, iw] += cols[(c, i, j), (oh, ow)]} for every entry that did not come from padding. */
    public static void col2im(double[] cols, int colOff, int C, int H, int W, int HH, int WW, int stride, int pad,
                              int Ho, int Wo, double[] dx, int dxOff) {
        int P = Ho * Wo;
        int r = colOff;
        for (int c = 0; c < C; c++) {
            int plane = dxOff + c * H * W;
            for (int i = 0; i < HH; i++) {
                for (int j = 0; j < WW; j++, r += P) {
                    int lo = Math.min(Wo, firstValid(pad, j, stride));
                    int hi = endValid(W, pad, j, stride, Wo, lo);
                    for (int oh = 0; oh < Ho; oh++) {
                        int ih = oh * stride - pad + i;
                        if (ih < 0 || ih >= H) {
                            continue;
                        }
                        int src = r + oh * Wo;
                        int dst = plane + ih * W + lo * stride - pad + j;
                        for (int ow = lo; ow < hi; ow++, dst += stride) {
                            dx[dst] += cols[src + ow];
                        }
                    }
                }
            }
        }
    }

    /** {@code out[r, :] = b[r]} for {@code rows} rows of length {@code len}: the bias under one image's output. */
    public static void fillRows(float[] b, int bOff, int rows, int len, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            Arrays.fill(out, outOff + r * len, outOff + (r + 1) * len, b[bOff + r]);
        }
    }

    /** {@code out[r, :] = b[r]} for {@code rows} rows of length {@code len}: the bias under one image's output. */
    public static void fillRows(double[] b, int bOff, int rows, int len, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            Arrays.fill(out, outOff + r * len, outOff + (r + 1) * len, b[bOff + r]);
        }
    }

    /** {@code acc[r] += Σ_p x[r, p]} over {@code rows} rows of length {@code len}, front to back in double. */
    public static void addRowSums(float[] x, int xOff, int rows, int len, double[] acc) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int p = xOff + r * len, end = p + len; p < end; p++) {
                s += x[p];
            }
            acc[r] += s;
        }
    }

    /** {@code acc[r] += Σ_p x[r, p]} over {@code rows} rows of length {@code len}, front to back. */
    public static void addRowSums(double[] x, int xOff, int rows, int len, double[] acc) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int p = xOff + r * len, end = p + len; p < end; p++) {
                s += x[p];
            }
            acc[r] += s;
        }
    }
}
