package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Im2Col;

/**
 * The sizes of one sliding-window pass (convolution or pooling) over an NCHW input, checked at the layer's
 * door. Output size per axis is {@code 1 + floor((H + 2·pad − HH) / stride)}: like PyTorch and the book, a
 * stride that does not divide evenly drops the last rows/columns (cs231n's naive layers assert instead).
 */
final class ConvGeometry {
    final int N, C, H, W, HH, WW, stride, pad, Ho, Wo;

    private ConvGeometry(int N, int C, int H, int W, int HH, int WW, int stride, int pad) {
        this.N = N;
        this.C = C;
        this.H = H;
        this.W = W;
        this.HH = HH;
        this.WW = WW;
        this.stride = stride;
        this.pad = pad;
        this.Ho = 1 + (H + 2 * pad - HH) / stride;
        this.Wo = 1 + (W + 2 * pad - WW) / stride;
    }

    /**
     * Validates {@code x}'s shape for a window HH×WW. {@code channels} is the channel count the layer needs,
     * or −1 when any count will do (pooling).
     */
    static ConvGeometry of(Object layer, int[] x, int channels, int HH, int WW, int stride, int pad) {
        LayerChecks.images(layer, x, channels, null);
        if (x[2] + 2 * pad < HH || x[3] + 2 * pad < WW) {
            String want = "(N, " + (channels < 0 ? "C" : channels) + ", H, W) with H ≥ " + Math.max(1, HH - 2 * pad)
                    + " and W ≥ " + Math.max(1, WW - 2 * pad);
            throw new IllegalArgumentException(layer + ": expected input " + want + ", got " + Shapes.format(x)
                    + ": the " + HH + "×" + WW + " window does not fit in the " + (x[2] + 2 * pad) + "×"
                    + (x[3] + 2 * pad) + " (padded) image — use a smaller kernel, more padding or a larger input");
        }
        return new ConvGeometry(x[0], x[1], x[2], x[3], HH, WW, stride, pad);
    }

    /**
     * The geometry of the convolution whose input gradient a transposed convolution is: its "image" (C, H, W) is
     * the transposed layer's output ({@code outChannels}, (h−1)·stride − 2·pad + HH, (w−1)·stride − 2·pad + WW),
     * and its window positions Ho×Wo are the transposed layer's input pixels h×w. Validates {@code x}, the
     * transposed layer's input (N, inChannels, h, w), and refuses an output with no pixels.
     */
    static ConvGeometry transposed(Object layer, int[] x, int inChannels, int outChannels, int HH, int WW,
                                   int stride, int pad) {
        LayerChecks.images(layer, x, inChannels, null);
        int H = (x[2] - 1) * stride - 2 * pad + HH, W = (x[3] - 1) * stride - 2 * pad + WW;
        if (x[2] < 1 || x[3] < 1 || H < 1 || W < 1) {
            int minH = Math.max(1, (2 * pad - HH + 1 + stride - 1) / stride + 1);
            int minW = Math.max(1, (2 * pad - WW + 1 + stride - 1) / stride + 1);
            throw new IllegalArgumentException(layer + ": expected input (N, " + inChannels + ", H, W) with H ≥ " + minH
                    + " and W ≥ " + minW + ", got " + Shapes.format(x) + ": the output would be " + H + "×" + W
                    + " ((H−1)·stride − 2·pad + kernel) — use less padding or a larger input");
        }
        return new ConvGeometry(x[0], outChannels, H, W, HH, WW, stride, pad);
    }

    /** Rows of the column matrix: C·HH·WW. */
    int K() {
        return C * HH * WW;
    }

    /** Output positions per image: H'·W'. */
    int P() {
        return Ho * Wo;
    }

    /** Returns {@code v}, or throws naming {@code what} and the value when it is below {@code min}. */
    static int require(String what, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException("invalid " + what + ": " + v + " (must be ≥ " + min + ")");
        }
        return v;
    }

    /** Writes image n of contiguous xc as its column matrix colsN (K, P). */
    void im2col(Tensor xc, int n, Tensor colsN) {
        int xOff = xc.offset() + n * C * H * W;
        if (xc.dtype() == DType.F32) {
            Im2Col.im2col(xc.floatData(), xOff, C, H, W, HH, WW, stride, pad, Ho, Wo,
                    colsN.floatData(), colsN.offset());
        } else {
            Im2Col.im2col(xc.doubleData(), xOff, C, H, W, HH, WW, stride, pad, Ho, Wo,
                    colsN.doubleData(), colsN.offset());
        }
    }

    /** Adds the column-matrix gradient dcolsN (K, P) back onto image n of contiguous dx. */
    void col2im(Tensor dcolsN, int n, Tensor dx) {
        int dxOff = dx.offset() + n * C * H * W;
        if (dx.dtype() == DType.F32) {
            Im2Col.col2im(dcolsN.floatData(), dcolsN.offset(), C, H, W, HH, WW, stride, pad, Ho, Wo,
                    dx.floatData(), dxOff);
        } else {
            Im2Col.col2im(dcolsN.doubleData(), dcolsN.offset(), C, H, W, HH, WW, stride, pad, Ho, Wo,
                    dx.doubleData(), dxOff);
        }
    }

    /** Sets every row f of outN (F, P) to bias[f]. */
    static void fillRows(Tensor bias, Tensor outN) {
        int F = outN.shape(0), P = outN.shape(1);
        if (outN.dtype() == DType.F32) {
            Im2Col.fillRows(bias.floatData(), bias.offset(), F, P, outN.floatData(), outN.offset());
        } else {
            Im2Col.fillRows(bias.doubleData(), bias.offset(), F, P, outN.doubleData(), outN.offset());
        }
    }

    /** acc[f] += Σ_p doutN[f, p]. */
    static void addRowSums(Tensor doutN, double[] acc) {
        int F = doutN.shape(0), P = doutN.shape(1);
        if (doutN.dtype() == DType.F32) {
            Im2Col.addRowSums(doutN.floatData(), doutN.offset(), F, P, acc);
        } else {
            Im2Col.addRowSums(doutN.doubleData(), doutN.offset(), F, P, acc);
        }
    }
}
