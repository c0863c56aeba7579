package io.dendrite.train;

import io.dendrite.data.Batches;
import io.dendrite.tensor.Tensor;

/**
 * Rows of inputs with a classifier's labels or a sequence model's target sequences (the other is null). Identity,
 * not contents, tells two apart: the Solver keys its evaluation batches by the split.
 */
final class Split {
    private final Tensor x;
    private final int[] labels;
    private final int[][] targets;
    private int[] rowIndices;

    Split(Tensor x, int[] labels, int[][] targets) {
        this.x = x;
        this.labels = labels;
        this.targets = targets;
    }

    Tensor x() {
        return x;
    }

    int[] labels() {
        return labels;
    }

    int[][] targets() {
        return targets;
    }

    int rows() {
        return x.shape(0);
    }

    /**
     * What {@link Batches} hands back as each row's label: the label itself, or for target sequences the row's
     * index, through which the Solver finds its sequence — so sequences are batched by the one batching loop.
     */
    int[] batchLabels() {
        if (labels != null) {
            return labels;
        }
        if (rowIndices == null) {
            rowIndices = rowRange(0, rows());
        }
        return rowIndices;
    }

    /** The indices from, from + 1, …, to − 1. */
    static int[] rowRange(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows;
    }
}
