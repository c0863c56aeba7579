package io.dendrite.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One histogram of activation values per layer, side by side, as in the book's section 6.2
 * weight-initialization experiment. All panels share one x range, so saturation (mass piling up
 * at 0 and 1 of a sigmoid) and collapse (everything near one value) compare across layers.
 */
final class ActivationHistograms {
    private ActivationHistograms() {
    }

    static Figure figure(Map<String, double[]> activationsByLayer, int bins, PlotSize size) {
        Checks.nonEmpty(activationsByLayer, "activationsByLayer");
        Checks.positive(bins, "bins");
        List<String> names = new ArrayList<>(activationsByLayer.keySet());
        List<double[]> values = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String name : names) {
            double[] v = activationsByLayer.get(name);
            if (name == null) {
                throw new IllegalArgumentException("activationsByLayer has a null layer name");
            }
            if (v == null || v.length == 0) {
                throw new IllegalArgumentException("activations of layer '" + name + "' are empty: nothing to plot");
            }
            Checks.finite(v, "activations of layer '" + name + "'");
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            values.add(v);
        }
        if (lo == hi) {
            lo -= 0.5; // every activation equal (dead layer): still draw one visible bar
            hi += 0.5;
        }
        double step = Math.pow(10, Math.floor(Math.log10(hi - lo))) / 10;
        double xMin = Math.floor(lo / step) * step; // round outward so the axis starts and ends on round numbers
        double xMax = Math.ceil(hi / step) * step;
        return new GridFigure("Activation distribution per layer", size, names.size(),
                (i, cell) -> panel(names.get(i), values.get(i), xMin, xMax, bins, cell));
    }

    private static Figure panel(String name, double[] v, double lo, double hi, int bins, PlotSize cell) {
        Histogram h = Histogram.of(v, lo, hi, bins);
        double[][] outline = h.outline();
        XYChart chart = new XYChart(cell.width(), cell.height());
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setChartTitleFont(ChartStyle.LABEL_FONT.deriveFont(java.awt.Font.BOLD, 13f));
        chart.getStyler().setLegendFont(ChartStyle.LABEL_FONT.deriveFont(10f));
        chart.getStyler().setAxisTickLabelsFont(ChartStyle.LABEL_FONT.deriveFont(10f));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisMin(lo);
        chart.getStyler().setXAxisMax(hi);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.setTitle(name);
        chart.setXAxisTitle("activation");
        chart.setYAxisTitle("count");
        long most = 1;
        for (long c : h.counts()) {
            most = Math.max(most, c);
        }
        chart.getStyler().setYAxisMax(most * 1.3); // headroom for the legend above the tallest bar
        XYSeries s = chart.addSeries(summary(v), outline[0], outline[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Palette.color(0));
        s.setFillColor(Palette.lighten(Palette.color(0), 0.4));
        ChartStyle.roundXTicks(chart, (lo + hi) / 2, 0);
        return Figure.of(chart);
    }

    /** Legend text: size, mean and standard deviation, the numbers the book's experiment is about. */
    static String summary(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(var / v.length);
        return String.format("n=%d, mean %.3g, std %.3g", v.length, mean, std);
    }
}
