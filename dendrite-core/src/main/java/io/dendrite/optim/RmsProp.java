package io.dendrite.optim;

import io.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * RMSProp (Tieleman &amp; Hinton), in cs231n's form ({@code rmsprop}): a leaky average of squared gradients
 * scales each element's step.
 * <pre>
 *   cache = decay · cache + (1 − decay) · dw²
 *   w −= lr · dw / (√cache + eps)
 * </pre>
 * State key {@value #CACHE}, zeros on the first update. {@code decay} is cs231n's {@code decay_rate}
 * (PyTorch's {@code alpha}); cs231n's default 0.99 and eps 1e-8 are kept.
 */
public final class RmsProp extends ElementwiseRule {
    /** Default learning rate, as in cs231n: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-2;
    /** Default decay rate, as in cs231n: {@value}. */
    public static final double DEFAULT_DECAY = 0.99;
    /** Default epsilon, as in cs231n: {@value}. */
    public static final double DEFAULT_EPSILON = 1e-8;
    /** State key of the leaky average of squared gradients. */
    public static final String CACHE = "cache";

    private final double decay;
    private final double eps;

    /** lr = {@value #DEFAULT_LEARNING_RATE}, decay = {@value #DEFAULT_DECAY}, eps = {@value #DEFAULT_EPSILON}. */
    public RmsProp() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** decay = {@value #DEFAULT_DECAY}, eps = {@value #DEFAULT_EPSILON}. */
    public RmsProp(double lr) {
        this(lr, DEFAULT_DECAY, DEFAULT_EPSILON);
    }

    public RmsProp(double lr, double decay, double eps) {
        super("RmsProp", lr);
        this.decay = Args.unitInterval("RmsProp", "decay rate", decay);
        this.eps = Args.epsilon("RmsProp", eps);
    }

    public double decay() {
        return decay;
    }

    public double epsilon() {
        return eps;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    Map<String, Object> baseConfig() {
        Map<String, Object> m = super.baseConfig();
        m.put(UpdateRules.DECAY_RATE, decay);
        m.put(UpdateRules.EPSILON, eps);
        return m;
    }

    @Override
    void apply(Tensor w, Tensor dw, State state, int t) {
        Tensor cache = state.tensorLike(CACHE, w);
        int n = w.size(), wo = w.offset(), go = dw.offset(), co = cache.offset();
        if (isF32(w)) {
            float[] W = w.floatData(), G = dw.floatData(), C = cache.floatData();
            float lr = (float) learningRate(), d = (float) decay, oneMinusD = (float) (1 - decay), e = (float) eps;
            for (int i = 0; i < n; i++) {
                float g = G[go + i];
                float c = d * C[co + i] + oneMinusD * (g * g);
                C[co + i] = c;
                W[wo + i] -= lr * g / ((float) Math.sqrt(c) + e);
            }
        } else {
            double[] W = w.doubleData(), G = dw.doubleData(), C = cache.doubleData();
            double lr = learningRate(), d = decay, oneMinusD = 1 - decay, e = eps;
            for (int i = 0; i < n; i++) {
                double g = G[go + i];
                double c = d * C[co + i] + oneMinusD * (g * g);
                C[co + i] = c;
                W[wo + i] -= lr * g / (Math.sqrt(c) + e);
            }
        }
    }
}
