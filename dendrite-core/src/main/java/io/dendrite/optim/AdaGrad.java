package io.dendrite.optim;

import io.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * AdaGrad (Duchi et al. 2011; the book's {@code AdaGrad}): per-element learning rates that shrink with the
 * sum of squared gradients seen so far.
 * <pre>
 *   cache += dw²
 *   w −= lr · dw / (√cache + eps)
 * </pre>
 * State key {@value #CACHE}, zeros on the first update. eps sits outside the square root, as in the book
 * and cs231n's notes (PyTorch's {@code Adagrad} does the same).
 */
public final class AdaGrad extends ElementwiseRule {
    /** Default learning rate, as in the book: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-2;
    /** Default epsilon, as in the book: {@value}. */
    public static final double DEFAULT_EPSILON = 1e-7;
    /** State key of the running sum of squared gradients. */
    public static final String CACHE = "cache";

    private final double eps;

    /** lr = {@value #DEFAULT_LEARNING_RATE}, eps = {@value #DEFAULT_EPSILON}. */
    public AdaGrad() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** eps = {@value #DEFAULT_EPSILON}. */
    public AdaGrad(double lr) {
        this(lr, DEFAULT_EPSILON);
    }

    public AdaGrad(double lr, double eps) {
        super("AdaGrad", lr);
        this.eps = Args.epsilon("AdaGrad", eps);
    }

    public double epsilon() {
        return eps;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    Map<String, Object> baseConfig() {
        Map<String, Object> m = super.baseConfig();
        m.put(UpdateRules.EPSILON, eps);
        return m;
    }

    @Override
    void apply(Tensor w, Tensor dw, State state, int t) {
        Tensor cache = state.tensorLike(CACHE, w);
        int n = w.size(), wo = w.offset(), go = dw.offset(), co = cache.offset();
        if (isF32(w)) {
            float[] W = w.floatData(), G = dw.floatData(), C = cache.floatData();
            float lr = (float) learningRate(), e = (float) eps;
            for (int i = 0; i < n; i++) {
                float g = G[go + i];
                float c = C[co + i] + g * g;
                C[co + i] = c;
                W[wo + i] -= lr * g / ((float) Math.sqrt(c) + e);
            }
        } else {
            double[] W = w.doubleData(), G = dw.doubleData(), C = cache.doubleData();
            double lr = learningRate(), e = eps;
            for (int i = 0; i < n; i++) {
                double g = G[go + i];
                double c = C[co + i] + g * g;
                C[co + i] = c;
                W[wo + i] -= lr * g / (Math.sqrt(c) + e);
            }
        }
    }
}
