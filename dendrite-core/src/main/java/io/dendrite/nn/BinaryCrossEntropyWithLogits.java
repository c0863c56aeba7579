package io.dendrite.nn;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Binary cross-entropy on logits, averaged over every element (PyTorch's {@code BCEWithLogitsLoss} with
 * {@code reduction='mean'}, cs231n's GAN {@code bce_loss}):
 * <pre>
 *   ℓ(x, t) = −[t·log σ(x) + (1 − t)·log(1 − σ(x))]
 *           = max(x, 0) − x·t + log(1 + exp(−|x|))          (never exp of a large positive number, never log 0)
 *   L       = (1/M) Σ ℓ(x_k, t_k)        M = number of elements
 *   dL/dx   = (σ(x) − t) / M
 * </pre>
 * logits and targets have the same shape (N, …); targets are probabilities in [0, 1] (usually 0 or 1). The
 * arithmetic is done in double and the gradient returned in the logits' dtype. The loss is finite and exact for
 * any finite logit (at ±1000 too) and takes its limit at ±∞ (0 where the target agrees, ∞ where it does not); a NaN
 * logit is refused with its index.
 */
public final class BinaryCrossEntropyWithLogits {
    /** The loss holds no state; {@link #compute} is static, so an instance is only a handle to pass around. */
    public BinaryCrossEntropyWithLogits() {
    }

    /**
     * The mean binary cross-entropy of {@code logits} against {@code targets} and its gradient with respect to
     * the logits.
     *
     * @param logits  raw scores (N, …), any real values
     * @param targets probabilities in [0, 1], the logits' shape
     */
    public static LossResult compute(Tensor logits, Tensor targets) {
        String name = "BinaryCrossEntropyWithLogits";
        if (logits == null || targets == null) {
            throw new IllegalArgumentException(name + ": " + (logits == null ? "logits" : "targets") + " must not be null");
        }
        if (!Shapes.same(logits.shape(), targets.shape())) {
            throw new IllegalArgumentException(name + ": targets " + Shapes.format(targets.shape()) + " do not match logits "
                    + Shapes.format(logits.shape()) + " — give one target probability per logit, in the logits' shape");
        }
        if (logits.size() == 0) {
            throw new IllegalArgumentException(name + ": logits " + Shapes.format(logits.shape()) + " hold no elements");
        }
        double[] x = logits.toDoubleArray(), t = targets.toDoubleArray();
        double[] g = new double[x.length];
        int m = x.length;
        double sum = 0;
        for (int k = 0; k < m; k++) {
            if (!(t[k] >= 0 && t[k] <= 1)) {
                throw new IllegalArgumentException(name + ": target " + t[k] + " at flat index " + k + " of "
                        + Shapes.format(targets.shape()) + " is outside [0, 1] — targets are probabilities (1 real, 0 fake)");
            }
            if (Double.isNaN(x[k])) {
                throw new IllegalArgumentException(name + ": logit at flat index " + k + " of "
                        + Shapes.format(logits.shape()) + " is NaN — the network producing it has diverged");
            }
            sum += term(x[k], t[k]);
            g[k] = (sigmoid(x[k]) - t[k]) / m;
        }
        return new LossResult(sum / m, LossChecks.gradLike(logits, g));
    }

    /** max(x, 0) − x·t + log(1 + e^{−|x|}), written so that x = ±∞ with an agreeing target gives 0, not ∞ − ∞. */
    static double term(double x, double t) {
        double linear = x >= 0 ? (t == 1 ? 0 : x * (1 - t)) : (t == 0 ? 0 : -x * t);
        return linear + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** σ(x) with exp of a non-positive number only, so neither branch overflows. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    @Override
    public String toString() {
        return "BinaryCrossEntropyWithLogits";
    }
}
