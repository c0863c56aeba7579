package io.dendrite.optim;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every rule of this package shares: the learning rate, the checks at the door of {@link #update}, and
 * preparing contiguous arrays of one dtype so that a rule's {@link #apply} is a single loop over
 * {@code offset() + i}. The rare non-contiguous {@code w} is updated through a contiguous copy that is
 * assigned back; a {@code dw} of another dtype or layout is converted once.
 */
abstract class ElementwiseRule implements UpdateRule {
    private final String displayName;
    private double lr;

    ElementwiseRule(String displayName, double lr) {
        this.displayName = displayName;
        this.lr = Args.learningRate(displayName, lr);
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double lr) {
        this.lr = Args.learningRate(displayName, lr);
    }

    @Override
    public final void update(Tensor w, Tensor dw, State state) {
        if (w == null || dw == null || state == null) {
            throw new NullPointerException(displayName + ".update: " + (w == null ? "w" : dw == null ? "dw" : "state")
                    + " is null");
        }
        if (!Args.sameShape(w, dw)) {
            throw new IllegalArgumentException(displayName + ".update: w has shape " + Shapes.format(w.shape())
                    + " but dw has shape " + Shapes.format(dw.shape())
                    + " — w and dw must have equal shapes; pass the parameter's own gradient");
        }
        Tensor g = dw.dtype() == w.dtype() ? dw.contiguous() : dw.to(w.dtype());
        Tensor target = w.contiguous();
        int t = state.step() + 1;
        apply(target, g, state, t);
        if (target != w) {
            w.assign(target);
        }
        state.setStep(t);
    }

    /**
     * The rule's fused loop. {@code w} and {@code dw} are contiguous, of the same dtype and shape;
     * {@code t} is this update's step number (1 on the first), already incremented.
     */
    abstract void apply(Tensor w, Tensor dw, State state, int t);

    static boolean isF32(Tensor w) {
        return w.dtype() == DType.F32;
    }

    /** Ordered config map starting with the learning rate. */
    Map<String, Object> baseConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(UpdateRules.LEARNING_RATE, lr);
        return m;
    }

    @Override
    public Map<String, Object> config() {
        return java.util.Collections.unmodifiableMap(baseConfig());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(displayName).append('(');
        String sep = "";
        for (Map.Entry<String, Object> e : config().entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
