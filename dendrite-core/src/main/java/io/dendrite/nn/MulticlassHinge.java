package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

/**
 * Multiclass SVM (hinge) loss, cs231n's {@code svm_loss}:
 * <pre>
 *   L = (1/N) Σ_i Σ_{j≠y_i} max(0, s_ij − s_iy_i + Δ)
 *   dL/ds_ij   = [margin_ij > 0] / N                      for j ≠ y_i
 *   dL/ds_iy_i = −(number of positive margins in row i) / N
 * </pre>
 * with margin Δ = 1 by default. Scores are (N, C); the gradient has the scores' dtype. At a margin of
 * exactly 0 the (sub)gradient is taken as 0.
 */
public final class MulticlassHinge implements Loss {
    /** cs231n's margin. */
    public static final double DEFAULT_MARGIN = 1.0;

    private final double margin;

    public MulticlassHinge() {
        this(DEFAULT_MARGIN);
    }

    public MulticlassHinge(double margin) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("invalid hinge margin: " + margin + " (must be finite and ≥ 0)");
        }
        this.margin = margin;
    }

    @Override
    public LossResult compute(Tensor scores, int[] labels) {
        LossChecks.scoresAndLabels(toString(), scores, labels);
        int n = scores.shape(0), c = scores.shape(1);
        double[] s = scores.toDoubleArray();
        double[] g = new double[n * c];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int row = i * c, y = labels[i];
            double correct = s[row + y];
            int positive = 0;
            for (int j = 0; j < c; j++) {
                if (j == y) {
                    continue;
                }
                double m = s[row + j] - correct + margin;
                if (m > 0) {
                    loss += m;
                    g[row + j] = 1.0 / n;
                    positive++;
                }
            }
            g[row + y] = -(double) positive / n;
        }
        return new LossResult(loss / n, LossChecks.gradLike(scores, g));
    }

    public double margin() {
        return margin;
    }

    @Override
    public String toString() {
        return margin == DEFAULT_MARGIN ? "MulticlassHinge" : "MulticlassHinge(margin=" + margin + ")";
    }
}
