package io.dendrite.optim;

import java.util.Map;

/**
 * What {@link Momentum} and {@link Nesterov} share: the momentum μ (validated in [0, 1], written into the rule's
 * configuration) and the velocity kept in each parameter's state. The subclasses differ only in the step.
 */
abstract class VelocityRule extends ElementwiseRule {
    /** State key of the velocity, zeros on the first update. */
    static final String VELOCITY_KEY = "velocity";

    final double momentum;

    VelocityRule(String displayName, double lr, double momentum) {
        super(displayName, lr);
        this.momentum = Args.unitInterval(displayName, "momentum", momentum);
    }

    public double momentum() {
        return momentum;
    }

    @Override
    Map<String, Object> baseConfig() {
        Map<String, Object> m = super.baseConfig();
        m.put(UpdateRules.MOMENTUM, momentum);
        return m;
    }
}
