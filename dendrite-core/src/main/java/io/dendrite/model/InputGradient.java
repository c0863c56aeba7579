package io.dendrite.model;

import io.dendrite.tensor.Tensor;

/**
 * The result of differentiating a scalar objective of a network's scores with respect to its input batch
 * ({@link Network#inputGradient}): the scores of the forward pass, the objective's value, and its gradient.
 *
 * @param scores   the network's output for the batch, (N, C)
 * @param value    the objective: a sum of class scores, or the loss
 * @param gradient d value / d x, of the input batch's shape and the network's dtype
 */
public record InputGradient(Tensor scores, double value, Tensor gradient) {
}
