package io.dendrite.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SmoothingTest {

    @Test
    void biasCorrectionStartsAtTheFirstValueAndKeepsConstantsConstant() {
        double[] smooth = Smoothing.ema(new double[] {3, 3, 3, 3}, 0.9);
        for (double v : smooth) {
            assertThat(v).isCloseTo(3, within(1e-12));
        }
    }

    @Test
    void matchesTheFormulaByHand() {
        // w = 0.5: m1 = 0.5·1 = 0.5 → 0.5/0.5 = 1; m2 = 0.25 + 0 → 0.25/0.75 = 1/3; m3 = 0.125 + 1 → 1.125/0.875
        double[] smooth = Smoothing.ema(new double[] {1, 0, 2}, 0.5);
        assertThat(smooth).containsExactly(new double[] {1, 1.0 / 3, 1.125 / 0.875}, within(1e-12));
    }

    @Test
    void weightZeroIsTheIdentity() {
        assertThat(Smoothing.ema(new double[] {5, -1, 2}, 0)).containsExactly(5, -1, 2);
    }

    @Test
    void smoothingReducesNoise() {
        double[] noisy = new double[200];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = i % 2 == 0 ? 1 : -1;
        }
        double[] smooth = Smoothing.ema(noisy, 0.95);
        assertThat(Math.abs(smooth[199])).isLessThan(0.1);
    }

    @Test
    void badWeightsAreRejected() {
        assertThatThrownBy(() -> Smoothing.ema(new double[] {1}, 1.0)).hasMessageContaining("[0, 1), got 1.0");
        assertThatThrownBy(() -> Smoothing.ema(new double[] {1}, -0.1)).hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> Smoothing.ema(new double[] {1}, Double.NaN)).hasMessageContaining("NaN");
    }
}
