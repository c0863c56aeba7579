package io.dendrite.model;

import io.dendrite.nn.Loss;
import io.dendrite.nn.LossResult;
import io.dendrite.nn.MulticlassHinge;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * cs231n assignment 1's linear-classifier losses, each in a naive form (explicit loops over examples and
 * classes, the way the assignment asks for them first) and a vectorized form (one GEMM for the scores, the
 * network losses {@link MulticlassHinge} and {@link SoftmaxCrossEntropy} for the data term, one GEMM for dW):
 * {@code svm_loss_naive}, {@code svm_loss_vectorized}, {@code softmax_loss_naive}, {@code softmax_loss_vectorized}.
 *
 * <p>Shapes as in cs231n: {@code W (D, C)}, {@code X (N, D)}, {@code y} N labels in {@code [0, C)}. There is no
 * bias: cs231n folds it into W by appending a constant 1 to every row of X (the "bias trick"); do that to X when
 * you want one. W and X must share a dtype; the result's dW has W's dtype.
 * <pre>
 *   SVM:      L = (1/N) Σ_i Σ_{j≠y_i} max(0, s_ij − s_iy_i + 1) + reg·ΣW²,     s = X·W
 *   softmax:  L = (1/N) Σ_i −log(exp(s_iy_i) / Σ_j exp(s_ij))   + reg·ΣW²
 *   dW = Xᵀ·dL/ds + 2·reg·W
 * </pre>
 * <b>Regularization convention:</b> these functions use cs231n assignment 1's {@code reg·ΣW²} with gradient
 * {@code 2·reg·W}, so their numbers match the notebook. Dendrite's networks (and so {@link LinearClassifier}
 * trained by the Solver) use the seeds' {@code 0.5·reg·ΣW²}: the loss here with {@code reg} equals a network's
 * loss with {@code 2·reg}.
 *
 * <p>The SVM's subgradient at a margin of exactly 0 is taken as 0 in both forms, as {@link MulticlassHinge} does.
 */
public final class LinearLosses {
    /** cs231n's SVM margin Δ. */
    public static final double MARGIN = MulticlassHinge.DEFAULT_MARGIN;

    private LinearLosses() {
    }

    /** A loss and its gradient with respect to W, shaped (D, C) like W. */
    public record LossAndGradient(double loss, Tensor dW) {
    }

    /** The multiclass SVM loss with loops over examples and classes ({@code svm_loss_naive}). */
    public static LossAndGradient svmNaive(Tensor W, Tensor X, int[] y, double reg) {
        int[] dims = check("svmNaive", W, X, y, reg);
        int n = dims[0], d = dims[1], c = dims[2];
        double[] w = W.toDoubleArray(), x = X.toDoubleArray();
        double[] dw = new double[d * c];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] scores = rowTimesW(x, i, w, d, c);                        // s_i = x_i · W
            double correct = scores[y[i]];
            for (int j = 0; j < c; j++) {
                if (j == y[i]) {
                    continue;
                }
                double margin = scores[j] - correct + MARGIN;
                if (margin > 0) {
                    loss += margin;
                    for (int k = 0; k < d; k++) {                              // ∂/∂W[:, j] += x_i, ∂/∂W[:, y_i] −= x_i
                        dw[k * c + j] += x[i * d + k];
                        dw[k * c + y[i]] -= x[i * d + k];
                    }
                }
            }
        }
        return finish(loss, dw, n, w, W, reg);
    }

    /** The multiclass SVM loss without loops over examples ({@code svm_loss_vectorized}). */
    public static LossAndGradient svmVectorized(Tensor W, Tensor X, int[] y, double reg) {
        check("svmVectorized", W, X, y, reg);
        return vectorized(new MulticlassHinge(MARGIN), W, X, y, reg);
    }

    /** The softmax (cross-entropy) loss with loops over examples and classes ({@code softmax_loss_naive}). */
    public static LossAndGradient softmaxNaive(Tensor W, Tensor X, int[] y, double reg) {
        int[] dims = check("softmaxNaive", W, X, y, reg);
        int n = dims[0], d = dims[1], c = dims[2];
        double[] w = W.toDoubleArray(), x = X.toDoubleArray();
        double[] dw = new double[d * c];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] scores = rowTimesW(x, i, w, d, c);
            double max = Double.NEGATIVE_INFINITY;                             // shift by the max: exp stays finite
            for (int j = 0; j < c; j++) {
                max = Math.max(max, scores[j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(scores[j] - max);
            }
            loss += Math.log(sum) - (scores[y[i]] - max);                      // −log p_iy_i
            for (int j = 0; j < c; j++) {
                double p = Math.exp(scores[j] - max) / sum;
                double ds = p - (j == y[i] ? 1 : 0);                           // ∂L_i/∂s_ij = p_ij − [j = y_i]
                for (int k = 0; k < d; k++) {
                    dw[k * c + j] += ds * x[i * d + k];                        // ∂L_i/∂W[k, j] = x_ik · ∂L_i/∂s_ij
                }
            }
        }
        return finish(loss, dw, n, w, W, reg);
    }

    /** The softmax loss without loops over examples ({@code softmax_loss_vectorized}). */
    public static LossAndGradient softmaxVectorized(Tensor W, Tensor X, int[] y, double reg) {
        check("softmaxVectorized", W, X, y, reg);
        return vectorized(new SoftmaxCrossEntropy(), W, X, y, reg);
    }

    /** s = X·W; data loss and ds from the network loss; dW = Xᵀ·ds + 2·reg·W. */
    private static LossAndGradient vectorized(Loss dataLoss, Tensor W, Tensor X, int[] y, double reg) {
        Tensor scores = X.matmul(W);                                           // s = X·W          (N, C)
        LossResult data = dataLoss.compute(scores, y);                         // L_data, ds = ∂L/∂s (mean over N)
        Tensor dW = X.matmulTN(data.grad());                                   // dW = Xᵀ·ds       (D, C)
        dW.addScaledi(W, 2 * reg);                                             //    + 2·reg·W
        double penalty = 0;
        for (double v : W.toDoubleArray()) {
            penalty += v * v;
        }
        return new LossAndGradient(data.loss() + reg * penalty, dW);
    }

    private static double[] rowTimesW(double[] x, int i, double[] w, int d, int c) {
        double[] s = new double[c];
        for (int j = 0; j < c; j++) {
            double acc = 0;
            for (int k = 0; k < d; k++) {
                acc += x[i * d + k] * w[k * c + j];
            }
            s[j] = acc;
        }
        return s;
    }

    /** Averages over the N examples and adds reg·ΣW² (gradient 2·reg·W). */
    private static LossAndGradient finish(double loss, double[] dw, int n, double[] w, Tensor W, double reg) {
        double penalty = 0;
        for (int k = 0; k < dw.length; k++) {
            dw[k] = dw[k] / n + 2 * reg * w[k];
            penalty += w[k] * w[k];
        }
        return new LossAndGradient(loss / n + reg * penalty, Tensor.of(dw, W.shape()).to(W.dtype()));
    }

    /** Checks shapes, dtypes, labels and reg at the door; returns {N, D, C}. */
    private static int[] check(String what, Tensor W, Tensor X, int[] y, double reg) {
        if (W.ndim() != 2 || X.ndim() != 2) {
            throw new IllegalArgumentException("LinearLosses." + what + ": W must be (D, C) and X (N, D), got W "
                    + Shapes.format(W.shape()) + " and X " + Shapes.format(X.shape()));
        }
        int n = X.shape(0), d = X.shape(1), c = W.shape(1);
        if (W.shape(0) != d) {
            throw new IllegalArgumentException("LinearLosses." + what + ": X " + Shapes.format(X.shape()) + " has " + d
                    + " features but W " + Shapes.format(W.shape()) + " expects " + W.shape(0)
                    + " — append the bias column to X (or drop it from W) so that both agree");
        }
        if (W.dtype() != X.dtype()) {
            throw new IllegalArgumentException("LinearLosses." + what + ": W is " + W.dtype() + " but X is " + X.dtype()
                    + " — convert one with to(DType)");
        }
        if (y.length != n) {
            throw new IllegalArgumentException("LinearLosses." + what + ": " + y.length + " labels for " + n + " rows of X");
        }
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= c) {
                throw new IllegalArgumentException("LinearLosses." + what + ": label " + y[i] + " of example " + i
                        + " is outside [0, " + c + ") for W " + Shapes.format(W.shape()));
            }
        }
        if (!(reg >= 0) || Double.isInfinite(reg)) {
            throw new IllegalArgumentException("LinearLosses." + what + ": invalid reg " + reg + " (must be finite and ≥ 0)");
        }
        if (n == 0) {
            throw new IllegalArgumentException("LinearLosses." + what + ": X has no rows; the mean loss over 0 examples is undefined");
        }
        return new int[]{n, d, c};
    }
}
