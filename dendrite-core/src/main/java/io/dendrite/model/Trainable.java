package io.dendrite.model;

import io.dendrite.nn.Parameter;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * What the Solver and its checkpoints need of any model they train, whatever its targets: the parameters an
 * update rule steps, the buffers and generators a checkpoint saves so that a resumed run continues exactly.
 * A classifier ({@link Model}, integer labels) and a {@link SequenceModel} (integer sequences) are both Trainable,
 * so one Solver loop, one checkpoint format and one resume serve them both.
 */
public interface Trainable {
    /**
     * Parameters by name in a stable order — the order the optimizer steps them and checkpoints save their states
     * in. Networks use the seeds' names: W1, b1, W2, b2, …, gamma1, beta1, ….
     */
    Map<String, Parameter> params();

    /** Non-trainable state saved with the model (BatchNorm running statistics), by name. */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /**
     * The random generators a training pass draws from (Dropout masks), live, by a name stable for the
     * architecture. Checkpoints save their state, so that a resumed run draws the masks the uninterrupted one would.
     */
    default Map<String, Rng> generators() {
        return Map.of();
    }
}
