package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

/**
 * Batch normalization of a fully connected layer's output (cs231n {@code batchnorm_forward}).
 *
 * <p>x: input of shape (N, D); out: (N, D); γ ("gamma", init 1) and β ("beta", init 0): (D,).
 * <pre>
 *   training:   μ_j = (1/N) Σ_i x_ij            σ²_j = (1/N) Σ_i (x_ij − μ_j)²   (biased, as the seeds)
 *               x̂_ij = (x_ij − μ_j) / √(σ²_j + eps)
 *               out_ij = γ_j · x̂_ij + β_j
 *               running_mean ← momentum · running_mean + (1 − momentum) · μ
 *               running_var  ← momentum · running_var  + (1 − momentum) · σ²
 *   evaluation: the same x̂ and out with running_mean and running_var in place of μ and σ²
 *   backward (training, the closed form of cs231n's batchnorm_backward_alt):
 *               dβ = Σ_i dout_i     dγ = Σ_i dout_i · x̂_i
 *               dx = γ / (N·√(σ² + eps)) · (N·dout − dβ − x̂ · dγ)
 * </pre>
 * The step-by-step computational-graph backward (the book's) is kept in {@code BatchNormGraph}; tests check
 * that both agree.
 *
 * <p><b>Conventions.</b> {@code momentum} (default {@value #DEFAULT_MOMENTUM}) is the weight of the <em>old</em>
 * running value, as in cs231n; PyTorch's {@code momentum=0.1} weighs the new batch value, so PyTorch 0.1 is
 * Dendrite 0.9. The running variance is updated with the biased batch variance (cs231n; PyTorch uses the
 * unbiased one). running_mean starts at 0 and running_var at 1 (as PyTorch; cs231n starts the variance at 0,
 * which makes an untrained layer in evaluation mode multiply by 1/√eps).
 * The running statistics are {@link #buffers() buffers}, never {@link #parameters() parameters}: optimizers
 * do not see them, save/load does. The input must have the layer's dtype (default F32). Training with a single
 * example (N = 1) is refused: its batch variance is 0 and every output would be β.
 */
public final class BatchNorm extends BatchNormBase {
    /** Weight of the old running value in the running-average update (cs231n's default). */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** Added to the variance before the square root. */
    public static final double DEFAULT_EPS = 1e-5;

    /** F32 layer over {@code features} features with the default momentum and eps. */
    public BatchNorm(int features) {
        this(features, DEFAULT_MOMENTUM, DEFAULT_EPS, DType.F32);
    }

    public BatchNorm(int features, DType dtype) {
        this(features, DEFAULT_MOMENTUM, DEFAULT_EPS, dtype);
    }

    /** {@code momentum} weighs the old running value (0.9 here is PyTorch's 0.1). */
    public BatchNorm(int features, double momentum, double eps) {
        this(features, momentum, eps, DType.F32);
    }

    public BatchNorm(int features, double momentum, double eps, DType dtype) {
        super(features, momentum, eps, dtype);
    }

    /** x (N, D) → out (N, D). */
    @Override
    public Tensor forward(Tensor x) {
        LayerChecks.rows(this, x.shape(), channels, "BatchNorm2d");
        return forward(x, x.shape(0), 1);
    }

    @Override
    public String toString() {
        return describe("BatchNorm");
    }
}
