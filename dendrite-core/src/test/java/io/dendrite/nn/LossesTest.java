package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossesTest {
    private static final int[] LABELS = {0, 3, 1, 3, 2};

    private static double gradientError(Function<Tensor, LossResult> loss, Tensor scores) {
        Tensor analytic = loss.apply(scores).grad();
        Tensor numerical = GradientCheck.numericalGradient(() -> loss.apply(scores).loss(), scores, 1e-5);
        return GradientCheck.relError(analytic, numerical);
    }

    @Test
    void gradients() {
        Rng rng = new Rng(21);
        Tensor scores = Tensor.randn(rng, DType.F64, 5, 4);
        Tensor targets = Tensor.randn(rng, DType.F64, 5, 4);
        Tensor soft = Functions.softmax(Tensor.randn(rng, DType.F64, 5, 4));
        assertThat(gradientError(s -> new SoftmaxCrossEntropy().compute(s, LABELS), scores)).isLessThanOrEqualTo(1e-7);
        assertThat(gradientError(s -> new SoftmaxCrossEntropy().compute(s, soft), scores)).isLessThanOrEqualTo(1e-7);
        // hinge has kinks where a margin is 0; Gaussian scores are nowhere near one at h = 1e-5
        assertThat(gradientError(s -> new MulticlassHinge().compute(s, LABELS), scores)).isLessThanOrEqualTo(1e-7);
        assertThat(gradientError(s -> new MeanSquaredError().compute(s, LABELS), scores)).isLessThanOrEqualTo(1e-7);
        assertThat(gradientError(s -> new MeanSquaredError().compute(s, targets), scores)).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void softmaxLossAtSmallRandomScoresIsLnC() {
        Rng rng = new Rng(1);
        int n = 200, c = 10;
        Tensor scores = Tensor.randn(rng, DType.F32, n, c).muli(1e-3);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
        }
        LossResult r = new SoftmaxCrossEntropy().compute(scores, y);
        assertThat(r.loss()).isCloseTo(Math.log(c), within(1e-3));
        assertThat(r.grad().dtype()).isEqualTo(DType.F32);
        assertThat(r.grad().sum()).isCloseTo(0, within(1e-6));   // each row of p − onehot sums to 0
    }

    @Test
    void softmaxLossSurvivesHugeScores() {
        LossResult r = new SoftmaxCrossEntropy().compute(Tensor.of(new double[]{1000, 0, -1000}, 1, 3), new int[]{1});
        assertThat(r.loss()).isCloseTo(1000, within(1e-9));
        assertThat(r.grad().toDoubleArray()).containsExactly(1, -1, 0);
    }

    @Test
    void svmKnownValues() {
        // row 0: margins max(0, 1−3+1) = 0 and max(0, 2−3+1) = 0 → 0 (a margin of exactly 0 counts as inactive)
        // row 1: label 1, margins 3−1+1 = 3 and 2−1+1 = 2 → 5
        Tensor scores = Tensor.of(new double[]{1, 2, 3, 3, 1, 2}, 2, 3);
        LossResult r = new MulticlassHinge().compute(scores, new int[]{2, 1});
        assertThat(r.loss()).isEqualTo(2.5);
        TensorAssert.assertClose(r.grad(), Tensor.of(new double[]{0, 0, 0, 0.5, -1, 0.5}, 2, 3), 0, 1e-15);
        assertThat(new MulticlassHinge(0).compute(scores, new int[]{2, 1}).loss()).isEqualTo(1.5);
    }

    @Test
    void mseDividesByBatchSize() {
        Tensor y = Tensor.of(new double[]{1, 2, 3, 4}, 2, 2);
        Tensor t = Tensor.zeros(DType.F64, 2, 2);
        LossResult r = new MeanSquaredError().compute(y, t);
        assertThat(r.loss()).isEqualTo(0.5 * 30 / 2);
        assertThat(r.grad().toDoubleArray()).containsExactly(0.5, 1, 1.5, 2);
        assertThat(Functions.meanSquaredError(y, t)).isEqualTo(15);      // the book's: no division
        LossResult vector = new MeanSquaredError().compute(Tensor.vector(1, 3), Tensor.vector(0, 0));
        assertThat(vector.loss()).isEqualTo(0.5 * 10 / 2);               // 1-D: N samples of one value
    }

    @Test
    void labelErrorsNameTheLossTheLabelAndItsIndex() {
        Tensor scores = Tensor.zeros(DType.F32, 3, 10);
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().compute(scores, new int[]{1, 10, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SoftmaxCrossEntropy: label 10 at index 1 is outside [0, 10) — scores (3, 10) have C = 10"
                        + " classes; check numClasses");
        assertThatThrownBy(() -> new MulticlassHinge().compute(scores, new int[]{0, 1, -1}))
                .hasMessageStartingWith("MulticlassHinge: label -1 at index 2");
        assertThatThrownBy(() -> new MeanSquaredError().compute(scores, new int[]{0, 1}))
                .hasMessageStartingWith("MeanSquaredError: 2 labels for scores (3, 10) (N = 3)");
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().compute(Tensor.zeros(DType.F32, 3), new int[]{0, 0, 0}))
                .hasMessageContaining("scores must be 2-D (N, C), got (3,)");
        assertThatThrownBy(() -> new MeanSquaredError().compute(scores, Tensor.zeros(DType.F32, 3, 9)))
                .hasMessageContaining("targets (3, 9) do not match scores (3, 10)");
    }
}
