package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Long short-term memory layer, cs231n's {@code lstm_forward}/{@code lstm_backward} and their single steps, with
 * the gates in cs231n's order i, f, o, g.
 * <pre>
 *   a = x_t·Wx + h_{t−1}·Wh + b   (N, 4H)          Wx (D, 4H), Wh (H, 4H), b (4H,)
 *   i = σ(a[:, 0:H])   f = σ(a[:, H:2H])   o = σ(a[:, 2H:3H])   g = tanh(a[:, 3H:4H])
 *   c_t = f⊙c_{t−1} + i⊙g        h_t = o⊙tanh(c_t)          c_0 = 0 (or {@link #setInitialCellState})
 * </pre>
 * {@link #forward} takes x (N, T, D) and returns every hidden state (N, T, H); the cell states stay inside. See
 * {@link RecurrentLayer} for h0, dh0 and how the GEMMs are batched over the steps; the backward formulas are
 * beside {@link RecurrentKernels#lstmBackward}. For sampling, {@link #step} advances a {@link State} (h, c)
 * without keeping anything; {@link #stepForward}/{@link #stepBackward} are cs231n's {@code lstm_step_forward}/
 * {@code lstm_step_backward}. PyTorch's {@code nn.LSTM} orders its gate blocks i, f, g, o: its
 * {@code weight_ih_l0} is Wxᵀ with the last two blocks of H swapped (likewise Wh, and b = {@code bias_ih + bias_hh}).
 */
public final class Lstm extends RecurrentLayer {
    private Tensor c0;

    /** A layer holding Wx (D, 4H), Wh (H, 4H) and b (4H,) themselves (not copied). */
    public Lstm(Tensor wx, Tensor wh, Tensor b) {
        super(4, wx, wh, b);
    }

    /** F32 layer with {@link WeightInit#DEFAULT} weights from {@code rng}. */
    public Lstm(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, rng, DType.F32);
    }

    /** {@link WeightInit#DEFAULT} (Xavier: Wx ~ N(0, 1/D), Wh ~ N(0, 1/H), as cs231n's CaptioningRNN), zero b. */
    public Lstm(int inputSize, int hiddenSize, Rng rng, DType dtype) {
        this(inputSize, hiddenSize, rng, dtype, WeightInit.DEFAULT);
    }

    /** Wx (fan-in D) then Wh (fan-in H) drawn by {@code init} from {@code rng}; zero b. */
    public Lstm(int inputSize, int hiddenSize, Rng rng, DType dtype, WeightInit init) {
        this(init.sample(rng, dtype, checkSize("Lstm", "input", inputSize), inputSize,
                        4 * checkSize("Lstm", "hidden", hiddenSize)),
                init.sample(rng, dtype, hiddenSize, hiddenSize, 4 * hiddenSize),
                Tensor.zeros(dtype, 4 * hiddenSize));
    }

    /** An LSTM's state between steps: hidden state h and cell state c, both (N, H). */
    public record State(Tensor h, Tensor c) {
        /** The state a sequence starts from: h0 given, c0 = 0 (as {@link Lstm#forward} does). */
        public static State start(Tensor h0) {
            return new State(h0, Tensor.zerosLike(h0));
        }
    }

    /** The per-step record of {@link #runSteps}: activated gates (T, N, 4H), cell states (T+1, N, H), tanh(c). */
    private static final class LstmTrace extends Trace {
        final Tensor gates;
        final Tensor cs;
        final Tensor tanhC;

        LstmTrace(Tensor x2d, Tensor hs, Tensor gates, Tensor cs, Tensor tanhC) {
            super(x2d, hs);
            this.gates = gates;
            this.cs = cs;
            this.tanhC = tanhC;
        }
    }

    /** One step's result, the next (h, c), with what {@link #stepBackward} needs (cs231n's {@code cache}). */
    public static final class Step {
        private final LstmTrace trace;

        private Step(LstmTrace trace) {
            this.trace = trace;
        }

        /** The next hidden state (N, H). */
        public Tensor h() {
            return trace.lastH();
        }

        /** The next cell state (N, H). */
        public Tensor c() {
            return at(trace.cs, 1);
        }

        /** (h, c) together, to pass to the next step. */
        public State state() {
            return new State(h(), c());
        }
    }

    /** The gradients of one step's inputs: dx (N, D), dhPrev (N, H), dcPrev (N, H). */
    public record StepGradient(Tensor dx, Tensor dhPrev, Tensor dcPrev) {
    }

    /** One step for inference: x (N, D) and the previous (h, c) → the next (h, c); keeps nothing. */
    public State step(Tensor x, State prev) {
        return stepForward(x, prev).state();
    }

    /** cs231n's {@code lstm_step_forward}: the next state and, in the returned {@link Step}, its cache. */
    public Step stepForward(Tensor x, State prev) {
        if (prev == null) {
            throw new IllegalArgumentException(this + ": the previous state must not be null — start with State.start(h0)");
        }
        return new Step((LstmTrace) runStep(x, prev.h(), prev.c()));
    }

    /**
     * cs231n's {@code lstm_step_backward}: dh and dc (N, H) are the gradients at {@code step.h()} and
     * {@code step.c()}; returns dx, dhPrev, dcPrev and adds dWx, dWh, db into the parameters' gradients. Leaves the
     * layer's sequence state alone.
     */
    public StepGradient stepBackward(Tensor dh, Tensor dc, Step step) {
        if (dc == null) {
            throw new IllegalArgumentException(this + ": dc must not be null — pass zeros when the loss does not read c");
        }
        Grads g = backStep(step.trace, dh, dc);
        return new StepGradient(g.dx(), g.dh0(), g.dc0());
    }

    @Override
    Trace runSteps(Tensor xw, Tensor x2d, Tensor h0, Tensor c0) {
        int steps = xw.shape(0), n = h0.shape(0);
        Tensor hs = statesFrom(h0, steps);
        Tensor cs = Tensor.zeros(dtype(), steps + 1, n, hiddenSize);
        if (c0 != null) {
            at(cs, 0).assign(c0);
        }
        Tensor gates = Tensor.zeros(dtype(), steps, n, 4 * hiddenSize);
        Tensor tanhC = Tensor.zeros(dtype(), steps, n, hiddenSize);
        Tensor hw = Tensor.zeros(dtype(), n, 4 * hiddenSize);
        for (int t = 0; t < steps; t++) {
            Tensor.matmulInto(at(hs, t), false, wh.value(), false, hw, false);   // h_{t−1}·Wh
            RecurrentKernels.lstmForward(at(xw, t), hw, at(cs, t),              // gates, c_t, h_t
                    at(gates, t), at(cs, t + 1), at(tanhC, t), at(hs, t + 1));
        }
        return new LstmTrace(x2d, hs, gates, cs, tanhC);
    }

    @Override
    Back backSteps(Trace trace, Tensor dhs, Tensor dcLast) {
        LstmTrace t = (LstmTrace) trace;
        Tensor da = Tensor.zeros(dtype(), t.steps, t.batch, 4 * hiddenSize);
        Tensor dh = Tensor.zeros(dtype(), t.batch, hiddenSize);
        Tensor dc = dcLast == null ? Tensor.zeros(dtype(), t.batch, hiddenSize) : dcLast.copy();   // dc_T: c_T is not an output
        for (int s = t.steps - 1; s >= 0; s--) {
            RecurrentKernels.lstmBackward(at(dhs, s), dh, dc, at(t.gates, s), at(t.cs, s), at(t.tanhC, s), at(da, s));
            Tensor.matmulInto(at(da, s), false, wh.value(), true, dh, false);   // dh_{t−1} = da·Whᵀ
        }
        return new Back(da, da, dh, dc);
    }

    /**
     * Sets c0 (N, H) for the following forward passes, as {@link #setInitialState} sets h0: held, not copied;
     * {@code null} goes back to zeros (cs231n's c0 = 0). With both set to the final states of the previous window
     * ({@link #finalState}, {@link #finalCellState}), a stream continues where it stopped. No gradient flows into c0:
     * backward treats it as a constant, as truncated backpropagation through time wants.
     */
    public void setInitialCellState(Tensor c0) {
        if (c0 != null && (c0.ndim() != 2 || c0.shape(1) != hiddenSize)) {
            throw new IllegalArgumentException(this + ": initial cell state " + Shapes.format(c0.shape())
                    + " must be (N, " + hiddenSize + ")");
        }
        this.c0 = c0;
    }

    /**
     * c_T (N, H), the cell state after the last step of the last forward; a view into what backward reads (copy it
     * before changing it). Throws before the first forward.
     */
    public Tensor finalCellState() {
        LstmTrace t = (LstmTrace) lastTrace();
        if (t == null) {
            throw new IllegalStateException(this + ": finalCellState() needs a forward first");
        }
        return at(t.cs, t.steps);
    }

    @Override
    Tensor initialCellState(int n, int[] input) {
        return c0 == null ? null : checkedState("initial cell state", c0, n, input);
    }
}
