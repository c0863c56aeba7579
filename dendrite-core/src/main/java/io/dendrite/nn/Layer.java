package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A differentiable building block with a hand-written backward pass.
 *
 * <p>{@link #forward} keeps what {@link #backward} needs (the cs231n "cache"); {@code backward} takes the
 * upstream gradient {@code dout} (same shape as the forward output), returns {@code dx} (same shape as the
 * forward input) as a new tensor, never writes into {@code dout}, and <em>adds</em> the parameter gradients
 * into each {@link Parameter#grad()}. Calling backward before forward throws an {@link IllegalStateException}.
 * A wrong input shape is refused at the layer's door with a message naming the layer (its {@code toString()})
 * and both shapes.
 */
public interface Layer {
    /** Computes the output for input {@code x}, remembering what backward needs. */
    Tensor forward(Tensor x);

    /** Returns dL/dx for upstream gradient {@code dout}, accumulating parameter gradients. */
    Tensor backward(Tensor dout);

    /** Trainable parameters, in a stable order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Non-trainable state that is saved and loaded with the parameters but never touched by an optimizer,
     * such as BatchNorm's running mean and variance. Keys are local to the layer ("running_mean").
     */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /** Switches between training behaviour (dropout active, batch statistics) and evaluation behaviour. */
    default void setTraining(boolean training) {
    }

    /**
     * Tells the layer whether its caller reads the input gradient. A network's first layer is told {@code false}:
     * nobody reads the gradient of the input batch, so a layer may then skip computing it (a third of a Linear's or
     * Conv2d's backward) and return {@code null} from {@link #backward}. Layers that cannot save work ignore it.
     * Returns this layer.
     */
    default Layer inputGradient(boolean needed) {
        return this;
    }

    /**
     * Whether {@link #backward} computes the input gradient now: false only after {@code inputGradient(false)} on a
     * layer that skips it. Read it to restore the setting after changing it (as {@code Network}'s input gradients do).
     */
    default boolean inputGradient() {
        return true;
    }

    /**
     * The layers this one is made of, in forward order, for containers such as {@link Sequential} and
     * {@link Residual}; empty for a plain layer. Networks walk this tree to name parameters, to save the
     * architecture and to print summaries.
     */
    default List<Layer> children() {
        return List.of();
    }
}
