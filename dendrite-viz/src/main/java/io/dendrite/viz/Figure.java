package io.dendrite.viz;

import java.awt.Graphics2D;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Something that paints itself onto a {@link Graphics2D} of a fixed size: an XChart chart, a grid
 * of charts, or a picture drawn by hand. One abstraction lets {@link FigureWriter} produce PNG and
 * SVG from the same painting code.
 */
interface Figure {
    int width();

    int height();

    /** Paints the whole figure into the rectangle (0, 0, width, height) of {@code g}. */
    void paint(Graphics2D g);

    /** Wraps an XChart chart; its size is the size it was created with. */
    static Figure of(Chart<?, ?> chart) {
        return new Figure() {
            @Override
            public int width() {
                return chart.getWidth();
            }

            @Override
            public int height() {
                return chart.getHeight();
            }

            @Override
            public void paint(Graphics2D g) {
                chart.paint(g, chart.getWidth(), chart.getHeight());
            }
        };
    }
}
