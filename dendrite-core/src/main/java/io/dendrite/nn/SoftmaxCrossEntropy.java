package io.dendrite.nn;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Softmax followed by cross-entropy, cs231n's {@code softmax_loss} (the book's {@code SoftmaxWithLoss}):
 * <pre>
 *   p_ij = exp(s_ij − max_j s_ij) / Σ_k exp(s_ik − max_j s_ij)        (subtracting the row max keeps exp finite)
 *   L    = (1/N) Σ_i [ log Σ_k exp(s_ik − m_i) − (s_iy_i − m_i) ]      (log-sum-exp, never log(0))
 *   dL/ds = (p − onehot(y)) / N
 * </pre>
 * Scores are (N, C); the arithmetic is done in double and the gradient is returned in the scores' dtype.
 * {@link #compute(Tensor, Tensor)} takes target distributions (one-hot or soft rows) instead of labels.
 */
public final class SoftmaxCrossEntropy implements Loss {
    @Override
    public LossResult compute(Tensor scores, int[] labels) {
        LossChecks.scoresAndLabels(toString(), scores, labels);
        int n = scores.shape(0), c = scores.shape(1);
        double[] s = scores.toDoubleArray();
        double[] g = new double[n * c];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int row = i * c;
            double logSum = softmaxRow(s, row, c, g);            // g row = p
            loss += logSum - (s[row + labels[i]] - rowMax(s, row, c));
            g[row + labels[i]] -= 1;                              // p − onehot
        }
        for (int k = 0; k < g.length; k++) {
            g[k] /= n;
        }
        return new LossResult(loss / n, LossChecks.gradLike(scores, g));
    }

    /**
     * Cross-entropy against target rows {@code t} (N, C), usually one-hot: L = −(1/N) Σ_ij t_ij log p_ij,
     * dL/ds_ij = (p_ij · Σ_k t_ik − t_ij) / N, which is (p − t)/N for rows that sum to 1.
     */
    public LossResult compute(Tensor scores, Tensor targets) {
        LossChecks.scoresAndTargets(toString(), scores, targets);
        if (scores.ndim() != 2) {
            throw new IllegalArgumentException(this + ": scores must be 2-D (N, C), got "
                    + Shapes.format(scores.shape()));
        }
        int n = scores.shape(0), c = scores.shape(1);
        double[] s = scores.toDoubleArray(), t = targets.toDoubleArray();
        double[] g = new double[n * c];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int row = i * c;
            double logSum = softmaxRow(s, row, c, g);
            double m = rowMax(s, row, c), tSum = 0;
            for (int j = 0; j < c; j++) {
                loss -= t[row + j] * ((s[row + j] - m) - logSum);   // −t·log p, with log p = s − m − logSum
                tSum += t[row + j];
            }
            for (int j = 0; j < c; j++) {
                g[row + j] = (g[row + j] * tSum - t[row + j]) / n;
            }
        }
        return new LossResult(loss / n, LossChecks.gradLike(scores, g));
    }

    private static double rowMax(double[] s, int row, int c) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            m = Math.max(m, s[row + j]);
        }
        return m;
    }

    /** Writes the softmax of one row into {@code p} and returns log Σ exp(s − max). */
    private static double softmaxRow(double[] s, int row, int c, double[] p) {
        double m = rowMax(s, row, c);
        double sum = 0;
        for (int j = 0; j < c; j++) {
            p[row + j] = Math.exp(s[row + j] - m);
            sum += p[row + j];
        }
        for (int j = 0; j < c; j++) {
            p[row + j] /= sum;
        }
        return Math.log(sum);
    }

    @Override
    public String toString() {
        return "SoftmaxCrossEntropy";
    }
}
