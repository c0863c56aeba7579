package io.dendrite.viz;

import java.awt.BasicStroke;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of a GAN run: the discriminator's and the generator's loss per iteration (each raw and light under its
 * EMA, as {@link LossCurve} draws one loss), and the samples' quality per epoch in three panels (class coverage, mean
 * classifier confidence, Fréchet distance).
 */
final class GanCurves {
    private GanCurves() {
    }

    static Figure losses(double[] discriminator, double[] generator, double emaWeight, PlotSize size) {
        Checks.nonEmpty(discriminator, "discriminator");
        Checks.sameLength(discriminator, "discriminator", generator, "generator");
        Checks.finite(discriminator, "discriminator");
        Checks.finite(generator, "generator");
        int n = discriminator.length;
        double[] iterations = new double[n];
        for (int i = 0; i < n; i++) {
            iterations[i] = i + 1;
        }
        XYChart chart = new XYChart(size.width(), size.height());
        ChartStyle.apply(chart.getStyler());
        chart.setTitle("GAN losses");
        chart.setXAxisTitle("iteration");
        chart.setYAxisTitle("loss");
        series(chart, "D", iterations, discriminator, emaWeight, 0);
        series(chart, "G", iterations, generator, emaWeight, 1);
        if (n > 1) {
            ChartStyle.roundXTicks(chart, 1.5, discriminator[0]);
        }
        return Figure.of(chart);
    }

    private static void series(XYChart chart, String name, double[] x, double[] y, double emaWeight, int color) {
        XYSeries raw = chart.addSeries(name + " loss", x, y);
        raw.setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        raw.setLineColor(Palette.lighten(Palette.color(color), 0.6));
        raw.setMarkerColor(Palette.lighten(Palette.color(color), 0.6));
        raw.setLineStyle(new BasicStroke(1f));
        XYSeries smooth = chart.addSeries(String.format("%s EMA (weight %.2f)", name, emaWeight), x, Smoothing.ema(y, emaWeight));
        smooth.setMarker(SeriesMarkers.NONE);
        smooth.setLineColor(Palette.color(color));
        smooth.setLineStyle(new BasicStroke(2.5f));
    }

    static Figure quality(double[] coverage, double[] confidence, double[] frechetDistance, int classes, PlotSize size) {
        Checks.nonEmpty(coverage, "coverage");
        Checks.sameLength(coverage, "coverage", confidence, "confidence");
        Checks.sameLength(coverage, "coverage", frechetDistance, "frechetDistance");
        Checks.finite(coverage, "coverage");
        Checks.finite(confidence, "confidence");
        Checks.finite(frechetDistance, "frechetDistance");
        Checks.positive(classes, "classes");
        String[] titles = {"Class coverage", "Mean confidence", "Fréchet distance"};
        String[] yLabels = {"classes", "top-class probability", "distance (lower is better)"};
        double[][] values = {coverage, confidence, frechetDistance};
        double[][] range = {{0, classes}, {0, 1}, null};
        return new GridFigure("Sample quality per epoch", size, 3,
                (i, cell) -> panel(titles[i], yLabels[i], values[i], range[i], i, cell));
    }

    private static Figure panel(String title, String yLabel, double[] v, double[] range, int color, PlotSize cell) {
        double[] epochs = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            epochs[i] = i + 1;
        }
        XYChart chart = new XYChart(cell.width(), cell.height());
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setChartTitleFont(ChartStyle.LABEL_FONT.deriveFont(Font.BOLD, 13f));
        chart.getStyler().setLegendVisible(false);
        chart.setTitle(title);
        chart.setXAxisTitle("epoch");
        chart.setYAxisTitle(yLabel);
        if (range != null) {
            chart.getStyler().setYAxisMin(range[0]);
            chart.getStyler().setYAxisMax(range[1]);
        }
        XYSeries s = chart.addSeries(title, epochs, v);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(Palette.color(color));
        s.setMarkerColor(Palette.color(color));
        s.setLineStyle(new BasicStroke(2f));
        if (v.length > 20) {
            ChartStyle.roundXTicks(chart, 1.5, v[0]);
        }
        return Figure.of(chart);
    }
}
