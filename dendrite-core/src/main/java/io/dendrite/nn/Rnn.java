package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

/**
 * Vanilla (tanh) recurrent layer, cs231n's {@code rnn_forward}/{@code rnn_backward} and their single steps.
 * <pre>
 *   h_t = tanh(x_t·Wx + h_{t−1}·Wh + b)          x_t (N, D), h_t (N, H); Wx (D, H), Wh (H, H), b (H,)
 *   da_t = (dout_t + dh_t)⊙(1 − h_t²)            dh_t: what came back from step t+1
 *   dh_{t−1} = da_t·Whᵀ    dx_t = da_t·Wxᵀ    dWx += Σ x_tᵀ·da_t    dWh += Σ h_{t−1}ᵀ·da_t    db += Σ da_t
 * </pre>
 * {@link #forward} takes x (N, T, D) and returns every hidden state (N, T, H); see {@link RecurrentLayer} for the
 * initial state, dh0 and how the GEMMs are batched over the steps. For sampling one step at a time (captioning),
 * {@link #step} computes h_t without keeping anything; {@link #stepForward}/{@link #stepBackward} are cs231n's
 * {@code rnn_step_forward}/{@code rnn_step_backward}. PyTorch's {@code nn.RNN} (tanh) has
 * {@code weight_ih_l0} = Wxᵀ, {@code weight_hh_l0} = Whᵀ and b = {@code bias_ih_l0 + bias_hh_l0}.
 */
public final class Rnn extends RecurrentLayer {
    /** A layer holding Wx (D, H), Wh (H, H) and b (H,) themselves (not copied). */
    public Rnn(Tensor wx, Tensor wh, Tensor b) {
        super(1, wx, wh, b);
    }

    /** F32 layer with {@link WeightInit#DEFAULT} weights from {@code rng}. */
    public Rnn(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, rng, DType.F32);
    }

    /** {@link WeightInit#DEFAULT} (Xavier: Wx ~ N(0, 1/D), Wh ~ N(0, 1/H), as cs231n's CaptioningRNN), zero b. */
    public Rnn(int inputSize, int hiddenSize, Rng rng, DType dtype) {
        this(inputSize, hiddenSize, rng, dtype, WeightInit.DEFAULT);
    }

    /** Wx (fan-in D) then Wh (fan-in H) drawn by {@code init} from {@code rng}; zero b. */
    public Rnn(int inputSize, int hiddenSize, Rng rng, DType dtype, WeightInit init) {
        this(init.sample(rng, dtype, checkSize("Rnn", "input", inputSize), inputSize, checkSize("Rnn", "hidden", hiddenSize)),
                init.sample(rng, dtype, hiddenSize, hiddenSize, hiddenSize),
                Tensor.zeros(dtype, hiddenSize));
    }

    /** One step's result, h (N, H), with what {@link #stepBackward} needs (cs231n's {@code cache}). */
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

    /** One step for inference: h = tanh(x·Wx + hPrev·Wh + b), x (N, D), hPrev (N, H) → (N, H); keeps nothing. */
    public Tensor step(Tensor x, Tensor hPrev) {
        return stepForward(x, hPrev).h();
    }

    /** cs231n's {@code rnn_step_forward}: the next state and, in the returned {@link Step}, its cache. */
    public Step stepForward(Tensor x, Tensor hPrev) {
        return new Step(runStep(x, hPrev, null));
    }

    /**
     * cs231n's {@code rnn_step_backward}: dh (N, H) is the gradient at {@code step.h()}; returns dx and dhPrev and
     * adds dWx, dWh, db into the parameters' gradients. Leaves the layer's sequence state alone.
     */
    public StepGradient stepBackward(Tensor dh, Step step) {
        Grads g = backStep(step.trace, dh, null);
        return new StepGradient(g.dx(), g.dh0());
    }

    @Override
    Trace runSteps(Tensor xw, Tensor x2d, Tensor h0, Tensor c0) {
        int steps = xw.shape(0);
        Tensor hs = statesFrom(h0, steps);
        Tensor hw = Tensor.zeros(dtype(), h0.shape(0), hiddenSize);
        for (int t = 0; t < steps; t++) {
            Tensor.matmulInto(at(hs, t), false, wh.value(), false, hw, false);   // h_{t−1}·Wh
            RecurrentKernels.rnnForward(at(xw, t), hw, at(hs, t + 1));          // h_t = tanh(x_t·Wx + b + h_{t−1}·Wh)
        }
        return new Trace(x2d, hs);
    }

    @Override
    Back backSteps(Trace t, Tensor dhs, Tensor dcLast) {
        Tensor da = Tensor.zeros(dtype(), t.steps, t.batch, hiddenSize);
        Tensor dh = Tensor.zeros(dtype(), t.batch, hiddenSize);
        for (int s = t.steps - 1; s >= 0; s--) {
            RecurrentKernels.rnnBackward(at(dhs, s), dh, at(t.hs, s + 1), at(da, s));   // da = (dout + dh)(1 − h²)
            Tensor.matmulInto(at(da, s), false, wh.value(), true, dh, false);           // dh_{t−1} = da·Whᵀ
        }
        return new Back(da, da, dh, null);
    }
}
