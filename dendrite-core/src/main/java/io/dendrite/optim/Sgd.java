package io.dendrite.optim;

import io.dendrite.tensor.Tensor;

/**
 * Vanilla stochastic gradient descent (cs231n {@code sgd}, the book's {@code SGD}):
 * <pre>  w −= lr · dw</pre>
 * Keeps no state tensors; {@link State#step()} still counts updates.
 */
public final class Sgd extends ElementwiseRule {
    /** Default learning rate, as in cs231n's {@code sgd}: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-2;

    /** SGD with lr = {@value #DEFAULT_LEARNING_RATE}. */
    public Sgd() {
        this(DEFAULT_LEARNING_RATE);
    }

    public Sgd(double lr) {
        super("Sgd", lr);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    void apply(Tensor w, Tensor dw, State state, int t) {
        int n = w.size(), wo = w.offset(), go = dw.offset();
        if (isF32(w)) {
            float[] W = w.floatData(), G = dw.floatData();
            float lr = (float) learningRate();
            for (int i = 0; i < n; i++) {
                W[wo + i] -= lr * G[go + i];
            }
        } else {
            double[] W = w.doubleData(), G = dw.doubleData();
            double lr = learningRate();
            for (int i = 0; i < n; i++) {
                W[wo + i] -= lr * G[go + i];
            }
        }
    }
}
