package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

/**
 * The book's sum-of-squares error, averaged over the batch:
 * <pre>
 *   L = (1/N) · ½ Σ_i Σ_j (y_ij − t_ij)²      dL/dy = (y − t) / N
 * </pre>
 * where N is the size of the first (batch) axis. The book's {@code mean_squared_error} is ½·Σ(y−t)² for one
 * sample without any division; dividing by N makes the loss of a batch the mean of the per-sample losses, so
 * it does not grow with the batch size, like the other losses. (PyTorch's {@code MSELoss} instead divides the
 * plain Σ(y−t)² by the number of elements.)
 *
 * <p>{@link #compute(Tensor, int[])} compares class scores (N, C) with one-hot rows of the labels;
 * {@link #compute(Tensor, Tensor)} takes regression targets of the scores' shape, (N, …) (a 1-D tensor is N
 * samples of one value each).
 */
public final class MeanSquaredError implements Loss {
    @Override
    public LossResult compute(Tensor scores, int[] labels) {
        LossChecks.scoresAndLabels(toString(), scores, labels);
        return compute(scores, Functions.oneHot(labels, scores.shape(1), scores.dtype()));
    }

    public LossResult compute(Tensor scores, Tensor targets) {
        LossChecks.scoresAndTargets(toString(), scores, targets);
        int n = scores.shape(0);
        double[] y = scores.toDoubleArray(), t = targets.toDoubleArray();
        double[] g = new double[y.length];
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            double diff = y[k] - t[k];
            sum += diff * diff;
            g[k] = diff / n;
        }
        return new LossResult(0.5 * sum / n, LossChecks.gradLike(scores, g));
    }

    @Override
    public String toString() {
        return "MeanSquaredError";
    }
}
