package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResidualTest {
    /**
     * Tanh and Sigmoid read their own output in backward. Residual once added x into the body's output in place,
     * which corrupted that output and so dx and the body's weight gradients.
     */
    @Test
    void aBodyEndingInAnActivationThatKeepsItsOutputGetsCorrectGradients() {
        for (Layer last : new Layer[]{new Tanh(), new Sigmoid()}) {
            Rng rng = new Rng(12);
            Linear lin = new Linear(4, 4, rng, DType.F64);
            Residual block = new Residual(lin, last);
            Tensor x = Tensor.randn(rng, DType.F64, 3, 4);
            Tensor dout = Tensor.randn(rng, DType.F64, 3, 4);
            block.forward(x);
            Tensor dx = block.backward(dout);
            double ex = GradientCheck.relError(dx, GradientCheck.numericalGradient(() -> block.forward(x), x, dout, 1e-5));
            double ew = GradientCheck.relError(lin.weight().grad(),
                    GradientCheck.numericalGradient(() -> block.forward(x), lin.weight().value(), dout, 1e-5));
            assertThat(ex).as("dx through " + last).isLessThanOrEqualTo(1e-7);
            assertThat(ew).as("dW through " + last).isLessThanOrEqualTo(1e-7);
        }
    }
}
