package io.dendrite.check;

import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Sequential;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.nn.LossResult;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GradientReportTest {
    /** A Linear whose backward adds 1e-3 to one element of dW: the report must find exactly that element. */
    private static final class BrokenLinear implements Layer {
        final Linear inner;

        BrokenLinear(Linear inner) {
            this.inner = inner;
        }

        public Tensor forward(Tensor x) {
            return inner.forward(x);
        }

        public Tensor backward(Tensor dout) {
            Tensor dx = inner.backward(dout);
            Tensor g = inner.weight().grad();
            g.set(g.get(2, 1) + 1e-3, 2, 1);
            return dx;
        }

        public List<Parameter> parameters() {
            return inner.parameters();
        }

        public String toString() {
            return "Broken" + inner;
        }
    }

    @Test
    void agreesWithAHandMadeCheck() {
        Rng rng = new Rng(4);
        Linear fc = new Linear(5, 3, rng, DType.F64);
        Tensor x = Tensor.randn(rng, DType.F64, 4, 5);
        GradientReport report = GradientReport.ofLayer(fc, x, new Rng(99));

        Tensor dout = Tensor.randn(new Rng(99), DType.F64, 4, 3);
        fc.weight().zeroGrad();
        fc.forward(x);
        fc.backward(dout);
        Tensor numerical = GradientCheck.numericalGradient(() -> fc.forward(x), fc.weight().value(), dout, GradientCheck.DEFAULT_H);
        assertThat(report.entry("W").relError()).isEqualTo(GradientCheck.relError(fc.weight().grad(), numerical));
        assertThat(report.passed(1e-7)).as(report.toString()).isTrue();
        assertThat(report.entry("W").shape()).containsExactly(5, 3);
    }

    @Test
    void findsTheBrokenElement() {
        Rng rng = new Rng(5);
        BrokenLinear layer = new BrokenLinear(new Linear(4, 3, rng, DType.F64));
        GradientReport report = GradientReport.ofLayer(layer, Tensor.randn(rng, DType.F64, 6, 4), rng);
        assertThat(report.passed(1e-7)).isFalse();
        assertThat(report.worst().name()).isEqualTo("W");
        assertThat(report.worst().worstIndex()).containsExactly(2, 1);
        assertThat(report.worst().analytic() - report.worst().numerical()).isCloseTo(1e-3, org.assertj.core.api.Assertions.within(1e-8));
        assertThat(report.entry("x").passed(1e-7)).isTrue();
        assertThat(report.passed(1e-7, 1e-4)).as("1e-3 error is beyond an absolute floor of 1e-4").isFalse();
        assertThat(report.passed(1e-7, 2e-3)).isTrue();
        assertThat(report.worst().absError()).isCloseTo(1e-3, org.assertj.core.api.Assertions.within(1e-8));
        assertThat(report.toString()).contains("BrokenLinear(4→3)").contains("worst relative error").contains("(2, 1)")
                .contains("name").contains("numerical");
    }

    @Test
    void refusesF32AndSaysWhatToDo() {
        Linear fc = new Linear(3, 2);   // F32
        assertThatThrownBy(() -> GradientReport.ofLayer(fc, Tensor.zeros(DType.F64, 2, 3), new Rng(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Linear(3→2)").hasMessageContaining("parameter W").hasMessageContaining("F32")
                .hasMessageContaining("DType.F64");
        assertThatThrownBy(() -> GradientReport.ofLoss(() -> 0.0, fc.parameters()))
                .hasMessageContaining("need F64");
    }

    @Test
    void checksAModelLossAndLeavesTheAnalyticGradients() {
        Rng rng = new Rng(6);
        Sequential net = new Sequential(new Linear(5, 7, rng, DType.F64), new ReLU(), new Linear(7, 3, rng, DType.F64));
        Tensor x = Tensor.randn(rng, DType.F64, 4, 5);
        int[] y = {0, 2, 1, 2};
        double reg = 0.1;
        List<Parameter> params = net.parameters();
        // a model's loss as cs231n writes it: data loss + ½·reg·ΣW², forward and backward in one call
        java.util.function.DoubleSupplier loss = () -> {
            params.forEach(Parameter::zeroGrad);
            LossResult r = new SoftmaxCrossEntropy().compute(net.forward(x), y);
            net.backward(r.grad());
            double l = r.loss();
            for (Parameter p : params) {
                if (p.name().equals("W")) {
                    l += 0.5 * reg * p.value().square().sum();
                    p.grad().addScaledi(p.value(), reg);
                }
            }
            return l;
        };
        GradientReport report = GradientReport.ofLoss(loss, params);
        assertThat(report.entries()).extracting(GradientReport.Entry::name).containsExactly("W", "b", "W#2", "b#3");
        assertThat(report.passed(1e-7)).as(report.toString()).isTrue();

        Tensor[] expected = params.stream().map(p -> p.grad().copy()).toArray(Tensor[]::new);
        loss.getAsDouble();
        for (int i = 0; i < params.size(); i++) {
            assertThat(params.get(i).grad().toDoubleArray()).containsExactly(expected[i].toDoubleArray());
        }
    }

    @Test
    void nanFails() {
        Linear fc = new Linear(Tensor.of(new double[]{Double.NaN, 1}, 1, 2), Tensor.zeros(DType.F64, 2));
        GradientReport report = GradientReport.ofLayer(fc, Tensor.ones(DType.F64, 1, 1), new Rng(1));
        assertThat(report.passed(1)).isFalse();
        assertThat(report.maxRelError()).isNaN();
    }
}
