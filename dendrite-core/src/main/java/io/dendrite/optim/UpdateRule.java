package io.dendrite.optim;

import io.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * The cs231n update-rule contract: pure per-parameter math that updates {@code w} in place from its gradient
 * {@code dw}, keeping whatever it must remember between steps in {@code state}. One rule instance serves every
 * parameter of a model; the hyperparameters live in the rule, the memory in each parameter's {@link State}.
 *
 * <p>Implementations in this package: {@link Sgd}, {@link Momentum}, {@link Nesterov}, {@link AdaGrad},
 * {@link RmsProp}, {@link Adam}, {@link AdamW}; {@link UpdateRules} builds them by name. Each makes one fused
 * pass over the arrays per step and allocates nothing once its state exists. Every rule increments
 * {@link State#step()} once per update, before using it.
 */
public interface UpdateRule {

    /**
     * Updates {@code w} in place.
     *
     * @param w     the parameter, F32 or F64
     * @param dw    its gradient, same shape as {@code w}
     * @param state this parameter's state; tensors it lacks are created as zeros like {@code w}
     * @throws IllegalArgumentException when the shapes of {@code w} and {@code dw} differ (naming both)
     */
    void update(Tensor w, Tensor dw, State state);

    double learningRate();

    /** Changes the learning rate (for schedules); validated like the constructor's. */
    void setLearningRate(double lr);

    /** The name {@link UpdateRules#create(String, double)} knows this rule by, e.g. {@code "adam"}. */
    default String name() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The hyperparameters under cs231n's config names ({@code learning_rate}, {@code momentum},
     * {@code decay_rate}, {@code beta1}, {@code beta2}, {@code epsilon}, {@code weight_decay}), in a stable
     * order, for saving and printing; {@link UpdateRules#create(String, Map)} rebuilds the rule from them.
     */
    default Map<String, Object> config() {
        return Map.of(UpdateRules.LEARNING_RATE, learningRate());
    }
}
