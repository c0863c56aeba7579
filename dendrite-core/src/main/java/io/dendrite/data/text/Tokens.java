package io.dendrite.data.text;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

/**
 * Turns rows of T+1 token ids — captions from {@link CaptionData}, windows from {@link CharStreams} — into what a
 * sequence model trains on, as cs231n's {@code CaptioningRNN.loss} does:
 * {@code captions_in = captions[:, :-1]} (the {@link #inputs} a model embeds), {@code captions_out =
 * captions[:, 1:]} (the {@link #targets} it predicts) and {@code mask = captions_out != <NULL>} (the
 * {@link #mask} of steps that count in the loss).
 */
public final class Tokens {
    private Tokens() {
    }

    /** The first T ids of each row of T+1, as an F32 tensor (N, T) of token ids (exact up to 2<sup>24</sup>). */
    public static Tensor inputs(int[][] rows) {
        return inputs(rows, DType.F32);
    }

    /** The first T ids of each row of T+1, as a tensor (N, T) of token ids in {@code dtype}. */
    public static Tensor inputs(int[][] rows, DType dtype) {
        int t = steps(rows);
        int n = rows.length;
        if (dtype == DType.F64) {
            double[] v = new double[n * t];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < t; j++) {
                    v[i * t + j] = rows[i][j];
                }
            }
            return Tensor.of(v, n, t);
        }
        float[] v = new float[n * t];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) {
                v[i * t + j] = rows[i][j];
            }
        }
        return Tensor.of(v, n, t);
    }

    /** The last T ids of each row of T+1: the next token at every step, (N, T). */
    public static int[][] targets(int[][] rows) {
        int t = steps(rows);
        int[][] y = new int[rows.length][t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 1, y[i], 0, t);
        }
        return y;
    }

    /** True where a target is not {@code nullId} (cs231n: {@code mask = captions_out != self._null}). */
    public static boolean[][] mask(int[][] targets, int nullId) {
        boolean[][] m = new boolean[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            m[i] = new boolean[targets[i].length];
            for (int j = 0; j < targets[i].length; j++) {
                m[i][j] = targets[i][j] != nullId;
            }
        }
        return m;
    }

    /** All true: every step counts (character streams have no padding). */
    public static boolean[][] fullMask(int rows, int steps) {
        boolean[][] m = new boolean[rows][steps];
        for (boolean[] r : m) {
            java.util.Arrays.fill(r, true);
        }
        return m;
    }

    /** T, for rows of T+1 ids all of one length ≥ 2. */
    private static int steps(int[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("Tokens: no rows");
        }
        int length = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != length) {
                throw new IllegalArgumentException("Tokens: row " + i + " has " + rows[i].length + " ids, row 0 has "
                        + length + " (all rows must have one length)");
            }
        }
        if (length < 2) {
            throw new IllegalArgumentException("Tokens: rows need T+1 ≥ 2 ids (inputs and next-token targets), got "
                    + length);
        }
        return length - 1;
    }
}
