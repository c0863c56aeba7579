package io.dendrite.viz;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Captioned images side by side with their captions, as cs231n's notebooks show sampled captions under the COCO
 * pictures: each image (enlarged {@value #SCALE}×, grey levels min-max scaled per image) with the predicted caption
 * beside it — green when it equals the true one, red otherwise — and the true caption under it. Up to
 * {@value #PER_COLUMN} samples in a column, then a second column and so on.
 */
public final class CaptionSamples implements Figure {
    /** Pixels per image pixel. */
    public static final int SCALE = 2;
    /** Samples stacked in one column. */
    public static final int PER_COLUMN = 8;
    private static final int TITLE_HEIGHT = 36;
    private static final int PADDING = 10;
    private static final int TEXT_WIDTH = 260;
    private static final int LINE = 18;
    private static final Color RIGHT = new Color(0x1b7a1b);
    private static final Color WRONG = new Color(0xb22222);

    /** One image, (1, H, W) or (H, W), with what the model said and what is true (null when unknown). */
    public record Sample(Tensor image, String predicted, String truth) {
    }

    private final String title;
    private final List<Sample> samples;
    private final BufferedImage[] images;
    private final int cellW;
    private final int cellH;
    private final int columns;

    private CaptionSamples(String title, List<Sample> samples, BufferedImage[] images) {
        this.title = title;
        this.samples = samples;
        this.images = images;
        int maxW = 0, maxH = 0;
        for (BufferedImage im : images) {
            maxW = Math.max(maxW, im.getWidth());
            maxH = Math.max(maxH, im.getHeight());
        }
        this.cellW = maxW + PADDING + TEXT_WIDTH + PADDING;
        this.cellH = Math.max(maxH, 2 * LINE) + PADDING;
        this.columns = (samples.size() + PER_COLUMN - 1) / PER_COLUMN;
    }

    /** The figure of {@code samples} (at least one) under {@code title}. */
    public static CaptionSamples of(String title, List<Sample> samples) {
        Headless.ensure();
        Checks.notNull(title, "title");
        Checks.nonEmpty(samples, "samples");
        BufferedImage[] images = new BufferedImage[samples.size()];
        for (int i = 0; i < images.length; i++) {
            Sample s = Checks.notNull(samples.get(i), "sample " + i);
            Checks.notNull(s.predicted(), "predicted caption of sample " + i);
            images[i] = grey(Checks.notNull(s.image(), "image of sample " + i));
        }
        return new CaptionSamples(title, List.copyOf(samples), images);
    }

    /** A grey image of (1, H, W) or (H, W) values, min-max scaled to 0–255 (a constant image is black), enlarged. */
    private static BufferedImage grey(Tensor image) {
        int[] s = image.shape();
        if (!(s.length == 2 || s.length == 3 && s[0] == 1)) {
            throw new IllegalArgumentException("caption samples show grey images (1, H, W) or (H, W), got "
                    + Shapes.format(s));
        }
        int h = s[s.length - 2], w = s[s.length - 1];
        double[] v = image.toDoubleArray();
        Checks.finite(v, "image");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        BufferedImage out = new BufferedImage(w * SCALE, h * SCALE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int level = hi > lo ? (int) Math.round(255 * (v[y * w + x] - lo) / (hi - lo)) : 0;
                int rgb = (level << 16) | (level << 8) | level;
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        out.setRGB(x * SCALE + dx, y * SCALE + dy, rgb);
                    }
                }
            }
        }
        return out;
    }

    /** Writes the figure as PNG or SVG (by the extension) and returns {@code out}. */
    public Path write(Path out) {
        Checks.notNull(out, "out");
        Format.of(out);
        return FigureWriter.write(this, out);
    }

    @Override
    public int width() {
        return Math.max(columns * cellW + PADDING, 320);
    }

    @Override
    public int height() {
        return TITLE_HEIGHT + Math.min(samples.size(), PER_COLUMN) * cellH + PADDING;
    }

    @Override
    public void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        g.setColor(Color.BLACK);
        g.setFont(ChartStyle.TITLE_FONT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (width() - fm.stringWidth(title)) / 2, (TITLE_HEIGHT + fm.getAscent()) / 2);
        g.setFont(ChartStyle.LABEL_FONT);
        fm = g.getFontMetrics();
        for (int i = 0; i < samples.size(); i++) {
            int x = PADDING + (i / PER_COLUMN) * cellW;
            int y = TITLE_HEIGHT + (i % PER_COLUMN) * cellH;
            g.drawImage(images[i], x, y, null);
            Sample s = samples.get(i);
            int tx = x + images[i].getWidth() + PADDING;
            boolean known = s.truth() != null;
            g.setColor(!known ? Color.BLACK : s.predicted().equals(s.truth()) ? RIGHT : WRONG);
            g.drawString(fit("predicted: " + s.predicted(), fm), tx, y + fm.getAscent());
            if (known) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(fit("true: " + s.truth(), fm), tx, y + LINE + fm.getAscent());
            }
        }
    }

    /** The text, cut with an ellipsis to the width of the text column. */
    private static String fit(String text, FontMetrics fm) {
        if (fm.stringWidth(text) <= TEXT_WIDTH) {
            return text;
        }
        String t = text;
        while (!t.isEmpty() && fm.stringWidth(t + "…") > TEXT_WIDTH) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
