package io.dendrite.data;

/** How {@link Batches} picks the samples of each mini-batch. */
public enum Sampling {
    /** Every sample exactly once per epoch, in a new seeded random order each epoch (PyTorch's default). */
    SHUFFLE,
    /**
     * Each batch drawn independently and uniformly with replacement, as cs231n's Solver does
     * ({@code np.random.choice(num_train, batch_size)}); an "epoch" is {@code max(N / batchSize, 1)} batches.
     */
    WITH_REPLACEMENT,
    /** Every sample once per epoch, in order — for evaluation. */
    SEQUENTIAL
}
