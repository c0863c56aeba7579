package io.dendrite.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContoursTest {

    @Test
    void levelOneOfTheBooksFunctionIsOneClosedEllipseThroughItsAxisPoints() {
        List<double[][]> lines = OptimizerPaths.contour(1.0);
        assertThat(lines).hasSize(1);
        double[][] ellipse = lines.get(0);
        assertThat(ellipse[0]).as("closed: first point repeated at the end").isEqualTo(ellipse[ellipse.length - 1]);
        for (double[] p : ellipse) {
            // linear interpolation on a 0.1 grid: f is off by at most h²·f''/8 = 0.0025 (in y)
            assertThat(OptimizerPaths.f(p[0], p[1])).as("f at (%s, %s)", p[0], p[1]).isCloseTo(1.0, within(3e-3));
        }
        // x²/20 + y² = 1 crosses y = 0 at ±√20 and x = 0 at ±1; both axes are grid lines
        assertThat(nearest(ellipse, Math.sqrt(20), 0)).isLessThan(1e-3);
        assertThat(nearest(ellipse, -Math.sqrt(20), 0)).isLessThan(1e-3);
        assertThat(nearest(ellipse, 0, 1)).isLessThan(1e-9);
        assertThat(nearest(ellipse, 0, -1)).isLessThan(1e-9);
    }

    @Test
    void aLevelLeavingTheDomainGivesOpenArcs() {
        // x²/20 + y² = 16 reaches x = ±17.9, beyond x ∈ [-10, 10]: one arc above, one below
        List<double[][]> arcs = OptimizerPaths.contour(16.0);
        assertThat(arcs).hasSize(2);
        for (double[][] arc : arcs) {
            assertThat(Math.abs(arc[0][0])).as("arc starts on the left or right border").isCloseTo(10.0, within(1e-9));
            assertThat(Math.abs(arc[arc.length - 1][0])).isCloseTo(10.0, within(1e-9));
            assertThat(Math.abs(arc[0][1])).as("f(10, y) = 16 at |y| = √11").isCloseTo(Math.sqrt(11), within(1e-2));
        }
    }

    @Test
    void aLevelOutsideTheRangeOfFHasNoLines() {
        assertThat(OptimizerPaths.contour(100.0)).isEmpty();
        assertThat(OptimizerPaths.contour(-1.0)).isEmpty();
    }

    @Test
    void twoSeparateComponentsAreTwoLines() {
        // two bumps: level 0.5 cuts a loop around each
        Contours.Grid grid = Contours.sample(
                (x, y) -> Math.exp(-((x - 2) * (x - 2) + y * y)) + Math.exp(-((x + 2) * (x + 2) + y * y)),
                -5, 5, 101, -3, 3, 61);
        List<double[][]> lines = Contours.lines(grid, 0.5);
        assertThat(lines).hasSize(2);
        double centre0 = meanX(lines.get(0));
        double centre1 = meanX(lines.get(1));
        assertThat(Math.min(centre0, centre1)).isCloseTo(-2, within(0.05));
        assertThat(Math.max(centre0, centre1)).isCloseTo(2, within(0.05));
    }

    @Test
    void saddleCellsDoNotCrossTheLines() {
        // f = x·y has a saddle at the origin; level 0.5 is two hyperbola branches, never joined
        Contours.Grid grid = Contours.sample((x, y) -> x * y, -2, 2, 40, -2, 2, 40);
        List<double[][]> lines = Contours.lines(grid, 0.5);
        assertThat(lines).hasSize(2);
        for (double[][] line : lines) {
            double sign = Math.signum(line[0][0]);
            for (double[] p : line) {
                assertThat(Math.signum(p[0])).as("each branch stays in one quadrant").isEqualTo(sign);
            }
        }
    }

    @Test
    void evenlySpacedHitsZeroAndBothEnds() {
        double[] v = Contours.evenlySpaced(-5, 5, 101);
        assertThat(v[0]).isEqualTo(-5);
        assertThat(v[50]).isEqualTo(0.0);
        assertThat(v[100]).isEqualTo(5);
    }

    @Test
    void badGridsAreRejected() {
        assertThatThrownBy(() -> Contours.sample((x, y) -> 0, 0, 1, 1, 0, 1, 5)).hasMessageContaining("at least 2x2");
        assertThatThrownBy(() -> Contours.sample((x, y) -> 0, 1, 0, 5, 0, 1, 5)).hasMessageContaining("empty contour range");
    }

    private static double nearest(double[][] points, double x, double y) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] p : points) {
            best = Math.min(best, Math.hypot(p[0] - x, p[1] - y));
        }
        return best;
    }

    private static double meanX(double[][] points) {
        double s = 0;
        for (double[] p : points) {
            s += p[0];
        }
        return s / points.length;
    }
}
