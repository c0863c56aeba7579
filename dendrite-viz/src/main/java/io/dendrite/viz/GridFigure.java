package io.dendrite.viz;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Several panels laid out in a grid under one title, filling a given size: how one image shows
 * a plot per layer. Panels are built for the cell size the layout leaves them.
 */
final class GridFigure implements Figure {
    /** Smallest panel that still fits a title, two axes and a legend. */
    static final int MIN_PANEL_WIDTH = 160;
    static final int MIN_PANEL_HEIGHT = 120;
    private static final int TITLE_HEIGHT = 36;

    private final String title;
    private final PlotSize size;
    private final List<Figure> panels;
    private final int columns;
    private final int rows;

    /**
     * @param panelCount how many panels
     * @param panel      builds panel {@code i} for a cell of the given size
     */
    GridFigure(String title, PlotSize size, int panelCount, BiFunction<Integer, PlotSize, Figure> panel) {
        this.title = title;
        this.size = size;
        this.columns = columnsFor(panelCount);
        this.rows = (panelCount + columns - 1) / columns;
        int cellW = size.width() / columns;
        int cellH = (size.height() - TITLE_HEIGHT) / rows;
        if (cellW < MIN_PANEL_WIDTH || cellH < MIN_PANEL_HEIGHT) {
            throw new IllegalArgumentException(panelCount + " panels in a " + columns + "x" + rows + " grid get "
                    + cellW + "x" + cellH + " pixels each in a " + size.width() + "x" + size.height()
                    + " image, less than the " + MIN_PANEL_WIDTH + "x" + MIN_PANEL_HEIGHT
                    + " a panel needs: use a larger size or fewer panels");
        }
        this.panels = new java.util.ArrayList<>();
        for (int i = 0; i < panelCount; i++) {
            panels.add(panel.apply(i, new PlotSize(Math.max(cellW, PlotSize.MIN), Math.max(cellH, PlotSize.MIN))));
        }
    }

    /** Up to three in a row, then a roughly square grid: 4 → 2×2, 5–6 → 3×2, 10 → 4×3. */
    static int columnsFor(int n) {
        return n <= 3 ? n : (int) Math.ceil(Math.sqrt(n));
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
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        g.setFont(ChartStyle.TITLE_FONT);
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (width() - fm.stringWidth(title)) / 2, (TITLE_HEIGHT + fm.getAscent()) / 2);
        int cellW = width() / columns;
        int cellH = (height() - TITLE_HEIGHT) / rows;
        for (int i = 0; i < panels.size(); i++) {
            Figure p = panels.get(i);
            Graphics2D cell = (Graphics2D) g.create(
                    (i % columns) * cellW, TITLE_HEIGHT + (i / columns) * cellH, p.width(), p.height());
            try {
                p.paint(cell);
            } finally {
                cell.dispose();
            }
        }
    }
}
