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
    SEQUENTIAL,
    /**
     * In order, as {@code batchSize} parallel streams, for truncated backpropagation through time: the N samples are
     * read as batchSize streams of S = N / batchSize consecutive samples each, and batch j holds the j-th sample of
     * every stream, so that row r of every batch continues row r of the batch before (PyTorch's word-language-model
     * {@code batchify}). With batchSize 1 it is plain order. An epoch is S full batches; the N mod batchSize samples
     * at the end belong to no stream and are left out. Every epoch has the same batches.
     */
    STREAMS
}
