package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** n samples of shape (c, h, w); value = 100 * sample + index in sample; label = sample % classes. */
    static Dataset images(int n, int c, int h, int w, int classes) {
        int d = c * h * w;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = 100 * i + j;
            }
        }
        return new Dataset(x, new int[] {c, h, w}, y, classes);
    }

    @Test
    void shapesAndTensorViews() {
        Dataset ds = images(5, 1, 2, 3, 3);
        assertThat(ds.size()).isEqualTo(5);
        assertThat(ds.sampleSize()).isEqualTo(6);
        Tensor x = ds.x();
        assertThat(x.shape()).containsExactly(5, 1, 2, 3);
        assertThat(x.dtype()).isEqualTo(DType.F32);
        assertThat(x.get(2, 0, 1, 2)).isEqualTo(205.0);
        Tensor x64 = ds.x(DType.F64);
        assertThat(x64.dtype()).isEqualTo(DType.F64);
        assertThat(x64.get(4, 0, 0, 1)).isEqualTo(401.0);
        assertThat(ds.flatten().x().shape()).containsExactly(5, 6);
        assertThat(ds.flatten().asImages(1, 3, 2).sampleShape()).containsExactly(1, 3, 2);
        assertThat(ds.flatten().data()).isSameAs(ds.data());
        assertThatThrownBy(() -> ds.asImages(3, 32, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 2, 3)").hasMessageContaining("(3, 32, 32)");
        assertThat(ds.toString()).isEqualTo("Dataset(5 samples of shape (1, 2, 3), 3 classes)");
    }

    @Test
    void oneHotLabels() {
        Dataset ds = images(4, 1, 1, 2, 3);
        Tensor t = ds.oneHot();
        assertThat(t.shape()).containsExactly(4, 3);
        assertThat(t.toDoubleArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0);
        assertThat(ds.oneHot(DType.F64).dtype()).isEqualTo(DType.F64);
    }

    @Test
    void subsetsSplitsAndShuffles() {
        Dataset ds = images(10, 1, 1, 2, 4);
        Dataset sub = ds.subset(3, 6);
        assertThat(sub.labels()).containsExactly(3, 0, 1);
        assertThat(sub.sample(0)).containsExactly(300, 301);
        Dataset picked = ds.subset(new int[] {9, 0, 9});
        assertThat(picked.labels()).containsExactly(1, 0, 1);
        assertThat(picked.sample(2)).containsExactly(900, 901);

        Dataset.Split s = ds.split(7, 2);
        assertThat(s.train().size()).isEqualTo(7);
        assertThat(s.val().sample(0)).containsExactly(700, 701);
        assertThatThrownBy(() -> ds.split(8, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 train + 3 validation").hasMessageContaining("has 10");

        Dataset.Split r1 = ds.split(6, 4, 42);
        Dataset.Split r2 = ds.split(6, 4, 42);
        assertThat(r1.train().data()).containsExactly(r2.train().data());
        float[] firsts = new float[10];
        for (int i = 0; i < 6; i++) {
            firsts[i] = r1.train().sample(i)[0];
        }
        for (int i = 0; i < 4; i++) {
            firsts[6 + i] = r1.val().sample(i)[0];
        }
        Arrays.sort(firsts);
        assertThat(firsts).containsExactly(0, 100, 200, 300, 400, 500, 600, 700, 800, 900);

        Dataset sh = ds.shuffled(new Rng(3));
        assertThat(sh.data()).isNotEqualTo(ds.data());
        for (int i = 0; i < sh.size(); i++) {
            int orig = (int) sh.sample(i)[0] / 100;
            assertThat(sh.label(i)).isEqualTo(orig % 4);
        }
        assertThatThrownBy(() -> ds.subset(new int[] {10})).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 10");
    }

    @Test
    void constructorRejectsBadLabelsAndSizes() {
        assertThatThrownBy(() -> new Dataset(new float[4], new int[] {2}, new int[] {0, 3}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 of sample 1")
                .hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> new Dataset(new float[5], new int[] {2}, new int[] {0, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 4 values, got 5");
        assertThatThrownBy(() -> new Dataset(new float[4], new int[] {2}, new int[] {0, 1}, 2, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 class names for 2 classes");
    }

    @Test
    void fromTensorAndCounts() {
        Dataset ds = Dataset.of(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2), new int[] {1, 1, 0}, 2);
        assertThat(ds.sampleShape()).containsExactly(2);
        assertThat(ds.classCounts()).containsExactly(1, 2);
    }

    @Test
    void scalingToTheUnitRange() {
        Dataset ds = new Dataset(new float[] {0, 51, 255, 102}, new int[] {2}, new int[] {0, 1}, 2);
        assertThat(ds.toUnitRange().data()).containsExactly(new float[] {0, 0.2f, 1, 0.4f}, within(1e-7f));
        assertThat(ds.data()[1]).isEqualTo(51f);
        assertThatThrownBy(() -> ds.toUnitRange().scaled(-1).toUnitRange()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already scaled");
    }

    @Test
    void meanImageIsFittedOnTrainAndAppliedToOthers() {
        Dataset train = new Dataset(new float[] {1, 10, 3, 30}, new int[] {2}, new int[] {0, 1}, 2);
        Dataset test = new Dataset(new float[] {2, 20}, new int[] {2}, new int[] {1}, 2);
        Normalizer n = Normalizer.meanImage(train);
        assertThat(n.mean().toDoubleArray()).containsExactly(2, 20);
        assertThat(n.apply(train).data()).containsExactly(-1, -10, 1, 10);
        assertThat(n.apply(test).data()).containsExactly(0, 0);
        assertThatThrownBy(() -> n.apply(train.reshapeSamples(1, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2,)").hasMessageContaining("(1, 2)");
    }

    @Test
    void perChannelStandardization() {
        // 2 images of (2 channels, 1x2): channel 0 values {0, 2, 4, 6}, channel 1 constant 5.
        Dataset train = new Dataset(new float[] {0, 2, 5, 5, 4, 6, 5, 5}, new int[] {2, 1, 2}, new int[] {0, 1}, 2);
        Normalizer n = Normalizer.perChannel(train);
        assertThat(n.mean().toDoubleArray()).containsExactly(3, 5);
        assertThat(n.std().toDoubleArray()[0]).isCloseTo(Math.sqrt(5), within(1e-6));
        assertThat(n.std().toDoubleArray()[1]).isEqualTo(1.0);
        float[] z = n.apply(train).data();
        double s = Math.sqrt(5);
        assertThat(z).containsExactly(new float[] {(float) (-3 / s), (float) (-1 / s), 0, 0, (float) (1 / s),
                (float) (3 / s), 0, 0}, within(1e-6f));
    }

    @Test
    void aNormalizerRebuiltFromItsValuesActsLikeTheFittedOne() {
        Dataset train = new Dataset(new float[] {0, 2, 5, 5, 4, 6, 5, 9}, new int[] {2, 1, 2}, new int[] {0, 1}, 2);
        for (Normalizer fitted : new Normalizer[] {Normalizer.perChannel(train), Normalizer.meanImage(train)}) {
            Normalizer rebuilt = Normalizer.of(new int[] {2, 1, 2}, fitted.mean().contiguous().floatData(),
                    fitted.std().contiguous().floatData());
            assertThat(rebuilt.apply(train).data()).as(fitted.toString()).containsExactly(fitted.apply(train).data());
            assertThat(rebuilt.toString()).isEqualTo(fitted.toString());
        }
        assertThatThrownBy(() -> Normalizer.of(new int[] {2, 1, 2}, new float[3], new float[] {1, 1, 1}))
                .hasMessageContaining("3 means fit neither every value (4) nor every channel (2)");
        assertThatThrownBy(() -> Normalizer.of(new int[] {2}, new float[] {0, 0}, new float[] {1, 0}))
                .hasMessageContaining("value 1").hasMessageContaining("std 0.0");
        assertThatThrownBy(() -> Normalizer.of(new int[] {2}, new float[] {0, 0}, new float[] {1}))
                .hasMessageContaining("2 means but 1 standard deviations");
    }
}
