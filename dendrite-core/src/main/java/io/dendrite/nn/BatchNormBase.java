package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link BatchNorm} and {@link BatchNorm2d} share: γ, β, the running statistics and the math, on an input
 * viewed as {@code (N, C, Q)} with statistics per channel over {@code M = N·Q} values (Q = 1 for BatchNorm,
 * H·W for BatchNorm2d). The subclasses only check the shape and say what N and Q are.
 */
abstract class BatchNormBase implements Layer {
    final int channels;
    final double momentum;
    final double eps;
    private final Parameter gamma;
    private final Parameter beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Map<String, Tensor> buffers;
    private boolean training = true;

    // what backward needs
    private int[] shape;
    private int n, q;
    private double[] xhat;        // x̂ of the last forward on the double path, or
    private float[] xhatF;        // on the float path (exactly one of the two is set)
    private double[] gammaUsed;
    private final double[] invStd;
    private boolean batchStats;
    private final double[] mean, var;

    BatchNormBase(int channels, double momentum, double eps, DType dtype) {
        if (channels <= 0) {
            throw new IllegalArgumentException("invalid number of " + (this instanceof BatchNorm2d ? "channels" : "features")
                    + ": " + channels + " (must be positive)");
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("invalid momentum: " + momentum
                    + " (must be in [0, 1]; it is the weight of the OLD running value, e.g. 0.9)");
        }
        NormMath.checkEps(eps);
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        this.gamma = new Parameter("gamma", Tensor.ones(dtype, channels));
        this.beta = new Parameter("beta", Tensor.zeros(dtype, channels));
        this.runningMean = Tensor.zeros(dtype, channels);
        this.runningVar = Tensor.ones(dtype, channels);
        Map<String, Tensor> b = new LinkedHashMap<>();
        b.put("running_mean", runningMean);
        b.put("running_var", runningVar);
        this.buffers = Collections.unmodifiableMap(b);
        this.invStd = new double[channels];
        this.mean = new double[channels];
        this.var = new double[channels];
    }

    /** Forward on the (N, C, Q) view of a shape-checked input. */
    final Tensor forward(Tensor x, int n, int q) {
        LayerChecks.requireDType(this, x, gamma.value().dtype());
        if (training && (long) n * q < 2) {
            throw new IllegalArgumentException(this + ": training needs more than one value per "
                    + (this instanceof BatchNorm2d ? "channel" : "feature") + " to compute batch statistics, got input "
                    + Shapes.format(x.shape()) + " — use a batch of 2 or more, or setTraining(false)");
        }
        boolean floatPath = usesFloatKernel(x, q);
        Tensor xc = floatPath ? x.contiguous() : x;
        double[] xs = floatPath ? null : NormMath.values(x);
        if (training) {
            // μ = Σx/M, σ² = Σ(x−μ)²/M (biased, as the seeds); running ← momentum·running + (1−momentum)·batch
            if (floatPath) {
                BatchNormF32.moments(xc.floatData(), xc.offset(), n, channels, q, mean, var);
            } else {
                NormMath.moments(xs, n, channels, q, mean, var);
            }
            updateRunning(runningMean, mean);
            updateRunning(runningVar, var);
        } else {
            System.arraycopy(NormMath.values(runningMean), 0, mean, 0, channels);
            System.arraycopy(NormMath.values(runningVar), 0, var, 0, channels);
        }
        NormMath.invStd(var, eps, invStd);
        gammaUsed = NormMath.values(gamma.value()).clone();
        double[] betaNow = NormMath.values(beta.value());
        this.shape = x.shape();
        this.n = n;
        this.q = q;
        this.batchStats = training;
        int size = x.size();
        if (floatPath) {
            if (xhatF == null || xhatF.length != size) {
                xhatF = new float[size];
            }
            xhat = null;
            float[] out = new float[size];
            BatchNormF32.normalize(xc.floatData(), xc.offset(), n, channels, q, mean, invStd, gammaUsed, betaNow, xhatF, out);
            return Tensor.of(out, shape);
        }
        if (xhat == null || xhat.length != size) {
            xhat = new double[size];
        }
        xhatF = null;
        NormMath.normalize(xs, n, channels, q, mean, invStd, xhat);     // x̂ = (x − μ)/√(σ² + eps)
        double[] out = NormMath.affine(xhat, n, channels, q, gammaUsed, betaNow); // γ·x̂ + β
        return NormMath.tensor(out, x.dtype(), shape);
    }

    /**
     * F32 inputs with Q &gt; 1 (BatchNorm2d) run {@link BatchNormF32}; everything else the double loops of
     * {@link NormMath} (F64, where gradient checks need every digit, and (N, D) inputs, which are small).
     */
    private static boolean usesFloatKernel(Tensor x, int q) {
        return x.dtype() == DType.F32 && q > 1;
    }

    private void updateRunning(Tensor running, double[] batch) {
        double[] r = NormMath.values(running).clone();
        for (int c = 0; c < channels; c++) {
            r[c] = momentum * r[c] + (1 - momentum) * batch[c];
        }
        NormMath.store(running, r);
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (shape == null) {
            throw LayerChecks.notForwarded(this);
        }
        Tensor dc = LayerChecks.dout(this, dout, shape, gamma.value().dtype());
        double[] dgamma = new double[channels], dbeta = new double[channels];
        if (xhatF != null) {
            BatchNormF32.affineGrads(dc.floatData(), dc.offset(), xhatF, n, channels, q, dgamma, dbeta);
            float[] dx = BatchNormF32.inputGrad(dc.floatData(), dc.offset(), xhatF, n, channels, q, gammaUsed, invStd,
                    dgamma, dbeta, batchStats);
            accumulateGrads(dgamma, dbeta);
            return Tensor.of(dx, shape);
        }
        double[] d = NormMath.values(dc);
        NormMath.affineGrads(d, xhat, n, channels, q, dgamma, dbeta);    // dγ = Σ dout·x̂, dβ = Σ dout
        double[] dx;
        if (batchStats) {
            // μ and σ² depend on x: dx = γ/(M·√(σ²+eps)) · (M·dout − dβ − x̂·dγ)
            dx = NormMath.batchNormBackward(d, xhat, n, channels, q, gammaUsed, invStd, dgamma, dbeta);
        } else {
            // running statistics are constants: dx = γ/√(σ²_run + eps) · dout
            double[] scale = new double[channels];
            for (int c = 0; c < channels; c++) {
                scale[c] = gammaUsed[c] * invStd[c];
            }
            dx = NormMath.scaleByChannel(d, n, channels, q, scale);
        }
        accumulateGrads(dgamma, dbeta);
        return NormMath.tensor(dx, gamma.value().dtype(), shape);
    }

    private void accumulateGrads(double[] dgamma, double[] dbeta) {
        NormMath.accumulate(gamma.grad(), dgamma);
        NormMath.accumulate(beta.grad(), dbeta);
    }

    /** γ then β, each of shape (C,). */
    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    /**
     * The live running statistics, {@code "running_mean"} and {@code "running_var"}, each of shape (C,).
     * The map is read-only but its tensors are the layer's own: loading code restores them with
     * {@code buffers().get("running_mean").assign(saved)}, and the layer sees the new values at once.
     */
    @Override
    public Map<String, Tensor> buffers() {
        return buffers;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** The number of channels (BatchNorm2d) or features (BatchNorm) C. */
    public int channels() {
        return channels;
    }

    /** The weight of the old running value in the running-average update (0.9 here is PyTorch's 0.1). */
    public double momentum() {
        return momentum;
    }

    /** The constant added to the variance before the square root. */
    public double eps() {
        return eps;
    }

    /** Whether forward uses batch statistics (true) or the running ones (false). */
    public boolean isTraining() {
        return training;
    }

    String describe(String name) {
        return name + "(" + channels + ", momentum=" + NormMath.format(momentum) + ", eps=" + NormMath.format(eps) + ")";
    }
}
