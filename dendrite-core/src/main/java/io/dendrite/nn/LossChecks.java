package io.dendrite.nn;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/** Argument checks shared by the losses, so that every loss words its errors the same way. */
final class LossChecks {
    private LossChecks() {
    }

    /** Checks scores (N, C) with N ≥ 1 and N labels in [0, C). */
    static void scoresAndLabels(String loss, Tensor scores, int[] labels) {
        if (scores.ndim() != 2) {
            throw new IllegalArgumentException(loss + ": scores must be 2-D (N, C), got " + Shapes.format(scores.shape())
                    + " — flatten the network's output or add a Linear layer that maps to C classes");
        }
        int n = scores.shape(0), c = scores.shape(1);
        if (labels == null) {
            throw new IllegalArgumentException(loss + ": labels must not be null");
        }
        if (n == 0) {
            throw new IllegalArgumentException(loss + ": empty batch, scores " + Shapes.format(scores.shape()));
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(loss + ": " + labels.length + " labels for scores " + Shapes.format(scores.shape())
                    + " (N = " + n + ") — labels and scores must come from the same batch");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException(loss + ": label " + labels[i] + " at index " + i + " is outside [0, " + c
                        + ") — scores " + Shapes.format(scores.shape()) + " have C = " + c + " classes; check numClasses");
            }
        }
    }

    /** Checks targets of the same shape as the scores, with a batch axis of at least one row. */
    static void scoresAndTargets(String loss, Tensor scores, Tensor targets) {
        if (targets == null) {
            throw new IllegalArgumentException(loss + ": targets must not be null");
        }
        if (!Shapes.same(scores.shape(), targets.shape())) {
            throw new IllegalArgumentException(loss + ": targets " + Shapes.format(targets.shape()) + " do not match scores "
                    + Shapes.format(scores.shape()) + " — targets need the scores' shape (one-hot rows for class labels)");
        }
        if (scores.ndim() == 0 || scores.shape(0) == 0) {
            throw new IllegalArgumentException(loss + ": scores " + Shapes.format(scores.shape()) + " have no batch rows, expected (N, …)");
        }
    }

    /** Wraps gradient values computed in double as a tensor in the scores' dtype. */
    static Tensor gradLike(Tensor scores, double[] g) {
        Tensor t = Tensor.of(g, scores.shape());
        return scores.dtype() == t.dtype() ? t : t.to(scores.dtype());
    }
}
