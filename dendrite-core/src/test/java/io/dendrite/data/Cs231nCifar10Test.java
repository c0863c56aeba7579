package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** cs231n's CIFAR-10 preparation, scaled down: the split's sizes and positions, and the mean image of the training split. */
class Cs231nCifar10Test {
    /** n samples of shape (3, 1, 2), label i % 10, value j of sample i = 10·i + j (raw, unscaled). */
    static Dataset tiny(int n, int offset) {
        float[] x = new float[n * 6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (i + offset) % 10;
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = 10 * (i + offset) + j;
            }
        }
        return new Dataset(x, new int[] {3, 1, 2}, y, 10);
    }

    @Test
    void splitsLikeCs231nAndSubtractsTheTrainingMeanImageFromRawValues() {
        TrainTest raw = new TrainTest(tiny(10, 0), tiny(5, 100));
        Cs231nCifar10.Prepared p = Cs231nCifar10.prepare(raw, 6, 3, 2, null);
        TrainValTest s = p.data();
        assertThat(s.train().size()).isEqualTo(6);
        assertThat(s.val().size()).isEqualTo(3);
        assertThat(s.test().size()).isEqualTo(2);
        // validation = training samples 6..8 (cs231n: 49 000..49 999), test = the first test samples
        assertThat(s.val().labels()).containsExactly(6, 7, 8);
        assertThat(s.test().labels()).containsExactly(0, 1);
        // mean image over the 6 training samples: value j = 10·2.5 + j; no scaling, no std
        assertThat(p.meanImage().mean().toDoubleArray()).containsExactly(new double[] {25, 26, 27, 28, 29, 30}, within(1e-6));
        assertThat(p.meanImage().std().toDoubleArray()).containsOnly(1.0);
        assertThat(s.train().data()[0]).isEqualTo(-25f);          // sample 0, value 0: 0 − 25
        assertThat(s.train().data()[5 * 6 + 5]).isEqualTo(25f);   // sample 5, value 5: 55 − 30
        assertThat(s.val().data()[0]).isEqualTo(60f - 25f);        // sample 6 of training, less the same mean
        assertThat(s.test().data()[6 + 1]).isEqualTo(1011f - 26f);  // test sample 1, value 1
        double sum = 0;
        for (float v : s.train().data()) {
            sum += v;
        }
        assertThat(sum).isCloseTo(0, within(1e-4));
    }

    @Test
    void aGivenMeanImageIsUsedInsteadOfRefitting() {
        TrainTest raw = new TrainTest(tiny(10, 0), tiny(5, 100));
        Normalizer saved = Cs231nCifar10.prepare(raw, 6, 3, 2, null).meanImage();
        Cs231nCifar10.Prepared again = Cs231nCifar10.prepare(new TrainTest(tiny(10, 50), tiny(5, 100)), 6, 3, 2, saved);
        assertThat(again.meanImage()).isSameAs(saved);
        assertThat(again.data().test().data()).containsExactly(Cs231nCifar10.prepare(raw, 6, 3, 2, null).data().test().data());
    }

    @Test
    void theFullSplitNeedsAllOfCifar10() {
        assertThat(Cs231nCifar10.NUM_TRAIN + Cs231nCifar10.NUM_VAL).isEqualTo(50_000);
        assertThatThrownBy(() -> Cs231nCifar10.prepare(new TrainTest(tiny(10, 0), tiny(5, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("split(49000, 1000, 1000): needs 50000 training and 1000 test samples, the data has 10 and 5");
    }
}
