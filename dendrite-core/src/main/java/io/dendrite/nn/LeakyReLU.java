package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

/**
 * Leaky ReLU, elementwise on any shape: {@code out = x if x > 0 else slope·x},
 * {@code dx = dout · (1 if x > 0 else slope)}. Output and dx have the input's dtype.
 */
public final class LeakyReLU implements Layer {
    /** PyTorch's default negative slope. */
    public static final double DEFAULT_SLOPE = 0.01;

    private final double slope;
    private Tensor x;

    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    public LeakyReLU(double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("invalid LeakyReLU slope: " + slope + " (must be finite)");
        }
        this.slope = slope;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor xc = input.contiguous();
        Tensor out = Tensor.zerosLike(xc);
        int n = xc.size(), o = xc.offset();
        if (xc.dtype() == DType.F32) {
            float[] a = xc.floatData(), y = out.floatData();
            float s = (float) slope;
            for (int i = 0; i < n; i++) {
                float v = a[o + i];
                y[i] = v > 0 ? v : s * v;
            }
        } else {
            double[] a = xc.doubleData(), y = out.doubleData();
            for (int i = 0; i < n; i++) {
                double v = a[o + i];
                y[i] = v > 0 ? v : slope * v;
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
            float s = (float) slope;
            for (int i = 0; i < n; i++) {
                r[i] = a[o + i] > 0 ? g[od + i] : s * g[od + i];
            }
        } else {
            double[] a = x.doubleData(), g = d.doubleData(), r = dx.doubleData();
            for (int i = 0; i < n; i++) {
                r[i] = a[o + i] > 0 ? g[od + i] : slope * g[od + i];
            }
        }
        return dx;
    }

    public double slope() {
        return slope;
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + slope + ")";
    }
}
