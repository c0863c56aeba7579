package io.dendrite.viz;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.Styler;

/** The one look every XChart plot of Dendrite shares: white background, light grid, legend inside. */
final class ChartStyle {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ChartStyle() {
    }

    static void apply(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.GRAY);
        styler.setPlotGridLinesColor(new Color(0xe0e0e0));
        styler.setChartTitleFont(TITLE_FONT);
        styler.setChartTitleBoxVisible(false);
        styler.setAxisTitleFont(LABEL_FONT);
        styler.setAxisTickLabelsFont(LABEL_FONT.deriveFont(11f));
        styler.setLegendFont(LABEL_FONT);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setSeriesColors(Palette.colors());
        styler.setAntiAlias(true);
        styler.setToolTipsEnabled(false);
    }

    /**
     * Makes the x axis get evenly spaced, round tick labels.
     *
     * <p>XChart 3.8 puts x ticks on data points whenever all x values are equally spaced
     * (iterations, epochs, histogram edges), giving ticks like 1, 18, 35, … or 17-digit labels
     * (knowm/XChart issue #731). One invisible point at a slightly offset x breaks the equal
     * spacing, and XChart falls back to its normal "nice number" ticks.
     *
     * @param x a position inside the plotted x range
     * @param y a value inside the plotted y range
     */
    static void roundXTicks(XYChart chart, double x, double y) {
        XYSeries s = chart.addSeries(" ", new double[] {x, x + 1e-9 * Math.max(1, Math.abs(x))}, new double[] {y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setShowInLegend(false);
    }
}
