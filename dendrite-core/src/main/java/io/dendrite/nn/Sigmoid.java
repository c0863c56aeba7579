package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

/**
 * Logistic sigmoid, elementwise on any shape: {@code out = 1 / (1 + e^−x)}, {@code dx = dout · out · (1 − out)}
 * (the book's {@code Sigmoid} layer). Computed in double without overflow for large |x|; output and dx have
 * the input's dtype.
 */
public final class Sigmoid implements Layer {
    private Tensor out;

    static double sigmoid(double v) {
        if (v >= 0) {
            return 1 / (1 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1 + e);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor xc = x.contiguous();
        Tensor y = Tensor.zerosLike(xc);
        int n = xc.size(), o = xc.offset();
        if (xc.dtype() == DType.F32) {
            float[] a = xc.floatData(), r = y.floatData();
            for (int i = 0; i < n; i++) {
                r[i] = (float) sigmoid(a[o + i]);
            }
        } else {
            double[] a = xc.doubleData(), r = y.doubleData();
            for (int i = 0; i < n; i++) {
                r[i] = sigmoid(a[o + i]);
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
                r[i] = g[od + i] * y[i] * (1f - y[i]);
            }
        } else {
            double[] y = out.doubleData(), g = d.doubleData(), r = dx.doubleData();
            for (int i = 0; i < n; i++) {
                r[i] = g[od + i] * y[i] * (1 - y[i]);
            }
        }
        return dx;
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
