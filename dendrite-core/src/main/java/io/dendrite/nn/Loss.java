package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

/** A data loss over class scores: returns the mean loss over the batch and its gradient with respect to the scores. */
public interface Loss {
    /**
     * @param scores class scores of shape (N, C)
     * @param labels N integer labels in [0, C)
     */
    LossResult compute(Tensor scores, int[] labels);
}
