package io.dendrite.optim;

import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Simd;

/**
 * Adam (Kingma &amp; Ba 2015), in cs231n's form ({@code adam}):
 * <pre>
 *   t = t + 1                                  (incremented before use)
 *   m = β1 · m + (1 − β1) · dw
 *   v = β2 · v + (1 − β2) · dw²
 *   mt = m / (1 − β1^t)
 *   vt = v / (1 − β2^t)
 *   w −= lr · mt / (√vt + eps)
 * </pre>
 * State keys {@value #M} and {@value #V} (zeros on the first update) and {@link State#step()} as {@code t}:
 * a state holding t = 5 makes this update use t = 6 and store 6. eps is added after the square root of the
 * bias-corrected {@code vt}, as in cs231n and PyTorch; the book's {@code Adam} folds the corrections into
 * the learning rate instead, which moves eps by a factor {@code √(1 − β2^t)}.
 */
public final class Adam extends AdamBase {
    /** Default learning rate, as in cs231n: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Default β1, as in cs231n and the paper: {@value}. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Default β2, as in cs231n and the paper: {@value}. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Default epsilon, as in cs231n and the paper: {@value}. */
    public static final double DEFAULT_EPSILON = 1e-8;
    /** State key of the first moment. */
    public static final String M = "m";
    /** State key of the second moment. */
    public static final String V = "v";

    /** lr = {@value #DEFAULT_LEARNING_RATE}, β1 = {@value #DEFAULT_BETA1}, β2 = {@value #DEFAULT_BETA2}, eps = {@value #DEFAULT_EPSILON}. */
    public Adam() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** β1 = {@value #DEFAULT_BETA1}, β2 = {@value #DEFAULT_BETA2}, eps = {@value #DEFAULT_EPSILON}. */
    public Adam(double lr) {
        this(lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public Adam(double lr, double beta1, double beta2, double eps) {
        super("Adam", lr, beta1, beta2, eps);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    void apply(Tensor w, Tensor dw, State state, int t) {
        step(w, dw, state, t, learningRate(), beta1, beta2, eps, 1.0);
    }

    /**
     * The fused Adam loop, shared with {@link AdamW}: {@code w = keep·w − lr·mt/(√vt + eps)}, where
     * {@code keep} is 1 for Adam and {@code 1 − lr·weightDecay} for AdamW.
     */
    static void step(Tensor w, Tensor dw, State state, int t, double lr, double beta1, double beta2, double eps,
                     double keep) {
        Tensor m = state.tensorLike(M, w);
        Tensor v = state.tensorLike(V, w);
        // 1/(1 − β^t) once per step instead of a division per element.
        double c1 = 1.0 / (1.0 - Math.pow(beta1, t));
        double c2 = 1.0 / (1.0 - Math.pow(beta2, t));
        int n = w.size(), wo = w.offset(), go = dw.offset(), mo = m.offset(), vo = v.offset();
        if (w.dtype() == io.dendrite.tensor.DType.F32) {
            float[] W = w.floatData(), G = dw.floatData(), Mm = m.floatData(), Vv = v.floatData();
            float b1 = (float) beta1, ob1 = (float) (1 - beta1), b2 = (float) beta2, ob2 = (float) (1 - beta2);
            float fc1 = (float) c1, fc2 = (float) c2, flr = (float) lr, e = (float) eps, k = (float) keep;
            // the vector loop when the Vector API is enabled; the scalar loop below does the rest (or all)
            int i = Simd.AVAILABLE
                    ? AdamF32Vector.step(W, wo, G, go, Mm, mo, Vv, vo, n, b1, ob1, b2, ob2, fc1, fc2, flr, e, k) : 0;
            for (; i < n; i++) {
                float g = G[go + i];
                float mi = b1 * Mm[mo + i] + ob1 * g;
                float vi = b2 * Vv[vo + i] + ob2 * (g * g);
                Mm[mo + i] = mi;
                Vv[vo + i] = vi;
                W[wo + i] = k * W[wo + i] - flr * (mi * fc1) / ((float) Math.sqrt(vi * fc2) + e);
            }
        } else {
            double[] W = w.doubleData(), G = dw.doubleData(), Mm = m.doubleData(), Vv = v.doubleData();
            double ob1 = 1 - beta1, ob2 = 1 - beta2;
            for (int i = 0; i < n; i++) {
                double g = G[go + i];
                double mi = beta1 * Mm[mo + i] + ob1 * g;
                double vi = beta2 * Vv[vo + i] + ob2 * (g * g);
                Mm[mo + i] = mi;
                Vv[vo + i] = vi;
                W[wo + i] = keep * W[wo + i] - lr * (mi * c1) / (Math.sqrt(vi * c2) + eps);
            }
        }
    }
}
