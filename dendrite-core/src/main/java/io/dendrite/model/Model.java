package io.dendrite.model;

import io.dendrite.nn.Parameter;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * A trainable classifier, the cs231n way: {@link #loss} runs the training forward and backward pass and
 * fills every parameter's gradient; {@link #scores} is the test-time forward pass.
 */
public interface Model {
    /** Class scores of shape (N, C) at test time (dropout off, running statistics in normalization). */
    Tensor scores(Tensor x);

    /**
     * Training forward and backward pass on a labelled batch: zeroes the gradients, then fills every
     * parameter's gradient. The returned loss includes the regularization term 0.5·reg·ΣW².
     */
    double loss(Tensor x, int[] y);

    /** Parameters by their seed names (W1, b1, W2, b2, …, gamma1, beta1, …), in a stable order. */
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
