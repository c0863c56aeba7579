package io.dendrite.train;

import io.dendrite.data.Dataset;
import io.dendrite.data.text.CaptionData;
import io.dendrite.data.text.MnistCaptions;
import io.dendrite.model.SlotEncoder;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The digit classifier behind the slot encoder learns, reproducibly, and its features tell digits and blanks apart. */
class SlotEncodersTest {
    /** n digits of 28×28 where class c lights rows 2c … 2c+3, with a little texture, flat (784,) as MNIST loads them flat. */
    static Dataset patterned(int n, int offset) {
        float[] px = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i + offset) % 10;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean on = r / 2 >= labels[i] && r / 2 < labels[i] + 2;
                    px[i * 784 + r * 28 + c] = on ? 0.8f + ((i + c) % 5) * 0.04f : ((i * 7 + r + c) % 20) / 100f;
                }
            }
        }
        return new Dataset(px, new int[]{784}, labels, 10);
    }

    @Test
    void learnsTheDigitsReproduciblyAndEncodesEverySlot() {
        SlotEncoders.Trained a = SlotEncoders.train(patterned(300, 0), patterned(100, 3), 2, 17, List.of());
        SlotEncoders.Trained b = SlotEncoders.train(patterned(300, 0), patterned(100, 3), 2, 17, List.of());
        assertThat(a.heldOutAccuracy()).isGreaterThan(0.9);
        assertThat(a.history().epochs()).isEqualTo(2);
        SlotEncoder encoder = a.encoder();
        assertThat(encoder.featuresPerSlot()).isEqualTo(SlotEncoders.HIDDEN);
        CaptionData data = MnistCaptions.generate(patterned(50, 0), 8, 4);
        Tensor f = encoder.encode(data.features());
        assertThat(f.shape()).containsExactly(8, 4 * SlotEncoders.HIDDEN);
        assertThat(f.toDoubleArray()).containsExactly(b.encoder().encode(data.features()).toDoubleArray());
        // an image with one digit: slots 1–3 are blank and encode alike, slot 0 differs from them
        int single = 0;
        for (int n = 0; n < 8; n++) {
            if (data.caption(n)[2] == 2) {   // <START> digit <END>
                single++;
                double[] row = f.slice(n, n + 1).toDoubleArray();
                int h = SlotEncoders.HIDDEN;
                double diff01 = 0, diff12 = 0;
                for (int k = 0; k < h; k++) {
                    diff01 += Math.abs(row[k] - row[h + k]);
                    diff12 += Math.abs(row[h + k] - row[2 * h + k]);
                }
                assertThat(diff12).isZero();
                assertThat(diff01).isPositive();
            }
        }
        assertThat(single).as("images of one digit among the 8").isPositive();
    }
}
