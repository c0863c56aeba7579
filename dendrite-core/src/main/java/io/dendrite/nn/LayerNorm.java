package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Layer normalization (cs231n {@code layernorm_forward}): each example is normalized over its own features.
 *
 * <p>x: input of shape (N, D); out: (N, D); γ ("gamma", init 1) and β ("beta", init 0): (D,).
 * A sequence (N, T, D) — a Transformer's — is normalized at every step over its D features, as PyTorch's
 * {@code nn.LayerNorm(D)} does: it is the same layer on the N·T rows of its (N·T, D) view.
 * <pre>
 *   μ_i = (1/D) Σ_j x_ij        σ²_i = (1/D) Σ_j (x_ij − μ_i)²
 *   x̂_ij = (x_ij − μ_i) / √(σ²_i + eps)          out_ij = γ_j · x̂_ij + β_j
 *   dβ = Σ_i dout_i    dγ = Σ_i dout_i · x̂_i    dx̂ = γ · dout
 *   dx_i = 1/(D·√(σ²_i + eps)) · (D·dx̂_i − Σ_j dx̂_ij − x̂_i · Σ_j dx̂_ij·x̂_ij)
 * </pre>
 * No running statistics: training and evaluation behave the same, and any batch size (also 1) works.
 * eps defaults to {@value #DEFAULT_EPS}. The input must have the layer's dtype (default F32).
 */
public final class LayerNorm extends SampleNormBase {
    /** Added to the variance before the square root. */
    public static final double DEFAULT_EPS = 1e-5;

    public LayerNorm(int features) {
        this(features, DEFAULT_EPS, DType.F32);
    }

    public LayerNorm(int features, DType dtype) {
        this(features, DEFAULT_EPS, dtype);
    }

    public LayerNorm(int features, double eps, DType dtype) {
        super(1, checkFeatures(features), eps, dtype);
    }

    private static int checkFeatures(int features) {
        if (features <= 0) {
            throw new IllegalArgumentException("invalid number of features: " + features + " (must be positive)");
        }
        return features;
    }

    /** x (N, D) → out (N, D), or x (N, T, D) → out (N, T, D), normalized over D. */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length == 3) {
            if (s[2] != channels) {
                throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " has " + s[2]
                        + " features per step, expected " + Shapes.format(s[0], s[1], channels)
                        + " — the previous layer must output " + channels + " features, or build this layer for " + s[2]);
            }
            return forward(x, s[0] * s[1], 1);   // the (N·T, D) rows: statistics per step, γ and β per feature
        }
        LayerChecks.rows(this, s, channels, "GroupNorm");
        return forward(x, s[0], 1);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + channels + ", eps=" + NormMath.format(eps) + ")";
    }
}
