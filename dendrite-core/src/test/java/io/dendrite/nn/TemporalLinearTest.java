package io.dendrite.nn;

import io.dendrite.check.GradientReport;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static io.dendrite.nn.SequenceTesting.GRAD_TOL;
import static io.dendrite.nn.SequenceTesting.assertNumpy;
import static io.dendrite.nn.SequenceTesting.lin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemporalLinearTest {
    /**
     * Against numpy in float64, computed once: N, T, D, M = 2, 3, 4, 5; x = linspace(-0.5, 0.5, N*T*D).reshape(N, T, D);
     * W = linspace(-0.3, 0.4, D*M).reshape(D, M); b = linspace(-0.1, 0.2, M); out = x @ W + b.
     */
    @Test
    void forwardMatchesNumpy() {
        TemporalLinear affine = new TemporalLinear(lin(-0.3, 0.4, 4, 5), lin(-0.1, 0.2, 5));
        assertNumpy(affine.forward(lin(-0.5, 0.5, 2, 3, 4)), new int[]{2, 3, 5},
                -0.018764302059496557, -0.0078375286041189492, 0.0030892448512586448, 0.014016018306636235,
                0.024942791762013777, -0.035240274599542321, 0.0013157894736842424, 0.037871853546910812,
                0.074427917620137368, 0.11098398169336388, -0.051716247139588098, 0.010469107551487437,
                0.072654462242562959, 0.13483981693363847, 0.19702517162471397, -0.068192219679633875,
                0.019622425629290632, 0.10743707093821511, 0.19525171624713961, 0.28306636155606413,
                -0.084668192219679653, 0.028775743707093807, 0.14221967963386725, 0.25566361556064071,
                0.36910755148741414, -0.1011441647597254, 0.037929061784897009, 0.17700228832951942,
                0.31607551487414187, 0.45514874141876432);
    }

    /** cs231n's temporal_affine_backward check: dx, dw, db against central differences. */
    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(51);
        TemporalLinear affine = new TemporalLinear(4, 6, rng, DType.F64);
        affine.bias().value().assign(Tensor.randn(rng, DType.F64, 6));
        GradientReport report = GradientReport.ofLayer(affine, Tensor.randn(rng, DType.F64, 2, 5, 4), rng);
        assertThat(report.entries()).extracting(GradientReport.Entry::name).containsExactly("x", "W", "b");
        assertThat(report.passed(GRAD_TOL)).as(report.toString()).isTrue();
    }

    @Test
    void shapesAndErrors() {
        TemporalLinear affine = new TemporalLinear(4, 6, new Rng(1));
        assertThat(affine).hasToString("TemporalLinear(4→6)");
        assertThat(affine.parameters()).extracting(Parameter::name).containsExactly("W", "b");
        assertThat(affine.forward(Tensor.zeros(DType.F32, 2, 3, 4)).shape()).containsExactly(2, 3, 6);
        assertThatThrownBy(() -> affine.forward(Tensor.zeros(DType.F32, 2, 3, 5)))
                .hasMessageContaining("TemporalLinear(4→6)").hasMessageContaining("(2, 3, 5)").hasMessageContaining("(2, 3, 4)");
        assertThatThrownBy(() -> affine.forward(Tensor.zeros(DType.F32, 2, 4)))
                .hasMessageContaining("TemporalLinear(4→6)").hasMessageContaining("3-D");
        assertThatThrownBy(() -> new TemporalLinear(Tensor.zeros(DType.F32, 4, 6), Tensor.zeros(DType.F32, 4)))
                .hasMessageContaining("W (4, 6)").hasMessageContaining("b (4,)");
        assertThat(affine.inputGradient(false).inputGradient()).isFalse();
        affine.forward(Tensor.zeros(DType.F32, 2, 3, 4));
        assertThat(affine.backward(Tensor.zeros(DType.F32, 2, 3, 6))).isNull();
    }
}
