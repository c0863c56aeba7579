package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.check.GradientReport;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared fixtures of the sequence-layer tests: linspace inputs, golden comparisons, gradient checks. */
final class SequenceTesting {
    /** What the gradient checks of the sequence layers require in F64 (the project's tolerance). */
    static final double GRAD_TOL = 1e-7;

    private SequenceTesting() {
    }

    /** numpy's {@code np.linspace(start, stop, prod(shape)).reshape(shape)}, F64. */
    static Tensor lin(double start, double stop, int... shape) {
        return Tensor.linspace(start, stop, Shapes.size(shape)).reshape(shape);
    }

    /**
     * Compares with values the cs231n notebooks print to 8 decimals: they agree with the exact result to half a
     * unit of the last printed place, so the test allows 1e-8 absolute (a relative error of 1e-7 would fail on the
     * small entries, 0.0176 printed as 0.01764008, for rounding alone).
     */
    static void assertNotebook(Tensor actual, int[] shape, double... expected) {
        assertThat(actual.shape()).containsExactly(shape);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual.getFlat(i) - expected[i]));
        }
        assertThat(worst).as("max |actual − notebook| over %s", Shapes.format(shape)).isLessThanOrEqualTo(1e-8);
    }

    /** Compares with full-precision numpy values: relError ≤ 1e-7 as the other golden tests. */
    static void assertNumpy(Tensor actual, int[] shape, double... expected) {
        assertThat(actual.shape()).containsExactly(shape);
        assertThat(GradientCheck.relError(actual, Tensor.of(expected, shape))).as("relError vs numpy")
                .isLessThanOrEqualTo(1e-7);
    }

    /**
     * Gradient check of a recurrent layer at x with initial state h0 (both F64): dx and every parameter through
     * {@link GradientReport}, dh0 against central differences of forward in h0. Returns the largest relative
     * error of all, after asserting each is within {@link #GRAD_TOL}.
     */
    static double checkRecurrent(RecurrentLayer layer, Tensor x, Tensor h0, long seed) {
        layer.setInitialState(h0);
        GradientReport report = GradientReport.ofLayer(layer, x, new Rng(seed));
        assertThat(report.passed(GRAD_TOL)).as(report.toString()).isTrue();
        double dh0 = dh0Error(layer, x, h0, seed + 1);
        assertThat(dh0).as("dh0 relative error of " + layer).isLessThanOrEqualTo(GRAD_TOL);
        double worst = dh0;
        for (GradientReport.Entry e : report.entries()) {
            worst = Math.max(worst, e.relError());
        }
        return worst;
    }

    /** relError of {@link RecurrentLayer#initialStateGradient()} against central differences in h0. */
    static double dh0Error(RecurrentLayer layer, Tensor x, Tensor h0, long seed) {
        layer.setInitialState(h0);
        Tensor out = layer.forward(x);
        Tensor dout = Tensor.randn(new Rng(seed), DType.F64, out.shape());
        layer.backward(dout);
        Tensor analytic = layer.initialStateGradient().copy();
        Tensor numerical = GradientCheck.numericalGradient(() -> layer.forward(x), h0, dout, GradientCheck.DEFAULT_H);
        return GradientCheck.relError(analytic, numerical);
    }

    /** Asserts relError(analytic, numerical) ≤ {@link #GRAD_TOL} for the gradient named {@code name}; returns it. */
    static double assertGradient(String name, Tensor analytic, Tensor numerical) {
        double e = GradientCheck.relError(analytic, numerical);
        assertThat(e).as("relative error of " + name).isLessThanOrEqualTo(GRAD_TOL);
        return e;
    }

    /** Central-difference gradient of Σ dout⊙f() with respect to {@code wrt}, for the step-API checks. */
    static Tensor numerical(Supplier<Tensor> f, Tensor wrt, Tensor dout) {
        return GradientCheck.numericalGradient(f, wrt, dout, GradientCheck.DEFAULT_H);
    }
}
