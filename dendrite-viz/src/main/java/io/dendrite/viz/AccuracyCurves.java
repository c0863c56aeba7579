package io.dendrite.viz;

import java.awt.BasicStroke;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Train and validation accuracy per epoch, as the cs231n notebooks plot them. */
final class AccuracyCurves {
    private AccuracyCurves() {
    }

    static Figure figure(double[] train, double[] val, PlotSize size) {
        Checks.nonEmpty(train, "train");
        Checks.nonEmpty(val, "val");
        Checks.sameLength(train, "train", val, "val");
        Checks.finite(train, "train");
        Checks.finite(val, "val");
        double[] epochs = new double[train.length];
        boolean fractions = true;
        for (int i = 0; i < train.length; i++) {
            epochs[i] = i + 1;
            fractions &= train[i] >= 0 && train[i] <= 1 && val[i] >= 0 && val[i] <= 1;
        }
        XYChart chart = new XYChart(size.width(), size.height());
        ChartStyle.apply(chart.getStyler());
        chart.setTitle("Classification accuracy");
        chart.setXAxisTitle("epoch");
        chart.setYAxisTitle("accuracy");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        if (fractions) {
            // accuracies as fractions: a fixed [0, 1] axis makes runs comparable at a glance
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(1.0);
        }
        XYSeries t = chart.addSeries("train", epochs, train);
        t.setMarker(SeriesMarkers.CIRCLE);
        t.setLineStyle(new BasicStroke(2f));
        XYSeries v = chart.addSeries("val", epochs, val);
        v.setMarker(SeriesMarkers.SQUARE);
        v.setLineStyle(new BasicStroke(2f));
        if (train.length > 20) {
            ChartStyle.roundXTicks(chart, 1.5, train[0]); // up to 20 epochs, a tick per epoch reads best
        }
        return Figure.of(chart);
    }
}
