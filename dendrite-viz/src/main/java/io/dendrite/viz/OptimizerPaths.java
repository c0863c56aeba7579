package io.dendrite.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The book's chapter 6 optimizer comparison: contour lines of {@code f(x, y) = x²/20 + y²} over
 * x ∈ [-10, 10], y ∈ [-5, 5], and the path each optimizer takes across them towards the minimum
 * at the origin.
 */
final class OptimizerPaths {
    static final double X_MIN = -10;
    static final double X_MAX = 10;
    static final double Y_MIN = -5;
    static final double Y_MAX = 5;
    /** Odd sizes put x = 0 and y = 0 on grid lines, so the contours cross the axes exactly. */
    static final int GRID_X = 201;
    static final int GRID_Y = 101;
    /** Levels doubling from 0.25: ellipses evenly spaced to the eye on f's quadratic bowl. */
    static final double[] LEVELS = {0.25, 0.5, 1, 2, 4, 8, 16};

    private OptimizerPaths() {
    }

    /** The function the book's optimizers minimize. */
    static double f(double x, double y) {
        return x * x / 20 + y * y;
    }

    static Figure figure(Map<String, double[][]> paths, PlotSize size) {
        Checks.nonEmpty(paths, "paths");
        paths.forEach(OptimizerPaths::validate);

        XYChart chart = new XYChart(size.width(), size.height());
        ChartStyle.apply(chart.getStyler());
        chart.setTitle("Optimizer paths on f(x, y) = x²/20 + y²");
        chart.setXAxisTitle("x");
        chart.setYAxisTitle("y");
        chart.getStyler().setXAxisMin(X_MIN);
        chart.getStyler().setXAxisMax(X_MAX);
        chart.getStyler().setYAxisMin(Y_MIN);
        chart.getStyler().setYAxisMax(Y_MAX);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);

        Contours.Grid grid = Contours.sample(OptimizerPaths::f, X_MIN, X_MAX, GRID_X, Y_MIN, Y_MAX, GRID_Y);
        Color contourColor = new Color(0xa0a0a0);
        int line = 0;
        for (double level : LEVELS) {
            for (double[][] points : Contours.lines(grid, level)) {
                String name = line == 0 ? "contours of f" : "f=" + level + " #" + line;
                XYSeries s = chart.addSeries(name, column(points, 0), column(points, 1));
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(contourColor);
                s.setLineStyle(new BasicStroke(1f));
                s.setShowInLegend(line == 0);
                line++;
            }
        }

        int k = 0;
        for (Map.Entry<String, double[][]> e : paths.entrySet()) {
            double[][] points = e.getValue();
            XYSeries s = chart.addSeries(e.getKey(), column(points, 0), column(points, 1));
            Color c = Palette.color(k < 7 ? k : k + 1); // skip tab10's gray: it would look like a contour
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(1.5f));
            k++;
        }
        XYSeries minimum = chart.addSeries("minimum (0, 0)", new double[] {0}, new double[] {0});
        minimum.setMarker(SeriesMarkers.PLUS);
        minimum.setMarkerColor(Color.BLACK);
        minimum.setLineStyle(new BasicStroke(0f));
        minimum.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return Figure.of(chart);
    }

    private static void validate(String name, double[][] points) {
        if (name == null) {
            throw new IllegalArgumentException("paths has a null optimizer name");
        }
        if (points == null || points.length == 0) {
            throw new IllegalArgumentException("path of '" + name + "' is empty: give at least the start point");
        }
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != 2) {
                throw new IllegalArgumentException("path of '" + name + "': point " + i + " has "
                        + (points[i] == null ? "no" : points[i].length)
                        + " coordinates, expected 2 (x, y)");
            }
            if (!Double.isFinite(points[i][0]) || !Double.isFinite(points[i][1])) {
                throw new IllegalArgumentException("path of '" + name + "': point " + i + " is ("
                        + points[i][0] + ", " + points[i][1] + "); coordinates must be finite");
            }
        }
    }

    static double[] column(double[][] points, int c) {
        double[] v = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            v[i] = points[i][c];
        }
        return v;
    }

    static List<double[][]> contour(double level) {
        return Contours.lines(Contours.sample(OptimizerPaths::f, X_MIN, X_MAX, GRID_X, Y_MIN, Y_MAX, GRID_Y), level);
    }
}
