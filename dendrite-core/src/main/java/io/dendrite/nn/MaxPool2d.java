package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Parallel;
import io.dendrite.tensor.kernel.Pooling;

/**
 * Max pooling over poolH×poolW windows moved by {@code stride}, channel by channel, without padding.
 *
 * <pre>
 *   x: (N, C, H, W)   out: (N, C, H', W')   H' = 1 + ⌊(H − poolH) / stride⌋   W' = 1 + ⌊(W − poolW) / stride⌋
 *   out[n,c,h,w] = max_{i,j} x[n, c, h·stride + i, w·stride + j]
 *   dx[n, c, argmax] += dout[n,c,h,w]    (the gradient goes only to the element that won the window)
 * </pre>
 *
 * <p>Windows may overlap (stride &lt; pool); an input that wins several windows collects all their gradients.
 * Ties go to the first maximum in row-major window order, like {@code numpy.argmax} in cs231n's naive layer
 * (PyTorch does not promise which tied element it picks). Leftover rows/columns that no full window covers are
 * dropped and get zero gradient (PyTorch and the book floor too). The usual non-overlapping 2×2 windows with
 * stride 2 take a faster kernel (a four-value tournament) that gives the same values and indices; any other
 * window goes through the general kernel. Both store the winner's index in one pass, so backward is a
 * scatter. A NaN in a window makes that output NaN; which input then receives its gradient is unspecified.
 * Works in F32 and F64; dx has the input's dtype.
 */
public final class MaxPool2d implements Layer {
    private final int poolH, poolW, stride;
    private boolean generalOnly;   // tests: force the general kernel
    private ConvGeometry g;        // sizes of the last forward
    private DType dtype;
    private int[] argmax = new int[0];   // index in the input of each output's winner, reused

    public MaxPool2d(int poolH, int poolW, int stride) {
        this.poolH = ConvGeometry.require("pool height", poolH, 1);
        this.poolW = ConvGeometry.require("pool width", poolW, 1);
        this.stride = ConvGeometry.require("stride", stride, 1);
    }

    /** Square windows of side {@code pool}, stride {@code pool}: the usual 2×2 halving when pool is 2. */
    public MaxPool2d(int pool) {
        this(pool, pool, pool);
    }

    MaxPool2d generalOnly(boolean on) {
        this.generalOnly = on;
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        ConvGeometry geo = ConvGeometry.of(this, x.shape(), -1, poolH, poolW, stride, 0);
        int planes = geo.N * geo.C, count = planes * geo.P();
        if (argmax.length < count) {
            argmax = new int[count];
        }
        Tensor xc = x.contiguous();
        Tensor out = Tensor.zeros(x.dtype(), geo.N, geo.C, geo.Ho, geo.Wo);
        boolean twoByTwo = !generalOnly && poolH == 2 && poolW == 2 && stride == 2;
        int H = geo.H, W = geo.W, Ho = geo.Ho, Wo = geo.Wo, xOff = xc.offset();
        int[] arg = argmax;
        // Planes are independent: each thread pools a contiguous run of them.
        if (x.dtype() == DType.F32) {
            float[] xs = xc.floatData(), ys = out.floatData();
            Parallel.forRange(planes, grain(H * W), (from, to) -> {
                if (twoByTwo) {
                    Pooling.maxPool2x2(xs, xOff, from, to, H, W, Ho, Wo, ys, 0, arg);
                } else {
                    Pooling.maxPool(xs, xOff, from, to, H, W, poolH, poolW, stride, Ho, Wo, ys, 0, arg);
                }
            });
        } else {
            double[] xs = xc.doubleData(), ys = out.doubleData();
            Parallel.forRange(planes, grain(H * W), (from, to) -> {
                if (twoByTwo) {
                    Pooling.maxPool2x2(xs, xOff, from, to, H, W, Ho, Wo, ys, 0, arg);
                } else {
                    Pooling.maxPool(xs, xOff, from, to, H, W, poolH, poolW, stride, Ho, Wo, ys, 0, arg);
                }
            });
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
        int per = g.P(), dOff = d.offset();
        int[] arg = argmax;
        // Whole planes per thread: a window never leaves its plane, so the threads scatter into disjoint parts of dx.
        if (dtype == DType.F32) {
            float[] ds = d.floatData(), dxs = dx.floatData();
            Parallel.forRange(g.N * g.C, grain(g.H * g.W), (from, to) ->
                    Pooling.maxPoolBackward(ds, dOff, arg, from * per, to * per, dxs, 0));
        } else {
            double[] ds = d.doubleData(), dxs = dx.doubleData();
            Parallel.forRange(g.N * g.C, grain(g.H * g.W), (from, to) ->
                    Pooling.maxPoolBackward(ds, dOff, arg, from * per, to * per, dxs, 0));
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
        return "MaxPool2d(" + poolH + "×" + poolW + ", s=" + stride + ")";
    }
}
