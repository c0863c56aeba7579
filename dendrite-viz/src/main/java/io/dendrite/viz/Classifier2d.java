package io.dendrite.viz;

/**
 * A classifier of points in the plane, as far as a decision-boundary plot needs one.
 *
 * <p>Batched on purpose: a plot asks for predictions on a whole grid at once (e.g. 40 000 points),
 * which a network answers with one forward pass instead of 40 000. Adapting a model is one line:
 * {@code points -> model.scores(Tensor.of(flatten(points), points.length, 2)).argmax(1)}.
 */
@FunctionalInterface
public interface Classifier2d {
    /**
     * @param points {@code (n, 2)}: one (x, y) point per row
     * @return {@code n} class labels, each in [0, numClasses)
     */
    int[] predict(double[][] points);
}
