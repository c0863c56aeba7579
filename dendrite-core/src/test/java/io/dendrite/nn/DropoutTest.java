package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DropoutTest {
    @Test
    void keepsTheExpectedValue() {
        Dropout dropout = new Dropout(0.3, new Rng(5));
        Tensor x = Tensor.full(DType.F64, 2.0, 500, 200);   // 100 000 units
        Tensor out = dropout.forward(x);
        // each unit is 0 or 2/(1-p): the mean is 2 with std 2·sqrt(p/(1-p))/sqrt(1e5) ≈ 0.004
        assertThat(out.mean()).isCloseTo(2.0, within(0.025));
        double dropped = out.eq(0).mean();
        assertThat(dropped).isCloseTo(0.3, within(0.01));
        assertThat(out.max()).isCloseTo(2.0 / 0.7, within(1e-12));
    }

    @Test
    void sameSeedSameMask() {
        Tensor x = Tensor.randn(new Rng(1), DType.F32, 8, 16);
        Tensor a = new Dropout(0.5, new Rng(42)).forward(x);
        Tensor b = new Dropout(0.5, new Rng(42)).forward(x);
        Tensor c = new Dropout(0.5, new Rng(43)).forward(x);
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        assertThat(a.toFloatArray()).isNotEqualTo(c.toFloatArray());
    }

    @Test
    void newMaskEveryForward() {
        Dropout dropout = new Dropout(0.5, new Rng(3));
        Tensor x = Tensor.ones(DType.F64, 4, 32);
        assertThat(dropout.forward(x).toDoubleArray()).isNotEqualTo(dropout.forward(x).toDoubleArray());
    }

    @Test
    void identityInEvalModeAndForZeroP() {
        Tensor x = Tensor.randn(new Rng(2), DType.F64, 3, 4);
        Dropout dropout = new Dropout(0.5, new Rng(3));
        dropout.setTraining(false);
        assertThat(dropout.isTraining()).isFalse();
        assertThat(dropout.forward(x).toDoubleArray()).containsExactly(x.toDoubleArray());
        Tensor dout = Tensor.randn(new Rng(4), DType.F64, 3, 4);
        assertThat(dropout.backward(dout).toDoubleArray()).containsExactly(dout.toDoubleArray());
        assertThat(new Dropout(0, new Rng(1)).forward(x).toDoubleArray()).containsExactly(x.toDoubleArray());
    }

    @Test
    void backwardUsesTheForwardMask() {
        Dropout dropout = new Dropout(0.4, new Rng(9));
        Tensor x = Tensor.ones(DType.F64, 5, 6);
        Tensor out = dropout.forward(x);
        Tensor dx = dropout.backward(Tensor.ones(DType.F64, 5, 6));
        assertThat(dx.toDoubleArray()).containsExactly(out.toDoubleArray());
    }

    @Test
    void gradientWithTheMaskReseeded() {
        // cs231n's recipe: a fixed seed makes forward deterministic, so central differences see one mask.
        Rng rng = new Rng(8);
        Tensor x = Tensor.randn(rng, DType.F64, 4, 6);
        Tensor dout = Tensor.randn(rng, DType.F64, 4, 6);
        Dropout layer = new Dropout(0.25, new Rng(77));
        layer.forward(x);
        Tensor dx = layer.backward(dout);
        Tensor numerical = GradientCheck.numericalGradient(() -> new Dropout(0.25, new Rng(77)).forward(x), x, dout, 1e-5);
        assertThat(GradientCheck.relError(dx, numerical)).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void rejectsInvalidProbability() {
        assertThatThrownBy(() -> new Dropout(1.5, new Rng(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid dropout probability: 1.5")
                .hasMessageContaining("keep probability");
        assertThatThrownBy(() -> new Dropout(1.0, new Rng(1))).hasMessageContaining("1.0");
        assertThatThrownBy(() -> new Dropout(Double.NaN, new Rng(1))).hasMessageContaining("NaN");
    }
}
