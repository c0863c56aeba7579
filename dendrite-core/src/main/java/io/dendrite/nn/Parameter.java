package io.dendrite.nn;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * A trainable tensor and its gradient. The parameter is the single owner of its value: {@link #set}
 * replaces it and every layer that holds this parameter sees the new value at once (no aliases to re-point).
 * Gradients accumulate ({@code +=}) during backward; {@link #zeroGrad()} clears them.
 */
public final class Parameter {
    private final String localName;
    private String name;
    private Tensor value;
    private Tensor grad;

    public Parameter(String name, Tensor value) {
        this.localName = name;
        this.name = name;
        this.value = value;
        this.grad = Tensor.zerosLike(value);
    }

    public String name() {
        return name;
    }

    /** The name the layer gave it ("W", "gamma"), which a network's name (W1, gamma2) is made from. */
    public String localName() {
        return localName;
    }

    /** Gives the parameter the name a model uses for it (W1, b1, gamma1, …); returns this. */
    public Parameter named(String newName) {
        this.name = newName;
        return this;
    }

    public Tensor value() {
        return value;
    }

    public Tensor grad() {
        return grad;
    }

    /** Replaces the value; the new tensor must have the same shape. The dtype may change (the grad follows). */
    public void set(Tensor v) {
        if (!Shapes.same(v.shape(), value.shape())) {
            throw new IllegalArgumentException("Parameter " + name + ": new value has shape " + Shapes.format(v.shape())
                    + ", expected " + Shapes.format(value.shape()));
        }
        this.value = v;
        if (grad.dtype() != v.dtype()) {
            this.grad = Tensor.zerosLike(v);
        }
    }

    /** Sets every gradient element to zero. */
    public void zeroGrad() {
        grad.fill(0);
    }

    @Override
    public String toString() {
        return name + Shapes.format(value.shape()) + " " + value.dtype();
    }
}
