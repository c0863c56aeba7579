package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Gated recurrent unit layer in PyTorch's formulation ({@code torch.nn.GRU}), gate blocks in PyTorch's order r, z, n:
 * <pre>
 *   r = σ(x_t·Wx_r + b_r + h_{t−1}·Wh_r + bh_r)        reset gate
 *   z = σ(x_t·Wx_z + b_z + h_{t−1}·Wh_z + bh_z)        update gate
 *   n = tanh(x_t·Wx_n + b_n + r⊙(h_{t−1}·Wh_n + bh_n))  candidate
 *   h_t = (1 − z)⊙n + z⊙h_{t−1}
 * </pre>
 * Wx (D, 3H), Wh (H, 3H), b (3H,) on the input side and bh (3H,) on the hidden side, each holding the blocks
 * [r | z | n] of H columns; parameters "Wx", "Wh", "b", "bh". The hidden bias is a parameter of its own because r
 * multiplies h·Wh_n + bh_n but not b_n. PyTorch's {@code weight_ih_l0} (3H, D) is Wxᵀ, {@code weight_hh_l0} (3H, H)
 * is Whᵀ, {@code bias_ih_l0} is b and {@code bias_hh_l0} is bh — transpose the weights and the numbers carry over.
 *
 * <p>{@link #forward} takes x (N, T, D) and returns every hidden state (N, T, H); see {@link RecurrentLayer} for h0,
 * dh0 and how the GEMMs are batched over the steps, {@link RecurrentKernels#gruBackward} for the backward formulas.
 * {@link #step}, {@link #stepForward} and {@link #stepBackward} work one step at a time as {@link Rnn}'s do.
 */
public final class Gru extends RecurrentLayer {
    private final Parameter bh;

    /** A layer holding Wx (D, 3H), Wh (H, 3H), b (3H,) and bh (3H,) themselves (not copied). */
    public Gru(Tensor wx, Tensor wh, Tensor b, Tensor bh) {
        super(3, wx, wh, b);
        if (bh.ndim() != 1 || bh.shape(0) != b.shape(0) || bh.dtype() != b.dtype()) {
            throw new IllegalArgumentException("Gru: bh must be (3H,) in the dtype of b, (" + b.shape(0) + ",) "
                    + b.dtype() + ", got " + Shapes.format(bh.shape()) + " " + bh.dtype());
        }
        this.bh = new Parameter("bh", bh);
    }

    /** F32 layer with {@link WeightInit#DEFAULT} weights from {@code rng}. */
    public Gru(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, rng, DType.F32);
    }

    /** {@link WeightInit#DEFAULT} (Xavier: Wx ~ N(0, 1/D), Wh ~ N(0, 1/H)), zero biases. */
    public Gru(int inputSize, int hiddenSize, Rng rng, DType dtype) {
        this(inputSize, hiddenSize, rng, dtype, WeightInit.DEFAULT);
    }

    /** Wx (fan-in D) then Wh (fan-in H) drawn by {@code init} from {@code rng}; zero biases. */
    public Gru(int inputSize, int hiddenSize, Rng rng, DType dtype, WeightInit init) {
        this(init.sample(rng, dtype, checkSize("Gru", "input", inputSize), inputSize,
                        3 * checkSize("Gru", "hidden", hiddenSize)),
                init.sample(rng, dtype, hiddenSize, hiddenSize, 3 * hiddenSize),
                Tensor.zeros(dtype, 3 * hiddenSize), Tensor.zeros(dtype, 3 * hiddenSize));
    }

    /** The per-step record of {@link #runSteps}: gates [r | z | n] (T, N, 3H) and hn = h_{t−1}·Wh_n + bh_n. */
    private static final class GruTrace extends Trace {
        final Tensor gates;
        final Tensor hn;

        GruTrace(Tensor x2d, Tensor hs, Tensor gates, Tensor hn) {
            super(x2d, hs);
            this.gates = gates;
            this.hn = hn;
        }
    }

    /** One step's result, h (N, H), with what {@link #stepBackward} needs. */
    public static final class Step {
        private final Trace trace;

        private Step(Trace trace) {
            this.trace = trace;
        }

        /** The next hidden state (N, H). */
        public Tensor h() {
            return trace.lastH();
        }
    }

    /** The gradients of one step's inputs: dx (N, D) and dhPrev (N, H). */
    public record StepGradient(Tensor dx, Tensor dhPrev) {
    }

    /** One step for inference: x (N, D), hPrev (N, H) → the next h (N, H); keeps nothing. */
    public Tensor step(Tensor x, Tensor hPrev) {
        return stepForward(x, hPrev).h();
    }

    /** One step, returning the next state with what {@link #stepBackward} needs. */
    public Step stepForward(Tensor x, Tensor hPrev) {
        return new Step(runStep(x, hPrev, null));
    }

    /**
     * Back through one step: dh (N, H) is the gradient at {@code step.h()}; returns dx and dhPrev and adds dWx, dWh,
     * db, dbh into the parameters' gradients. Leaves the layer's sequence state alone.
     */
    public StepGradient stepBackward(Tensor dh, Step step) {
        Grads g = backStep(step.trace, dh, null);
        return new StepGradient(g.dx(), g.dh0());
    }

    @Override
    Trace runSteps(Tensor xw, Tensor x2d, Tensor h0, Tensor c0) {
        int steps = xw.shape(0), n = h0.shape(0);
        Tensor hs = statesFrom(h0, steps);
        Tensor gates = Tensor.zeros(dtype(), steps, n, 3 * hiddenSize);
        Tensor hn = Tensor.zeros(dtype(), steps, n, hiddenSize);
        Tensor hw = Tensor.zeros(dtype(), n, 3 * hiddenSize);
        Tensor bias = bh.value().contiguous();
        for (int t = 0; t < steps; t++) {
            Tensor.matmulInto(at(hs, t), false, wh.value(), false, hw, false);   // h_{t−1}·Wh
            RecurrentKernels.gruForward(at(xw, t), hw, bias, at(hs, t), at(gates, t), at(hn, t), at(hs, t + 1));
        }
        return new GruTrace(x2d, hs, gates, hn);
    }

    @Override
    Back backSteps(Trace trace, Tensor dhs, Tensor dcLast) {
        GruTrace t = (GruTrace) trace;
        Tensor dxw = Tensor.zeros(dtype(), t.steps, t.batch, 3 * hiddenSize);
        Tensor dhw = Tensor.zeros(dtype(), t.steps, t.batch, 3 * hiddenSize);
        Tensor dh = Tensor.zeros(dtype(), t.batch, hiddenSize);
        for (int s = t.steps - 1; s >= 0; s--) {
            RecurrentKernels.gruBackward(at(dhs, s), dh, at(t.gates, s), at(t.hn, s), at(t.hs, s), at(dxw, s), at(dhw, s));
            Tensor.matmulInto(at(dhw, s), false, wh.value(), true, dh, true);   // dh_{t−1} = dh⊙z + dhw·Whᵀ
        }
        bh.grad().addi(dhw.reshape(t.steps * t.batch, 3 * hiddenSize).sum(0, false));   // dbh += Σ dhw
        return new Back(dxw, dhw, dh, null);
    }

    /** Wx, Wh, b and bh. */
    @Override
    public List<Parameter> parameters() {
        return List.of(wx, wh, b, bh);
    }
}
