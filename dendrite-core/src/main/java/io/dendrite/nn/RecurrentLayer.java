package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;

/**
 * What the recurrent layers {@link Rnn}, {@link Lstm} and {@link Gru} share: cs231n's sequence API (assignment 3)
 * over a cell with G gate blocks (G = 1, 4, 3) of H units each.
 * <pre>
 *   x: (N, T, D)     h0: (N, H), zeros unless {@link #setInitialState} was called     out: (N, T, H), every h_t
 *   Wx: (D, G·H)     Wh: (H, G·H)     b: (G·H,)       parameters "Wx", "Wh", "b"
 *   backward(dout (N, T, H)) → dx (N, T, D); accumulates dWx, dWh, db; {@link #initialStateGradient()} = dh0 (N, H)
 * </pre>
 * Weights are (in, out) as in cs231n; PyTorch's {@code weight_ih_l0} and {@code weight_hh_l0} are their transposes.
 *
 * <p><b>How it is computed.</b> The input side x_t·Wx + b does not depend on the recurrence, so it is one GEMM for
 * all steps ((T·N, D) × (D, G·H)); each step then costs one (N, H) × (H, G·H) product, h_prev·Wh, and one fused
 * elementwise pass ({@link RecurrentKernels}). Backward walks the steps in reverse doing only dh_prev = da·Whᵀ per
 * step and keeps every step's da, so dWx = xᵀ·da, dWh = h_prevᵀ·da (the previous states of all steps stacked
 * (T·N, H)) and dx = da·Wxᵀ are one GEMM each. Inside, steps are time-major (T, N, ·), so that one step of the
 * batch is a contiguous view that the GEMM reads and writes without copies; x, the output, dout and dx are
 * transposed once per call.
 *
 * <p>The layer keeps the last forward's intermediate values for backward, like every layer. The single-step
 * methods of the subclasses ({@code step}, {@code stepForward}, {@code stepBackward}) keep nothing in the layer:
 * what a step's backward needs travels in the object {@code stepForward} returns. As with {@link Tanh}, the
 * states a layer returns are also what its backward reads: read them, don't write into them before backward.
 */
public abstract sealed class RecurrentLayer implements Layer permits Rnn, Lstm, Gru {
    final Parameter wx;
    final Parameter wh;
    final Parameter b;
    final int inputSize;
    final int hiddenSize;
    final int gates;
    private Tensor h0;
    private Trace last;
    private Tensor dh0;
    private boolean inputGradient = true;

    /**
     * What one run over T steps leaves for backward: the input (T·N, D) time-major and every hidden state
     * (T+1, N, H), h0 first, so that h_prev of all steps is the contiguous block hs[0:T]. Cells add their gates.
     */
    static class Trace {
        final Tensor x2d;
        final Tensor hs;
        final int steps;
        final int batch;

        Trace(Tensor x2d, Tensor hs) {
            this.x2d = x2d;
            this.hs = hs;
            this.steps = hs.shape(0) - 1;
            this.batch = hs.shape(1);
        }

        /** The last hidden state (N, H). */
        Tensor lastH() {
            return at(hs, steps);
        }
    }

    /**
     * What a cell's backward pass over the steps returns: the gradients at the input-side pre-activations
     * (T, N, G·H) and at the hidden-side ones (the same tensor except for the GRU), dh0 (N, H) and, for the LSTM, dc0.
     */
    record Back(Tensor dInput, Tensor dHidden, Tensor dh0, Tensor dc0) {
    }

    /** dx (T·N, D) time-major (null when not asked for), dh0 and dc0 (null unless the cell has a cell state). */
    record Grads(Tensor dx, Tensor dh0, Tensor dc0) {
    }

    RecurrentLayer(int gates, Tensor wx, Tensor wh, Tensor b) {
        String kind = getClass().getSimpleName();
        String gh = gates == 1 ? "H" : gates + "H";
        boolean ranks = wx.ndim() == 2 && wh.ndim() == 2 && b.ndim() == 1;
        if (!ranks || wh.shape(0) == 0 || wx.shape(0) == 0 || wh.shape(1) != gates * wh.shape(0)
                || wx.shape(1) != wh.shape(1) || b.shape(0) != wh.shape(1)) {
            throw new IllegalArgumentException(kind + ": Wx must be (D, " + gh + "), Wh (H, " + gh + ") and b (" + gh
                    + ",) with D, H ≥ 1, got Wx " + Shapes.format(wx.shape()) + ", Wh " + Shapes.format(wh.shape())
                    + " and b " + Shapes.format(b.shape()) + " — Dendrite's weights are (in, out), the transpose of"
                    + " PyTorch's weight_ih and weight_hh");
        }
        if (wh.dtype() != wx.dtype() || b.dtype() != wx.dtype()) {
            throw new IllegalArgumentException(kind + ": Wx is " + wx.dtype() + ", Wh " + wh.dtype() + " and b "
                    + b.dtype() + " — give all three one dtype (convert with to(DType))");
        }
        this.gates = gates;
        this.inputSize = wx.shape(0);
        this.hiddenSize = wh.shape(0);
        this.wx = new Parameter("Wx", wx);
        this.wh = new Parameter("Wh", wh);
        this.b = new Parameter("b", b);
    }

    /** Refuses a size ≤ 0 before a sizes constructor draws anything; returns it. */
    static int checkSize(String kind, String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(kind + ": invalid " + what + " size: " + n + " (must be positive)");
        }
        return n;
    }

    /** Runs the cell over the steps of xw = x·Wx + b (T, N, G·H) from h0 (and c0, LSTM only; null = zeros). */
    abstract Trace runSteps(Tensor xw, Tensor x2d, Tensor h0, Tensor c0);

    /**
     * Walks the steps of {@code t} in reverse with dout (T, N, H) time-major and the gradient at the last cell
     * state (LSTM only; null = zeros); cells with extra parameters (the GRU's bh) accumulate their gradients here.
     */
    abstract Back backSteps(Trace t, Tensor dhs, Tensor dcLast);

    /** One step of the batch: rows of step {@code t} of a time-major (T, N, K) tensor, as a contiguous (N, K) view. */
    static Tensor at(Tensor seq, int t) {
        return seq.slice(t, t + 1).reshape(seq.shape(1), seq.shape(2));
    }

    /** The (T+1, N, H) buffer of hidden states with h0 in place. */
    final Tensor statesFrom(Tensor h0, int steps) {
        Tensor hs = Tensor.zeros(dtype(), steps + 1, h0.shape(0), hiddenSize);
        at(hs, 0).assign(h0);
        return hs;
    }

    /**
     * Computes all hidden states (N, T, H) of the sequence x (N, T, D), starting from the initial state
     * ({@link #setInitialState}, zeros when none), and keeps what backward needs.
     */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        LayerChecks.rank(this, s, 3, "(N, T, " + inputSize + ")",
                "sequences are (N, T, D); for one step of shape (N, D) use step(…) or reshape to (N, 1, D)");
        if (s[2] != inputSize) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " has " + s[2]
                    + " features per step, expected " + Shapes.format(s[0], s[1], inputSize) + " — the previous layer"
                    + " (an Embedding of dimension D) must output " + inputSize + " features, or build this layer for "
                    + s[2]);
        }
        if (s[0] == 0 || s[1] == 0) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " is empty, expected (N, T, "
                    + inputSize + ") with at least one sequence of at least one step");
        }
        LayerChecks.requireDType(this, x, dtype());
        int n = s[0], steps = s[1];
        Tensor start = h0 != null ? checkedState("initial state", h0, n, s) : Tensor.zeros(dtype(), n, hiddenSize);
        Tensor x2d = x.permute(1, 0, 2).contiguous().reshape(steps * n, inputSize);   // rows in (t, n) order
        last = run(x2d, start, initialCellState(n, s));
        dh0 = null;
        return last.hs.slice(1, steps + 1).permute(1, 0, 2).contiguous();
    }

    /**
     * Back through all steps: dout (N, T, H) → dx (N, T, D) (null when {@link #inputGradient(boolean)} is off);
     * adds dWx, dWh, db (and the GRU's dbh) into the parameters' gradients and keeps dh0 for
     * {@link #initialStateGradient()}.
     */
    @Override
    public Tensor backward(Tensor dout) {
        if (last == null) {
            throw LayerChecks.notForwarded(this);
        }
        int steps = last.steps, n = last.batch;
        Tensor d = LayerChecks.dout(this, dout, new int[]{n, steps, hiddenSize}, dtype());
        Grads g = backThrough(last, d.permute(1, 0, 2).contiguous(), null, inputGradient);
        dh0 = g.dh0();
        return g.dx() == null ? null : g.dx().reshape(steps, n, inputSize).permute(1, 0, 2).contiguous();
    }

    /** x2d·Wx + b for all steps in one GEMM, then the cell's steps. */
    final Trace run(Tensor x2d, Tensor h0, Tensor c0) {
        int n = h0.shape(0);
        Tensor xw = x2d.matmul(wx.value()).addi(b.value());          // x·Wx + b, (T·N, G·H)
        return runSteps(xw.reshape(x2d.shape(0) / n, n, gates * hiddenSize), x2d, h0, c0);
    }

    /** The cell's reverse walk, then the weight gradients and dx as one GEMM each over all steps. */
    final Grads backThrough(Trace t, Tensor dhs, Tensor dcLast, boolean needDx) {
        Back g = backSteps(t, dhs, dcLast);
        int rows = t.steps * t.batch, width = gates * hiddenSize;
        Tensor dIn = g.dInput().reshape(rows, width);
        Tensor dHid = g.dHidden().reshape(rows, width);
        Tensor hPrev = t.hs.slice(0, t.steps).reshape(rows, hiddenSize);   // h_{t−1} of every step, stacked
        addProduct(t.x2d, dIn, wx.grad());                                // dWx += xᵀ·da
        addProduct(hPrev, dHid, wh.grad());                               // dWh += h_prevᵀ·da
        b.grad().addi(dIn.sum(0, false));                                 // db  += Σ da
        return new Grads(needDx ? dIn.matmulNT(wx.value()) : null, g.dh0(), g.dc0());   // dx = da·Wxᵀ
    }

    /** grad += aᵀ·b, straight into the gradient when it is contiguous (the GEMM accumulates). */
    static void addProduct(Tensor a, Tensor b, Tensor grad) {
        if (grad.isContiguous()) {
            Tensor.matmulInto(a, true, b, false, grad, true);
        } else {
            grad.addi(a.matmulTN(b));
        }
    }

    /** A single step's input x (N, D) and state (N, H) checked, then one step run (T = 1). */
    final Trace runStep(Tensor x, Tensor h, Tensor c) {
        if (x.ndim() != 2 || x.shape(1) != inputSize || x.shape(0) == 0) {
            throw new IllegalArgumentException(this + ": step input " + Shapes.format(x.shape()) + " must be one step"
                    + " of the batch, (N, " + inputSize + ") with N ≥ 1 — for whole sequences (N, T, D) use forward");
        }
        LayerChecks.requireDType(this, x, dtype());
        int n = x.shape(0);
        Tensor hv = checkedState("previous hidden state", h, n, x.shape());
        Tensor cv = c == null ? null : checkedState("previous cell state", c, n, x.shape());
        return run(x, hv, cv);
    }

    /** Back through one step of {@link #runStep}: dh (N, H) at its output (and dc, LSTM), dx (N, D) always. */
    final Grads backStep(Trace t, Tensor dh, Tensor dc) {
        int[] expected = {t.batch, hiddenSize};
        Tensor d = LayerChecks.dout(this, dh, expected, dtype());
        Tensor dcv = dc == null ? null : LayerChecks.dout(this, dc, expected, dtype());
        return backThrough(t, d.reshape(1, t.batch, hiddenSize), dcv, true);
    }

    /**
     * The cell state c0 (N, H) a sequence of the batch of {@code input}'s N starts from; null (zeros) except for an
     * {@link Lstm} given {@link Lstm#setInitialCellState}.
     */
    Tensor initialCellState(int n, int[] input) {
        return null;
    }

    /** The trace of the last forward over a sequence, or null before the first. */
    final Trace lastTrace() {
        return last;
    }

    /** Refuses a state that is not (N, H) in the layer's dtype, naming what it is and the input it goes with. */
    final Tensor checkedState(String what, Tensor state, int n, int[] input) {
        if (state == null) {
            throw new IllegalArgumentException(this + ": the " + what + " must not be null");
        }
        if (!Shapes.same(state.shape(), new int[]{n, hiddenSize})) {
            throw new IllegalArgumentException(this + ": " + what + " " + Shapes.format(state.shape()) + " does not fit"
                    + " input " + Shapes.format(input) + ", expected " + Shapes.format(n, hiddenSize)
                    + " — one state row per sequence of the batch");
        }
        if (state.dtype() != dtype()) {
            throw new IllegalArgumentException(this + ": " + what + " " + Shapes.format(state.shape()) + " is "
                    + state.dtype() + " but the layer's parameters are " + dtype() + " — convert it with to(DType."
                    + dtype() + ")");
        }
        return state;
    }

    /**
     * Sets h0 (N, H) for the following forward passes: held, not copied, so changes to it are seen by the next
     * forward. {@code null} goes back to zeros. Its N must match the batch that forward gets, and its dtype the
     * layer's (both checked at forward).
     */
    public void setInitialState(Tensor h0) {
        if (h0 != null && (h0.ndim() != 2 || h0.shape(1) != hiddenSize)) {
            throw new IllegalArgumentException(this + ": initial state " + Shapes.format(h0.shape()) + " must be (N, "
                    + hiddenSize + ")");
        }
        this.h0 = h0;
    }

    /**
     * dL/dh0 (N, H) from the last backward: the gradient that flows into the initial state (for captioning, into
     * the projection of the image features). Throws when no backward has followed the last forward.
     */
    public Tensor initialStateGradient() {
        if (dh0 == null) {
            throw new IllegalStateException(this + ": initialStateGradient() needs a backward after the last forward");
        }
        return dh0;
    }

    /**
     * h_T (N, H), the hidden state after the last step of the last forward: what the next window of a stream starts
     * from in truncated backpropagation through time ({@link #setInitialState} of a copy). A view into what backward
     * reads: copy it before changing it. Throws before the first forward.
     */
    public Tensor finalState() {
        if (last == null) {
            throw new IllegalStateException(this + ": finalState() needs a forward first");
        }
        return last.lastH();
    }

    /**
     * Whether backward computes dx (default: true). Off, backward still accumulates the parameter gradients and
     * dh0 but skips the GEMM da·Wxᵀ and returns null — for a layer whose input nobody differentiates.
     */
    @Override
    public RecurrentLayer inputGradient(boolean on) {
        this.inputGradient = on;
        return this;
    }

    /** See {@link #inputGradient(boolean)}. */
    public boolean inputGradient() {
        return inputGradient;
    }

    /** Wx, Wh and b (the GRU adds bh). */
    @Override
    public List<Parameter> parameters() {
        return List.of(wx, wh, b);
    }

    /** D, the features of one step's input. */
    public int inputSize() {
        return inputSize;
    }

    /** H, the size of the hidden state. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The dtype of the parameters, which inputs and states must have. */
    public DType dtype() {
        return wx.value().dtype();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputSize + "→" + hiddenSize + ")";
    }
}
