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
 * The weights of a linear classifier seen as one image per class — cs231n assignment 1's "template" picture.
 *
 * <p>W is {@code (D, K)} with {@code D = C·H·W} (Dendrite's Linear layout, in × out): column k, read in the
 * samples' (C, H, W) order, is class k's template. Each template is rescaled on its own to 0–255 over all its
 * channels together (cs231n's notebook uses one minimum and maximum for all classes; per class shows every
 * template with full contrast), enlarged by nearest neighbour and shown in a grid under its class name: up to
 * five in a row (CIFAR-10's ten classes in two rows of five, as in the notebook). C is 1 (grey) or 3 (RGB).
 * A constant template becomes mid-grey.
 */
public final class ClassTemplates implements Figure {
    /** The side, in pixels, templates are enlarged to (approximately: a whole number of pixels per weight). */
    public static final int DEFAULT_SIDE = 112;
    private static final int TITLE_HEIGHT = 36;
    private static final int LABEL_HEIGHT = 20;
    private static final int PADDING = 10;

    private final String title;
    private final List<String> names;
    private final BufferedImage[] templates;
    private final int columns;
    private final int rows;
    private final int cellW;
    private final int cellH;

    private ClassTemplates(String title, List<String> names, BufferedImage[] templates) {
        this.title = title;
        this.names = names;
        this.templates = templates;
        int k = templates.length;
        this.columns = k <= 5 ? k : Math.max(5, (int) Math.ceil(Math.sqrt(k)));
        this.rows = (k + columns - 1) / columns;
        this.cellW = templates[0].getWidth() + PADDING;
        this.cellH = templates[0].getHeight() + LABEL_HEIGHT + PADDING;
    }

    /**
     * The template figure of a linear classifier's weights.
     *
     * @param w           weights (D, K), F32 or F64, D = product of {@code imageShape}
     * @param imageShape  the samples' shape (C, H, W) with C = 1 or 3
     * @param classNames  K names, or an empty list for "0", "1", …
     */
    public static ClassTemplates of(Tensor w, int[] imageShape, List<String> classNames) {
        Headless.ensure();
        Checks.notNull(w, "w");
        Checks.notNull(imageShape, "imageShape");
        Checks.notNull(classNames, "classNames");
        if (imageShape.length != 3 || (imageShape[0] != 1 && imageShape[0] != 3)) {
            throw new IllegalArgumentException("class templates need images of shape (1, H, W) or (3, H, W), got "
                    + Shapes.format(imageShape) + " — a model trained on features has no picture of its weights");
        }
        if (w.ndim() != 2 || w.shape(0) != Shapes.size(imageShape)) {
            throw new IllegalArgumentException("weights " + Shapes.format(w.shape()) + " do not fit images "
                    + Shapes.format(imageShape) + ": expected (" + Shapes.size(imageShape) + ", classes)");
        }
        int k = w.shape(1);
        if (!classNames.isEmpty() && classNames.size() != k) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + k + " classes");
        }
        double[] values = w.toDoubleArray();
        Checks.finite(values, "weights");
        int c = imageShape[0], h = imageShape[1], wd = imageShape[2];
        int scale = Math.max(1, Math.round((float) DEFAULT_SIDE / Math.max(h, wd)));
        BufferedImage[] images = new BufferedImage[k];
        List<String> names = classNames.isEmpty()
                ? java.util.stream.IntStream.range(0, k).mapToObj(Integer::toString).toList() : List.copyOf(classNames);
        for (int cls = 0; cls < k; cls++) {
            images[cls] = template(values, k, cls, c, h, wd, scale);
        }
        return new ClassTemplates("Learned weights of each class", names, images);
    }

    /** Class {@code cls}'s column, min-max scaled to 0–255 and enlarged {@code scale} times. */
    private static BufferedImage template(double[] w, int k, int cls, int c, int h, int wd, int scale) {
        double[] column = new double[c * h * wd];
        for (int i = 0; i < column.length; i++) {
            column[i] = w[i * k + cls];
        }
        double[] lohi = Pixels.range(column, 0, column.length);
        return Pixels.render(column, 0, c, h, wd, lohi[0], lohi[1], scale);
    }

    /** Writes the figure as PNG or SVG (by the extension) and returns {@code out}. */
    public Path write(Path out) {
        Checks.notNull(out, "out");
        Format.of(out);
        return FigureWriter.write(this, out);
    }

    /** The template of class {@code k} as drawn (enlarged, 0–255). */
    public BufferedImage template(int k) {
        return templates[k];
    }

    @Override
    public int width() {
        return Math.max(columns * cellW + PADDING, 240);
    }

    @Override
    public int height() {
        return TITLE_HEIGHT + rows * cellH + PADDING;
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
        int left = (width() - columns * cellW + PADDING) / 2;
        for (int i = 0; i < templates.length; i++) {
            int x = left + (i % columns) * cellW;
            int y = TITLE_HEIGHT + (i / columns) * cellH;
            String name = names.get(i);
            g.drawString(name, x + (templates[i].getWidth() - fm.stringWidth(name)) / 2, y + fm.getAscent());
            g.drawImage(templates[i], x, y + LABEL_HEIGHT, null);
        }
    }
}
