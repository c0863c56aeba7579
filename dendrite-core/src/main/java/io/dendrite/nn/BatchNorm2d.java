package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

/**
 * Spatial batch normalization of a convolution's output (cs231n {@code spatial_batchnorm_forward}).
 *
 * <p>x: input of shape (N, C, H, W); out: (N, C, H, W); γ ("gamma", init 1) and β ("beta", init 0): (C,).
 * Each channel is one feature whose statistics run over N·H·W values — exactly {@link BatchNorm} on the
 * (N·H·W, C) reshape that cs231n uses, computed here without the transpose:
 * <pre>
 *   μ_c = mean over (n, h, w) of x[n, c, h, w]      σ²_c = biased variance over the same values
 *   out[n, c, h, w] = γ_c · (x[n, c, h, w] − μ_c) / √(σ²_c + eps) + β_c
 *   dx = γ / (M·√(σ² + eps)) · (M·dout − dβ − x̂ · dγ),   M = N·H·W
 * </pre>
 * Running statistics, momentum (weight of the OLD value: {@value BatchNorm#DEFAULT_MOMENTUM}; PyTorch's 0.1 is
 * this 0.9), eps ({@value BatchNorm#DEFAULT_EPS}), training/evaluation behaviour and buffers are those of
 * {@link BatchNorm}.
 */
public final class BatchNorm2d extends BatchNormBase {
    public BatchNorm2d(int channels) {
        this(channels, BatchNorm.DEFAULT_MOMENTUM, BatchNorm.DEFAULT_EPS, DType.F32);
    }

    public BatchNorm2d(int channels, DType dtype) {
        this(channels, BatchNorm.DEFAULT_MOMENTUM, BatchNorm.DEFAULT_EPS, dtype);
    }

    /** {@code momentum} weighs the old running value (0.9 here is PyTorch's 0.1). */
    public BatchNorm2d(int channels, double momentum, double eps) {
        this(channels, momentum, eps, DType.F32);
    }

    public BatchNorm2d(int channels, double momentum, double eps, DType dtype) {
        super(channels, momentum, eps, dtype);
    }

    /** x (N, C, H, W) → out (N, C, H, W). */
    @Override
    public Tensor forward(Tensor x) {
        LayerChecks.images(this, x.shape(), channels, "BatchNorm");
        return forward(x, x.shape(0), x.shape(2) * x.shape(3));
    }

    @Override
    public String toString() {
        return describe("BatchNorm2d");
    }
}
