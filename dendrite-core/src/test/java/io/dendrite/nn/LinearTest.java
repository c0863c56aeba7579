package io.dendrite.nn;

import io.dendrite.check.GradientReport;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinearTest {
    @Test
    void gradientsOfFlattenedInput() {
        Rng rng = new Rng(1);
        Linear fc = new Linear(4 * 3, 5, rng, DType.F64);
        fc.bias().value().assign(Tensor.randn(rng, DType.F64, 5));
        GradientReport report = GradientReport.ofLayer(fc, Tensor.randn(rng, DType.F64, 6, 4, 3), rng);
        assertThat(report.entries()).extracting(GradientReport.Entry::name).containsExactly("x", "W", "b");
        assertThat(report.passed(1e-7)).as(report.toString()).isTrue();
    }

    @Test
    void gradientsAccumulate() {
        Rng rng = new Rng(2);
        Linear fc = new Linear(3, 2, rng, DType.F64);
        Tensor x = Tensor.randn(rng, DType.F64, 4, 3);
        Tensor dout = Tensor.randn(rng, DType.F64, 4, 2);
        fc.forward(x);
        fc.backward(dout);
        Tensor once = fc.weight().grad().copy();
        fc.forward(x);
        fc.backward(dout);
        TensorAssert.assertClose(fc.weight().grad(), once.mul(2), 1e-12, 0);
        TensorAssert.assertClose(fc.bias().grad(), dout.sum(0, false).mul(2), 1e-12, 0);
    }

    @Test
    void weightLayoutIsInByOut() {
        Linear fc = new Linear(784, 100);
        assertThat(fc.weight().value().shape()).containsExactly(784, 100);
        assertThat(fc.bias().value().shape()).containsExactly(100);
        assertThat(fc.weight().value().dtype()).isEqualTo(DType.F32);
        assertThat(fc.bias().value().sum()).isZero();
        assertThat(fc.parameters()).extracting(Parameter::name).containsExactly("W", "b");
        assertThat(fc).hasToString("Linear(784→100)");
    }

    @Test
    void sameSeedSameWeights() {
        Tensor a = new Linear(20, 10, new Rng(7), DType.F64, WeightInit.he()).weight().value();
        Tensor b = new Linear(20, 10, new Rng(7), DType.F64, WeightInit.he()).weight().value();
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
    }

    @Test
    void wrongFeatureCountNamesLayerShapesAndFix() {
        Linear fc = new Linear(784, 100);
        assertThatThrownBy(() -> fc.forward(Tensor.zeros(DType.F32, 32, 3, 32, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Linear(784→100): input (32, 3, 32, 32) flattens to 3072 features, expected 784 as in (32, 784)"
                        + " — check inputDim or add a Flatten");
        assertThatThrownBy(() -> fc.forward(Tensor.zeros(DType.F32, 784)))
                .hasMessageContaining("Linear(784→100)").hasMessageContaining("(784,)").hasMessageContaining("no batch axis");
    }

    @Test
    void wrongDTypeSaysHowToFix() {
        Linear fc = new Linear(3, 2);
        assertThatThrownBy(() -> fc.forward(Tensor.zeros(DType.F64, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Linear(3→2)").hasMessageContaining("F64").hasMessageContaining("x.to(DType.F32)");
    }

    @Test
    void explicitWeightsAreValidated() {
        assertThatThrownBy(() -> new Linear(Tensor.zeros(DType.F64, 3, 2), Tensor.zeros(DType.F64, 3)))
                .hasMessageContaining("W (3, 2)").hasMessageContaining("b (3,)");
        assertThatThrownBy(() -> new Linear(0, 2)).hasMessageContaining("invalid input size: 0");
    }
}
