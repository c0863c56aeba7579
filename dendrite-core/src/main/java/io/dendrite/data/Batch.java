package io.dendrite.data;

import io.dendrite.tensor.Tensor;

/**
 * One mini-batch: features {@code x} of shape (B, ...sampleShape) and B labels {@code y}.
 *
 * <p>When it comes from {@link Batches}, both are reused buffers that the next batch overwrites;
 * copy them to keep them.
 */
public record Batch(Tensor x, int[] y) {
    /** Number of samples B. */
    public int size() {
        return y.length;
    }
}
