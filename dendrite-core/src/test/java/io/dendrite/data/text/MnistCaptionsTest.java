package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.data.Dataset;
import io.dendrite.data.TrainTest;
import io.dendrite.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MnistCaptionsTest {
    /** {@code n} 28×28 "digits": every pixel of sample i is {@code base + i}, its label i mod 10. */
    static Dataset digits(int n, int base) {
        float[] data = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(data, i * 784, (i + 1) * 784, base + i);
            labels[i] = i % 10;
        }
        return new Dataset(data, new int[] {1, 28, 28}, labels, 10);
    }

    @Test
    void vocabularyIsTheSpecialsThenTheTenDigitWords() {
        Vocabulary v = MnistCaptions.vocabulary();
        assertThat(v.size()).isEqualTo(14);
        assertThat(v.words()).containsExactly("<NULL>", "<START>", "<END>", "<UNK>", "zero", "one", "two", "three",
                "four", "five", "six", "seven", "eight", "nine");
        assertThat(v.id("seven")).isEqualTo(MnistCaptions.FIRST_DIGIT_ID + 7);
    }

    @Test
    void digitsArePlacedLeftToRightAndCaptionedWithTheirWords() {
        Dataset d = digits(30, 1);
        CaptionData c = MnistCaptions.generate(d, 200, 42);
        assertThat(c.size()).isEqualTo(200);
        assertThat(c.numImages()).isEqualTo(200);
        assertThat(c.features().shape()).containsExactly(200, 1, 28, 112);
        assertThat(c.captionLength()).isEqualTo(6);
        float[] px = c.features().toFloatArray();
        int[] lengths = new int[5];
        for (int n = 0; n < 200; n++) {
            int[] row = c.caption(n);
            List<String> words = c.words(n);
            int k = words.size();
            assertThat(k).isBetween(1, 4);
            lengths[k]++;
            assertThat(row[0]).isEqualTo(Vocabulary.START_ID);
            assertThat(row[k + 1]).isEqualTo(Vocabulary.END_ID);
            for (int t = k + 2; t < 6; t++) {
                assertThat(row[t]).isEqualTo(Vocabulary.NULL_ID);
            }
            List<String> expected = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                float first = px[n * 3136 + 28 * j];
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        assertThat(px[n * 3136 + y * 112 + 28 * j + x]).as("image %d digit %d (%d, %d)", n, j, y, x)
                                .isEqualTo(j < k ? first : 0f);
                    }
                }
                if (j < k) {
                    int sample = (int) first - 1; // pixel value = 1 + sample index
                    expected.add(MnistCaptions.DIGIT_WORDS.get(d.label(sample)));
                }
            }
            assertThat(words).isEqualTo(expected);
            assertThat(c.imageIdxs()[n]).isEqualTo(n);
        }
        assertThat(lengths[1]).isPositive();
        assertThat(lengths[2]).isPositive();
        assertThat(lengths[3]).isPositive();
        assertThat(lengths[4]).isPositive();
    }

    @Test
    void sameSeedSameExamplesAnotherSeedOthers() {
        Dataset d = digits(50, 1);
        CaptionData a = MnistCaptions.generate(d, 100, 7);
        CaptionData b = MnistCaptions.generate(d, 100, 7);
        CaptionData c = MnistCaptions.generate(d, 100, 8);
        assertThat(a.captions()).isDeepEqualTo(b.captions());
        assertThat(a.features().toFloatArray()).isEqualTo(b.features().toFloatArray());
        assertThat(a.features().toFloatArray()).isNotEqualTo(c.features().toFloatArray());
    }

    @Test
    void flattenedFeaturesAreTheSamePixels() {
        Dataset d = digits(12, 1);
        CaptionData images = MnistCaptions.generate(d, 10, 3);
        CaptionData flat = MnistCaptions.generate(d.flatten(), 10, 3, true);
        assertThat(flat.features().shape()).containsExactly(10, 3136);
        assertThat(flat.features().toFloatArray()).isEqualTo(images.features().toFloatArray());
        assertThat(flat.captions()).isDeepEqualTo(images.captions());
    }

    @Test
    void trainExamplesUseOnlyTrainingDigitsAndValOnlyTestDigits() {
        TrainTest mnist = new TrainTest(digits(40, 1), digits(20, 1001));
        CaptionData.Splits s = MnistCaptions.splits(mnist, 300, 100, 5, false);
        assertThat(s.train().size()).isEqualTo(300);
        assertThat(s.val().size()).isEqualTo(100);
        for (float v : s.train().features().toFloatArray()) {
            assertThat(v == 0 || (v >= 1 && v <= 40)).as("train pixel %s", v).isTrue();
        }
        for (float v : s.val().features().toFloatArray()) {
            assertThat(v == 0 || (v >= 1001 && v <= 1020)).as("val pixel %s", v).isTrue();
        }
        assertThat(MnistCaptions.splits(mnist, 300, 100, 5, false).train().captions())
                .isDeepEqualTo(s.train().captions());
    }

    @Test
    void batchesGatherOneFeatureRowPerCaption() {
        CaptionData c = MnistCaptions.generate(digits(10, 1), 20, 1, true);
        CaptionData.Batch b = c.batch(new int[] {3, 3, 17});
        assertThat(b.features().shape()).containsExactly(3, 3136);
        assertThat(b.captions()[2]).isEqualTo(c.caption(17));
        float[] all = c.features().toFloatArray();
        assertThat(b.features().slice(2, 3).toFloatArray()).isEqualTo(Arrays.copyOfRange(all, 17 * 3136, 18 * 3136));
        CaptionData.Batch r = c.sample(new Rng(9), 64);
        assertThat(r.captions()).hasNumberOfRows(64);
        for (int i = 0; i < 64; i++) {
            assertThat(r.captions()[i]).isEqualTo(c.caption(r.imageIdxs()[i]));
        }
        assertThat(c.subset(5, 8).size()).isEqualTo(3);
        assertThatThrownBy(() -> c.batch(new int[] {20})).hasMessageContaining("index 20")
                .hasMessageContaining("[0, 20)");
    }

    @Test
    void somethingThatIsNotMnistIsRefused() {
        Dataset small = new Dataset(new float[2 * 64], new int[] {1, 8, 8}, new int[] {0, 1}, 10);
        assertThatThrownBy(() -> MnistCaptions.generate(small, 5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("28 × 28 = 784");
    }

    @Test
    void isCheap() {
        Dataset d = digits(1000, 1);
        MnistCaptions.generate(d, 2_000, 1); // warm-up
        long t0 = System.nanoTime();
        CaptionData c = MnistCaptions.generate(d, 5_000, 2);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(c.size()).isEqualTo(5_000);
        assertThat(seconds).as("5 000 examples (63 MB of pixels)").isLessThan(2);
    }
}
