package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;

/**
 * The same affine map at every time step, cs231n's {@code temporal_affine_forward}/{@code temporal_affine_backward}
 * (the vocabulary scores of a captioning network).
 * <pre>
 *   x: (N, T, D)   W: (D, M)   b: (M,)   out: (N, T, M)
 *   out[n, t] = x[n, t]·W + b     — one GEMM over the N·T rows (N·T, D) × (D, M)
 *   dx = dout·Wᵀ     dW += Σ_{n,t} x[n, t]ᵀ·dout[n, t]     db += Σ_{n,t} dout[n, t]
 * </pre>
 * It is a {@link Linear} applied to x viewed as (N·T, D) rows, and delegates to one, so both share their GEMM paths;
 * this class adds the (N, T, ·) checks and reshapes. Parameters "W" and "b"; W is (in, out) as Linear's.
 */
public final class TemporalLinear implements Layer {
    private final Linear affine;
    private int[] outShape;

    /** A layer holding W (D, M) and b (M,) themselves (not copied). */
    public TemporalLinear(Tensor w, Tensor b) {
        if (w.ndim() != 2 || b.ndim() != 1 || b.shape(0) != w.shape(1) || w.shape(0) == 0 || w.shape(1) == 0) {
            throw new IllegalArgumentException("TemporalLinear: weight must be (D, M) and bias (M,), got W "
                    + Shapes.format(w.shape()) + " and b " + Shapes.format(b.shape())
                    + " — Dendrite's weight is (in, out), the transpose of PyTorch's");
        }
        this.affine = new Linear(w, b);
    }

    /** F32 layer with {@link WeightInit#DEFAULT} weights from {@code rng}, zero bias. */
    public TemporalLinear(int in, int out, Rng rng) {
        this(in, out, rng, DType.F32);
    }

    /** {@link WeightInit#DEFAULT} weights (fan-in D) from {@code rng}, zero bias. */
    public TemporalLinear(int in, int out, Rng rng, DType dtype) {
        this(in, out, rng, dtype, WeightInit.DEFAULT);
    }

    /** W drawn by {@code init} (fan-in D) from {@code rng}, zero bias. */
    public TemporalLinear(int in, int out, Rng rng, DType dtype, WeightInit init) {
        this(init.sample(rng, dtype, checkSize("input", in), in, checkSize("output", out)), Tensor.zeros(dtype, out));
    }

    private static int checkSize(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("TemporalLinear: invalid " + what + " size: " + n + " (must be positive)");
        }
        return n;
    }

    /** x (N, T, D) → x·W + b (N, T, M). */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        int in = affine.inFeatures(), out = affine.outFeatures();
        LayerChecks.rank(this, s, 3, "(N, T, " + in + ")", "sequences are (N, T, D); use Linear for (N, D) rows");
        if (s[2] != in) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " has " + s[2] + " features per"
                    + " step, expected " + Shapes.format(s[0], s[1], in) + " — the previous layer must output " + in
                    + " features, or build this layer for " + s[2]);
        }
        LayerChecks.requireDType(this, x, affine.weight().value().dtype());
        outShape = new int[]{s[0], s[1], out};
        return affine.forward(x.reshape(s[0] * s[1], in)).reshape(outShape);
    }

    /** dout (N, T, M) → dx (N, T, D) (null when {@link #inputGradient(boolean)} is off); accumulates dW, db. */
    @Override
    public Tensor backward(Tensor dout) {
        if (outShape == null) {
            throw LayerChecks.notForwarded(this);
        }
        Tensor d = LayerChecks.dout(this, dout, outShape, affine.weight().value().dtype());
        Tensor dx = affine.backward(d.reshape(outShape[0] * outShape[1], outShape[2]));
        return dx == null ? null : dx.reshape(outShape[0], outShape[1], affine.inFeatures());
    }

    /** Whether backward computes dx (default: true); see {@link Linear#inputGradient(boolean)}. */
    @Override
    public TemporalLinear inputGradient(boolean on) {
        affine.inputGradient(on);
        return this;
    }

    /** See {@link #inputGradient(boolean)}. */
    public boolean inputGradient() {
        return affine.inputGradient();
    }

    @Override
    public List<Parameter> parameters() {
        return affine.parameters();
    }

    /** W (D, M), the parameter "W". */
    public Parameter weight() {
        return affine.weight();
    }

    /** b (M,), the parameter "b". */
    public Parameter bias() {
        return affine.bias();
    }

    /** D, the features of one step's input. */
    public int inFeatures() {
        return affine.inFeatures();
    }

    /** M, the features of one step's output. */
    public int outFeatures() {
        return affine.outFeatures();
    }

    @Override
    public String toString() {
        return "TemporalLinear(" + affine.inFeatures() + "→" + affine.outFeatures() + ")";
    }
}
