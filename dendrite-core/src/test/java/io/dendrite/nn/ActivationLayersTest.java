package io.dendrite.nn;

import io.dendrite.check.GradientReport;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Gradient checks and edge cases of the parameter-free layers. */
class ActivationLayersTest {
    private static void assertGradients(Layer layer, double h, int... shape) {
        Rng rng = new Rng(11);
        GradientReport report = GradientReport.ofLayer(layer, Tensor.randn(rng, DType.F64, shape), rng, true, h);
        assertThat(report.passed(1e-7)).as(report.toString()).isTrue();
    }

    @Test
    void gradients() {
        // ReLU, LeakyReLU and Flatten are piecewise linear: central differences are exact away from the kink at 0,
        // so a larger h (1e-3; no input here is that close to 0) only shrinks the rounding error, which at
        // h = 1e-5 reaches 1.6e-7 relative on LeakyReLU's tiny gradients (slope · dout ≈ 5e-5).
        assertGradients(new ReLU(), 1e-3, 4, 5);
        assertGradients(new LeakyReLU(0.1), 1e-3, 4, 5);
        assertGradients(new Flatten(), 1e-3, 2, 3, 2, 2);
        // Smooth layers: h = 1e-4 balances truncation (~h²) against rounding (~1e-16/h); at 1e-5 the rounding
        // of the summed vector–Jacobian product alone gives 1.4e-7 relative on Sigmoid's smallest gradient.
        assertGradients(new Sigmoid(), 1e-4, 3, 2, 4);
        assertGradients(new Tanh(), 1e-4, 3, 7);
    }

    @Test
    void reluKeepsNaNVisibleAndZeroesGradientAtZero() {
        ReLU relu = new ReLU();
        Tensor out = relu.forward(Tensor.vector(Double.NaN, 0, -1, 2));
        assertThat(out.get(0)).isNaN();
        assertThat(out.get(3)).isEqualTo(2);
        assertThat(relu.backward(Tensor.vector(1, 1, 1, 1)).toDoubleArray()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void sigmoidDoesNotOverflow() {
        Tensor out = new Sigmoid().forward(Tensor.vector(-1000, 1000));
        assertThat(out.toDoubleArray()).containsExactly(0, 1);
    }

    @Test
    void flattenReshapesAndRestores() {
        Flatten flatten = new Flatten();
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor y = flatten.forward(x);
        assertThat(y.shape()).containsExactly(2, 12);
        Tensor dx = flatten.backward(y);
        assertThat(dx.shape()).containsExactly(2, 3, 4);
        assertThat(dx.sharesStorageWith(y)).isFalse();
        TensorAssert.assertClose(dx, x, 0, 0);
    }

    @Test
    void leakyReluDefaultsAndToString() {
        assertThat(new LeakyReLU().slope()).isEqualTo(LeakyReLU.DEFAULT_SLOPE);
        assertThat(new LeakyReLU(0.2)).hasToString("LeakyReLU(0.2)");
    }
}
