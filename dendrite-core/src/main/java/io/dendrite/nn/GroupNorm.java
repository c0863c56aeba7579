package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

/**
 * Group normalization (cs231n {@code spatial_groupnorm_forward}): each example's channels are split into G
 * groups of C/G consecutive channels, and each group is normalized over its C/G·H·W values.
 *
 * <p>x: input of shape (N, C, H, W); out: (N, C, H, W); γ ("gamma", init 1) and β ("beta", init 0): (C,) —
 * one per channel, shaped (C,) like every Dendrite parameter vector (cs231n shapes them (1, C, 1, 1)).
 * <pre>
 *   for sample n and group g (channels c in [g·C/G, (g+1)·C/G)), M = C/G·H·W:
 *   μ_ng = (1/M) Σ x[n, c, h, w]       σ²_ng = (1/M) Σ (x[n, c, h, w] − μ_ng)²
 *   out[n, c, h, w] = γ_c · (x[n, c, h, w] − μ_ng) / √(σ²_ng + eps) + β_c
 *   dβ_c = Σ_(n,h,w) dout    dγ_c = Σ_(n,h,w) dout·x̂    dx̂ = γ_c · dout
 *   dx = 1/(M·√(σ²_ng + eps)) · (M·dx̂ − Σ dx̂ − x̂ · Σ dx̂·x̂),  sums over the group
 * </pre>
 * G = 1 is layer normalization over (C, H, W); G = C is instance normalization. No running statistics:
 * training and evaluation behave the same. eps defaults to {@value #DEFAULT_EPS}. The input must have the
 * layer's dtype (default F32).
 */
public final class GroupNorm extends SampleNormBase {
    /** Added to the variance before the square root. */
    public static final double DEFAULT_EPS = 1e-5;

    public GroupNorm(int groups, int channels) {
        this(groups, channels, DEFAULT_EPS, DType.F32);
    }

    public GroupNorm(int groups, int channels, DType dtype) {
        this(groups, channels, DEFAULT_EPS, dtype);
    }

    public GroupNorm(int groups, int channels, double eps, DType dtype) {
        super(checkGroups(groups, channels), channels, eps, dtype);
    }

    private static int checkGroups(int groups, int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException("invalid number of channels: " + channels + " (must be positive)");
        }
        if (groups <= 0) {
            throw new IllegalArgumentException("invalid number of groups: " + groups + " (must be positive)");
        }
        if (channels % groups != 0) {
            StringBuilder divisors = new StringBuilder();
            for (int g = 1; g <= channels; g++) {
                if (channels % g == 0) {
                    divisors.append(divisors.length() == 0 ? "" : ", ").append(g);
                }
            }
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels cannot be split into " + groups
                    + " equal groups (channels % groups = " + channels % groups + ") — choose groups among the divisors of "
                    + channels + ": " + divisors);
        }
        return groups;
    }

    /** x (N, C, H, W) → out (N, C, H, W). */
    @Override
    public Tensor forward(Tensor x) {
        LayerChecks.images(this, x.shape(), channels, "LayerNorm");
        return forward(x, x.shape(0), x.shape(2) * x.shape(3));
    }

    @Override
    public String toString() {
        return "GroupNorm(" + groups + ", " + channels + ", eps=" + NormMath.format(eps) + ")";
    }
}
