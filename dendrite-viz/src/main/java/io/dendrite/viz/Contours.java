package io.dendrite.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Contour lines of a function of two variables by marching squares.
 *
 * <p>The function is sampled on a regular grid; in each grid cell, the level crosses the cell's
 * edges where the corner values straddle it, at the linearly interpolated position. Segments are
 * then joined into polylines through the grid edges they share (each edge belongs to at most two
 * cells, so the joining is exact, with no floating-point matching), giving one closed or open
 * line per contour component, ready to draw as an XY series.
 *
 * <p>Saddle cells (two opposite corners above the level) are resolved with the cell's centre
 * value, the mean of its corners: the centre joins the pair of corners on its own side.
 */
final class Contours {
    /**
     * Samples of a function on a grid.
     *
     * @param xs grid x coordinates, increasing
     * @param ys grid y coordinates, increasing
     * @param z  {@code z[j][i] = f(xs[i], ys[j])}
     */
    record Grid(double[] xs, double[] ys, double[][] z) {
    }

    private Contours() {
    }

    /** Samples {@code f} on {@code nx × ny} evenly spaced points covering both ranges, ends included. */
    static Grid sample(DoubleBinaryOperator f, double xMin, double xMax, int nx, double yMin, double yMax, int ny) {
        Checks.notNull(f, "f");
        if (nx < 2 || ny < 2) {
            throw new IllegalArgumentException("a contour grid needs at least 2x2 points, got " + nx + "x" + ny);
        }
        if (!(xMin < xMax) || !(yMin < yMax)) {
            throw new IllegalArgumentException("empty contour range: x [" + xMin + ", " + xMax + "], y ["
                    + yMin + ", " + yMax + "]; each minimum must be below its maximum");
        }
        double[] xs = evenlySpaced(xMin, xMax, nx);
        double[] ys = evenlySpaced(yMin, yMax, ny);
        double[][] z = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                z[j][i] = f.applyAsDouble(xs[i], ys[j]);
            }
        }
        return new Grid(xs, ys, z);
    }

    static double[] evenlySpaced(double lo, double hi, int n) {
        double[] v = new double[n];
        double step = (hi - lo) / (n - 1);
        for (int i = 0; i < n; i++) {
            v[i] = lo + i * step; // lo + i*step, not an accumulated sum: exact at the grid's zero
        }
        v[n - 1] = hi;
        return v;
    }

    /** The contour lines of the grid at {@code level}; each line is an array of (x, y) points. */
    static List<double[][]> lines(Grid grid, double level) {
        int nx = grid.xs().length;
        int ny = grid.ys().length;
        double[][] z = grid.z();
        int horizontal = (nx - 1) * ny; // edge ids: horizontal edges first, then vertical ones
        int edges = horizontal + nx * (ny - 1);
        int[] first = new int[edges];
        int[] second = new int[edges];
        Arrays.fill(first, -1);
        Arrays.fill(second, -1);

        for (int j = 0; j < ny - 1; j++) {
            for (int i = 0; i < nx - 1; i++) {
                boolean a = z[j][i] > level;         // corners counter-clockwise from bottom-left
                boolean b = z[j][i + 1] > level;
                boolean c = z[j + 1][i + 1] > level;
                boolean d = z[j + 1][i] > level;
                int bottom = j * (nx - 1) + i;
                int top = (j + 1) * (nx - 1) + i;
                int left = horizontal + j * nx + i;
                int right = left + 1;
                List<Integer> crossed = new ArrayList<>(4);
                if (a != b) {
                    crossed.add(bottom);
                }
                if (b != c) {
                    crossed.add(right);
                }
                if (c != d) {
                    crossed.add(top);
                }
                if (d != a) {
                    crossed.add(left);
                }
                if (crossed.size() == 2) {
                    link(first, second, crossed.get(0), crossed.get(1));
                } else if (crossed.size() == 4) {
                    double centre = (z[j][i] + z[j][i + 1] + z[j + 1][i + 1] + z[j + 1][i]) / 4;
                    if ((centre > level) == a) {
                        link(first, second, bottom, right); // a and c joined: cut off b and d
                        link(first, second, top, left);
                    } else {
                        link(first, second, bottom, left);  // b and d joined: cut off a and c
                        link(first, second, right, top);
                    }
                }
            }
        }

        List<double[][]> lines = new ArrayList<>();
        boolean[] used = new boolean[edges];
        // open lines start at an end (an edge with one neighbour); what remains afterwards are loops
        for (int pass = 0; pass < 2; pass++) {
            for (int e = 0; e < edges; e++) {
                boolean isEnd = first[e] >= 0 && second[e] < 0;
                boolean start = pass == 0 ? isEnd : first[e] >= 0;
                if (used[e] || !start) {
                    continue;
                }
                List<double[]> points = new ArrayList<>();
                int prev = -1;
                int cur = e;
                while (cur >= 0 && !used[cur]) {
                    used[cur] = true;
                    points.add(edgePoint(grid, cur, level));
                    int next = first[cur] != prev ? first[cur] : second[cur];
                    prev = cur;
                    cur = next;
                }
                if (pass == 1) {
                    points.add(points.get(0).clone()); // close the loop
                }
                lines.add(points.toArray(new double[0][]));
            }
        }
        return lines;
    }

    private static void link(int[] first, int[] second, int e1, int e2) {
        connect(first, second, e1, e2);
        connect(first, second, e2, e1);
    }

    private static void connect(int[] first, int[] second, int from, int to) {
        if (first[from] < 0) {
            first[from] = to;
        } else {
            second[from] = to;
        }
    }

    /** Where the level crosses an edge, interpolated from its lower-index corner to its upper one. */
    private static double[] edgePoint(Grid grid, int edge, double level) {
        int nx = grid.xs().length;
        int horizontal = (nx - 1) * grid.ys().length;
        double[][] z = grid.z();
        if (edge < horizontal) {
            int j = edge / (nx - 1);
            int i = edge % (nx - 1);
            double t = (level - z[j][i]) / (z[j][i + 1] - z[j][i]);
            return new double[] {grid.xs()[i] + t * (grid.xs()[i + 1] - grid.xs()[i]), grid.ys()[j]};
        }
        int k = edge - horizontal;
        int j = k / nx;
        int i = k % nx;
        double t = (level - z[j][i]) / (z[j + 1][i] - z[j][i]);
        return new double[] {grid.xs()[i], grid.ys()[j] + t * (grid.ys()[j + 1] - grid.ys()[j])};
    }
}
