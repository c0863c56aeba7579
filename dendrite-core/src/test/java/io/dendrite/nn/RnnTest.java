package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static io.dendrite.nn.SequenceTesting.GRAD_TOL;
import static io.dendrite.nn.SequenceTesting.assertGradient;
import static io.dendrite.nn.SequenceTesting.assertNotebook;
import static io.dendrite.nn.SequenceTesting.lin;
import static io.dendrite.nn.SequenceTesting.numerical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RnnTest {
    /** cs231n RNN_Captioning.ipynb, "Vanilla RNN: step forward": N, D, H = 3, 10, 4. */
    @Test
    void stepForwardMatchesTheNotebook() {
        Rnn rnn = new Rnn(lin(-0.1, 0.9, 10, 4), lin(-0.3, 0.7, 4, 4), lin(-0.2, 0.4, 4));
        Tensor x = lin(-0.4, 0.7, 3, 10), prevH = lin(-0.2, 0.5, 3, 4);
        double[] expected = {
                -0.58172089, -0.50182032, -0.41232771, -0.31410098,
                0.66854692, 0.79562378, 0.87755553, 0.92795967,
                0.97934501, 0.99144213, 0.99646691, 0.99854353};
        assertNotebook(rnn.step(x, prevH), new int[]{3, 4}, expected);
        assertNotebook(rnn.stepForward(x, prevH).h(), new int[]{3, 4}, expected);
    }

    /** cs231n RNN_Captioning.ipynb, "Vanilla RNN: forward": N, T, D, H = 2, 3, 4, 5. */
    @Test
    void forwardMatchesTheNotebook() {
        Rnn rnn = new Rnn(lin(-0.2, 0.4, 4, 5), lin(-0.4, 0.1, 5, 5), lin(-0.7, 0.1, 5));
        rnn.setInitialState(lin(-0.3, 0.1, 2, 5));
        assertNotebook(rnn.forward(lin(-0.1, 0.3, 2, 3, 4)), new int[]{2, 3, 5},
                -0.42070749, -0.27279261, -0.11074945, 0.05740409, 0.22236251,
                -0.39525808, -0.22554661, -0.0409454, 0.14649412, 0.32397316,
                -0.42305111, -0.24223728, -0.04287027, 0.15997045, 0.35014525,
                -0.55857474, -0.39065825, -0.19198182, 0.02378408, 0.23735671,
                -0.27150199, -0.07088804, 0.13562939, 0.33099728, 0.50158768,
                -0.51014825, -0.30524429, -0.06755202, 0.17806392, 0.40333043);
    }

    @Test
    void sequenceGradientsMatchCentralDifferences() {
        Rng rng = new Rng(11);
        Rnn rnn = new Rnn(Tensor.randn(rng, DType.F64, 4, 5).muli(0.5), Tensor.randn(rng, DType.F64, 5, 5).muli(0.5),
                Tensor.randn(rng, DType.F64, 5).muli(0.5));
        double worst = SequenceTesting.checkRecurrent(rnn, Tensor.randn(rng, DType.F64, 3, 6, 4),
                Tensor.randn(rng, DType.F64, 3, 5), 12);
        assertThat(worst).isLessThanOrEqualTo(GRAD_TOL);
    }

    /** cs231n's rnn_step_backward check: dx, dprev_h, dWx, dWh, db of one step against central differences. */
    @Test
    void stepBackwardMatchesCentralDifferences() {
        Rng rng = new Rng(13);
        Rnn rnn = new Rnn(Tensor.randn(rng, DType.F64, 5, 6).muli(0.5), Tensor.randn(rng, DType.F64, 6, 6).muli(0.5),
                Tensor.randn(rng, DType.F64, 6).muli(0.5));
        Tensor x = Tensor.randn(rng, DType.F64, 4, 5), h = Tensor.randn(rng, DType.F64, 4, 6);
        Tensor dnext = Tensor.randn(rng, DType.F64, 4, 6);
        Rnn.StepGradient g = rnn.stepBackward(dnext, rnn.stepForward(x, h));
        assertGradient("Rnn step dx", g.dx(), numerical(() -> rnn.step(x, h), x, dnext));
        assertGradient("Rnn step dprev_h", g.dhPrev(), numerical(() -> rnn.step(x, h), h, dnext));
        for (Parameter p : rnn.parameters()) {
            assertGradient("Rnn step d" + p.name(), p.grad(), numerical(() -> rnn.step(x, h), p.value(), dnext));
        }
    }

    @Test
    void stepsAgreeWithTheSequenceAndLeaveItsStateAlone() {
        Rng rng = new Rng(3);
        Rnn rnn = new Rnn(4, 5, rng, DType.F64);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 3, 4), h0 = Tensor.randn(rng, DType.F64, 2, 5);
        rnn.setInitialState(h0);
        Tensor all = rnn.forward(x);
        Tensor h = h0;
        for (int t = 0; t < 3; t++) {
            h = rnn.step(x.slice(1, t, t + 1).reshape(2, 4), h);
            TensorAssert.assertClose(h, all.slice(1, t, t + 1).reshape(2, 5), 1e-14, 1e-15);
        }
        Tensor dout = Tensor.randn(rng, DType.F64, 2, 3, 5);
        Tensor dx = rnn.backward(dout);   // the steps in between did not disturb the cached sequence
        Rnn fresh = new Rnn(rnn.wx.value(), rnn.wh.value(), rnn.b.value());
        fresh.setInitialState(h0);
        fresh.forward(x);
        assertThat(dx.toDoubleArray()).containsExactly(fresh.backward(dout).toDoubleArray());
    }

    @Test
    void withoutAnInitialStateItStartsFromZeros() {
        Rng rng = new Rng(5);
        Rnn rnn = new Rnn(3, 4, rng, DType.F64);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 2, 3);
        Tensor zeroStart = rnn.forward(x);
        rnn.setInitialState(Tensor.zeros(DType.F64, 2, 4));
        assertThat(rnn.forward(x).toDoubleArray()).containsExactly(zeroStart.toDoubleArray());
        rnn.setInitialState(null);
        assertThat(rnn.forward(x).toDoubleArray()).containsExactly(zeroStart.toDoubleArray());
    }

    @Test
    void inputGradientOffSkipsOnlyDx() {
        Rng rng = new Rng(6);
        Tensor x = Tensor.randn(rng, DType.F32, 3, 4, 2), dout = Tensor.randn(rng, DType.F32, 3, 4, 5);
        Rnn full = new Rnn(2, 5, new Rng(1)), first = new Rnn(2, 5, new Rng(1));
        assertThat(first.inputGradient(false).inputGradient()).isFalse();
        full.forward(x);
        first.forward(x);
        assertThat(full.backward(dout)).isNotNull();
        assertThat(first.backward(dout)).isNull();
        for (int i = 0; i < 3; i++) {
            assertThat(first.parameters().get(i).grad().toFloatArray()).containsExactly(full.parameters().get(i).grad().toFloatArray());
        }
        assertThat(first.initialStateGradient().toFloatArray()).containsExactly(full.initialStateGradient().toFloatArray());
    }

    @Test
    void gradientsAccumulate() {
        Rng rng = new Rng(8);
        Rnn rnn = new Rnn(3, 4, rng, DType.F64);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 3, 3), dout = Tensor.randn(rng, DType.F64, 2, 3, 4);
        rnn.forward(x);
        rnn.backward(dout);
        Tensor once = rnn.wh.grad().copy();
        rnn.forward(x);
        rnn.backward(dout);
        TensorAssert.assertClose(rnn.wh.grad(), once.mul(2), 1e-12, 0);
    }

    @Test
    void sizesConstructorDrawsXavierWeightsFromTheSeed() {
        Rnn a = new Rnn(400, 100, new Rng(9), DType.F64), b = new Rnn(400, 100, new Rng(9), DType.F64);
        assertThat(a.wx.value().toDoubleArray()).containsExactly(b.wx.value().toDoubleArray());
        assertThat(Math.sqrt(a.wx.value().var())).isCloseTo(1 / Math.sqrt(400), org.assertj.core.api.Assertions.within(2e-3));
        assertThat(Math.sqrt(a.wh.value().var())).isCloseTo(1 / Math.sqrt(100), org.assertj.core.api.Assertions.within(5e-3));
        assertThat(a.b.value().sum()).isZero();
        assertThat(a.parameters()).extracting(Parameter::name).containsExactly("Wx", "Wh", "b");
        assertThat(new Rnn(3, 2, new Rng(1)).dtype()).isEqualTo(DType.F32);
        assertThat(a).hasToString("Rnn(400→100)");
    }

    @Test
    void badShapesAreRefusedNamingTheLayerAndBothShapes() {
        Rnn rnn = new Rnn(4, 5, new Rng(1));
        assertThatThrownBy(() -> rnn.forward(Tensor.zeros(DType.F32, 2, 3, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Rnn(4→5)").hasMessageContaining("(2, 3, 6)").hasMessageContaining("(2, 3, 4)");
        assertThatThrownBy(() -> rnn.forward(Tensor.zeros(DType.F32, 2, 4)))
                .hasMessageContaining("Rnn(4→5)").hasMessageContaining("(2, 4)").hasMessageContaining("3-D");
        assertThatThrownBy(() -> rnn.forward(Tensor.zeros(DType.F64, 2, 3, 4)))
                .hasMessageContaining("F64").hasMessageContaining("x.to(DType.F32)");
        rnn.setInitialState(Tensor.zeros(DType.F32, 3, 5));
        assertThatThrownBy(() -> rnn.forward(Tensor.zeros(DType.F32, 2, 3, 4)))
                .hasMessageContaining("Rnn(4→5)").hasMessageContaining("initial state (3, 5)")
                .hasMessageContaining("(2, 3, 4)").hasMessageContaining("expected (2, 5)");
        assertThatThrownBy(() -> rnn.setInitialState(Tensor.zeros(DType.F32, 2, 4)))
                .hasMessageContaining("(2, 4)").hasMessageContaining("(N, 5)");
        assertThatThrownBy(() -> rnn.step(Tensor.zeros(DType.F32, 2, 4), Tensor.zeros(DType.F32, 2, 6)))
                .hasMessageContaining("previous hidden state (2, 6)").hasMessageContaining("expected (2, 5)");
        assertThatThrownBy(() -> rnn.step(Tensor.zeros(DType.F32, 2, 1, 4), Tensor.zeros(DType.F32, 2, 5)))
                .hasMessageContaining("(2, 1, 4)").hasMessageContaining("(N, 4)");
        assertThatThrownBy(() -> new Rnn(Tensor.zeros(DType.F32, 4, 5), Tensor.zeros(DType.F32, 5, 4),
                Tensor.zeros(DType.F32, 5))).hasMessageContaining("Wh (5, 4)").hasMessageContaining("Wx must be (D, H)");
        assertThatThrownBy(() -> new Rnn(0, 5, new Rng(1))).hasMessageContaining("invalid input size: 0");
    }

    @Test
    void initialStateGradientNeedsABackward() {
        Rnn rnn = new Rnn(2, 3, new Rng(1));
        assertThatThrownBy(rnn::initialStateGradient).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Rnn(2→3)");
        rnn.forward(Tensor.zeros(DType.F32, 1, 2, 2));
        rnn.backward(Tensor.zeros(DType.F32, 1, 2, 3));
        assertThat(rnn.initialStateGradient().shape()).containsExactly(1, 3);
    }
}
