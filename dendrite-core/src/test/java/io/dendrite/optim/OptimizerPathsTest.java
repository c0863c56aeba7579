package io.dendrite.optim;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The book's optimizer comparison (6.1.7): f(x, y) = x²/20 + y² from (−7, 2), 30 steps, the book's rates. */
class OptimizerPathsTest {

    static double dist(double[] p) {
        return Math.hypot(p[0], p[1]);
    }

    @Test
    void everyBookOptimizerEndsCloserToTheMinimum() {
        Map<String, UpdateRule> rules = Map.of("SGD", new Sgd(0.95), "Momentum", new Momentum(0.1),
                "AdaGrad", new AdaGrad(1.5), "Adam", new Adam(0.3));
        double startDist = Math.hypot(-7, 2), startF = OptimizerPaths.bookFunction(-7, 2);
        rules.forEach((name, rule) -> {
            double[][] path = OptimizerPaths.onBookFunction(rule, 30);
            assertThat(path).as(name).hasDimensions(31, 2);
            assertThat(path[0]).containsExactly(-7.0, 2.0);
            double[] end = path[30];
            assertThat(dist(end)).as(name + " distance to (0, 0) after 30 steps").isLessThan(startDist);
            assertThat(OptimizerPaths.bookFunction(end[0], end[1])).as(name + " f at the end").isLessThan(startF);
        });
    }

    @Test
    void sgdPathFollowsTheGradient() {
        double[][] path = OptimizerPaths.onBookFunction(new Sgd(0.95), 2);
        // x ← x − 0.95·x/10, y ← y − 0.95·2y: the book's zig-zag in y
        assertThat(path[1][0]).isEqualTo(-7 * (1 - 0.095));
        assertThat(path[1][1]).isCloseTo(2 * (1 - 1.9), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(path[2][1]).isCloseTo(2 * 0.81, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void zeroStepsIsTheStart() {
        assertThat(OptimizerPaths.onBookFunction(new Adam(0.3), 0)).hasDimensions(1, 2);
    }
}
