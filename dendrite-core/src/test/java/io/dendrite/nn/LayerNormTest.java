package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static io.dendrite.nn.NormTesting.assertGolden;
import static io.dendrite.nn.NormTesting.ramp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerNormTest {

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(21);
        LayerNorm ln = new LayerNorm(6, DType.F64);
        NormTesting.randomAffine(ln, rng);
        Tensor x = Tensor.randn(rng, DType.F64, 4, 6).mul(2).add(1);
        NormTesting.assertGradientErrors("LayerNorm", NormTesting.gradientErrors(ln, x, rng), 1e-7);
    }

    @Test
    void goldenForward() {
        LayerNorm ln = new LayerNorm(5, DType.F64);
        NormTesting.setAffine(ln, 5);
        assertGolden(ln.forward(ramp(-2, 3, 3, 5)), "layernorm");
    }

    @Test
    void eachRowHasMeanZeroAndStdOneBeforeTheAffine() {
        Tensor x = Tensor.randn(new Rng(22), DType.F64, 5, 40).mul(Tensor.linspace(1, 9, 40)).add(7);
        Tensor out = new LayerNorm(40, DType.F64).forward(x);
        TensorAssert.assertClose(out.mean(1, false), Tensor.zeros(DType.F64, out.shape(0)), 0, 1e-12);
        TensorAssert.assertClose(out.var(1, false), Tensor.ones(DType.F64, out.shape(0)), 0, 1e-5);
    }

    @Test
    void trainingAndEvaluationBehaveTheSameAndThereAreNoBuffers() {
        LayerNorm ln = new LayerNorm(5, DType.F64);
        NormTesting.setAffine(ln, 5);
        Tensor x = ramp(-2, 3, 3, 5);
        Tensor train = ln.forward(x);
        ln.setTraining(false);
        assertThat(ln.forward(x).toDoubleArray()).containsExactly(train.toDoubleArray());
        assertThat(ln.buffers()).isEmpty();
        assertThat(ln.parameters()).extracting(Parameter::name).containsExactly("gamma", "beta");
        // one example is fine: its statistics are its own
        assertThat(ln.forward(ramp(0, 1, 1, 5)).shape()).containsExactly(1, 5);
    }

    @Test
    void rowsAreIndependent() {
        Tensor x = Tensor.randn(new Rng(23), DType.F64, 4, 6);
        LayerNorm ln = new LayerNorm(6, DType.F64);
        Tensor all = ln.forward(x);
        TensorAssert.assertClose(ln.forward(x.slice(1, 2)), all.slice(1, 2), 0, 0);
    }

    @Test
    void f32AgreesWithF64() {
        Rng rng = new Rng(24);
        NormTesting.checkF32MatchesF64(d -> new LayerNorm(7, d), Tensor.randn(rng, DType.F64, 5, 7).mul(3).add(1), rng);
    }

    @Test
    void backwardLeavesDoutUntouchedAndAccumulates() {
        Rng rng = new Rng(25);
        NormTesting.checkDoutUntouchedAndAccumulation(new LayerNorm(4), Tensor.randn(rng, DType.F32, 3, 4), rng);
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        LayerNorm ln = new LayerNorm(5);
        assertThatThrownBy(() -> ln.forward(Tensor.zeros(DType.F32, 4, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LayerNorm(5, eps=1e-05): input (4, 6) has 6 features, expected (N, 5) — the previous layer"
                        + " must output 5 features, or build this layer for 6");
        assertThatThrownBy(() -> ln.forward(Tensor.zeros(DType.F32, 2, 5, 1, 1)))
                .hasMessageContaining("(2, 5, 1, 1)").hasMessageContaining("GroupNorm");
        NormTesting.checkDtypeMismatch(ln, Tensor.zeros(DType.F64, 2, 5));
    }

    @Test
    void backwardBeforeForwardSaysSo() {
        NormTesting.checkBackwardBeforeForward(new LayerNorm(3), 2, 3);
    }

    @Test
    void constructorValidatesAndToStringShowsSettings() {
        assertThat(new LayerNorm(100)).hasToString("LayerNorm(100, eps=1e-05)");
        assertThat(new LayerNorm(8, 1e-6, DType.F64)).hasToString("LayerNorm(8, eps=1e-06)");
        assertThatThrownBy(() -> new LayerNorm(0)).hasMessage("invalid number of features: 0 (must be positive)");
        assertThatThrownBy(() -> new LayerNorm(3, -1, DType.F32)).hasMessageContaining("invalid eps: -1.0");
    }

    /** A sequence (N, T, D) is normalized at every step: the same numbers as its (N·T, D) rows, the shape kept. */
    @Test
    void sequencesAreNormalizedPerStepAsTheirRows() {
        Rng rng = new Rng(26);
        LayerNorm ln = new LayerNorm(6, DType.F64);
        NormTesting.randomAffine(ln, rng);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 3, 6).mul(2).add(1);
        Tensor out = ln.forward(x);
        assertThat(out.shape()).containsExactly(2, 3, 6);
        assertThat(out.toDoubleArray()).containsExactly(ln.forward(x.reshape(6, 6)).toDoubleArray());
    }

    @Test
    void sequenceGradientsMatchCentralDifferences() {
        Rng rng = new Rng(27);
        LayerNorm ln = new LayerNorm(5, DType.F64);
        NormTesting.randomAffine(ln, rng);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 4, 5).mul(2).add(1);
        NormTesting.assertGradientErrors("LayerNorm (N, T, D)", NormTesting.gradientErrors(ln, x, rng), 1e-7);
    }

    @Test
    void sequenceOfTheWrongWidthNamesTheLayerAndBothShapes() {
        LayerNorm ln = new LayerNorm(5);
        assertThatThrownBy(() -> ln.forward(Tensor.zeros(DType.F32, 2, 3, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LayerNorm(5, eps=1e-05): input (2, 3, 6) has 6 features per step, expected (2, 3, 5) — the"
                        + " previous layer must output 5 features, or build this layer for 6");
        ln.forward(Tensor.zeros(DType.F32, 2, 3, 5));
        assertThatThrownBy(() -> ln.backward(Tensor.zeros(DType.F32, 6, 5))).hasMessageContaining("(2, 3, 5)");
    }
}
