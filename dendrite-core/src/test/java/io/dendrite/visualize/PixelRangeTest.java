package io.dendrite.visualize;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PixelRangeTest {
    /** Raw pixels 0..255, normalized per channel with means (100, 50) and stds (50, 25). */
    private static final PixelRange RAW = PixelRange.of(0, 255, new double[]{100, 50}, new double[]{50, 25});

    @Test
    void theInputRangeOfEachChannelFollowsFromThePixelRangeAndTheNormalization() {
        assertThat(RAW.low(0)).isEqualTo(-2);
        assertThat(RAW.high(0)).isEqualTo(3.1);
        assertThat(RAW.low(1)).isEqualTo(-2);
        assertThat(RAW.high(1)).isEqualTo(8.2);
        Tensor x = Tensor.of(new double[]{-5, 0, 4, 9}, 1, 2, 1, 2);
        assertThat(RAW.clamp(x).toDoubleArray()).containsExactly(-2, 0, 4, 8.2);
    }

    @Test
    void toUnitAndFromUnitAreInverses() {
        Tensor x = Tensor.randn(new Rng(1), DType.F64, 2, 2, 3, 3);
        Tensor back = RAW.fromUnit(RAW.toUnit(x));
        for (int i = 0; i < x.size(); i++) {
            assertThat(back.getFlat(i)).isCloseTo(x.getFlat(i), within(1e-12));
        }
        // input 3.1 in channel 0 is pixel 255, the top of the range
        assertThat(RAW.toUnit(Tensor.of(new double[]{3.1, -2}, 1, 2, 1, 1)).toDoubleArray()).containsExactly(1.0, 0.0);
        assertThat(PixelRange.UNIT.toUnit(Tensor.of(new double[]{0.25}, 1, 1, 1, 1)).toDoubleArray()).containsExactly(0.25);
    }

    @Test
    void badRangesAndChannelCountsAreRefused() {
        assertThatThrownBy(() -> PixelRange.of(1, 1, new double[]{0}, new double[]{1})).hasMessageContaining("[1.0, 1.0]");
        assertThatThrownBy(() -> PixelRange.UNIT.normalization(new double[]{0}, new double[]{0}))
                .hasMessageContaining("std 0.0");
        assertThatThrownBy(() -> RAW.clamp(Tensor.zeros(DType.F64, 1, 3, 2, 2)))
                .hasMessageContaining("2 channels but the images have 3");
    }
}
