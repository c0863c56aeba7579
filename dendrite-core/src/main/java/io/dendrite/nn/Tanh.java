package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

/**
 * Hyperbolic tangent, elementwise on any shape: {@code out = tanh(x)}, {@code dx = dout · (1 − out²)}.
 * Output and dx have the input's dtype.
 */
public final class Tanh implements Layer {
    private Tensor out;

    @Override
    public Tensor forward(Tensor x) {
        Tensor xc = x.contiguous();
        Tensor y = Tensor.zerosLike(xc);
        int n = xc.size(), o = xc.offset();
        if (xc.dtype() == DType.F32) {
            float[] a = xc.floatData(), r = y.floatData();
            for (int i = 0; i < n; i++) {
                r[i] = (float) Math.tanh(a[o + i]);
            }
        } else {
            double[] a = xc.doubleData(), r = y.doubleData();
            for (int i = 0; i < n; i++) {
                r[i] = Math.tanh(a[o + i]);
            }
        }
        out = y;   // backward reads the output, as the book does: don't write into it before backward
        return y;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (out == null) {
            throw LayerChecks.notForwarded(this);
        }
        Tensor d = LayerChecks.dout(this, dout, out.shape(), out.dtype());
        Tensor dx = Tensor.zerosLike(out);
        int n = out.size(), od = d.offset();
        if (out.dtype() == DType.F32) {
            float[] y = out.floatData(), g = d.floatData(), r = dx.floatData();
            for (int i = 0; i < n; i++) {
                r[i] = g[od + i] * (1f - y[i] * y[i]);
            }
        } else {
            double[] y = out.doubleData(), g = d.doubleData(), r = dx.doubleData();
            for (int i = 0; i < n; i++) {
                r[i] = g[od + i] * (1 - y[i] * y[i]);
            }
        }
        return dx;
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
