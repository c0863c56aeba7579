package io.dendrite.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void binsAreHalfOpenExceptTheLastWhichHoldsTheMaximum() {
        Histogram h = Histogram.of(new double[] {0, 0.1, 0.25, 0.5, 0.74, 0.75, 1.0}, 0, 1, 4);
        assertThat(h.edges()).containsExactly(0, 0.25, 0.5, 0.75, 1.0);
        assertThat(h.counts()).containsExactly(2, 1, 2, 2);
    }

    @Test
    void valuesOutsideTheRangeAreNotCounted() {
        Histogram h = Histogram.of(new double[] {-1, 0.5, 2}, 0, 1, 2);
        assertThat(h.counts()).containsExactly(0, 1);
    }

    @Test
    void outlineTracesTheBarsFromTheBaseline() {
        double[][] o = Histogram.of(new double[] {0.2, 0.7, 0.8}, 0, 1, 2).outline();
        assertThat(o[0]).containsExactly(0, 0, 0.5, 0.5, 1, 1);
        assertThat(o[1]).containsExactly(0, 1, 1, 2, 2, 0);
    }

    @Test
    void emptyRangeIsRejected() {
        assertThatThrownBy(() -> Histogram.of(new double[] {1}, 1, 1, 3)).hasMessageContaining("[1.0, 1.0] is empty");
    }
}
