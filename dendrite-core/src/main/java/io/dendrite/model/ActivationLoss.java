package io.dendrite.model;

import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an objective of a network's intermediate activations returns to {@link Network#activationGradient}: its value
 * and its gradient with respect to each activation it was given, in the same order.
 *
 * @param value     the objective, e.g. a style-transfer loss
 * @param gradients d value / d activation_k, each of its activation's shape; a null entry stands for zeros (the
 *                  objective does not depend on that activation)
 */
public record ActivationLoss(double value, List<Tensor> gradients) {
    /** Keeps the list as given (null entries allowed), unmodifiable. */
    public ActivationLoss {
        gradients = Collections.unmodifiableList(new ArrayList<>(gradients));
    }
}
