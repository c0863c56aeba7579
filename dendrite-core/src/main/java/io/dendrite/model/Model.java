package io.dendrite.model;

import io.dendrite.tensor.Tensor;

/**
 * A trainable classifier, the cs231n way: {@link #loss} runs the training forward and backward pass and
 * fills every parameter's gradient; {@link #scores} is the test-time forward pass. Its parameters, buffers and
 * generators come from {@link Trainable}; a model whose targets are sequences is a {@link SequenceModel}.
 */
public interface Model extends Trainable {
    /** Class scores of shape (N, C) at test time (dropout off, running statistics in normalization). */
    Tensor scores(Tensor x);

    /**
     * Training forward and backward pass on a labelled batch: zeroes the gradients, then fills every
     * parameter's gradient. The returned loss includes the regularization term 0.5·reg·ΣW².
     */
    double loss(Tensor x, int[] y);

    /** Rows scored at once by {@link #predict}: bounds the memory of activations on large inputs. */
    int PREDICT_BATCH = 1000;

    /** Predicted class of each row of x: the argmax of {@link #scores}, computed {@link #PREDICT_BATCH} rows at a time. */
    default int[] predict(Tensor x) {
        int n = x.shape(0);
        if (n <= PREDICT_BATCH) {
            return scores(x).argmax(1);
        }
        int[] out = new int[n];
        for (int from = 0; from < n; from += PREDICT_BATCH) {
            int to = Math.min(n, from + PREDICT_BATCH);
            System.arraycopy(scores(x.slice(from, to)).argmax(1), 0, out, from, to - from);
        }
        return out;
    }
}
