package io.dendrite.model;

import io.dendrite.tensor.Tensor;

/**
 * A trainable model whose targets are integer sequences, one per example — cs231n assignment 3's captioning
 * networks and character language models. The Solver trains it as it trains a {@link Model}
 * ({@code Solver.builder(seqModel).train(x, targets)}), with the same loop, checkpoints and resume.
 *
 * <p>Row n of {@code x} goes with {@code targets[n]}: image features x (N, D) with captions (N, T+1) of word ids,
 * the model reading {@code targets[n][0..T-1]} and predicting {@code targets[n][1..T]} as cs231n's
 * {@code CaptioningRNN} does; or token ids x (N, T) with windows (N, T+1) of a text for a language model. What x
 * holds and how the targets are read is the model's to say; the Solver only keeps the rows of both together.
 * A model reads the target arrays and never changes them; the Solver reuses the outer array from batch to batch,
 * so a model that keeps targets past a call copies them.
 *
 * <p><b>Carried state.</b> A stateful model (truncated backpropagation through time) starts every call of
 * {@link #loss} or {@link #metric} from the hidden state its previous call ended with, and ends by keeping its
 * final state for the next call — detached, so gradients stop at the batch boundary. {@link #resetState()} makes
 * the next call start from the initial state (zeros). The Solver calls it wherever the next batch does not continue
 * the previous one: at the start of every epoch, at the start of every evaluation, and before every batch unless
 * the sampling is {@code Sampling.STREAMS}, whose batches continue each other row by row. The carried state is not
 * a buffer: checkpoints do not save it, and need not, because they are written at the end of an epoch and every
 * epoch starts from a reset state. A model without carried state ignores {@link #resetState()}.
 */
public interface SequenceModel extends Trainable {
    /**
     * Training forward and backward pass on a batch: zeroes the gradients, then fills every parameter's gradient.
     * The returned loss includes the regularization term, as {@link Model#loss} does.
     *
     * @param x       the inputs, N rows (N, …)
     * @param targets N integer sequences, {@code targets[n]} belonging to row n of x
     */
    double loss(Tensor x, int[][] targets);

    /**
     * A test-time score of the rows (dropout off, running statistics in normalization), higher is better — token
     * accuracy, or the fraction of sequences predicted exactly. The Solver records it each epoch where a classifier's
     * accuracy goes, and keeps the parameters of the epoch whose validation score is highest. It scores large sets in
     * chunks and averages the chunks' scores weighted by their numbers of rows, so a score that is a mean over rows
     * (or over a fixed number of tokens per row) is exact. It leaves parameters and gradients as they are.
     *
     * @param x       the inputs, N rows (N, …)
     * @param targets N integer sequences, {@code targets[n]} belonging to row n of x
     */
    double metric(Tensor x, int[][] targets);

    /** What {@link #metric} measures, e.g. {@code "token accuracy"}: the Solver names it in its History. */
    String metricName();

    /**
     * Forgets the state carried from the previous call, so the next call of {@link #loss} or {@link #metric}
     * starts from the initial state. Does nothing by default, for models that carry none.
     */
    default void resetState() {
    }
}
