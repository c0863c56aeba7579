package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * The stand-alone functions of <i>Deep Learning from Scratch</i> (chapters 3–4), for experiments and for
 * readers following the book. Networks use the layers and losses instead, which also have backward passes.
 * Every function returns a new tensor in the input's dtype (except {@link #identity}, which returns its input).
 */
public final class Functions {
    /** The book's {@code delta} in cross_entropy_error: keeps log away from log(0). */
    public static final double CROSS_ENTROPY_DELTA = 1e-7;

    private Functions() {
    }

    /** Step function: 1 where x > 0, else 0. */
    public static Tensor step(Tensor x) {
        return x.gt(0);
    }

    /** 1 / (1 + e^−x), without overflow for large |x|. */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** max(0, x). */
    public static Tensor relu(Tensor x) {
        return x.maximum(0);
    }

    /** The output layer's activation for regression: returns x itself. */
    public static Tensor identity(Tensor x) {
        return x;
    }

    /**
     * Softmax over the last axis (each row of a (N, C) tensor; the whole vector of a 1-D one), stable:
     * the row max is subtracted before exponentiating, which leaves the result unchanged.
     */
    public static Tensor softmax(Tensor x) {
        if (x.ndim() == 0) {
            throw new IllegalArgumentException("softmax: needs at least one axis, got a scalar");
        }
        Tensor e = x.sub(x.max(-1, true)).exp();
        return e.divi(e.sum(-1, true));
    }

    /**
     * Cross-entropy of probabilities {@code y} (N, C) — or one sample (C,) — against integer labels:
     * −(1/N) Σ_i log(y_i,t_i + δ).
     */
    public static double crossEntropyError(Tensor y, int[] labels) {
        Tensor y2 = y.ndim() == 1 ? y.reshape(1, y.size()) : y;
        LossChecks.scoresAndLabels("crossEntropyError", y2, labels);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum += Math.log(y2.get(i, labels[i]) + CROSS_ENTROPY_DELTA);
        }
        return -sum / labels.length;
    }

    /**
     * Cross-entropy of probabilities {@code y} against target rows {@code t} of the same shape (one-hot in the
     * book): −(1/N) Σ t·log(y + δ). For one-hot rows this equals the label form; N = 1 for 1-D inputs.
     */
    public static double crossEntropyError(Tensor y, Tensor t) {
        LossChecks.scoresAndTargets("crossEntropyError", y, t);
        int n = y.ndim() == 1 ? 1 : y.shape(0);
        return -t.mul(y.add(CROSS_ENTROPY_DELTA).log()).sum() / n;
    }

    /** The book's mean_squared_error: ½ Σ (y − t)², without division (see {@link MeanSquaredError} for batches). */
    public static double meanSquaredError(Tensor y, Tensor t) {
        if (!Shapes.same(y.shape(), t.shape())) {
            throw new IllegalArgumentException("meanSquaredError: y " + Shapes.format(y.shape()) + " and t "
                    + Shapes.format(t.shape()) + " must have the same shape");
        }
        return 0.5 * y.sub(t).square().sum();
    }

    /** One-hot rows (N, C) in F64: row i has a 1 at column labels[i]. */
    public static Tensor oneHot(int[] labels, int numClasses) {
        return oneHot(labels, numClasses, DType.F64);
    }

    /** One-hot rows (N, C) in {@code dtype}. */
    public static Tensor oneHot(int[] labels, int numClasses, DType dtype) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("oneHot: invalid number of classes: " + numClasses);
        }
        Tensor t = Tensor.zeros(dtype, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("oneHot: label " + labels[i] + " at index " + i + " is outside [0, "
                        + numClasses + ")");
            }
            t.set(1, i, labels[i]);
        }
        return t;
    }
}
