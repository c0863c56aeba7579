package io.dendrite.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LearningRateScheduleTest {

    @Test
    void exponentialDecayIsCs231nLrDecay() {
        ExponentialDecay s = new ExponentialDecay(0.95);
        assertThat(s.learningRate(1e-3, 0)).isEqualTo(1e-3);
        // cs231n multiplies by lr_decay after every epoch: three epochs done → 0.95³
        double lr = 1e-3;
        for (int e = 1; e <= 3; e++) {
            lr *= 0.95;
            assertThat(s.learningRate(1e-3, e)).isCloseTo(lr, within(1e-18));
        }
        assertThat(new ExponentialDecay(1.0).learningRate(0.5, 100)).isEqualTo(0.5);
        assertThatThrownBy(() -> new ExponentialDecay(0)).hasMessageContaining("invalid lr decay: 0.0");
        assertThatThrownBy(() -> new ExponentialDecay(1.5)).hasMessageContaining("invalid lr decay: 1.5");
    }

    @Test
    void stepDecay() {
        StepDecay s = new StepDecay(3, 0.1);
        double[] expected = {1, 1, 1, 0.1, 0.1, 0.1, 0.01};
        for (int e = 0; e < expected.length; e++) {
            assertThat(s.learningRate(1.0, e)).as("epoch %d", e).isCloseTo(expected[e], within(1e-15));
        }
        assertThatThrownBy(() -> new StepDecay(0, 0.1)).hasMessageContaining("invalid step size: 0");
        assertThatThrownBy(() -> new StepDecay(2, -1)).hasMessageContaining("invalid gamma: -1.0");
    }

    @Test
    void cosineAnnealing() {
        CosineAnnealing s = new CosineAnnealing(4, 0.1);
        assertThat(s.learningRate(1.1, 0)).isCloseTo(1.1, within(1e-15));
        assertThat(s.learningRate(1.1, 2)).isCloseTo(0.6, within(1e-15));     // halfway: the mean
        assertThat(s.learningRate(1.1, 1)).isCloseTo(0.1 + 1.0 * (1 + Math.sqrt(0.5)) / 2, within(1e-15));
        assertThat(s.learningRate(1.1, 4)).isCloseTo(0.1, within(1e-15));
        assertThat(s.learningRate(1.1, 9)).isCloseTo(0.1, within(1e-15));     // stays at the floor
        for (int e = 1; e <= 4; e++) {
            assertThat(s.learningRate(1.1, e)).isLessThan(s.learningRate(1.1, e - 1));
        }
        assertThatThrownBy(() -> new CosineAnnealing(0, 0)).hasMessageContaining("invalid total epochs: 0");
        assertThatThrownBy(() -> new CosineAnnealing(10, -1)).hasMessageContaining("invalid learning rate: -1.0");
    }

    @Test
    void constantAndEpochValidation() {
        assertThat(LearningRateSchedule.constant().learningRate(0.3, 7)).isEqualTo(0.3);
        assertThatThrownBy(() -> new ExponentialDecay(0.9).learningRate(1, -1)).hasMessageContaining("invalid epoch: -1");
    }

    @Test
    void optimizerAppliesASchedule() {
        Optimizer opt = new Optimizer(new Sgd(0.1), java.util.List.of());
        assertThat(opt.applySchedule(new StepDecay(1, 0.5), 0.1, 2)).isCloseTo(0.025, within(1e-15));
        assertThat(opt.learningRate()).isCloseTo(0.025, within(1e-15));
    }
}
