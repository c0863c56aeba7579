package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

/**
 * The "sandwich" layers of cs231n's {@code layer_utils.py}, each a small {@link Sequential}, so that the parts
 * stay visible in printouts and their parameters keep their local names under an index ("0.W", "1.gamma").
 */
public final class Layers {
    private Layers() {
    }

    /** Linear → ReLU, with {@link WeightInit#DEFAULT} weights. */
    public static Sequential affineRelu(int in, int out, Rng rng, DType dtype) {
        return affineRelu(in, out, rng, dtype, WeightInit.DEFAULT);
    }

    /** Linear → ReLU. */
    public static Sequential affineRelu(int in, int out, Rng rng, DType dtype, WeightInit init) {
        return new Sequential(new Linear(in, out, rng, dtype, init), new ReLU());
    }
}
