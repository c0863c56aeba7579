package io.dendrite.optim;

import io.dendrite.tensor.Tensor;

/**
 * The path an update rule takes on a 2-D test function — the book's optimizer comparison (chapter 6.1.7),
 * {@code f(x, y) = x²/20 + y²} from {@code (−7, 2)}, whose minimum is at the origin. The book's learning
 * rates: SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3; it runs 30 steps.
 */
public final class OptimizerPaths {
    /** The book's starting point x. */
    public static final double START_X = -7.0;
    /** The book's starting point y. */
    public static final double START_Y = 2.0;

    private OptimizerPaths() {
    }

    /** The book's function {@code f(x, y) = x²/20 + y²}. */
    public static double bookFunction(double x, double y) {
        return x * x / 20.0 + y * y;
    }

    /** The path from the book's start (−7, 2): {@code steps + 1} rows of (x, y), the start first. */
    public static double[][] onBookFunction(UpdateRule rule, int steps) {
        return onBookFunction(rule, steps, START_X, START_Y);
    }

    /**
     * The path from ({@code x0}, {@code y0}): {@code steps + 1} rows of (x, y), the start first. The point is
     * one F64 tensor of shape (2,) with one fresh {@link State}; the update rules are elementwise, so this is
     * the same as the book's separate {@code x} and {@code y} parameters.
     */
    public static double[][] onBookFunction(UpdateRule rule, int steps, double x0, double y0) {
        if (steps < 0) {
            throw new IllegalArgumentException("invalid steps: " + steps + " (expected >= 0)");
        }
        Tensor p = Tensor.of(new double[] {x0, y0}, 2);
        double[] pd = p.doubleData();
        double[] gd = new double[2];
        Tensor g = Tensor.of(gd, 2);
        State state = new State();
        double[][] path = new double[steps + 1][];
        path[0] = new double[] {x0, y0};
        for (int s = 1; s <= steps; s++) {
            double x = pd[p.offset()], y = pd[p.offset() + 1];
            gd[0] = x / 10.0; // ∂f/∂x
            gd[1] = 2.0 * y;  // ∂f/∂y
            rule.update(p, g, state);
            path[s] = new double[] {pd[p.offset()], pd[p.offset() + 1]};
        }
        return path;
    }
}
