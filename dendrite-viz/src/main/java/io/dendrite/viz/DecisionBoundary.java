package io.dendrite.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The class regions of a 2-D classifier with the data drawn on top, as cs231n's spiral example
 * shows them. The classifier is evaluated at the centre of each cell of a
 * {@code resolution × resolution} grid spanning the data plus a 10 % margin; each cell is filled
 * with a light version of its class color, and the points in the full color.
 */
final class DecisionBoundary {
    /** Upper bound on the grid resolution: 1000² predictions is already a heavy forward pass. */
    static final int MAX_RESOLUTION = 1000;
    private static final double MARGIN = 0.1;

    private DecisionBoundary() {
    }

    static Figure figure(Classifier2d classifier, double[][] x, int[] y, int resolution, PlotSize size) {
        Checks.notNull(classifier, "classifier");
        validate(x, y);
        if (resolution < 2 || resolution > MAX_RESOLUTION) {
            throw new IllegalArgumentException("grid resolution must be in [2, " + MAX_RESOLUTION + "], got " + resolution);
        }
        double[] xs = OptimizerPaths.column(x, 0);
        double[] ys = OptimizerPaths.column(x, 1);
        double[] xr = paddedRange(xs);
        double[] yr = paddedRange(ys);
        double[] xEdges = Contours.evenlySpaced(xr[0], xr[1], resolution + 1);
        double[] yEdges = Contours.evenlySpaced(yr[0], yr[1], resolution + 1);

        double[][] centres = new double[resolution * resolution][];
        for (int j = 0; j < resolution; j++) {
            for (int i = 0; i < resolution; i++) {
                centres[j * resolution + i] = new double[] {
                    (xEdges[i] + xEdges[i + 1]) / 2, (yEdges[j] + yEdges[j + 1]) / 2};
            }
        }
        int[] predicted = classifier.predict(centres);
        if (predicted == null || predicted.length != centres.length) {
            throw new IllegalArgumentException("classifier returned " + (predicted == null ? "null" : predicted.length + " labels")
                    + " for " + centres.length + " grid points: predict must return one label per point");
        }
        int classes = 0;
        for (int label : y) {
            classes = Math.max(classes, label + 1);
        }
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] < 0) {
                throw new IllegalArgumentException("classifier predicted label " + predicted[i] + " for grid point ("
                        + centres[i][0] + ", " + centres[i][1] + "); labels must be non-negative");
            }
            classes = Math.max(classes, predicted[i] + 1);
        }

        RegionChart chart = new RegionChart(size, xEdges, yEdges, predicted, resolution);
        ChartStyle.apply(chart.getStyler());
        chart.setTitle("Decision boundary");
        chart.setXAxisTitle("x1");
        chart.setYAxisTitle("x2");
        chart.getStyler().setXAxisMin(xr[0]);
        chart.getStyler().setXAxisMax(xr[1]);
        chart.getStyler().setYAxisMin(yr[0]);
        chart.getStyler().setYAxisMax(yr[1]);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setPlotMargin(0);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        for (int c = 0; c < classes; c++) {
            int n = 0;
            for (int label : y) {
                n += label == c ? 1 : 0;
            }
            double[] px = new double[n];
            double[] py = new double[n];
            int k = 0;
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    px[k] = xs[i];
                    py[k++] = ys[i];
                }
            }
            if (n == 0) {
                continue; // a class only the classifier predicts: its region shows, it has no points
            }
            XYSeries s = chart.addSeries("class " + c, px, py);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Palette.color(c));
        }
        return Figure.of(chart);
    }

    private static void validate(double[][] x, int[] y) {
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        if (x.length == 0) {
            throw new IllegalArgumentException("x is empty: give at least one data point");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " points but y has " + y.length
                    + " labels: give one label per point");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != 2) {
                throw new IllegalArgumentException("x[" + i + "] has " + (x[i] == null ? "no" : x[i].length)
                        + " coordinates, expected 2: x must be (N, 2)");
            }
            if (!Double.isFinite(x[i][0]) || !Double.isFinite(x[i][1])) {
                throw new IllegalArgumentException("x[" + i + "] = (" + x[i][0] + ", " + x[i][1] + ") is not finite");
            }
            if (y[i] < 0) {
                throw new IllegalArgumentException("y[" + i + "] = " + y[i] + ": labels must be non-negative");
            }
        }
    }

    private static double[] paddedRange(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        double pad = hi > lo ? MARGIN * (hi - lo) : 1;
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * An XY chart that fills the class regions under its series. XChart has no background-image
     * hook, so it paints twice: once to lay out its axes (which fixes the data-to-screen mapping),
     * then, after the regions are filled in that mapping, again with transparent backgrounds so
     * that grid, points, axes and legend land on top.
     */
    private static final class RegionChart extends XYChart {
        private final double[] xEdges;
        private final double[] yEdges;
        private final int[] labels;
        private final int resolution;

        RegionChart(PlotSize size, double[] xEdges, double[] yEdges, int[] labels, int resolution) {
            super(size.width(), size.height());
            this.xEdges = xEdges;
            this.yEdges = yEdges;
            this.labels = labels;
            this.resolution = resolution;
        }

        @Override
        public void paint(Graphics2D g, int width, int height) {
            super.paint(g, width, height);
            Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
            // without antialiasing, abutting cells share pixel boundaries exactly: no seams
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            for (int j = 0; j < resolution; j++) {
                double top = getScreenYFromChart(yEdges[j + 1]);
                double bottom = getScreenYFromChart(yEdges[j]);
                int i = 0;
                while (i < resolution) {
                    int label = labels[j * resolution + i];
                    int end = i + 1;
                    while (end < resolution && labels[j * resolution + end] == label) {
                        end++;
                    }
                    double left = getScreenXFromChart(xEdges[i]);
                    double right = getScreenXFromChart(xEdges[end]);
                    g.setColor(Palette.lighten(Palette.color(label), 0.65));
                    g.fill(new Rectangle2D.Double(left, top, right - left, bottom - top));
                    i = end;
                }
            }
            if (aa != null) {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
            }
            Color chartBg = getStyler().getChartBackgroundColor();
            Color plotBg = getStyler().getPlotBackgroundColor();
            getStyler().setChartBackgroundColor(new Color(0, 0, 0, 0));
            getStyler().setPlotBackgroundColor(new Color(0, 0, 0, 0));
            try {
                super.paint(g, width, height);
            } finally {
                getStyler().setChartBackgroundColor(chartBg);
                getStyler().setPlotBackgroundColor(plotBg);
            }
        }
    }
}
