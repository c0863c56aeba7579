package io.dendrite.optim;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The per-parameter memory of an update rule (cs231n's {@code config} dict, minus the hyperparameters):
 * named tensors such as {@code "velocity"}, {@code "cache"}, {@code "m"}, {@code "v"}, and a step counter.
 *
 * <p>One rule serves every parameter; each parameter gets its own {@code State}, which is what a checkpoint
 * saves (by parameter name, see {@link Optimizer#states()}). Tensors are created lazily by the rule on
 * its first update, as zeros shaped like the parameter. {@link #step()} counts the updates applied with
 * this state; every rule increments it <em>before</em> using it, so Adam's bias correction sees
 * {@code t = 1} on the first update, and a state saved with {@code t = 5} makes the next update use and store 6.
 *
 * <p>Keys keep their insertion order so that a saved state lists them the same way every time.
 */
public final class State {
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private int step;

    /** An empty state: no tensors, step 0. */
    public State() {
    }

    /** The tensor stored under {@code key}; throws naming the keys present when there is none. */
    public Tensor get(String key) {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new NoSuchElementException("State has no tensor '" + key + "' (keys: " + tensors.keySet()
                    + ") — a rule creates its tensors on its first update; check has(key) first");
        }
        return t;
    }

    /** Whether a tensor is stored under {@code key}. */
    public boolean has(String key) {
        return tensors.containsKey(key);
    }

    /** Stores {@code value} under {@code key} (replacing any previous one, not copying); returns this. */
    public State put(String key, Tensor value) {
        Objects.requireNonNull(key, "State.put: key is null");
        Objects.requireNonNull(value, () -> "State.put: value for '" + key + "' is null");
        tensors.put(key, value);
        return this;
    }

    /** Removes the tensor under {@code key}, if any; returns this. */
    public State remove(String key) {
        tensors.remove(key);
        return this;
    }

    /** Forgets every tensor and sets the step back to 0: the next update starts from scratch. */
    public State clear() {
        tensors.clear();
        step = 0;
        return this;
    }

    /** The number of updates applied with this state (Adam's {@code t}). */
    public int step() {
        return step;
    }

    public void setStep(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("invalid step: " + t + " (expected a count >= 0)");
        }
        this.step = t;
    }

    /** The keys present, in insertion order (read-only). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    /** A read-only view of the tensors by key, in insertion order (the tensors themselves are live). */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /** A deep copy: same step, every tensor copied. */
    public State copy() {
        State s = new State();
        s.step = step;
        tensors.forEach((k, v) -> s.tensors.put(k, v.copy()));
        return s;
    }

    /**
     * The tensor under {@code key}, made ready for a fused loop over {@code w}'s elements: created as zeros
     * like {@code w} when absent; converted to {@code w}'s dtype or made contiguous (and stored back) when
     * needed, e.g. after a checkpoint saved in another dtype. A shape that differs from {@code w}'s means
     * the state belongs to another parameter, and is refused.
     */
    Tensor tensorLike(String key, Tensor w) {
        Tensor t = tensors.get(key);
        if (t == null) {
            t = Tensor.zerosLike(w);
            tensors.put(key, t);
            return t;
        }
        if (!Args.sameShape(t, w)) {
            throw new IllegalArgumentException("State tensor '" + key + "' has shape " + Shapes.format(t.shape())
                    + " but the parameter has shape " + Shapes.format(w.shape())
                    + " — this state belongs to a different parameter (check the names in the checkpoint)");
        }
        if (t.dtype() != w.dtype()) {
            t = t.to(w.dtype());
            tensors.put(key, t);
        } else if (!t.isContiguous()) {
            t = t.contiguous();
            tensors.put(key, t);
        }
        return t;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("State(step=").append(step);
        tensors.forEach((k, v) -> sb.append(", ").append(k).append(Shapes.format(v.shape())).append(' ').append(v.dtype()));
        return sb.append(')').toString();
    }
}
