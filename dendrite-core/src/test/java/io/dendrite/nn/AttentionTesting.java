package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Gradient-check helpers of the attention tests. */
final class AttentionTesting {
    /** The project's tolerance in F64. */
    static final double GRAD_TOL = 1e-7;
    /**
     * The absolute floor below which an entry passes whatever its relative error: the numerical gradient's own
     * rounding, eps·Σ|dout⊙out|/h ≈ 1e-12 with {@link #numerical}'s step, makes the relative error of an entry
     * under ~1e-4 meaningless — and some are exactly zero: a key bias shifts every score of a row alike, which
     * softmax ignores (dbk = 0), and a query that sees one key has weight 1 whatever it is (its dquery = 0).
     */
    static final double ABS_FLOOR = 1e-10;

    private AttentionTesting() {
    }

    /**
     * Asserts every element of {@code analytic} is within {@link #GRAD_TOL} relative error of {@code numerical}, or
     * within {@link #ABS_FLOOR} absolutely; returns the largest relative error over the elements above the floor or of magnitude
     * |a| + |n| ≥ 1e-4 (what the reports print).
     */
    static double assertGradient(String name, Tensor analytic, Tensor numerical) {
        assertThat(analytic.shape()).as(name + " shape").containsExactly(numerical.shape());
        double worst = 0, worstShown = 0;
        int worstAt = -1;
        for (int i = 0; i < analytic.size(); i++) {
            double a = analytic.getFlat(i), n = numerical.getFlat(i), diff = Math.abs(a - n);
            double rel = diff / Math.max(1e-8, Math.abs(a) + Math.abs(n));
            if (Math.abs(a) + Math.abs(n) >= 1e-4) {
                worstShown = Math.max(worstShown, rel);
            }
            if (diff > ABS_FLOOR && !(rel <= worst)) {
                worst = rel;
                worstAt = i;
            }
        }
        assertThat(worst).as("relative error of %s %s (worst at flat index %d: analytic %s, numerical %s)", name,
                Shapes.format(analytic.shape()), worstAt, worstAt < 0 ? "-" : analytic.getFlat(worstAt),
                worstAt < 0 ? "-" : numerical.getFlat(worstAt)).isLessThanOrEqualTo(GRAD_TOL);
        worst = Math.max(worst, worstShown);
        return worst;
    }

    /** The step of {@link #numerical}: large enough that rounding in f stays near 1e-12, small enough for O(h⁴). */
    static final double H = 1e-3;

    /**
     * The gradient of Σ dout⊙f() with respect to {@code wrt} (F64, perturbed in place and restored) by the five-point
     * stencil (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h. Its error is O(h⁴) instead of central differences'
     * O(h²), so h can be 1e-3 and rounding (eps·Σ|dout·out|/h) stays near 1e-12 — central differences at h = 1e-5
     * leave ~5e-10 of rounding, a relative error above 1e-7 on the smaller gradient entries of a softmax.
     */
    static Tensor numerical(Supplier<Tensor> f, Tensor wrt, Tensor dout) {
        return numerical(f, wrt, dout, H);
    }

    /** {@link #numerical(Supplier, Tensor, Tensor)} with step {@code h}. */
    static Tensor numerical(Supplier<Tensor> f, Tensor wrt, Tensor dout, double h) {
        Tensor grad = Tensor.zeros(DType.F64, wrt.shape());
        int[] shape = wrt.shape();
        for (int i = 0; i < wrt.size(); i++) {
            int[] at = TensorAssert.unravel(i, shape);
            double x = wrt.get(at);
            double[] fs = new double[4];
            double[] steps = {2 * h, h, -h, -2 * h};
            for (int j = 0; j < 4; j++) {
                wrt.set(x + steps[j], at);
                fs[j] = f.get().mul(dout).sum();
            }
            wrt.set(x, at);
            grad.setFlat(i, (-fs[0] + 8 * fs[1] - 8 * fs[2] + fs[3]) / (12 * h));
        }
        return grad;
    }

    /**
     * The steps of {@link #checkLayer}: a network with ReLUs is not differentiable at their kinks, and a stencil that
     * spans one (a pre-activation within 2h of zero) gives a quotient that is no derivative — seen here at h = 1e-3
     * and at 1e-4. Each entry is compared with the quotient of every step and passes with the closest: the larger
     * steps round least, the smaller ones are spoiled by kinks only very near the point. A wrong gradient agrees with
     * none of them.
     */
    static final double[] KINK_STEPS = {1e-3, 1e-4, 1e-5};

    /**
     * Asserts each entry of {@code analytic} against the closest of several numerical gradients, as
     * {@link #assertGradient}; returns the largest relative error of the chosen entries.
     */
    static double assertGradient(String name, Tensor analytic, java.util.List<Tensor> numericals) {
        Tensor best = Tensor.zeros(DType.F64, analytic.shape());
        for (int i = 0; i < analytic.size(); i++) {
            double a = analytic.getFlat(i), closest = Double.NaN;
            for (Tensor n : numericals) {
                if (!(Math.abs(n.getFlat(i) - a) >= Math.abs(closest - a))) {
                    closest = n.getFlat(i);
                }
            }
            best.setFlat(i, closest);
        }
        return assertGradient(name, analytic, best);
    }

    /**
     * Checks a layer at input {@code x} (F64) with a random dout drawn from {@code seed}: dx and every parameter
     * gradient against {@link #numerical} at each of {@link #KINK_STEPS}. {@code before} runs before every forward (to
     * replay dropout masks). Returns the largest relative error.
     */
    static double checkLayer(Layer layer, Tensor x, long seed, Runnable before) {
        Supplier<Tensor> f = () -> {
            before.run();
            return layer.forward(x);
        };
        Tensor dout = Tensor.randn(new io.dendrite.tensor.Rng(seed), DType.F64, f.get().shape());
        layer.parameters().forEach(Parameter::zeroGrad);
        f.get();
        Tensor dx = layer.backward(dout);
        java.util.List<Tensor> analytic = new java.util.ArrayList<>();
        layer.parameters().forEach(p -> analytic.add(p.grad().copy()));
        double worst = assertGradient(layer + " dx", dx, numericals(f, x, dout));
        for (int i = 0; i < analytic.size(); i++) {
            Parameter p = layer.parameters().get(i);
            worst = Math.max(worst, assertGradient(layer + " d" + p.name(), analytic.get(i), numericals(f, p.value(), dout)));
        }
        return worst;
    }

    /** {@link #numerical} at every step of {@link #KINK_STEPS}. */
    static java.util.List<Tensor> numericals(Supplier<Tensor> f, Tensor wrt, Tensor dout) {
        java.util.List<Tensor> all = new java.util.ArrayList<>();
        for (double h : KINK_STEPS) {
            all.add(numerical(f, wrt, dout, h));
        }
        return all;
    }

    /** Prints what a check reached when run with {@code -Dattention.report=true} (for the closing notes). */
    static void report(String what, double worst) {
        if (Boolean.getBoolean("attention.report")) {
            System.out.printf("gradient check %s: max relative error %.2e%n", what, worst);
        }
    }
}
