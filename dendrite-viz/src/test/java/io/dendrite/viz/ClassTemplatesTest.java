package io.dendrite.viz;

import static io.dendrite.viz.ImageAssertions.assertPng;
import static io.dendrite.viz.ImageAssertions.assertSvg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void eachColumnBecomesItsOwnMinMaxScaledImage() {
        // W (4, 2) for 1×2×2 images: class 0 ramps 0..3 in reading order, class 1 is constant
        double[] w = {0, 7, 1, 7, 2, 7, 3, 7};
        ClassTemplates t = ClassTemplates.of(Tensor.of(w, 4, 2), new int[]{1, 2, 2}, List.of("up", "flat"));
        BufferedImage zero = t.template(0);
        int scale = zero.getWidth() / 2;
        assertThat(scale).isEqualTo(56);                         // 112 / 2 pixels per weight
        assertThat(zero.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);                  // value 0 → black
        assertThat(zero.getRGB(scale, 0) & 0xFF).isEqualTo(85);                       // value 1 → 255/3
        assertThat(zero.getRGB(0, scale) & 0xFF).isEqualTo(170);                      // value 2 (row 1, col 0)
        assertThat(zero.getRGB(scale, scale) & 0xFFFFFF).isEqualTo(0xFFFFFF);         // value 3 → white
        assertThat(t.template(1).getRGB(3, 3) & 0xFFFFFF).isEqualTo(0x808080);       // constant → mid-grey
    }

    @Test
    void rgbTemplatesKeepChannelsApartAndTenClassesMakeTwoRowsOfFive() throws Exception {
        Tensor w = Tensor.randn(new Rng(1), DType.F32, 3 * 32 * 32, 10);
        List<String> names = List.of("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
        ClassTemplates t = ClassTemplates.of(w, new int[]{3, 32, 32}, names);
        assertThat(t.template(0).getWidth()).isEqualTo(128);     // 112 / 32 = 3.5 → 4 pixels per weight
        int width = 5 * (128 + 10) + 10, height = 36 + 2 * (128 + 20 + 10) + 10;
        assertThat(t.width()).isEqualTo(width);
        assertThat(t.height()).isEqualTo(height);
        BufferedImage png = assertPng(t.write(dir.resolve("templates.png")), width, height);
        assertThat(ImageAssertions.distinctColors(png)).isGreaterThan(100);
        assertThat(assertSvg(t.write(dir.resolve("templates.svg")), width, height)).contains("truck");
        Plots.defaults().classTemplates(w, new int[]{3, 32, 32}, List.of(), dir.resolve("plain.png"));
        assertPng(dir.resolve("plain.png"), width, height);
    }

    @Test
    void shapesThatAreNotImagesAreRefused() {
        Tensor w = Tensor.zeros(DType.F32, 144, 10);
        assertThatThrownBy(() -> ClassTemplates.of(w, new int[]{144}, List.of()))
                .hasMessageContaining("(1, H, W) or (3, H, W)").hasMessageContaining("features");
        assertThatThrownBy(() -> ClassTemplates.of(w, new int[]{1, 28, 28}, List.of()))
                .hasMessageContaining("(144, 10)").hasMessageContaining("(784, classes)");
        assertThatThrownBy(() -> ClassTemplates.of(w, new int[]{1, 12, 12}, List.of("a", "b")))
                .hasMessageContaining("2 class names for 10 classes");
    }
}
