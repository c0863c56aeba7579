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

class LstmTest {
    /** cs231n LSTM_Captioning.ipynb, "LSTM: step forward": N, D, H = 3, 4, 5. */
    @Test
    void stepForwardMatchesTheNotebook() {
        Lstm lstm = new Lstm(lin(-2.1, 1.3, 4, 20), lin(-0.7, 2.2, 5, 20), lin(0.3, 0.7, 20));
        Tensor x = lin(-0.4, 1.2, 3, 4);
        Lstm.State prev = new Lstm.State(lin(-0.3, 0.7, 3, 5), lin(-0.4, 0.9, 3, 5));
        Lstm.Step step = lstm.stepForward(x, prev);
        assertNotebook(step.h(), new int[]{3, 5},
                0.24635157, 0.28610883, 0.32240467, 0.35525807, 0.38474904,
                0.49223563, 0.55611431, 0.61507696, 0.66844003, 0.7159181,
                0.56735664, 0.66310127, 0.74419266, 0.80889665, 0.858299);
        assertNotebook(step.c(), new int[]{3, 5},
                0.32986176, 0.39145139, 0.451556, 0.51014116, 0.56717407,
                0.66382255, 0.76674007, 0.87195994, 0.97902709, 1.08751345,
                0.74192008, 0.90592151, 1.07717006, 1.25120233, 1.42395676);
        Lstm.State next = lstm.step(x, prev);
        assertThat(next.h().toDoubleArray()).containsExactly(step.h().toDoubleArray());
        assertThat(next.c().toDoubleArray()).containsExactly(step.c().toDoubleArray());
    }

    /** cs231n LSTM_Captioning.ipynb, "LSTM: forward": N, D, H, T = 2, 5, 4, 3. */
    @Test
    void forwardMatchesTheNotebook() {
        Lstm lstm = new Lstm(lin(-0.2, 0.9, 5, 16), lin(-0.3, 0.6, 4, 16), lin(0.2, 0.7, 16));
        lstm.setInitialState(lin(-0.4, 0.8, 2, 4));
        assertNotebook(lstm.forward(lin(-0.4, 0.6, 2, 3, 5)), new int[]{2, 3, 4},
                0.01764008, 0.01823233, 0.01882671, 0.0194232,
                0.11287491, 0.12146228, 0.13018446, 0.13902939,
                0.31358768, 0.33338627, 0.35304453, 0.37250975,
                0.45767879, 0.4761092, 0.4936887, 0.51041945,
                0.6704845, 0.69350089, 0.71486014, 0.7346449,
                0.81733511, 0.83677871, 0.85403753, 0.86935314);
    }

    @Test
    void sequenceGradientsMatchCentralDifferences() {
        Rng rng = new Rng(21);
        Lstm lstm = new Lstm(Tensor.randn(rng, DType.F64, 4, 20).muli(0.5), Tensor.randn(rng, DType.F64, 5, 20).muli(0.5),
                Tensor.randn(rng, DType.F64, 20).muli(0.5));
        double worst = SequenceTesting.checkRecurrent(lstm, Tensor.randn(rng, DType.F64, 3, 6, 4),
                Tensor.randn(rng, DType.F64, 3, 5), 22);
        assertThat(worst).isLessThanOrEqualTo(GRAD_TOL);
    }

    /** cs231n's lstm_step_backward check: dx, dprev_h, dprev_c, dWx, dWh, db against central differences. */
    @Test
    void stepBackwardMatchesCentralDifferences() {
        Rng rng = new Rng(23);
        Lstm lstm = new Lstm(Tensor.randn(rng, DType.F64, 5, 24).muli(0.5), Tensor.randn(rng, DType.F64, 6, 24).muli(0.5),
                Tensor.randn(rng, DType.F64, 24).muli(0.5));
        Tensor x = Tensor.randn(rng, DType.F64, 4, 5);
        Tensor h = Tensor.randn(rng, DType.F64, 4, 6), c = Tensor.randn(rng, DType.F64, 4, 6);
        Tensor dh = Tensor.randn(rng, DType.F64, 4, 6), dc = Tensor.randn(rng, DType.F64, 4, 6);
        Lstm.StepGradient g = lstm.stepBackward(dh, dc, lstm.stepForward(x, new Lstm.State(h, c)));
        // the numerical side differentiates Σ dh⊙h' + Σ dc⊙c', the scalar whose gradient stepBackward returns
        java.util.function.Supplier<Tensor> both = () -> {
            Lstm.State s = lstm.step(x, new Lstm.State(h, c));
            return Tensor.concat(1, s.h(), s.c());
        };
        Tensor dboth = Tensor.concat(1, dh, dc);
        assertGradient("Lstm step dx", g.dx(), numerical(both, x, dboth));
        assertGradient("Lstm step dprev_h", g.dhPrev(), numerical(both, h, dboth));
        assertGradient("Lstm step dprev_c", g.dcPrev(), numerical(both, c, dboth));
        for (Parameter p : lstm.parameters()) {
            assertGradient("Lstm step d" + p.name(), p.grad(), numerical(both, p.value(), dboth));
        }
    }

    @Test
    void stepsAgreeWithTheSequence() {
        Rng rng = new Rng(4);
        Lstm lstm = new Lstm(3, 4, rng, DType.F64);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 5, 3), h0 = Tensor.randn(rng, DType.F64, 2, 4);
        lstm.setInitialState(h0);
        Tensor all = lstm.forward(x);
        Lstm.State s = Lstm.State.start(h0);
        assertThat(s.c().sum()).isZero();
        for (int t = 0; t < 5; t++) {
            s = lstm.step(x.slice(1, t, t + 1).reshape(2, 3), s);
            TensorAssert.assertClose(s.h(), all.slice(1, t, t + 1).reshape(2, 4), 1e-14, 1e-15);
        }
    }

    @Test
    void sizesConstructorAndErrors() {
        Lstm lstm = new Lstm(3, 4, new Rng(1));
        assertThat(lstm.parameters()).extracting(p -> p.value().shape()).containsExactly(
                new int[]{3, 16}, new int[]{4, 16}, new int[]{16});
        assertThat(lstm.parameters()).extracting(Parameter::name).containsExactly("Wx", "Wh", "b");
        assertThat(lstm).hasToString("Lstm(3→4)");
        assertThatThrownBy(() -> new Lstm(Tensor.zeros(DType.F32, 3, 16), Tensor.zeros(DType.F32, 4, 12),
                Tensor.zeros(DType.F32, 16))).hasMessageContaining("Wx must be (D, 4H)").hasMessageContaining("Wh (4, 12)");
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(DType.F32, 2, 7, 5)))
                .hasMessageContaining("Lstm(3→4)").hasMessageContaining("(2, 7, 5)").hasMessageContaining("(2, 7, 3)");
        Tensor x = Tensor.zeros(DType.F32, 2, 3);
        assertThatThrownBy(() -> lstm.step(x, new Lstm.State(Tensor.zeros(DType.F32, 2, 4), Tensor.zeros(DType.F32, 1, 4))))
                .hasMessageContaining("previous cell state (1, 4)").hasMessageContaining("expected (2, 4)");
        Lstm.Step step = lstm.stepForward(x, Lstm.State.start(Tensor.zeros(DType.F32, 2, 4)));
        assertThatThrownBy(() -> lstm.stepBackward(Tensor.zeros(DType.F32, 2, 4), Tensor.zeros(DType.F32, 2, 5), step))
                .hasMessageContaining("(2, 5)").hasMessageContaining("(2, 4)");
    }
}
