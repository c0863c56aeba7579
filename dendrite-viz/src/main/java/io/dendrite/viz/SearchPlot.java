package io.dendrite.viz;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The picture of a random hyperparameter search (the book's section 6.5.3): validation accuracy of each trial
 * against its learning rate on a log axis, with the trials split by regularization strength (below and above
 * the median) so that both hyperparameters show. The format follows the extension (.png or .svg).
 */
public final class SearchPlot {
    private SearchPlot() {
    }

    /**
     * @param lr     each trial's learning rate (positive)
     * @param reg    each trial's regularization strength, or null to plot learning rate only
     * @param valAcc each trial's validation accuracy
     */
    public static Path write(double[] lr, double[] reg, double[] valAcc, PlotSize size, Path out) {
        Checks.nonEmpty(lr, "lr");
        Checks.sameLength(lr, "lr", valAcc, "valAcc");
        Checks.finite(valAcc, "valAcc");
        for (int i = 0; i < lr.length; i++) {
            if (!(lr[i] > 0)) {
                throw new IllegalArgumentException("lr[" + i + "] = " + lr[i] + ": a log axis needs positive learning rates");
            }
        }
        Checks.notNull(out, "out");
        Format.of(out);
        Headless.ensure();
        XYChart chart = new XYChart(size.width(), size.height());
        ChartStyle.apply(chart.getStyler());
        chart.setTitle("Random search: validation accuracy per trial");
        chart.setXAxisTitle("learning rate (log scale)");
        chart.setYAxisTitle("validation accuracy");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(10);
        // explicit bounds with a margin: XChart clips markers that sit exactly on an automatic axis end
        double lo = java.util.Arrays.stream(lr).min().getAsDouble(), hi = java.util.Arrays.stream(lr).max().getAsDouble();
        chart.getStyler().setXAxisMin(lo / 2);
        chart.getStyler().setXAxisMax(hi * 2);
        boolean fractions = java.util.Arrays.stream(valAcc).allMatch(v -> v >= 0 && v <= 1);
        if (fractions) {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(1.0);
        }
        if (reg == null) {
            chart.addSeries("trials", lr, valAcc).setMarker(SeriesMarkers.CIRCLE);
        } else {
            Checks.sameLength(lr, "lr", reg, "reg");
            double[] sorted = reg.clone();
            java.util.Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            addGroup(chart, lr, reg, valAcc, v -> v < median, SeriesMarkers.CIRCLE, String.format(Locale.ROOT, "reg < %.2g", median));
            addGroup(chart, lr, reg, valAcc, v -> v >= median, SeriesMarkers.DIAMOND, String.format(Locale.ROOT, "reg ≥ %.2g", median));
        }
        return FigureWriter.write(Figure.of(chart), out);
    }

    /** {@link #write(double[], double[], double[], PlotSize, Path)} at the default size. */
    public static Path write(double[] lr, double[] reg, double[] valAcc, Path out) {
        Headless.ensure();
        return write(lr, reg, valAcc, PlotSize.DEFAULT, out);
    }

    private static void addGroup(XYChart chart, double[] lr, double[] reg, double[] acc,
                                 java.util.function.DoublePredicate in,
                                 org.knowm.xchart.style.markers.Marker marker, String name) {
        int n = 0;
        for (double r : reg) {
            n += in.test(r) ? 1 : 0;
        }
        if (n == 0) {
            return;
        }
        double[] xs = new double[n], ys = new double[n];
        int k = 0;
        for (int i = 0; i < lr.length; i++) {
            if (in.test(reg[i])) {
                xs[k] = lr[i];
                ys[k++] = acc[i];
            }
        }
        chart.addSeries(name, xs, ys).setMarker(marker);
    }
}
