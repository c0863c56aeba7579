package io.dendrite.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    //                                 actual: 0  0  0  1  1  2  2  2
    private static final int[] ACTUAL = {0, 0, 0, 1, 1, 2, 2, 2};
    private static final int[] PREDICTED = {0, 0, 1, 1, 1, 2, 0, 2};

    @Test
    void countsRowsActualColumnsPredicted() {
        ConfusionMatrix m = ConfusionMatrix.of(PREDICTED, ACTUAL, 3);
        assertThat(m.counts()).isEqualTo(new long[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 2}});
        assertThat(m.count(2, 0)).isEqualTo(1);
        assertThat(m.total()).isEqualTo(8);
        assertThat(m.support(0)).isEqualTo(3);
        assertThat(m.predictedCount(0)).isEqualTo(3);
    }

    @Test
    void accuracyPrecisionAndRecall() {
        ConfusionMatrix m = ConfusionMatrix.of(PREDICTED, ACTUAL, 3);
        assertThat(m.accuracy()).isCloseTo(6.0 / 8, within(1e-12));
        assertThat(m.recall(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.classAccuracy(0)).isEqualTo(m.recall(0));
        assertThat(m.precision(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.recall(1)).isEqualTo(1.0);
        assertThat(m.precision(1)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.precision(2)).isEqualTo(1.0);
        assertThat(m.recall(2)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void batchesAccumulate() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.add(new int[] {0, 0, 1}, new int[] {0, 0, 0}).add(new int[] {1, 1, 2, 0, 2}, new int[] {1, 1, 2, 2, 2});
        assertThat(m.counts()).isEqualTo(ConfusionMatrix.of(PREDICTED, ACTUAL, 3).counts());
    }

    @Test
    void classesWithoutExamplesOrPredictionsAreUndefinedNotZero() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 1}, 3);
        assertThat(m.recall(2)).isNaN();
        assertThat(m.precision(1)).isNaN();
        assertThat(new ConfusionMatrix(2).accuracy()).isNaN();
    }

    @Test
    void toStringIsATextTable() {
        ConfusionMatrix m = new ConfusionMatrix(new String[] {"cat", "dog", "bird"}).add(PREDICTED, ACTUAL);
        String text = m.toString();
        assertThat(text).contains("class").contains("precision").contains("recall").contains("support");
        assertThat(text).contains("accuracy 75.00% (8 examples)");
        assertThat(text).containsPattern("cat\\s+3\\s+66.67%\\s+66.67%");
        assertThat(text).containsPattern("dog\\s+2\\s+66.67%\\s+100.00%");
        assertThat(text).containsPattern("bird\\s+1\\s+0\\s+2");
        String empty = new ConfusionMatrix(2).add(new int[] {0}, new int[] {0}).toString();
        assertThat(empty).containsPattern("1\\s+0\\s+-\\s+-");
    }

    @Test
    void badInputIsRejectedAndNothingIsAdded() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        assertThatThrownBy(() -> m.add(new int[] {0, 1}, new int[] {0}))
                .hasMessageContaining("predicted has 2 labels but actual has 1");
        assertThatThrownBy(() -> m.add(new int[] {0, 3}, new int[] {0, 0}))
                .hasMessageContaining("example 1: actual 0, predicted 3").hasMessageContaining("[0, 3)");
        assertThat(m.total()).isZero();
        assertThatThrownBy(() -> new ConfusionMatrix(0)).hasMessageContaining("numClasses must be positive, got 0");
        assertThatThrownBy(() -> m.count(3, 0)).hasMessageContaining("actual 3 is outside [0, 3)");
    }

    @Test
    void countsAreDefensiveCopies() {
        ConfusionMatrix m = ConfusionMatrix.of(PREDICTED, ACTUAL, 3);
        m.counts()[0][0] = 99;
        String[] names = m.classNames();
        names[0] = "x";
        assertThat(m.count(0, 0)).isEqualTo(2);
        assertThat(m.classNames()[0]).isEqualTo("0");
    }
}
