package io.dendrite.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Checks that a written file is a real PNG or SVG of the expected size. */
final class ImageAssertions {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageAssertions() {
    }

    static BufferedImage assertPng(Path file, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).as("size of %s", file).isGreaterThan(PNG_MAGIC.length);
        byte[] head = java.util.Arrays.copyOf(bytes, PNG_MAGIC.length);
        assertThat(head).as("PNG signature of %s", file).isEqualTo(PNG_MAGIC);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("ImageIO can read %s", file).isNotNull();
        assertThat(image.getWidth()).as("width of %s", file).isEqualTo(width);
        assertThat(image.getHeight()).as("height of %s", file).isEqualTo(height);
        return image;
    }

    static String assertSvg(Path file, int width, int height) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text.startsWith("<?xml") || text.contains("<svg")).as("%s is SVG", file).isTrue();
        assertThat(text).contains("<svg").contains("viewBox=\"0 0 " + width + " " + height + "\"");
        assertThat(text.stripTrailing()).endsWith("</svg>");
        return text;
    }

    /** Number of distinct colors: a blank (all-white) image has one. */
    static long distinctColors(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()))
                .distinct()
                .count();
    }
}
