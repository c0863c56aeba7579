package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

/**
 * Rectified linear unit, elementwise on any shape: {@code out = max(0, x)}, {@code dx = dout · [x > 0]}.
 * The derivative at exactly 0 is taken as 0 (cs231n). NaN inputs stay NaN, so they are not hidden from
 * the loss. Output and dx have the input's dtype.
 */
public final class ReLU implements Layer {
    private Tensor x;

    @Override
    public Tensor forward(Tensor input) {
        Tensor xc = input.contiguous();
        Tensor out = Tensor.zerosLike(xc);
        int n = xc.size(), o = xc.offset();
        if (xc.dtype() == DType.F32) {
            float[] a = xc.floatData(), y = out.floatData();
            for (int i = 0; i < n; i++) {
                float v = a[o + i];
                y[i] = v < 0 ? 0f : v;
            }
        } else {
            double[] a = xc.doubleData(), y = out.doubleData();
            for (int i = 0; i < n; i++) {
                double v = a[o + i];
                y[i] = v < 0 ? 0 : v;
            }
        }
        x = xc;
        return out;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (x == null) {
            throw LayerChecks.notForwarded(this);
        }
        Tensor d = LayerChecks.dout(this, dout, x.shape(), x.dtype());
        Tensor dx = Tensor.zerosLike(x);
        int n = x.size(), o = x.offset(), od = d.offset();
        if (x.dtype() == DType.F32) {
            float[] a = x.floatData(), g = d.floatData(), r = dx.floatData();
            for (int i = 0; i < n; i++) {
                r[i] = a[o + i] > 0 ? g[od + i] : 0f;
            }
        } else {
            double[] a = x.doubleData(), g = d.doubleData(), r = dx.doubleData();
            for (int i = 0; i < n; i++) {
                r[i] = a[o + i] > 0 ? g[od + i] : 0;
            }
        }
        return dx;
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
