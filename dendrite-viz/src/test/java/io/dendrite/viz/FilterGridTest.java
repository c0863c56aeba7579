package io.dendrite.viz;

import static io.dendrite.viz.ImageAssertions.assertPng;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterGridTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "({0}, {1}, {2}, {3}) at scale {4}, padding {5} -> {6}x{7}")
    @CsvSource({
        // F, C, HH, WW, scale, pad, width, height: ceil(sqrt(F)) columns, ceil(F/cols) rows
        "10, 3, 5, 5, 4, 2, 90, 68",    // 4 cols x 3 rows: 4*20 + 5*2, 3*20 + 4*2
        "1, 1, 7, 3, 1, 0, 3, 7",
        "30, 1, 5, 5, 8, 2, 254, 212",  // the book's 30 filters: 6x5 grid: 6*40 + 7*2, 5*40 + 6*2
        "16, 3, 3, 3, 10, 1, 125, 125",
    })
    void imageSizeFollowsTheGridLayout(int f, int c, int hh, int ww, int scale, int pad, int width, int height)
            throws Exception {
        Tensor w = Tensor.randn(new Rng(7), DType.F32, f, c, hh, ww);
        BufferedImage image = FilterGrid.render(w, scale, pad);
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        Path out = FilterGrid.write(w, scale, pad, dir.resolve("filters.png"));
        assertPng(out, width, height);
    }

    @Test
    void eachFilterIsMinMaxNormalizedAndScaledByNearestNeighbour() {
        // two 1x2 grayscale filters with very different ranges: both span black to white
        double[] weights = {-3, 5, 0.001, 0.002};
        BufferedImage image = FilterGrid.render(weights, new int[] {2, 1, 1, 2}, 3, 1);
        // grid 2 columns x 1 row: width 2*6 + 3, height 3 + 2
        assertThat(image.getWidth()).isEqualTo(15);
        assertThat(image.getHeight()).isEqualTo(5);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).as("padding is white").isEqualTo(0xFFFFFF);
        for (int filter = 0; filter < 2; filter++) {
            int x0 = 1 + filter * 7;
            for (int dy = 0; dy < 3; dy++) {
                for (int dx = 0; dx < 3; dx++) {
                    assertThat(image.getRGB(x0 + dx, 1 + dy) & 0xFFFFFF).as("filter %d minimum", filter).isEqualTo(0x000000);
                    assertThat(image.getRGB(x0 + 3 + dx, 1 + dy) & 0xFFFFFF).as("filter %d maximum", filter).isEqualTo(0xFFFFFF);
                }
            }
        }
    }

    @Test
    void rgbChannelsAreNormalizedTogether() {
        // one 1x1 RGB filter: r = min, g = mid, b = max
        BufferedImage image = FilterGrid.render(new double[] {0, 1, 2}, new int[] {1, 3, 1, 1}, 1, 0);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x0080FF);
    }

    @Test
    void aConstantFilterIsMidGray() {
        BufferedImage image = FilterGrid.render(new double[] {4, 4, 4, 4}, new int[] {1, 1, 2, 2}, 1, 0);
        assertThat(image.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x808080);
    }

    @Test
    void plotsFacadeWritesTheGrid() throws Exception {
        Tensor w = Tensor.randn(new Rng(1), DType.F64, 4, 1, 5, 5);
        Path out = Plots.defaults().filterGrid(w, 2, dir.resolve("f.png"));
        // 2x2 grid: 2*10 + 3*2
        assertPng(out, 26, 26);
    }

    @Test
    void badShapesAndOptionsAreRejected() {
        assertThatThrownBy(() -> FilterGrid.render(Tensor.zeros(DType.F32, 4, 2, 3, 3), 1, 0))
                .hasMessageContaining("C = 2").hasMessageContaining("1 (grayscale) or 3 (RGB)");
        assertThatThrownBy(() -> FilterGrid.render(Tensor.zeros(DType.F32, 4, 9), 1, 0))
                .hasMessageContaining("(F, C, HH, WW)").hasMessageContaining("[4, 9]");
        assertThatThrownBy(() -> FilterGrid.render(new double[5], new int[] {1, 1, 2, 2}, 1, 0))
                .hasMessageContaining("holds 4 values but the array has 5");
        assertThatThrownBy(() -> FilterGrid.render(new double[4], new int[] {1, 1, 2, 2}, 0, 0))
                .hasMessageContaining("scale must be in [1, 64]");
        assertThatThrownBy(() -> FilterGrid.render(new double[] {0, Double.NaN, 0, 0}, new int[] {1, 1, 2, 2}, 1, 0))
                .hasMessageContaining("filter weights[1] is NaN");
        assertThatThrownBy(() -> FilterGrid.write(new double[4], new int[] {1, 1, 2, 2}, dir.resolve("f.svg")))
                .hasMessageContaining("must end in .png");
    }
}
