package io.dendrite.viz;

import java.awt.BasicStroke;
import java.util.Arrays;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Cross-validation accuracy against a hyperparameter, as cs231n's {@code knn.ipynb} draws it: every fold's
 * accuracy as a dot above its k ({@code plt.scatter}), and the mean over the folds as a line with error bars of
 * one standard deviation ({@code plt.errorbar}, population std as {@code np.std}).
 */
final class CrossValidationFigure {
    private CrossValidationFigure() {
    }

    /**
     * @param ks         the values tried, one per row of {@code accuracies}
     * @param accuracies {@code [k index][fold]}, the same number of folds for every k
     */
    static Figure of(int[] ks, double[][] accuracies, PlotSize size) {
        Checks.notNull(ks, "ks");
        Checks.notNull(accuracies, "accuracies");
        if (ks.length == 0) {
            throw new IllegalArgumentException("ks is empty: nothing to plot");
        }
        if (accuracies.length != ks.length) {
            throw new IllegalArgumentException("ks has " + ks.length + " values but accuracies has " + accuracies.length
                    + " rows: they must have one row per k");
        }
        int folds = accuracies[0].length;
        Integer[] order = new Integer[ks.length];
        for (int i = 0; i < ks.length; i++) {
            order[i] = i;
            Checks.nonEmpty(accuracies[i], "accuracies[" + i + "]");
            Checks.finite(accuracies[i], "accuracies[" + i + "]");
            if (accuracies[i].length != folds) {
                throw new IllegalArgumentException("accuracies[" + i + "] has " + accuracies[i].length + " folds but accuracies[0] has "
                        + folds + ": every k needs one accuracy per fold");
            }
        }
        Arrays.sort(order, (a, b) -> Integer.compare(ks[a], ks[b])); // the line goes left to right
        double[] kx = new double[ks.length], mean = new double[ks.length], std = new double[ks.length];
        double[] dotX = new double[ks.length * folds], dotY = new double[ks.length * folds];
        for (int r = 0; r < ks.length; r++) {
            double[] a = accuracies[order[r]];
            kx[r] = ks[order[r]];
            mean[r] = Arrays.stream(a).average().orElseThrow();
            double s = 0;
            for (int f = 0; f < folds; f++) {
                s += (a[f] - mean[r]) * (a[f] - mean[r]);
                dotX[r * folds + f] = kx[r];
                dotY[r * folds + f] = a[f];
            }
            std[r] = Math.sqrt(s / folds);
        }
        XYChart chart = new XYChart(size.width(), size.height());
        ChartStyle.apply(chart.getStyler());
        chart.setTitle("Cross-validation on k");
        chart.setXAxisTitle("k");
        chart.setYAxisTitle("cross-validation accuracy");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(7);
        // a margin on both axes: XChart clips markers that sit exactly on an automatic axis end
        double lo = kx[0], hi = kx[kx.length - 1], pad = Math.max(0.5, 0.05 * (hi - lo));
        chart.getStyler().setXAxisMin(lo - pad);
        chart.getStyler().setXAxisMax(hi + pad);
        double yLo = Double.POSITIVE_INFINITY, yHi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < kx.length; r++) {
            yLo = Math.min(yLo, mean[r] - std[r]);
            yHi = Math.max(yHi, mean[r] + std[r]);
        }
        for (double v : dotY) {
            yLo = Math.min(yLo, v);
            yHi = Math.max(yHi, v);
        }
        double yPad = Math.max(1e-3, 0.08 * (yHi - yLo));
        chart.getStyler().setYAxisMin(yLo - yPad);
        chart.getStyler().setYAxisMax(yHi + yPad);
        XYSeries dots = chart.addSeries("fold accuracy", dotX, dotY);
        dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        dots.setMarker(SeriesMarkers.CIRCLE);
        XYSeries line = chart.addSeries("mean ± std over " + folds + " folds", kx, mean, std);
        line.setMarker(SeriesMarkers.SQUARE);
        line.setLineStyle(new BasicStroke(2f));
        return Figure.of(chart);
    }
}
