package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Parallel;
import io.dendrite.tensor.kernel.Pooling;

/**
 * Average pooling over poolH×poolW windows moved by {@code stride}, channel by channel, without padding.
 *
 * <pre>
 *   x: (N, C, H, W)   out: (N, C, H', W')   H' = 1 + ⌊(H − poolH) / stride⌋   W' = 1 + ⌊(W − poolW) / stride⌋
 *   out[n,c,h,w] = (1 / (poolH·poolW)) · Σ_{i,j} x[n, c, h·stride + i, w·stride + j]
 *   dx[n, c, h·stride + i, w·stride + j] += dout[n,c,h,w] / (poolH·poolW)    for every i, j
 * </pre>
 *
 * <p>Windows may overlap; leftover rows/columns that no full window covers are dropped and get zero gradient,
 * as in PyTorch's {@code AvgPool2d} without padding. Works in F32 and F64; dx has the input's dtype.
 */
public final class AvgPool2d implements Layer {
    private final int poolH, poolW, stride;
    private ConvGeometry g;   // sizes of the last forward
    private DType dtype;

    public AvgPool2d(int poolH, int poolW, int stride) {
        this.poolH = ConvGeometry.require("pool height", poolH, 1);
        this.poolW = ConvGeometry.require("pool width", poolW, 1);
        this.stride = ConvGeometry.require("stride", stride, 1);
    }

    @Override
    public Tensor forward(Tensor x) {
        ConvGeometry geo = ConvGeometry.of(this, x.shape(), -1, poolH, poolW, stride, 0);
        Tensor xc = x.contiguous();
        Tensor out = Tensor.zeros(x.dtype(), geo.N, geo.C, geo.Ho, geo.Wo);
        int H = geo.H, W = geo.W, Ho = geo.Ho, Wo = geo.Wo, xOff = xc.offset();
        // Planes are independent: each thread averages a contiguous run of them.
        if (x.dtype() == DType.F32) {
            float[] xs = xc.floatData(), ys = out.floatData();
            Parallel.forRange(geo.N * geo.C, grain(H * W), (from, to) -> Pooling.avgPool(xs, xOff + from * H * W,
                    to - from, H, W, poolH, poolW, stride, Ho, Wo, ys, from * Ho * Wo));
        } else {
            double[] xs = xc.doubleData(), ys = out.doubleData();
            Parallel.forRange(geo.N * geo.C, grain(H * W), (from, to) -> Pooling.avgPool(xs, xOff + from * H * W,
                    to - from, H, W, poolH, poolW, stride, Ho, Wo, ys, from * Ho * Wo));
        }
        g = geo;
        dtype = x.dtype();
        return out;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (g == null) {
            throw LayerChecks.notForwarded(this);
        }
        Tensor d = LayerChecks.dout(this, dout, new int[]{g.N, g.C, g.Ho, g.Wo}, dtype);
        Tensor dx = Tensor.zeros(dtype, g.N, g.C, g.H, g.W);
        int H = g.H, W = g.W, Ho = g.Ho, Wo = g.Wo, dOff = d.offset();
        if (dtype == DType.F32) {
            float[] ds = d.floatData(), dxs = dx.floatData();
            Parallel.forRange(g.N * g.C, grain(H * W), (from, to) -> Pooling.avgPoolBackward(ds, dOff + from * Ho * Wo,
                    to - from, H, W, poolH, poolW, stride, Ho, Wo, dxs, from * H * W));
        } else {
            double[] ds = d.doubleData(), dxs = dx.doubleData();
            Parallel.forRange(g.N * g.C, grain(H * W), (from, to) -> Pooling.avgPoolBackward(ds, dOff + from * Ho * Wo,
                    to - from, H, W, poolH, poolW, stride, Ho, Wo, dxs, from * H * W));
        }
        return dx;
    }

    /** Planes per thread worth splitting for: about 16K input elements. */
    private static int grain(int planeSize) {
        return Math.max(1, (1 << 14) / Math.max(1, planeSize));
    }

    public int poolH() {
        return poolH;
    }

    public int poolW() {
        return poolW;
    }

    public int stride() {
        return stride;
    }

    @Override
    public String toString() {
        return "AvgPool2d(" + poolH + "×" + poolW + ", s=" + stride + ")";
    }
}
