package io.dendrite.optim;

import io.dendrite.tensor.Tensor;

/**
 * SGD with momentum, in cs231n's form ({@code sgd_momentum}, also the book's {@code Momentum}):
 * <pre>
 *   v = μ · v − lr · dw
 *   w += v
 * </pre>
 * State key {@value #VELOCITY}, zeros on the first update.
 *
 * <p>Differs from PyTorch's {@code SGD(momentum=μ)}, which accumulates {@code b = μ·b + dw} and steps
 * {@code w −= lr·b}; the two agree for a constant learning rate but not when a schedule changes it, because
 * here the velocity carries the old learning rate with it.
 */
public final class Momentum extends VelocityRule {
    /** Default learning rate, as in cs231n: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-2;
    /** Default momentum μ, as in cs231n and the book: {@value}. */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** State key of the velocity. */
    public static final String VELOCITY = VELOCITY_KEY;

    /** lr = {@value #DEFAULT_LEARNING_RATE}, μ = {@value #DEFAULT_MOMENTUM}. */
    public Momentum() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** μ = {@value #DEFAULT_MOMENTUM}. */
    public Momentum(double lr) {
        this(lr, DEFAULT_MOMENTUM);
    }

    public Momentum(double lr, double momentum) {
        super("Momentum", lr, momentum);
    }

    @Override
    public String name() {
        return "momentum";
    }

    @Override
    void apply(Tensor w, Tensor dw, State state, int t) {
        Tensor v = state.tensorLike(VELOCITY, w);
        int n = w.size(), wo = w.offset(), go = dw.offset(), vo = v.offset();
        if (isF32(w)) {
            float[] W = w.floatData(), G = dw.floatData(), V = v.floatData();
            float lr = (float) learningRate(), mu = (float) momentum;
            for (int i = 0; i < n; i++) {
                float vi = mu * V[vo + i] - lr * G[go + i];
                V[vo + i] = vi;
                W[wo + i] += vi;
            }
        } else {
            double[] W = w.doubleData(), G = dw.doubleData(), V = v.doubleData();
            double lr = learningRate(), mu = momentum;
            for (int i = 0; i < n; i++) {
                double vi = mu * V[vo + i] - lr * G[go + i];
                V[vo + i] = vi;
                W[wo + i] += vi;
            }
        }
    }
}
