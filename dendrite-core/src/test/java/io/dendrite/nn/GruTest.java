package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static io.dendrite.nn.SequenceTesting.GRAD_TOL;
import static io.dendrite.nn.SequenceTesting.assertGradient;
import static io.dendrite.nn.SequenceTesting.assertNumpy;
import static io.dendrite.nn.SequenceTesting.lin;
import static io.dendrite.nn.SequenceTesting.numerical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GruTest {
    /**
     * Against an independent numpy float64 reference of torch.nn.GRU's equations, computed once:
     * N, T, D, H = 2, 3, 4, 5; x = linspace(-0.3, 0.5, N*T*D).reshape(N, T, D); h = linspace(-0.4, 0.3, N*H).reshape(N, H);
     * Wx = linspace(-0.5, 0.6, D*3H).reshape(D, 3H); Wh = linspace(-0.4, 0.5, H*3H).reshape(H, 3H);
     * b = linspace(-0.2, 0.3, 3H); bh = linspace(0.1, -0.2, 3H); for each t:
     * gi = x[:, t] @ Wx + b; gh = h @ Wh + bh; r = σ(gi_r + gh_r); z = σ(gi_z + gh_z); n = tanh(gi_n + r*gh_n);
     * h = (1 - z)*n + z*h — with the blocks r, z, n the column ranges [0, H), [H, 2H), [2H, 3H).
     */
    @Test
    void forwardMatchesNumpy() {
        Gru gru = new Gru(lin(-0.5, 0.6, 4, 15), lin(-0.4, 0.5, 5, 15), lin(-0.2, 0.3, 15), lin(0.1, -0.2, 15));
        gru.setInitialState(lin(-0.4, 0.3, 2, 5));
        assertNumpy(gru.forward(lin(-0.3, 0.5, 2, 3, 4)), new int[]{2, 3, 5},
                -0.18472456220379227, -0.14283119449338369, -0.10153317307302061, -0.060826379349059073,
                -0.020706479493291529, -0.04019533036734619, -0.012165665597751452, 0.015533317759347069,
                0.042901686395099739, 0.069939650142080867, 0.069632783024566519, 0.095865530913322727,
                0.12171387105376258, 0.14716763137170874, 0.17221857616277347, 0.13527073728012784,
                0.19253350601524796, 0.24993681659559019, 0.30748637019170005, 0.36519520928146382,
                0.24066934124426448, 0.29094992295205713, 0.34054618136974746, 0.38951348792364537,
                0.43793254469677673, 0.32398891333915497, 0.37384935668706876, 0.4215686892590822,
                0.4672904862698769, 0.51121683869373957);
    }

    /**
     * The tightest of the sequence checks: Wx's worst element (|dWx| ≈ 1e-3) is 7e-8 off, which is the rounding noise
     * of the central difference at h = 1e-5 (measured: 3e-8 at h = 1e-4, 3e-7 at h = 1e-6, h² truncation above), not
     * an error of the analytic gradient; the weights are scaled by 0.5 so that no gate saturates.
     */
    @Test
    void sequenceGradientsMatchCentralDifferences() {
        Rng rng = new Rng(31);
        Gru gru = new Gru(Tensor.randn(rng, DType.F64, 4, 15).muli(0.5), Tensor.randn(rng, DType.F64, 5, 15).muli(0.5),
                Tensor.randn(rng, DType.F64, 15).muli(0.5), Tensor.randn(rng, DType.F64, 15).muli(0.5));
        double worst = SequenceTesting.checkRecurrent(gru, Tensor.randn(rng, DType.F64, 3, 6, 4),
                Tensor.randn(rng, DType.F64, 3, 5), 32);
        assertThat(worst).isLessThanOrEqualTo(GRAD_TOL);
    }

    @Test
    void stepBackwardMatchesCentralDifferences() {
        Rng rng = new Rng(33);
        Gru gru = new Gru(Tensor.randn(rng, DType.F64, 5, 18).muli(0.5), Tensor.randn(rng, DType.F64, 6, 18).muli(0.5),
                Tensor.randn(rng, DType.F64, 18).muli(0.5), Tensor.randn(rng, DType.F64, 18).muli(0.5));
        Tensor x = Tensor.randn(rng, DType.F64, 4, 5), h = Tensor.randn(rng, DType.F64, 4, 6);
        Tensor dnext = Tensor.randn(rng, DType.F64, 4, 6);
        Gru.StepGradient g = gru.stepBackward(dnext, gru.stepForward(x, h));
        assertGradient("Gru step dx", g.dx(), numerical(() -> gru.step(x, h), x, dnext));
        assertGradient("Gru step dprev_h", g.dhPrev(), numerical(() -> gru.step(x, h), h, dnext));
        for (Parameter p : gru.parameters()) {
            assertGradient("Gru step d" + p.name(), p.grad(), numerical(() -> gru.step(x, h), p.value(), dnext));
        }
    }

    @Test
    void stepsAgreeWithTheSequence() {
        Rng rng = new Rng(5);
        Gru gru = new Gru(3, 4, rng, DType.F64);
        gru.parameters().get(3).value().assign(Tensor.randn(rng, DType.F64, 12));   // a hidden bias that matters
        Tensor x = Tensor.randn(rng, DType.F64, 2, 4, 3), h0 = Tensor.randn(rng, DType.F64, 2, 4);
        gru.setInitialState(h0);
        Tensor all = gru.forward(x);
        Tensor h = h0;
        for (int t = 0; t < 4; t++) {
            h = gru.step(x.slice(1, t, t + 1).reshape(2, 3), h);
            TensorAssert.assertClose(h, all.slice(1, t, t + 1).reshape(2, 4), 1e-14, 1e-15);
        }
    }

    @Test
    void parametersAndErrors() {
        Gru gru = new Gru(3, 4, new Rng(1));
        assertThat(gru.parameters()).extracting(Parameter::name).containsExactly("Wx", "Wh", "b", "bh");
        assertThat(gru.parameters()).extracting(p -> p.value().shape()).containsExactly(
                new int[]{3, 12}, new int[]{4, 12}, new int[]{12}, new int[]{12});
        assertThat(gru).hasToString("Gru(3→4)");
        assertThatThrownBy(() -> new Gru(Tensor.zeros(DType.F32, 3, 12), Tensor.zeros(DType.F32, 4, 12),
                Tensor.zeros(DType.F32, 12), Tensor.zeros(DType.F32, 4)))
                .hasMessageContaining("bh must be (3H,)").hasMessageContaining("(4,)");
        assertThatThrownBy(() -> gru.forward(Tensor.zeros(DType.F32, 2, 7, 5)))
                .hasMessageContaining("Gru(3→4)").hasMessageContaining("(2, 7, 5)").hasMessageContaining("(2, 7, 3)");
    }
}
