package io.dendrite.data;

import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.SmallHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageFilesTest {
    @TempDir
    Path tmp;

    private Path png(BufferedImage img) throws IOException {
        Path f = tmp.resolve("img" + System.nanoTime() + ".png");
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    private static int gray(int v) {
        return 0xff000000 | v << 16 | v << 8 | v;
    }

    @Test
    void shrinkingAveragesTheAreaEachPixelCovers() throws IOException {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        int[][] v = {{0, 100, 200, 200}, {100, 200, 0, 0}, {10, 10, 50, 50}, {30, 30, 50, 50}};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, gray(v[y][x]));
            }
        }
        float[] out = ImageFiles.load(png(img), new int[]{1, 2, 2}, 1, false);
        assertThat(out[0]).isCloseTo(100f, within(1e-3f));
        assertThat(out[1]).isCloseTo(100f, within(1e-3f));
        assertThat(out[2]).isCloseTo(20f, within(1e-3f));
        assertThat(out[3]).isCloseTo(50f, within(1e-3f));
    }

    @Test
    void nonIntegerShrinkKeepsTheMeanAndGrowingKeepsAConstant() throws IOException {
        BufferedImage img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                img.setRGB(x, y, gray(x < 3 ? 0 : 140));
            }
        }
        float[] small = ImageFiles.load(png(img), new int[]{1, 3, 3}, 1, false);
        double mean = 0;
        for (float f : small) {
            mean += f / 9.0;
        }
        assertThat(mean).isCloseTo(140 * 4 / 7.0, within(1e-3));
        BufferedImage flat = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                flat.setRGB(x, y, gray(77));
            }
        }
        for (float f : ImageFiles.load(png(flat), new int[]{1, 28, 28}, 1, false)) {
            assertThat(f).isCloseTo(77f, within(1e-3f));
        }
    }

    @Test
    void grayscaleIsLuminanceRgbKeepsChannelsAndScaleAndInvertApply() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000);
        Path f = png(img);
        assertThat(ImageFiles.load(f, new int[]{1, 1, 1}, 1, false)[0]).isCloseTo(0.299f * 255, within(1e-3f));
        assertThat(ImageFiles.load(f, new int[]{3, 1, 1}, 1 / 255.0, false)).containsExactly(1f, 0f, 0f);
        assertThat(ImageFiles.load(f, new int[]{3, 1, 1}, 1 / 255.0, true)).containsExactly(0f, 1f, 1f);
    }

    @Test
    void transparentPixelsAreWhite() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00000000);
        assertThat(ImageFiles.load(png(img), new int[]{1, 1, 1}, 1, false)[0]).isCloseTo(255f, within(1e-3f));
    }

    @Test
    void parsesPixelScales() {
        assertThat(ImageFiles.parseScale("1/255")).isEqualTo(1 / 255.0);
        assertThat(ImageFiles.parseScale("none")).isEqualTo(1.0);
        assertThat(ImageFiles.parseScale(null)).isEqualTo(1.0);
        assertThat(ImageFiles.parseScale("0.5")).isEqualTo(0.5);
        assertThatThrownBy(() -> ImageFiles.parseScale("half")).hasMessageContaining("half");
    }

    @Test
    void refusesMissingFilesNonImagesAndBadShapesNamingThem() throws IOException {
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertThatThrownBy(() -> ImageFiles.load(text, new int[]{1, 2, 2}, 1, false))
                .isInstanceOf(IOException.class).hasMessageContaining(text.toString()).hasMessageContaining("not an image");
        Path missing = tmp.resolve("missing.png");
        assertThatThrownBy(() -> ImageFiles.load(missing, new int[]{1, 2, 2}, 1, false))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> ImageFiles.load(text, new int[]{2, 2, 2}, 1, false)).hasMessageContaining("(2, 2, 2)");
    }

    /** A PNG whose header declares 65535 × 65535 pixels (a few hundred bytes): refused from the header, never decoded. */
    @Test
    void anImageLargerThanTheHeapIsRefusedFromItsHeaderBeforeDecoding() throws Exception {
        Path f = tmp.resolve("huge.png");
        Files.write(f, pngHeader(65_535, 65_535));
        SmallHeap.run(64L << 20, () -> assertThatThrownBy(() -> ImageFiles.load(f, new int[]{1, 28, 28}, 1, false))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessageStartingWith(f + ": an image of 65535x65535 pixels (as its header declares) needs 64.0 GiB")
                .hasMessageEndingWith("or use a smaller image"));
    }

    /** PNG signature, an IHDR chunk (8-bit grey) declaring {@code w × h}, one IDAT of a few zero rows, IEND. */
    static byte[] pngHeader(int w, int h) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream d = new java.util.zip.DeflaterOutputStream(z)) {
            d.write(new byte[4 * (w + 1)]);
        }
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(t);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
