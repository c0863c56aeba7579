package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import io.dendrite.tensor.kernel.Transpose;

import java.util.List;

/**
 * Fully connected (affine) layer, cs231n's {@code affine_forward}/{@code affine_backward}.
 *
 * <pre>
 *   x: (N, d1, …, dk), flattened to (N, D) with D = d1·…·dk
 *   W: (D, M)   b: (M,)   out: (N, M)
 *   out = x·W + b
 *   dx  = dout·Wᵀ  (reshaped to x's shape)     dW += xᵀ·dout     db += Σ_N dout
 * </pre>
 *
 * <p>The weight is (in, out) as in cs231n and the book; PyTorch's {@code nn.Linear} stores (out, in).
 * The input must have the parameters' dtype (no silent conversion). Parameters are named "W" and "b".
 */
public final class Linear implements Layer {
    /** Seed of the generator used by the constructors that take none; pass an {@link Rng} to vary weights. */
    public static final long DEFAULT_SEED = 0;
    /** Smallest input size for which dW is computed transposed (see {@link #addWeightGradient}). */
    static final int TRANSPOSED_DW_MIN_IN = 256;

    private final int in;
    private final int out;
    private final Parameter w;
    private final Parameter b;
    private Tensor x2d;       // (N, D) view of the last input
    private int[] xShape;
    private boolean inputGradient = true;
    private Tensor dwT;       // (M, D) scratch for dWᵀ, reused

    /** F32 layer, {@link WeightInit#DEFAULT} weights from {@code new Rng(DEFAULT_SEED)}, zero bias. */
    public Linear(int in, int out) {
        this(in, out, new Rng(DEFAULT_SEED));
    }

    public Linear(int in, int out, Rng rng) {
        this(in, out, rng, DType.F32);
    }

    public Linear(int in, int out, Rng rng, DType dtype) {
        this(in, out, rng, dtype, WeightInit.DEFAULT);
    }

    public Linear(int in, int out, Rng rng, DType dtype, WeightInit init) {
        this(weights(in, out, rng, dtype, init), Tensor.zeros(dtype, out));
    }

    /** The (in, out) weight drawn from {@code init}, once sizes and the memory budget agree to it. */
    private static Tensor weights(int in, int out, Rng rng, DType dtype, WeightInit init) {
        LayerChecks.requireWeights("Linear(" + checkSize("input", in) + "→" + checkSize("output", out) + ")",
                (long) in * out, dtype);
        return init.sample(rng, dtype, in, in, out);
    }

    /** A layer holding {@code w} (D, M) and {@code b} (M,) themselves (not copied). */
    public Linear(Tensor w, Tensor b) {
        this(new Parameter("W", w), new Parameter("b", b));
    }

    /**
     * A layer over parameters named by its owner: a layer made of several affine maps (attention's query, key,
     * value and output projections) gives each pair its own names (Wq, bq, …) and shares Linear's GEMM paths.
     */
    Linear(Parameter w, Parameter b) {
        check(w.value(), b.value());
        this.in = w.value().shape(0);
        this.out = w.value().shape(1);
        this.w = w;
        this.b = b;
    }

    private static void check(Tensor w, Tensor b) {
        if (w.ndim() != 2 || b.ndim() != 1 || b.shape(0) != w.shape(1)) {
            throw new IllegalArgumentException("Linear: weight must be (D, M) and bias (M,), got W " + Shapes.format(w.shape())
                    + " and b " + Shapes.format(b.shape()) + " — Dendrite's weight is (in, out), the transpose of PyTorch's");
        }
        if (w.dtype() != b.dtype()) {
            throw new IllegalArgumentException("Linear: W is " + w.dtype() + " but b is " + b.dtype() + " — convert one with to(DType)");
        }
    }

    private static int checkSize(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("Linear: invalid " + what + " size: " + n + " (must be positive)");
        }
        return n;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " has no batch axis, expected (N, "
                    + in + ") — reshape a single example to (1, " + in + ")");
        }
        long features = 1;
        for (int i = 1; i < s.length; i++) {
            features *= s[i];
        }
        if (features != in) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " flattens to " + features
                    + " features, expected " + in + " as in " + Shapes.format(s[0], in) + " — check inputDim or add a Flatten");
        }
        LayerChecks.requireDType(this, x, w.value().dtype());
        Tensor flat = x.contiguous().reshape(s[0], in);
        Tensor y = flat.matmul(w.value());     // out = x·W + b
        y.addi(b.value());
        x2d = flat;
        xShape = s;
        return y;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (x2d == null) {
            throw LayerChecks.notForwarded(this);
        }
        Tensor d = LayerChecks.dout(this, dout, new int[]{xShape[0], out}, w.value().dtype());
        addWeightGradient(d);                                      // dW += xᵀ·dout
        b.grad().addi(d.sum(0, false));                           // db += Σ_N dout
        return inputGradient ? d.matmulNT(w.value()).reshape(xShape) : null;   // dx = dout·Wᵀ
    }

    /**
     * dW += xᵀ·dout. When D is much larger than M (the first layer of an MLP, the affine layer after a
     * convolution), the GEMM packs xᵀ slowly (a transposed operand with many rows); computing dWᵀ = doutᵀ·x into
     * a scratch buffer and adding its transpose was measured 10–20 % faster there, and slower for small layers.
     */
    private void addWeightGradient(Tensor d) {
        Tensor g = w.grad();
        if (in < TRANSPOSED_DW_MIN_IN || in < 4 * out || !g.isContiguous()) {
            Tensor.matmulInto(x2d, true, d, false, g, true);
            return;
        }
        if (dwT == null || dwT.dtype() != g.dtype()) {
            dwT = Tensor.zeros(g.dtype(), out, in);
        }
        Tensor.matmulInto(d, true, x2d, false, dwT, false);
        if (g.dtype() == DType.F32) {
            Transpose.addTransposed(dwT.floatData(), 0, out, in, g.floatData(), g.offset());
        } else {
            Transpose.addTransposed(dwT.doubleData(), 0, out, in, g.doubleData(), g.offset());
        }
    }

    /**
     * Whether backward computes dx (default: true). A network's first layer may switch it off: nobody reads the
     * gradient of the input images, and it is a third of this layer's backward work (PyTorch skips it for inputs
     * that do not require grad, the numpy peer's first convolution passes {@code need_dx=False}). When off,
     * backward still accumulates dW and db but returns null.
     */
    @Override
    public Linear inputGradient(boolean on) {
        this.inputGradient = on;
        return this;
    }

    /** See {@link #inputGradient(boolean)}. */
    public boolean inputGradient() {
        return inputGradient;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w, b);
    }

    public Parameter weight() {
        return w;
    }

    public Parameter bias() {
        return b;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    public String toString() {
        return "Linear(" + in + "→" + out + ")";
    }
}
