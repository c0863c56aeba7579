package io.dendrite.optim;

import io.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay Regularization";
 * PyTorch's {@code AdamW}). The decay shrinks {@code w} directly instead of being added to the gradient, so
 * it is not rescaled by Adam's per-element step sizes:
 * <pre>
 *   w = w − lr · weightDecay · w               (applied first, with the decay scaled by lr as in PyTorch)
 *   ... then exactly {@link Adam}'s update from dw:
 *   w −= lr · mt / (√vt + eps)
 * </pre>
 * Because Adam's step does not read {@code w}, "decay first" and "decay together" are the same update:
 * {@code w = (1 − lr·wd)·w − lr·mt/(√vt + eps)}, computed in the same single pass. The paper writes the decay
 * as {@code η_t·λ·w} with a separate schedule multiplier η_t; here, as in PyTorch, the learning rate plays
 * that role, so a learning-rate schedule scales the decay too.
 * State keys {@value Adam#M}, {@value Adam#V} and {@link State#step()} as {@code t}, exactly as {@link Adam}.
 * Do not also put this decay into the model's loss ({@code reg}) unless both are wanted.
 */
public final class AdamW extends AdamBase {
    /** Default learning rate (Adam's): {@value}. */
    public static final double DEFAULT_LEARNING_RATE = Adam.DEFAULT_LEARNING_RATE;
    /** Default weight decay, as in PyTorch's AdamW: {@value}. */
    public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    private final double weightDecay;

    /** Adam's defaults and weight decay {@value #DEFAULT_WEIGHT_DECAY}. */
    public AdamW() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** Adam's defaults for β1, β2, eps and weight decay {@value #DEFAULT_WEIGHT_DECAY}. */
    public AdamW(double lr) {
        this(lr, DEFAULT_WEIGHT_DECAY);
    }

    /** Adam's defaults for β1, β2 and eps. */
    public AdamW(double lr, double weightDecay) {
        this(lr, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON, weightDecay);
    }

    public AdamW(double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("AdamW", lr, beta1, beta2, eps);
        this.weightDecay = Args.nonNegative("AdamW", "weight decay", weightDecay);
    }

    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    Map<String, Object> baseConfig() {
        Map<String, Object> m = super.baseConfig();
        m.put(UpdateRules.WEIGHT_DECAY, weightDecay);
        return m;
    }

    @Override
    void apply(Tensor w, Tensor dw, State state, int t) {
        double lr = learningRate();
        Adam.step(w, dw, state, t, lr, beta1, beta2, eps, 1.0 - lr * weightDecay);
    }
}
