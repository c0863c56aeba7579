package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static io.dendrite.nn.SequenceTesting.assertGradient;
import static io.dendrite.nn.SequenceTesting.lin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TemporalSoftmaxCrossEntropyTest {
    private static final int[][] Y = {{0, 3, 1}, {2, 2, 0}};
    private static final boolean[][] MASK = {{true, true, false}, {true, false, true}};

    /**
     * Against numpy in float64, computed once: N, T, V = 2, 3, 4; s = linspace(-1, 1.5, N*T*V).reshape(N, T, V);
     * y = [[0, 3, 1], [2, 2, 0]]; mask = [[1, 1, 0], [1, 0, 1]]; p = softmax over V of s − max;
     * loss = −Σ mask·log p[y] / N.
     */
    @Test
    void lossMatchesNumpy() {
        double loss = TemporalSoftmaxCrossEntropy.compute(lin(-1, 1.5, 2, 3, 4), Y, MASK).loss();
        assertThat(loss).isCloseTo(2.8416803347659041, within(1e-13));
    }

    /** cs231n's sanity checks: uniform scores give (number of counted steps / N)·log V. */
    @Test
    void uniformScoresGiveLogVPerCountedStepOverN() {
        Tensor scores = Tensor.zeros(DType.F64, 4, 5, 10);
        int[][] y = new int[4][5];
        assertThat(TemporalSoftmaxCrossEntropy.compute(scores, y, null).loss()).isCloseTo(5 * Math.log(10), within(1e-12));
        boolean[][] mask = new boolean[4][5];
        mask[0][0] = mask[1][3] = mask[3][4] = true;
        assertThat(new TemporalSoftmaxCrossEntropy().compute(scores, y, mask).loss())
                .isCloseTo(3 * Math.log(10) / 4, within(1e-12));
    }

    @Test
    void gradientMatchesCentralDifferences() {
        Rng rng = new Rng(61);
        Tensor scores = Tensor.randn(rng, DType.F64, 3, 4, 6);
        int[][] y = {{0, 5, 2, 2}, {1, 1, 3, 4}, {5, 0, 0, 1}};
        boolean[][] mask = {{true, false, true, true}, {true, true, true, false}, {false, true, true, true}};
        Tensor grad = TemporalSoftmaxCrossEntropy.compute(scores, y, mask).grad();
        Tensor numerical = GradientCheck.numericalGradient(
                () -> TemporalSoftmaxCrossEntropy.compute(scores, y, mask).loss(), scores, GradientCheck.DEFAULT_H);
        assertGradient("TemporalSoftmaxCrossEntropy dscores", grad, numerical);
    }

    @Test
    void maskedStepsContributeNothing() {
        Rng rng = new Rng(62);
        Tensor scores = Tensor.randn(rng, DType.F64, 2, 3, 4);
        LossResult before = TemporalSoftmaxCrossEntropy.compute(scores, Y, MASK);
        for (int v = 0; v < 4; v++) {
            assertThat(before.grad().get(0, 2, v)).isZero();
            assertThat(before.grad().get(1, 1, v)).isZero();
            scores.set(1e3 * (v + 1), 0, 2, v);   // any scores at masked steps, even huge ones
            scores.set(-7, 1, 1, v);
        }
        int[][] padded = {{0, 3, -1}, {2, 99, 0}};   // labels at masked steps are not read
        LossResult after = TemporalSoftmaxCrossEntropy.compute(scores, padded, MASK);
        assertThat(after.loss()).isEqualTo(before.loss());
        assertThat(after.grad().toDoubleArray()).containsExactly(before.grad().toDoubleArray());
    }

    @Test
    void hugeScoresStayFiniteAndF32GivesF32Gradients() {
        Tensor scores = lin(-1, 1.5, 2, 3, 4).muli(1e4).to(DType.F32);
        LossResult r = TemporalSoftmaxCrossEntropy.compute(scores, Y, MASK);
        assertThat(Double.isFinite(r.loss())).isTrue();
        assertThat(r.grad().dtype()).isEqualTo(DType.F32);
        assertThat(r.grad().shape()).containsExactly(2, 3, 4);
        LossResult f32 = TemporalSoftmaxCrossEntropy.compute(lin(-1, 1.5, 2, 3, 4).to(DType.F32), Y, MASK);
        assertThat(f32.loss()).isCloseTo(2.8416803347659041, within(1e-6));
    }

    @Test
    void badLabelsAndShapesAreRefused() {
        Tensor scores = Tensor.zeros(DType.F64, 2, 3, 4);
        assertThatThrownBy(() -> TemporalSoftmaxCrossEntropy.compute(scores, new int[][]{{0, 4, 1}, {0, 0, 0}}, null))
                .hasMessageContaining("label 4 at (0, 1)").hasMessageContaining("[0, 4)");
        assertThatThrownBy(() -> TemporalSoftmaxCrossEntropy.compute(scores, new int[][]{{0, 1, 1}}, null))
                .hasMessageContaining("1 rows of labels").hasMessageContaining("(2, 3, 4)");
        assertThatThrownBy(() -> TemporalSoftmaxCrossEntropy.compute(scores, new int[][]{{0, 1}, {0, 0, 0}}, null))
                .hasMessageContaining("label row 0 has 2 labels, expected T = 3");
        assertThatThrownBy(() -> TemporalSoftmaxCrossEntropy.compute(scores, Y, new boolean[][]{{true, true, true}, {true}}))
                .hasMessageContaining("mask row 1 has 1 flags");
        assertThatThrownBy(() -> TemporalSoftmaxCrossEntropy.compute(Tensor.zeros(DType.F64, 2, 4), Y, MASK))
                .hasMessageContaining("(N, T, V)").hasMessageContaining("(2, 4)");
    }
}
