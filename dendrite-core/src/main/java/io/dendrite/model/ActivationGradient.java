package io.dendrite.model;

import io.dendrite.tensor.Tensor;

import java.util.List;

/**
 * The result of differentiating a scalar objective of a network's intermediate activations with respect to its input
 * batch ({@link Network#activationGradient}).
 *
 * @param activations the chosen layers' outputs of the forward pass, in the order asked for
 * @param value       the objective's value
 * @param gradient    d value / d x, of the input batch's shape and the network's dtype
 */
public record ActivationGradient(List<Tensor> activations, double value, Tensor gradient) {
    public ActivationGradient {
        activations = List.copyOf(activations);
    }
}
