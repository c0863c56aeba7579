package io.dendrite.viz;

import io.dendrite.train.ConfusionMatrix;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.Locale;

/**
 * A confusion matrix drawn as a heat map with the count written in each cell.
 *
 * <p>Drawn with Java2D rather than XChart's heat map because each cell's text must switch between
 * black and white with the cell's darkness to stay legible, and rows must read top to bottom in
 * label order. Cells are colored by the fraction of the actual class (the row) they hold, so a
 * rare class is as readable as a common one; the diagonal of a good classifier is dark.
 */
final class ConfusionMatrixFigure implements Figure {
    private static final int PAD = 12;
    private static final int TITLE_HEIGHT = 40;
    private static final int COLORBAR_WIDTH = 16;

    private final long[][] counts;
    private final String[] names;
    private final PlotSize size;
    private final String title;

    ConfusionMatrixFigure(long[][] counts, String[] names, PlotSize size) {
        this.counts = counts;
        this.names = names;
        this.size = size;
        long correct = 0;
        long total = 0;
        for (int a = 0; a < counts.length; a++) {
            for (int p = 0; p < counts.length; p++) {
                total += counts[a][p];
            }
            correct += counts[a][a];
        }
        this.title = total == 0 ? "Confusion matrix (no examples)"
                : String.format(Locale.ROOT, "Confusion matrix (accuracy %.2f%%, %d examples)",
                        100.0 * correct / total, total);
    }

    /** Validates {@code counts} (square, non-negative, one name per class) and builds the figure. */
    static ConfusionMatrixFigure of(int[][] counts, String[] classNames, PlotSize size) {
        Checks.notNull(counts, "counts");
        Checks.notNull(classNames, "classNames");
        int k = counts.length;
        if (k == 0) {
            throw new IllegalArgumentException("counts is empty: a confusion matrix needs at least one class");
        }
        if (classNames.length != k) {
            throw new IllegalArgumentException("counts is " + k + "x" + k + " but there are " + classNames.length
                    + " class names: give one name per class");
        }
        long[][] copy = new long[k][k];
        for (int a = 0; a < k; a++) {
            if (counts[a] == null || counts[a].length != k) {
                throw new IllegalArgumentException("counts must be square: row " + a + " has "
                        + (counts[a] == null ? "no" : counts[a].length) + " entries, expected " + k);
            }
            for (int p = 0; p < k; p++) {
                if (counts[a][p] < 0) {
                    throw new IllegalArgumentException("counts[" + a + "][" + p + "] is " + counts[a][p]
                            + ": counts cannot be negative");
                }
                copy[a][p] = counts[a][p];
            }
            if (classNames[a] == null) {
                throw new IllegalArgumentException("classNames[" + a + "] is null");
            }
        }
        return new ConfusionMatrixFigure(copy, classNames.clone(), size);
    }

    static ConfusionMatrixFigure of(ConfusionMatrix m, PlotSize size) {
        Checks.notNull(m, "confusion matrix");
        return new ConfusionMatrixFigure(m.counts(), m.classNames(), size);
    }

    @Override
    public int width() {
        return size.width();
    }

    @Override
    public int height() {
        return size.height();
    }

    @Override
    public void paint(Graphics2D g) {
        int k = counts.length;
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());

        g.setFont(ChartStyle.TITLE_FONT);
        g.setColor(Color.BLACK);
        FontMetrics tfm = g.getFontMetrics();
        g.drawString(title, (width() - tfm.stringWidth(title)) / 2, (TITLE_HEIGHT + tfm.getAscent()) / 2);

        Font labelFont = ChartStyle.LABEL_FONT;
        g.setFont(labelFont);
        FontMetrics fm = g.getFontMetrics();
        int labelWidth = 0;
        for (String n : names) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(n));
        }
        int axisTitle = fm.getHeight() + PAD;
        int legend = COLORBAR_WIDTH + fm.stringWidth("100%") + 3 * PAD;
        int left = PAD + axisTitle + labelWidth + PAD / 2;
        int availW = width() - left - legend - PAD;
        int top = TITLE_HEIGHT;
        // column labels run vertically when they do not fit side by side under the cells
        int cellGuess = Math.max(1, Math.min(availW, height() - top - PAD) / k);
        boolean vertical = labelWidth > cellGuess - 4;
        int bottomLabels = vertical ? labelWidth + PAD / 2 : fm.getHeight();
        int availH = height() - top - bottomLabels - axisTitle - PAD;
        int cell = Math.max(1, Math.min(availW, availH) / k);
        int gridW = cell * k;
        int x0 = left + (availW - gridW) / 2;
        int y0 = top + (availH - gridW) / 2;

        Font countFont = labelFont.deriveFont(Font.PLAIN, (float) Math.min(14, Math.max(6, cell * 0.32)));
        FontMetrics cfm = g.getFontMetrics(countFont);
        for (int a = 0; a < k; a++) {
            long support = 0;
            for (long v : counts[a]) {
                support += v;
            }
            for (int p = 0; p < k; p++) {
                double fraction = support == 0 ? 0 : (double) counts[a][p] / support;
                int x = x0 + p * cell;
                int y = y0 + a * cell;
                g.setColor(Palette.blues(fraction));
                g.fillRect(x, y, cell, cell);
                String text = Long.toString(counts[a][p]);
                if (cfm.stringWidth(text) <= cell - 2 && cfm.getAscent() <= cell - 2) {
                    g.setFont(countFont);
                    g.setColor(fraction > 0.5 ? Color.WHITE : Color.BLACK);
                    g.drawString(text, x + (cell - cfm.stringWidth(text)) / 2,
                            y + (cell + cfm.getAscent() - cfm.getDescent()) / 2);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x0, y0, gridW, gridW);

        g.setFont(labelFont);
        g.setColor(Color.BLACK);
        for (int i = 0; i < k; i++) {
            int c = i * cell + cell / 2;
            g.drawString(names[i], x0 - PAD / 2 - fm.stringWidth(names[i]), y0 + c + (fm.getAscent() - fm.getDescent()) / 2);
            if (vertical) {
                drawRotated(g, names[i], x0 + c + (fm.getAscent() - fm.getDescent()) / 2,
                        y0 + gridW + PAD / 2 + fm.stringWidth(names[i]));
            } else {
                g.drawString(names[i], x0 + c - fm.stringWidth(names[i]) / 2, y0 + gridW + fm.getAscent());
            }
        }
        String xTitle = "predicted class";
        g.drawString(xTitle, x0 + (gridW - fm.stringWidth(xTitle)) / 2, y0 + gridW + bottomLabels + fm.getAscent() + PAD / 2);
        String yTitle = "actual class";
        drawRotated(g, yTitle, PAD + fm.getAscent(), y0 + (gridW + fm.stringWidth(yTitle)) / 2);

        paintColorbar(g, fm, x0 + gridW + 2 * PAD, y0, gridW);
    }

    /** The legend: the color scale from 0 to 100 % of the actual class. */
    private void paintColorbar(Graphics2D g, FontMetrics fm, int x, int y, int h) {
        for (int i = 0; i < h; i++) {
            g.setColor(Palette.blues(1 - (double) i / Math.max(1, h - 1)));
            g.fillRect(x, y + i, COLORBAR_WIDTH, 1);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x, y, COLORBAR_WIDTH, h);
        g.setColor(Color.BLACK);
        String[] ticks = {"100%", "50%", "0%"};
        for (int t = 0; t < ticks.length; t++) {
            int ty = y + t * h / 2;
            g.drawLine(x + COLORBAR_WIDTH, ty, x + COLORBAR_WIDTH + 3, ty);
            g.drawString(ticks[t], x + COLORBAR_WIDTH + 5, ty + (fm.getAscent() - fm.getDescent()) / 2);
        }
        String caption = "share of actual class";
        drawRotated(g, caption, x - 4, y + (h + fm.stringWidth(caption)) / 2);
    }

    /** Draws text reading bottom to top with its baseline start at (x, y). */
    private static void drawRotated(Graphics2D g, String text, int x, int y) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0, 0);
        g.setTransform(saved);
    }
}
