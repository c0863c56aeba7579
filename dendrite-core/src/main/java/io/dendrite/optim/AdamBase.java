package io.dendrite.optim;

import java.util.Map;

/**
 * What {@link Adam} and {@link AdamW} share: β1, β2 and ε, validated and written into the rule's configuration.
 * Both step with {@link Adam#step}; AdamW adds its decoupled weight decay.
 */
abstract class AdamBase extends ElementwiseRule {
    final double beta1;
    final double beta2;
    final double eps;

    AdamBase(String displayName, double lr, double beta1, double beta2, double eps) {
        super(displayName, lr);
        this.beta1 = Args.unitInterval(displayName, "beta1", beta1);
        this.beta2 = Args.unitInterval(displayName, "beta2", beta2);
        this.eps = Args.epsilon(displayName, eps);
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return eps;
    }

    @Override
    Map<String, Object> baseConfig() {
        Map<String, Object> m = super.baseConfig();
        m.put(UpdateRules.BETA1, beta1);
        m.put(UpdateRules.BETA2, beta2);
        m.put(UpdateRules.EPSILON, eps);
        return m;
    }
}
