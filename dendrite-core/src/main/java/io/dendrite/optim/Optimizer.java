package io.dendrite.optim;

import io.dendrite.nn.Parameter;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.VecOps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies one {@link UpdateRule} to a fixed set of {@link Parameter}s, keeping one {@link State} per parameter
 * <em>name</em> — the names a checkpoint saves the states under ({@code W1, b1, gamma1, …}).
 *
 * <pre>
 *   Optimizer opt = new Optimizer(new Adam(1e-3), model.params());
 *   model.loss(x, y);      // fills the gradients
 *   opt.step();            // w ← rule(w, dw, state[name]) for every parameter
 * </pre>
 * Parameters are stepped in the order given (a {@link Map}'s iteration order), which keeps training
 * reproducible. Between the backward pass and the step, {@link #clipGlobalNorm} and {@link #clipValue} limit the
 * gradients (recurrent networks need it: one exploding gradient can undo a whole run). The optimizer reads {@link Parameter#value()} at every step, so a parameter whose value was
 * replaced with {@link Parameter#set} is updated in its new tensor.
 */
public final class Optimizer {
    private final UpdateRule rule;
    private final Map<String, Parameter> params;
    private final Map<String, State> states = new LinkedHashMap<>();

    /** Parameters named by their {@link Parameter#name()}; names must be unique. */
    public Optimizer(UpdateRule rule, List<Parameter> parameters) {
        this(rule, byName(parameters));
    }

    /** Parameters named by the map's keys (as {@code Model.params()} gives them). */
    public Optimizer(UpdateRule rule, Map<String, Parameter> parameters) {
        this.rule = Objects.requireNonNull(rule, "Optimizer: update rule is null");
        Objects.requireNonNull(parameters, "Optimizer: parameters are null");
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Objects.requireNonNull(e.getKey(), "Optimizer: a parameter has a null name");
            Objects.requireNonNull(e.getValue(), () -> "Optimizer: parameter " + e.getKey() + " is null");
            states.put(e.getKey(), new State());
        }
    }

    private static Map<String, Parameter> byName(List<Parameter> parameters) {
        Objects.requireNonNull(parameters, "Optimizer: parameters are null");
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Objects.requireNonNull(p, "Optimizer: a parameter in the list is null");
            if (p.name() == null) {
                throw new IllegalArgumentException("Optimizer: parameter " + p + " has no name — states are "
                        + "kept by name; give it one with Parameter.named(...)");
            }
            if (m.put(p.name(), p) != null) {
                throw new IllegalArgumentException("Optimizer: two parameters are named '" + p.name()
                        + "' — states are kept by name; give each a unique one with Parameter.named(...)");
            }
        }
        return m;
    }

    /** Updates every parameter once from its current gradient. */
    public void step() {
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter p = e.getValue();
            try {
                rule.update(p.value(), p.grad(), states.get(e.getKey()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("Optimizer (" + rule + "), parameter " + e.getKey() + ": "
                        + ex.getMessage(), ex);
            }
        }
    }

    /**
     * Clips the gradients by their global norm: when ‖g‖, the L2 norm of all the parameters' gradients taken together
     * as one vector, exceeds {@code maxNorm}, every gradient is multiplied by maxNorm / ‖g‖, so that ‖g‖ becomes
     * maxNorm and the step keeps its direction (Pascanu et al. 2013; PyTorch's {@code clip_grad_norm_}, without its
     * 1e-6 in the denominator). Gradients whose norm is at most maxNorm are left untouched, bit for bit. Each
     * gradient's Σg² is {@link VecOps#dot}'s, returned in double, and the parameters' sums are added in double. A non-finite norm (a NaN or infinite gradient) leaves the gradients as they are: scaling
     * cannot repair them, and the caller sees the norm.
     *
     * @return ‖g‖ before clipping
     */
    public double clipGlobalNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("invalid maxNorm: " + maxNorm + " (must be positive and finite)");
        }
        double sumOfSquares = 0;
        for (Parameter p : params.values()) {
            sumOfSquares += sumOfSquares(p.grad());
        }
        double norm = Math.sqrt(sumOfSquares);
        if (norm > maxNorm && Double.isFinite(norm)) {
            double scale = maxNorm / norm;
            for (Parameter p : params.values()) {
                p.grad().muli(scale);
            }
        }
        return norm;
    }

    /** Σ g² of one gradient, returned in double whatever its dtype. */
    private static double sumOfSquares(Tensor g) {
        Tensor c = g.contiguous();
        return c.dtype() == DType.F32
                ? VecOps.dot(c.floatData(), c.offset(), c.floatData(), c.offset(), c.size())
                : VecOps.dot(c.doubleData(), c.offset(), c.doubleData(), c.offset(), c.size());
    }

    /**
     * Clips the gradients element by element to [−maxAbs, maxAbs] (Keras' {@code clipvalue}, PyTorch's
     * {@code clip_grad_value_}). Unlike {@link #clipGlobalNorm} it can change the step's direction; a NaN stays NaN.
     */
    public void clipValue(double maxAbs) {
        if (!(maxAbs > 0) || Double.isInfinite(maxAbs)) {
            throw new IllegalArgumentException("invalid maxAbs: " + maxAbs + " (must be positive and finite)");
        }
        for (Parameter p : params.values()) {
            p.grad().mapi(v -> v > maxAbs ? maxAbs : (v < -maxAbs ? -maxAbs : v));
        }
    }

    /** Sets every parameter's gradient to zero. */
    public void zeroGrad() {
        for (Parameter p : params.values()) {
            p.zeroGrad();
        }
    }

    public UpdateRule rule() {
        return rule;
    }

    /** The parameters by name, in step order (read-only). */
    public Map<String, Parameter> parameters() {
        return params;
    }

    /** The live state of every parameter by name, in step order (read-only map; the states are live). */
    public Map<String, State> states() {
        return Collections.unmodifiableMap(states);
    }

    /** The live state of one parameter. */
    public State state(String name) {
        State s = states.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Optimizer has no parameter named '" + name + "' (names: "
                    + states.keySet() + ")");
        }
        return s;
    }

    /**
     * Replaces every state with a copy of the one saved under the same name (restoring a checkpoint).
     * The names must match this optimizer's exactly; otherwise nothing is changed and the error lists the
     * missing and the unexpected names.
     */
    public void loadStates(Map<String, State> saved) {
        Objects.requireNonNull(saved, "Optimizer.loadStates: states are null");
        Set<String> missing = new LinkedHashSet<>(states.keySet());
        missing.removeAll(saved.keySet());
        Set<String> extra = new LinkedHashSet<>(saved.keySet());
        extra.removeAll(states.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException("Optimizer.loadStates: saved states do not match the parameters —"
                    + " missing " + missing + ", unexpected " + extra
                    + "; was the checkpoint written for another model?");
        }
        List<String> names = new ArrayList<>(states.keySet());
        for (String n : names) {
            State s = Objects.requireNonNull(saved.get(n), () -> "Optimizer.loadStates: state of " + n + " is null");
            states.put(n, s.copy());
        }
    }

    /** Forgets all state (velocities, moments, step counts). */
    public void resetStates() {
        states.values().forEach(State::clear);
    }

    public double learningRate() {
        return rule.learningRate();
    }

    public void setLearningRate(double lr) {
        rule.setLearningRate(lr);
    }

    /** Sets the learning rate the schedule gives for {@code epoch}, starting from {@code initialLr}; returns it. */
    public double applySchedule(LearningRateSchedule schedule, double initialLr, int epoch) {
        double lr = schedule.learningRate(initialLr, epoch);
        rule.setLearningRate(lr);
        return lr;
    }

    @Override
    public String toString() {
        return "Optimizer(" + rule + ", " + params.size() + " parameters)";
    }
}
