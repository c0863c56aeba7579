package io.dendrite.viz;

import java.awt.BasicStroke;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Training loss per iteration: the raw minibatch loss, light, and its EMA-smoothed curve on top. */
final class LossCurve {
    private LossCurve() {
    }

    static Figure figure(double[] lossPerIteration, double emaWeight, PlotSize size) {
        Checks.nonEmpty(lossPerIteration, "lossPerIteration");
        Checks.finite(lossPerIteration, "lossPerIteration");
        int n = lossPerIteration.length;
        double[] iterations = new double[n];
        for (int i = 0; i < n; i++) {
            iterations[i] = i + 1;
        }
        XYChart chart = new XYChart(size.width(), size.height());
        ChartStyle.apply(chart.getStyler());
        chart.setTitle("Training loss");
        chart.setXAxisTitle("iteration");
        chart.setYAxisTitle("loss");

        XYSeries raw = chart.addSeries("loss", iterations, lossPerIteration);
        raw.setMarker(n == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        raw.setLineColor(Palette.lighten(Palette.color(0), 0.55));
        raw.setMarkerColor(Palette.lighten(Palette.color(0), 0.55));
        raw.setLineStyle(new BasicStroke(1f));

        XYSeries smooth = chart.addSeries(String.format("EMA (weight %.2f)", emaWeight), iterations,
                Smoothing.ema(lossPerIteration, emaWeight));
        smooth.setMarker(SeriesMarkers.NONE);
        smooth.setLineColor(Palette.color(0));
        smooth.setLineStyle(new BasicStroke(2.5f));
        if (n > 1) {
            ChartStyle.roundXTicks(chart, 1.5, lossPerIteration[0]);
        }
        return Figure.of(chart);
    }
}
