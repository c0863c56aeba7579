package io.dendrite.viz;

import io.dendrite.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;

/**
 * Writes a {@link Figure} as PNG or SVG, chosen by the file extension.
 *
 * <p>SVG goes through XChart's {@link VectorGraphicsEncoder}, which only ever calls
 * {@code chart.paint(g, width, height)}; a chart whose {@code paint} delegates to the figure
 * therefore turns any Java2D drawing (grids of charts, the hand-drawn confusion matrix) into SVG
 * without a second drawing backend.
 *
 * <p>Files are written through {@link AtomicFiles}: a reader never sees half an image.
 */
final class FigureWriter {
    private FigureWriter() {
    }

    static Path write(Figure figure, Path out) {
        Headless.ensure();
        Format format = Format.of(out);
        try {
            AtomicFiles.write(out, os -> {
                if (format == Format.PNG) {
                    writePng(render(figure), os);
                } else {
                    VectorGraphicsEncoder.saveVectorGraphic(new PaintingChart(figure), os, VectorGraphicsFormat.SVG);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + format + " image " + e.getMessage(), e);
        }
        return out;
    }

    /** Paints the figure on a white, antialiased RGB image of the figure's size. */
    static BufferedImage render(Figure figure) {
        Headless.ensure();
        BufferedImage image = new BufferedImage(figure.width(), figure.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, figure.width(), figure.height());
            figure.paint(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes a ready image as PNG (used where pixels are the point, e.g. filter grids). */
    static Path writePng(BufferedImage image, Path out) {
        Headless.ensure();
        if (Format.of(out) != Format.PNG) {
            throw new IllegalArgumentException("'" + out + "' must end in .png: this image is a bitmap");
        }
        try {
            AtomicFiles.write(out, os -> writePng(image, os));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write PNG image " + e.getMessage(), e);
        }
        return out;
    }

    private static void writePng(BufferedImage image, OutputStream os) throws IOException {
        if (!ImageIO.write(image, "png", os)) {
            throw new IllegalStateException("no PNG writer available in this JVM");
        }
    }

    /** An XChart chart in name only: painting it paints the figure. */
    private static final class PaintingChart extends XYChart {
        private final Figure figure;

        PaintingChart(Figure figure) {
            super(figure.width(), figure.height());
            this.figure = figure;
        }

        @Override
        public void paint(Graphics2D g, int width, int height) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            figure.paint(g);
        }
    }
}
