package io.dendrite.optim;

import io.dendrite.tensor.Tensor;

/**
 * Nesterov accelerated momentum, in the form cs231n's notes give for an update that only sees the gradient
 * at the current {@code w} (the "look-ahead" is folded into the step):
 * <pre>
 *   v_prev = v
 *   v = μ · v − lr · dw
 *   w += −μ · v_prev + (1 + μ) · v
 * </pre>
 * State key {@value #VELOCITY}, zeros on the first update. With μ = 0 this is plain SGD.
 * The book's {@code Nesterov} writes the same update as {@code w += μ²·v_prev − (1+μ)·lr·dw}.
 */
public final class Nesterov extends VelocityRule {
    /** Default learning rate: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-2;
    /** Default momentum μ: {@value}. */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** State key of the velocity. */
    public static final String VELOCITY = VELOCITY_KEY;

    /** lr = {@value #DEFAULT_LEARNING_RATE}, μ = {@value #DEFAULT_MOMENTUM}. */
    public Nesterov() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** μ = {@value #DEFAULT_MOMENTUM}. */
    public Nesterov(double lr) {
        this(lr, DEFAULT_MOMENTUM);
    }

    public Nesterov(double lr, double momentum) {
        super("Nesterov", lr, momentum);
    }

    @Override
    public String name() {
        return "nesterov";
    }

    @Override
    void apply(Tensor w, Tensor dw, State state, int t) {
        Tensor v = state.tensorLike(VELOCITY, w);
        int n = w.size(), wo = w.offset(), go = dw.offset(), vo = v.offset();
        if (isF32(w)) {
            float[] W = w.floatData(), G = dw.floatData(), V = v.floatData();
            float lr = (float) learningRate(), mu = (float) momentum, onePlusMu = 1f + mu;
            for (int i = 0; i < n; i++) {
                float vPrev = V[vo + i];
                float vi = mu * vPrev - lr * G[go + i];
                V[vo + i] = vi;
                W[wo + i] += -mu * vPrev + onePlusMu * vi;
            }
        } else {
            double[] W = w.doubleData(), G = dw.doubleData(), V = v.doubleData();
            double lr = learningRate(), mu = momentum, onePlusMu = 1 + mu;
            for (int i = 0; i < n; i++) {
                double vPrev = V[vo + i];
                double vi = mu * vPrev - lr * G[go + i];
                V[vo + i] = vi;
                W[wo + i] += -mu * vPrev + onePlusMu * vi;
            }
        }
    }
}
