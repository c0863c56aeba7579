package io.dendrite.viz;

import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageGridTest {
    private static int grey(BufferedImage im, int x, int y) {
        return im.getRGB(x, y) & 0xFF;
    }

    @Test
    void tilesMapTheirValuesAsTheySay() {
        Tensor v = Tensor.of(new double[]{-0.5, 0, 0.5, 2}, 1, 2, 2);          // (C, H, W) = (1, 2, 2)
        BufferedImage image = ImageGrid.Tile.image(v).render(1);
        assertThat(new int[]{grey(image, 0, 0), grey(image, 1, 0), grey(image, 0, 1), grey(image, 1, 1)})
                .containsExactly(0, 0, 128, 255);                               // [0, 1], clipped
        BufferedImage scaled = ImageGrid.Tile.scaled(v).render(2);
        assertThat(scaled.getWidth()).isEqualTo(4);
        assertThat(grey(scaled, 0, 0)).isZero();                                 // the minimum
        assertThat(grey(scaled, 3, 3)).isEqualTo(255);                           // the maximum
        BufferedImage signed = ImageGrid.Tile.signed(v).render(1);
        assertThat(grey(signed, 1, 0)).isEqualTo(128);                           // 0 is mid-grey
        assertThat(grey(signed, 1, 1)).isEqualTo(255);                           // +max|v|
        assertThat(grey(signed, 0, 0)).isEqualTo(96);                            // −0.5 of ±2: 255·1.5/4
        BufferedImage heat = ImageGrid.Tile.heat(Tensor.of(new double[]{0, 1, 2, 3}, 2, 2)).render(1);
        assertThat(heat.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);           // 0 is black
        assertThat(heat.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFF0000);           // a third is red
        assertThat(heat.getRGB(0, 1) & 0xFFFFFF).isEqualTo(0xFFFF00);           // two thirds yellow
        assertThat(heat.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);           // the maximum white
        BufferedImage rgb = ImageGrid.Tile.image(Tensor.of(new double[]{1, 0, 1}, 1, 3, 1, 1)).render(1);
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF00FF);
    }

    @Test
    void aGridHasATitleHeadersLabelsAndCaptions(@TempDir Path dir) throws IOException {
        Tensor img = Tensor.linspace(0, 1, 28 * 28).reshape(1, 28, 28);
        ImageGrid grid = ImageGrid.builder("Saliency maps").columns("image", "saliency", "difference")
                .row("7 (pred 7)", ImageGrid.Tile.image(img), ImageGrid.Tile.heat(img.reshape(28, 28)),
                        ImageGrid.Tile.signed(img.sub(0.5)).caption("×2"))
                .row("2 (pred 3)", ImageGrid.Tile.image(img), null, ImageGrid.Tile.scaled(img))
                .build();
        BufferedImage written = ImageAssertions.assertPng(grid.write(dir.resolve("grid.png")), grid.width(), grid.height());
        assertThat(grid.height()).isEqualTo(36 + 20 + 2 * (112 + 18 + 10) + 10);   // 28 px × 4 = 112
        assertThat(ImageAssertions.distinctColors(written)).isGreaterThan(100);
        ImageGrid bare = ImageGrid.builder("x").row("", ImageGrid.Tile.image(img), ImageGrid.Tile.image(img)).build();
        assertThat(bare.width()).isEqualTo(2 * (112 + 10) + 10);
        assertThat(bare.height()).isEqualTo(36 + 112 + 10 + 10);
    }

    @Test
    void writeImageWritesThePicturePixelForPixel(@TempDir Path dir) throws IOException {
        Tensor rgb = Tensor.of(new double[]{0, 1, 0.5, 0, 0, 0, 1, 0.2, 0, 0, 0, 0}, 1, 3, 2, 2);
        BufferedImage back = ImageIO.read(ImageGrid.writeImage(rgb, dir.resolve("one.png")).toFile());
        assertThat(back.getWidth()).isEqualTo(2);
        assertThat(back.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(back.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(back.getRGB(0, 1) & 0xFFFFFF).isEqualTo(0x80FF00);
        assertThat(back.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x003300);
    }

    @Test
    void badShapesAreRefusedNamingThem() {
        assertThatThrownBy(() -> ImageGrid.Tile.image(Tensor.zeros(io.dendrite.tensor.DType.F64, 2, 4, 4)))
                .hasMessageContaining("(2, 4, 4)").hasMessageContaining("C = 1 or 3");
        assertThatThrownBy(() -> ImageGrid.Tile.heat(Tensor.zeros(io.dendrite.tensor.DType.F64, 3, 4, 4)))
                .hasMessageContaining("(3, 4, 4)");
        assertThatThrownBy(() -> ImageGrid.builder("empty").build()).hasMessageContaining("no rows");
        assertThatThrownBy(() -> ImageGrid.Tile.image(Tensor.of(new double[]{Double.NaN}, 1, 1, 1)))
                .hasMessageContaining("NaN");
    }
}
