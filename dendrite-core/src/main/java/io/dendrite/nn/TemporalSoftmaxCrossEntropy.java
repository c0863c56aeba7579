package io.dendrite.nn;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Softmax cross-entropy at every time step of a batch of sequences, cs231n's {@code temporal_softmax_loss}:
 * <pre>
 *   scores: (N, T, V)   y: N rows of T labels in [0, V)   mask: N rows of T flags (true = the step counts)
 *   L = (1/N) Σ_{n,t: mask[n][t]} [ log Σ_v exp(s_ntv − m_nt) − (s_nty − m_nt) ]     m_nt = max_v s_ntv
 *   dL/ds_nt = (softmax(s_nt) − onehot(y_nt)) / N  where mask[n][t], else 0
 * </pre>
 * The loss is a sum over the unmasked steps divided by N, not by their count (as cs231n). Masked steps contribute
 * nothing to loss or gradient, and their labels are not read (a padding value outside [0, V) is fine there). A
 * null mask counts every step. Subtracting the row max keeps exp finite; sums are taken in double whatever the
 * scores' dtype, and the gradient comes back in the scores' dtype.
 *
 * <p>Not a {@link Loss}, whose labels are one per row: sequence models call {@link #compute} themselves.
 */
public final class TemporalSoftmaxCrossEntropy {
    /** The loss holds no state; an instance reads like the other losses, {@code compute} is static all the same. */
    public TemporalSoftmaxCrossEntropy() {
    }

    /**
     * The mean-over-N loss and its gradient (N, T, V); see the class comment.
     *
     * @param scores (N, T, V) scores, F32 or F64
     * @param y      N rows of T labels, each in [0, V) where the mask is set
     * @param mask   N rows of T flags, true where the step counts; null counts every step
     */
    public static LossResult compute(Tensor scores, int[][] y, boolean[][] mask) {
        check(scores, y, mask);
        int n = scores.shape(0), steps = scores.shape(1), v = scores.shape(2);
        double[] s = scores.toDoubleArray();
        double[] g = new double[s.length];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                if (mask != null && !mask[i][t]) {
                    continue;
                }
                int row = (i * steps + t) * v;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < v; k++) {
                    m = Math.max(m, s[row + k]);
                }
                double sum = 0;
                for (int k = 0; k < v; k++) {
                    g[row + k] = Math.exp(s[row + k] - m);
                    sum += g[row + k];
                }
                loss += Math.log(sum) - (s[row + y[i][t]] - m);   // −log p_y, by log-sum-exp
                for (int k = 0; k < v; k++) {
                    g[row + k] /= sum * n;                         // p / N
                }
                g[row + y[i][t]] -= 1.0 / n;                       // (p − onehot) / N
            }
        }
        return new LossResult(loss / n, LossChecks.gradLike(scores, g));
    }

    private static void check(Tensor scores, int[][] y, boolean[][] mask) {
        String me = "TemporalSoftmaxCrossEntropy";
        int[] s = scores.shape();
        if (s.length != 3 || s[0] == 0 || s[1] == 0 || s[2] == 0) {
            throw new IllegalArgumentException(me + ": scores must be (N, T, V) with N, T, V ≥ 1, got " + Shapes.format(s)
                    + " — a TemporalLinear maps hidden states (N, T, H) to vocabulary scores");
        }
        int n = s[0], steps = s[1], v = s[2];
        if (y == null) {
            throw new IllegalArgumentException(me + ": labels must not be null");
        }
        if (y.length != n) {
            throw new IllegalArgumentException(me + ": " + y.length + " rows of labels for scores " + Shapes.format(s)
                    + ", expected N = " + n + " — labels and scores must come from the same batch");
        }
        if (mask != null && mask.length != n) {
            throw new IllegalArgumentException(me + ": " + mask.length + " rows of mask for scores " + Shapes.format(s)
                    + ", expected N = " + n);
        }
        for (int i = 0; i < n; i++) {
            if (y[i] == null || y[i].length != steps) {
                throw new IllegalArgumentException(me + ": label row " + i + " has " + (y[i] == null ? "no" : y[i].length)
                        + " labels, expected T = " + steps + " as in scores " + Shapes.format(s));
            }
            if (mask != null && (mask[i] == null || mask[i].length != steps)) {
                throw new IllegalArgumentException(me + ": mask row " + i + " has " + (mask[i] == null ? "no"
                        : mask[i].length) + " flags, expected T = " + steps + " as in scores " + Shapes.format(s));
            }
            for (int t = 0; t < steps; t++) {
                if ((mask == null || mask[i][t]) && (y[i][t] < 0 || y[i][t] >= v)) {
                    throw new IllegalArgumentException(me + ": label " + y[i][t] + " at (" + i + ", " + t
                            + ") is outside [0, " + v + ") — scores " + Shapes.format(s) + " have V = " + v
                            + " classes; mask the step out if it is padding");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TemporalSoftmaxCrossEntropy";
    }
}
