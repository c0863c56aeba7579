package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
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
        int planes = geo.N * geo.C;
        if (x.dtype() == DType.F32) {
            Pooling.avgPool(xc.floatData(), xc.offset(), planes, geo.H, geo.W, poolH, poolW, stride, geo.Ho, geo.Wo,
                    out.floatData(), 0);
        } else {
            Pooling.avgPool(xc.doubleData(), xc.offset(), planes, geo.H, geo.W, poolH, poolW, stride, geo.Ho, geo.Wo,
                    out.doubleData(), 0);
        }
        g = geo;
        dtype = x.dtype();
        return out;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (g == null) {
            throw ConvGeometry.notForwarded(this);
        }
        Tensor d = ConvGeometry.dout(this, dout, new int[]{g.N, g.C, g.Ho, g.Wo}, dtype);
        Tensor dx = Tensor.zeros(dtype, g.N, g.C, g.H, g.W);
        int planes = g.N * g.C;
        if (dtype == DType.F32) {
            Pooling.avgPoolBackward(d.floatData(), d.offset(), planes, g.H, g.W, poolH, poolW, stride, g.Ho, g.Wo,
                    dx.floatData(), 0);
        } else {
            Pooling.avgPoolBackward(d.doubleData(), d.offset(), planes, g.H, g.W, poolH, poolW, stride, g.Ho, g.Wo,
                    dx.doubleData(), 0);
        }
        return dx;
    }

    @Override
    public String toString() {
        return "AvgPool2d(" + poolH + "×" + poolW + ", s=" + stride + ")";
    }
}
