package io.dendrite.viz;

import static io.dendrite.viz.ImageAssertions.assertPng;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionSamplesTest {
    @TempDir
    Path dir;

    private static Tensor strip(int lit) {
        Tensor t = Tensor.zeros(DType.F32, 1, 28, 112);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                t.set(1.0, 0, y, lit * 28 + x);
            }
        }
        return t;
    }

    @Test
    void drawsEveryImageEnlargedBesideItsCaptionsInColumnsOfEight() throws Exception {
        List<CaptionSamples.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(new CaptionSamples.Sample(strip(i % 4), "seven two", i % 2 == 0 ? "seven two" : "one"));
        }
        CaptionSamples fig = CaptionSamples.of("Sample captions", samples);
        Path png = fig.write(dir.resolve("captions.png"));
        BufferedImage image = assertPng(png, fig.width(), fig.height());
        assertThat(fig.height()).isLessThan(9 * 70 + 36);   // 8 rows, not 10: the last two start a second column
        assertThat(fig.width()).isGreaterThan(2 * 224);
        // the first image's lit slot 0 is white, its slot 1 black, at 2× scale (image drawn at x = 10, y = 36)
        assertThat(image.getRGB(10 + 20, 36 + 20) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(10 + 56 + 20, 36 + 20) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(CaptionSamples.of("one", List.of(new CaptionSamples.Sample(Tensor.zeros(DType.F32, 28, 28), "x", null)))
                .write(dir.resolve("one.svg"))).exists();
    }

    @Test
    void refusesWhatItCannotDraw() {
        assertThatThrownBy(() -> CaptionSamples.of("t", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaptionSamples.of("t", List.of(new CaptionSamples.Sample(
                Tensor.zeros(DType.F32, 3, 4, 4), "x", "y")))).hasMessageContaining("grey images (1, H, W) or (H, W), got (3, 4, 4)");
    }
}
