package io.dendrite.visualize;

import io.dendrite.check.GradientCheck;
import io.dendrite.nn.LossResult;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The style-transfer losses on numbers worked out by hand, and their gradients against central differences in F64. */
class StyleLossesTest {
    /**
     * Steps of the central differences. Content and TV losses are quadratic, where central differences are exact
     * whatever the step, so a wide step keeps rounding (≈ |L|·1e-16 / h) far below the gradient; the quartic style
     * loss takes cs231n's 1e-5, where its h² term and rounding are both small.
     */
    private static final double H_QUADRATIC = 1e-3, H_STYLE = 1e-5;

    private static void check(String what, Tensor analytic, Tensor numeric) {
        double err = GradientCheck.relError(analytic, numeric);
        System.out.printf("StyleLosses %s: rel error %.2e%n", what, err);
        assertThat(err).as(what).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void contentLossOnHandNumbers() {
        Tensor f = Tensor.of(new double[]{1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor p = Tensor.of(new double[]{0, 1, 1, 1}, 1, 1, 2, 2);
        LossResult r = StyleLosses.content(0.5, f, p);
        assertThat(r.loss()).isEqualTo(7.5);                          // 0.5 · (1 + 1 + 4 + 9)
        assertThat(r.grad().toDoubleArray()).containsExactly(1, 1, 2, 3);   // 2 · 0.5 · (F − P)
        assertThat(f.toDoubleArray()).containsExactly(1, 2, 3, 4);    // inputs untouched
    }

    @Test
    void gramIsNormalizedByHeightWidthAndChannels() {
        // channel 0 = [1, 2], channel 1 = [3, 4]; H·W·C = 1·2·2 = 4
        Tensor g = StyleLosses.gram(Tensor.of(new double[]{1, 2, 3, 4}, 1, 2, 1, 2));
        assertThat(g.shape()).containsExactly(1, 2, 2);
        assertThat(g.toDoubleArray()).containsExactly(5 / 4.0, 11 / 4.0, 11 / 4.0, 25 / 4.0);
    }

    @Test
    void styleLossOnHandNumbers() {
        Tensor f = Tensor.of(new double[]{1, 2, 3, 4}, 1, 2, 1, 2);
        Tensor a = Tensor.of(new double[]{1, 2, 2, 6}, 1, 2, 2);
        // G − A = [[0.25, 0.75], [0.75, 0.25]]: Σ² = 0.0625·2 + 0.5625·2 = 1.25, times w = 2
        LossResult r = StyleLosses.style(2, f, a);
        assertThat(r.loss()).isCloseTo(2.5, within(1e-15));
        // ∂/∂F = 4w(G − A)·F / 4 = 2·[[0.25, 0.75], [0.75, 0.25]]·[[1, 2], [3, 4]] = [[5, 7], [3, 5]]
        assertThat(r.grad().shape()).containsExactly(1, 2, 1, 2);
        assertThat(r.grad().toDoubleArray()).containsExactly(5, 7, 3, 5);
    }

    @Test
    void totalVariationOnHandNumbers() {
        Tensor x = Tensor.of(new double[]{1, 2, 4, 8}, 1, 1, 2, 2);
        // vertical: 3, 6 → 45; horizontal: 1, 4 → 17; w = 0.1
        LossResult r = StyleLosses.totalVariation(0.1, x);
        assertThat(r.loss()).isCloseTo(6.2, within(1e-12));
        double[] g = r.grad().toDoubleArray();
        double[] expected = {-0.8, -1.0, -0.2, 2.0};
        for (int i = 0; i < 4; i++) {
            assertThat(g[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void contentGradientMatchesCentralDifferences() {
        Rng rng = new Rng(1);
        Tensor f = Tensor.randn(rng, DType.F64, 2, 3, 4, 5), p = Tensor.randn(rng, DType.F64, 2, 3, 4, 5);
        check("content", StyleLosses.content(0.7, f, p).grad(),
                GradientCheck.numericalGradient(() -> StyleLosses.content(0.7, f, p).loss(), f, H_QUADRATIC));
    }

    @Test
    void styleGradientMatchesCentralDifferences() {
        Rng rng = new Rng(2);
        Tensor f = Tensor.randn(rng, DType.F64, 2, 3, 4, 5);
        Tensor a = StyleLosses.gram(Tensor.randn(rng, DType.F64, 2, 3, 6, 2));
        check("style", StyleLosses.style(1.3, f, a).grad(),
                GradientCheck.numericalGradient(() -> StyleLosses.style(1.3, f, a).loss(), f, H_STYLE));
        Tensor one = StyleLosses.gram(Tensor.randn(new Rng(5), DType.F64, 1, 3, 3, 3));   // one style image for both
        check("style, one target for the batch", StyleLosses.style(0.4, f, one).grad(),
                GradientCheck.numericalGradient(() -> StyleLosses.style(0.4, f, one).loss(), f, H_STYLE));
    }

    @Test
    void totalVariationGradientMatchesCentralDifferences() {
        Tensor x = Tensor.randn(new Rng(3), DType.F64, 2, 3, 4, 5);
        check("total variation", StyleLosses.totalVariation(0.3, x).grad(),
                GradientCheck.numericalGradient(() -> StyleLosses.totalVariation(0.3, x).loss(), x, H_QUADRATIC));
    }

    @Test
    void gradientsComeBackInTheFeaturesDtype() {
        Tensor f = Tensor.randn(new Rng(4), DType.F32, 1, 2, 3, 3);
        assertThat(StyleLosses.content(1, f, f.to(DType.F64)).grad().dtype()).isEqualTo(DType.F32);
        assertThat(StyleLosses.style(1, f, StyleLosses.gram(f)).grad().dtype()).isEqualTo(DType.F32);
        assertThat(StyleLosses.totalVariation(1, f).grad().dtype()).isEqualTo(DType.F32);
        assertThat(StyleLosses.style(1, f, StyleLosses.gram(f)).loss()).isZero();
    }

    @Test
    void badShapesAndWeightsAreRefusedNamingThem() {
        Tensor f = Tensor.zeros(DType.F64, 1, 2, 3, 3);
        assertThatThrownBy(() -> StyleLosses.content(1, f, Tensor.zeros(DType.F64, 1, 2, 3, 4)))
                .hasMessageContaining("(1, 2, 3, 3)").hasMessageContaining("(1, 2, 3, 4)");
        assertThatThrownBy(() -> StyleLosses.gram(Tensor.zeros(DType.F64, 1, 18)))
                .hasMessageContaining("(N, C, H, W)").hasMessageContaining("(1, 18)");
        assertThatThrownBy(() -> StyleLosses.style(1, f, Tensor.zeros(DType.F64, 1, 3, 3)))
                .hasMessageContaining("(1, 3, 3)").hasMessageContaining("(1, 2, 3, 3)");
        assertThatThrownBy(() -> StyleLosses.totalVariation(-1, f)).hasMessageContaining("-1");
    }
}
