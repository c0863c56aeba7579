package io.dendrite.spark;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's rows of a dataset: the consecutive rows {@code first … first + rows − 1} of the whole (their
 * indices are the ones the Solver's batches name), samples one after another as floats, and their labels. Every
 * partition holds exactly one Shard; the partitions hold consecutive blocks in partition order.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    final int first;
    final int rows;
    final int[] sampleShape;
    private final float[] x;
    private final int[] labels;
    private transient Tensor samples;   // x as a tensor (rows, …sampleShape), made on first use where the shard lives

    Shard(int first, int[] sampleShape, float[] x, int[] labels) {
        this.first = first;
        this.rows = labels.length;
        this.sampleShape = sampleShape.clone();
        this.x = x;
        this.labels = labels;
        if ((long) rows * Shapes.size(sampleShape) != x.length) {
            throw new IllegalArgumentException("Shard: " + x.length + " values for " + rows + " samples of shape "
                    + Shapes.format(sampleShape));
        }
    }

    /** The positions in this shard of those of {@code globalRows} it holds, in the order given (batch order). */
    int[] localRows(int[] globalRows) {
        int[] local = new int[globalRows.length];
        int n = 0;
        for (int r : globalRows) {
            if (r >= first && r - first < rows) {
                local[n++] = r - first;
            }
        }
        return Arrays.copyOf(local, n);
    }

    /** The positions 0 … rows − 1: every row of the shard. */
    int[] allRows() {
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The samples at the given positions, in that order, as a batch in {@code dtype}. */
    Tensor x(int[] local, DType dtype) {
        if (samples == null) {
            samples = Tensor.of(x, Shapes.batch(rows, sampleShape));
        }
        Tensor batch = samples.gatherRows(local);
        return dtype == DType.F32 ? batch : batch.to(dtype);
    }

    /** The labels at the given positions, in that order. */
    int[] labels(int[] local) {
        int[] y = new int[local.length];
        for (int i = 0; i < local.length; i++) {
            y[i] = labels[local[i]];
        }
        return y;
    }
}
