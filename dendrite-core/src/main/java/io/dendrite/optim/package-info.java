/**
 * Update rules on the cs231n contract {@code update(w, dw, state)} ({@code Sgd}, {@code Momentum},
 * {@code Nesterov}, {@code AdaGrad}, {@code RmsProp}, {@code Adam}, {@code AdamW}), their per-parameter
 * {@code State}, the {@code Optimizer} that applies a rule to every parameter, and learning-rate schedules.
 * Depends on {@code nn} (parameters) and {@code tensor}.
 */
package io.dendrite.optim;
