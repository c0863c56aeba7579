package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

import java.util.List;

/**
 * What {@link LayerNorm} and {@link GroupNorm} share: statistics per (sample, group), no running statistics,
 * the same behaviour in training and evaluation, γ and β per channel. The input is viewed as {@code (N, C, Q)}
 * (Q = 1 for LayerNorm, H·W for GroupNorm); group g of sample n holds channels [g·C/G, (g+1)·C/G) and
 * M = C/G·Q values. LayerNorm is the case G = 1.
 */
abstract class SampleNormBase implements Layer {
    final int groups;
    final int channels;
    final double eps;
    private final Parameter gamma;
    private final Parameter beta;

    // what backward needs
    private int[] shape;
    private int n, q;
    private double[] xhat;
    private double[] invStd;
    private double[] gammaUsed;

    SampleNormBase(int groups, int channels, double eps, DType dtype) {
        NormMath.checkEps(eps);
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.gamma = new Parameter("gamma", Tensor.ones(dtype, channels));
        this.beta = new Parameter("beta", Tensor.zeros(dtype, channels));
    }

    /** Forward on the (N, C, Q) view of a shape-checked input. */
    final Tensor forward(Tensor x, int n, int q) {
        LayerChecks.requireDType(this, x, gamma.value().dtype());
        int s = n * groups, m = channels / groups * q;
        double[] xs = NormMath.values(x);
        if (xhat == null || xhat.length != xs.length) {
            xhat = new double[xs.length];
        }
        double[] mean = new double[s], var = new double[s];
        // statistics per (sample, group): μ = Σx/M, σ² = Σ(x−μ)²/M over that group's M values
        NormMath.moments(xs, 1, s, m, mean, var);
        invStd = NormMath.invStd(var, eps, var);
        NormMath.normalize(xs, 1, s, m, mean, invStd, xhat);           // x̂ = (x − μ)/√(σ² + eps)
        gammaUsed = NormMath.values(gamma.value()).clone();
        double[] out = NormMath.affine(xhat, n, channels, q, gammaUsed, NormMath.values(beta.value())); // γ_c·x̂ + β_c
        this.shape = x.shape();
        this.n = n;
        this.q = q;
        return NormMath.tensor(out, x.dtype(), shape);
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (shape == null) {
            throw LayerChecks.notForwarded(this);
        }
        double[] d = NormMath.values(LayerChecks.dout(this, dout, shape, gamma.value().dtype()));
        double[] dgamma = new double[channels], dbeta = new double[channels];
        NormMath.affineGrads(d, xhat, n, channels, q, dgamma, dbeta);      // dγ = Σ dout·x̂, dβ = Σ dout
        double[] dxhat = NormMath.scaleByChannel(d, n, channels, q, gammaUsed); // dx̂ = γ_c·dout
        // through μ and σ² of each group: dx = 1/(M·√(σ²+eps)) · (M·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂))
        double[] dx = NormMath.normalizeBackward(dxhat, xhat, n * groups, channels / groups * q, invStd);
        NormMath.accumulate(gamma.grad(), dgamma);
        NormMath.accumulate(beta.grad(), dbeta);
        return NormMath.tensor(dx, gamma.value().dtype(), shape);
    }

    /** The number of channels (GroupNorm) or features (LayerNorm) C. */
    public int channels() {
        return channels;
    }

    /** The number of groups G (1 for LayerNorm). */
    public int groups() {
        return groups;
    }

    /** The constant added to the variance before the square root. */
    public double eps() {
        return eps;
    }

    /** γ then β, each of shape (C,). */
    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }
}
