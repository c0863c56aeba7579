package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Reads the real MNIST and Fashion-MNIST from the cache ({@code $DENDRITE_DATA} or
 * {@code ~/.cache/dendrite/}) when they are there; skipped, with a message, when they are not.
 * Fetch them with {@code ./dendrite fetch mnist} (or {@code Datasets.fetch("mnist")}).
 */
class MnistIntegrationTest {
    private static Path cached(String name) {
        Fetcher f = Fetcher.standard();
        if (!f.isCached(name)) {
            String why = "MnistIntegrationTest: " + name + " is not in the cache " + f.cache().root()
                    + " — skipped; run `./dendrite fetch " + name + "` to enable this test";
            System.err.println(why); // surefire prints no assumption messages on the console
            assumeTrue(false, why);
        }
        return f.cache().folder(name);
    }

    @Test
    void mnistSizesLabelHistogramAndPixelMean() throws IOException {
        TrainTest tt = Mnist.load(cached("mnist"));
        assertThat(tt.train().size()).isEqualTo(60_000);
        assertThat(tt.test().size()).isEqualTo(10_000);
        assertThat(tt.train().sampleShape()).containsExactly(1, 28, 28);
        assertThat(tt.train().classCounts())
                .containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
        assertThat(tt.test().classCounts()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(tt.train().labels()).startsWith(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        assertThat(tt.train().mean()).isCloseTo(0.13066, within(1e-4)); // the well-known 0.1307
        assertThat(tt.test().mean()).isCloseTo(0.13251, within(1e-4));
    }

    @Test
    void fashionMnistSizesLabelHistogramAndPixelMean() throws IOException {
        TrainTest tt = FashionMnist.load(cached("fashion-mnist"));
        assertThat(tt.train().size()).isEqualTo(60_000);
        assertThat(tt.test().size()).isEqualTo(10_000);
        assertThat(tt.train().classCounts()).containsOnly(6000);
        assertThat(tt.test().classCounts()).containsOnly(1000);
        assertThat(tt.train().labels()).startsWith(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
        assertThat(tt.train().mean()).isCloseTo(0.28604, within(1e-4)); // the well-known 0.2860
    }
}
