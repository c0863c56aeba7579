package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

/** A loss value and dL/dscores, of the same shape as the scores. */
public record LossResult(double loss, Tensor grad) {
}
