package io.dendrite.check;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Numerical gradients by central differences, and the relative error used to compare them with
 * analytic ones (cs231n's {@code eval_numerical_gradient} and {@code eval_numerical_gradient_array}).
 *
 * <p>Both forms perturb {@code x} in place, one element at a time, and restore it afterwards. They refuse
 * F32 tensors: with float's 24-bit mantissa a central difference is dominated by rounding, so errors of
 * 1e-7 are out of reach — convert the layer and its input with {@code to(DType.F64)} first.
 */
public final class GradientCheck {
    /** Step used when the caller has no reason to choose another (cs231n uses 1e-5). */
    public static final double DEFAULT_H = 1e-5;

    private GradientCheck() {
    }

    /** d f / d x for a scalar function {@code f} that reads {@code x}: (f(x+h) − f(x−h)) / 2h per element. */
    public static Tensor numericalGradient(DoubleSupplier f, Tensor x, double h) {
        requireF64(x);
        Tensor grad = Tensor.zerosLike(x);
        for (int i = 0; i < x.size(); i++) {
            double old = x.getFlat(i);
            x.setFlat(i, old + h);
            double plus = f.getAsDouble();
            x.setFlat(i, old - h);
            double minus = f.getAsDouble();
            x.setFlat(i, old);
            grad.setFlat(i, (plus - minus) / (2 * h));
        }
        return grad;
    }

    /**
     * The vector–Jacobian product {@code doutᵀ · d f(x) / d x} for a tensor-valued {@code f}: the numerical
     * counterpart of what a layer's backward returns for upstream gradient {@code dout}.
     */
    public static Tensor numericalGradient(Supplier<Tensor> f, Tensor x, Tensor dout, double h) {
        requireF64(x);
        Tensor grad = Tensor.zerosLike(x);
        for (int i = 0; i < x.size(); i++) {
            double old = x.getFlat(i);
            x.setFlat(i, old + h);
            double plus = dot(f.get(), dout);
            x.setFlat(i, old - h);
            double minus = dot(f.get(), dout);
            x.setFlat(i, old);
            grad.setFlat(i, (plus - minus) / (2 * h));
        }
        return grad;
    }

    private static double dot(Tensor y, Tensor dout) {
        if (!Shapes.same(y.shape(), dout.shape())) {
            throw new IllegalArgumentException("numericalGradient: f returned shape " + Shapes.format(y.shape())
                    + " but dout has shape " + Shapes.format(dout.shape()));
        }
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += y.getFlat(i) * dout.getFlat(i);
        }
        return s;
    }

    /** max |a − b| / max(1e-8, |a| + |b|) over all elements (cs231n's rel_error). */
    public static double relError(Tensor a, Tensor b) {
        if (!Shapes.same(a.shape(), b.shape())) {
            throw new IllegalArgumentException("relError: shapes " + Shapes.format(a.shape()) + " and "
                    + Shapes.format(b.shape()) + " differ");
        }
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.getFlat(i), y = b.getFlat(i);
            double e = Math.abs(x - y) / Math.max(1e-8, Math.abs(x) + Math.abs(y));
            if (Double.isNaN(e)) {
                return Double.NaN;
            }
            worst = Math.max(worst, e);
        }
        return worst;
    }

    static void requireF64(Tensor x) {
        if (x.dtype() != DType.F64) {
            throw new IllegalArgumentException("gradient check needs F64: got an " + x.dtype() + " tensor of shape "
                    + Shapes.format(x.shape()) + "; float rounding swamps central differences. Convert with to(DType.F64)"
                    + " and build the layer or model with dtype F64.");
        }
    }
}
