package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.BatchedGemm;
import io.dendrite.tensor.kernel.BatchedGemm.Layout;
import io.dendrite.tensor.kernel.Parallel;

/**
 * The loops under {@link MultiHeadAttention}: its per-head products (through {@link BatchedGemm}, reading the
 * projections in place) and the masked softmax over the keys with its backward. Every tensor here is contiguous
 * and of one dtype; softmax rows are computed in double, also for F32 (one rounding per weight).
 */
final class AttentionMath {
    /** Least scores per thread chunk of the softmax loops: below it the hand-off costs more than the exps. */
    private static final int SOFTMAX_GRAIN = 1 << 13;

    private AttentionMath() {
    }

    /**
     * The heads of a (N·R, E) projection: matrix (n, h) is the (R, E/H) block of rows n·R … and columns
     * h·E/H …, its rows E apart.
     */
    static Layout heads(int heads, int rows, int dim) {
        return new Layout(0, heads, rows * dim, dim / heads, dim);
    }

    /** The (S, T) matrices of an (N, H, S, T) array of scores, one after another. */
    static Layout scores(int s, int t) {
        return Layout.of(0, s * t, t);
    }

    /** {@code C_i = op(A_i)·op(B_i)} for i in [0, count), layouts relative to each tensor's first element. */
    static void bmm(int count, boolean ta, boolean tb, int m, int n, int k, Tensor a, Layout la, Tensor b, Layout lb,
                    Tensor c, Layout lc) {
        if (c.dtype() == DType.F32) {
            BatchedGemm.gemm(count, ta, tb, m, n, k, a.floatData(), la.shift(a.offset()), b.floatData(),
                    lb.shift(b.offset()), c.floatData(), lc.shift(c.offset()), false);
        } else {
            BatchedGemm.gemm(count, ta, tb, m, n, k, a.doubleData(), la.shift(a.offset()), b.doubleData(),
                    lb.shift(b.offset()), c.doubleData(), lc.shift(c.offset()), false);
        }
    }

    /**
     * In place over the rows of T scores of a contiguous (N, H, S, T) tensor: {@code p = softmax(scale·x)} over the
     * keys that {@code allowed} (S·T flags, row-major, null = all) lets query s see, exactly 0 at the others — what
     * PyTorch's {@code masked_fill(mask == 0, -inf)} followed by softmax gives. Every query must see some key.
     */
    static void softmax(Tensor scores, int s, int t, double scale, boolean[] allowed) {
        int rows = scores.size() / t;
        Parallel.forRange(rows, Math.max(1, SOFTMAX_GRAIN / t), (from, to) -> {
            double[] row = new double[t];
            for (int r = from; r < to; r++) {
                int at = scores.offset() + r * t, m = (r % s) * t;
                read(scores, at, row);
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    if (allowed == null || allowed[m + j]) {
                        max = Math.max(max, scale * row[j]);
                    }
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {    // subtracting the row max keeps exp finite
                    row[j] = allowed == null || allowed[m + j] ? Math.exp(scale * row[j] - max) : 0;
                    sum += row[j];
                }
                for (int j = 0; j < t; j++) {
                    row[j] /= sum;
                }
                write(scores, at, row);
            }
        });
    }

    /**
     * In place: turns dP, the gradient of the weights P = softmax(scale·x), into the gradient of the scores x,
     * row by row: {@code dx_j = scale · p_j · (dp_j − Σ_k p_k·dp_k)}. Blocked keys have p = 0, so nothing flows
     * to them.
     */
    static void softmaxBackward(Tensor p, Tensor dp, int t, double scale) {
        int rows = p.size() / t;
        Parallel.forRange(rows, Math.max(1, SOFTMAX_GRAIN / t), (from, to) -> {
            double[] pr = new double[t], dr = new double[t];
            for (int r = from; r < to; r++) {
                read(p, p.offset() + r * t, pr);
                read(dp, dp.offset() + r * t, dr);
                double dot = 0;
                for (int j = 0; j < t; j++) {
                    dot += pr[j] * dr[j];
                }
                for (int j = 0; j < t; j++) {
                    dr[j] = scale * pr[j] * (dr[j] - dot);
                }
                write(dp, dp.offset() + r * t, dr);
            }
        });
    }

    private static void read(Tensor x, int at, double[] row) {
        if (x.dtype() == DType.F32) {
            float[] f = x.floatData();
            for (int j = 0; j < row.length; j++) {
                row[j] = f[at + j];
            }
        } else {
            System.arraycopy(x.doubleData(), at, row, 0, row.length);
        }
    }

    private static void write(Tensor x, int at, double[] row) {
        if (x.dtype() == DType.F32) {
            float[] f = x.floatData();
            for (int j = 0; j < row.length; j++) {
                f[at + j] = (float) row[j];
            }
        } else {
            System.arraycopy(row, 0, x.doubleData(), at, row.length);
        }
    }
}
