package io.dendrite.data.text;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Batches for truncated backpropagation through time: an encoded text cut into N parallel streams, read in
 * windows of T steps, each window continuing every stream where the previous one stopped — so that a stateful
 * RNN or LSTM carries its hidden state from window k to window k+1 (row s of every window is stream s).
 *
 * <p>With L = ⌊length / N⌋, stream s is {@code ids[s·L, (s+1)·L)}; the tail of fewer than N ids is dropped.
 * Window k holds, for each stream, T+1 ids starting at step k·T: the model reads the first T
 * ({@link Tokens#inputs}) and predicts the last T ({@link Tokens#targets}), and the last target of window k is
 * the first input of window k+1. An epoch has ⌊(L − 1) / T⌋ windows; the last few ids of each stream that do
 * not fill a window are not predicted.
 *
 * <pre>
 * CharStreams s = new CharStreams(corpus.encodedTrain(), 32, 50);
 * for (int[][] rows : s) {                                   // windows 0, 1, …, numWindows() − 1
 *     Tensor x = Tokens.inputs(rows);                        // (32, 50) ids
 *     int[][] y = Tokens.targets(rows);                      // (32, 50) next ids
 * }
 * </pre>
 *
 * <p><b>With the Solver.</b> The Solver's {@code Sampling.STREAMS} makes the streams itself from rows that are
 * the text's consecutive windows in order: give it {@link #windows(int[], int)} as the target rows and
 * {@link Tokens#inputs} of them as x, with the batch size N —
 * {@code int[][] rows = CharStreams.windows(ids, 100); solver.train(Tokens.inputs(rows), rows)} — and row r of
 * each batch continues row r of the one before, as here.
 */
public final class CharStreams implements Iterable<int[][]> {
    private final int[] ids;
    private final int streams;
    private final int steps;
    private final int streamLength;

    /**
     * @param ids     the encoded text; not copied
     * @param streams N, the batch size: rows of every window
     * @param steps   T, the time steps of one window
     * @throws IllegalArgumentException when the text is too short for one window of every stream
     */
    public CharStreams(int[] ids, int streams, int steps) {
        if (streams < 1 || steps < 1) {
            throw new IllegalArgumentException("CharStreams: streams and steps must be at least 1, got " + streams
                    + " and " + steps);
        }
        this.streamLength = ids.length / streams;
        if (streamLength < steps + 1) {
            throw new IllegalArgumentException("CharStreams: " + ids.length + " ids in " + streams + " streams give "
                    + streamLength + " per stream, fewer than one window of " + steps + " steps needs (" + (steps + 1)
                    + "); use fewer streams or steps");
        }
        this.ids = ids;
        this.streams = streams;
        this.steps = steps;
    }

    /**
     * The text's consecutive windows in order, the rows the Solver's {@code Sampling.STREAMS} reads: ⌊(length − 1)
     * / T⌋ rows of T+1 ids, row m = {@code ids[m·T, m·T + T]}, so that the last id of a row is the first of the next.
     *
     * @throws IllegalArgumentException when the text has fewer than T+1 ids
     */
    public static int[][] windows(int[] ids, int steps) {
        if (steps < 1 || ids.length < steps + 1) {
            throw new IllegalArgumentException("CharStreams.windows: " + ids.length + " ids give no window of "
                    + steps + " steps (T+1 = " + (steps + 1) + " ids)");
        }
        int[][] rows = new int[(ids.length - 1) / steps][steps + 1];
        for (int m = 0; m < rows.length; m++) {
            System.arraycopy(ids, m * steps, rows[m], 0, steps + 1);
        }
        return rows;
    }

    /** N: rows of every window. */
    public int streams() {
        return streams;
    }

    /** T: steps of every window. */
    public int steps() {
        return steps;
    }

    /** L: ids per stream. */
    public int streamLength() {
        return streamLength;
    }

    /** Windows in one pass over the streams (an epoch): ⌊(L − 1) / T⌋. */
    public int numWindows() {
        return (streamLength - 1) / steps;
    }

    /** Window {@code k}: N rows of T+1 ids, row s = stream s from step k·T. */
    public int[][] window(int k) {
        if (k < 0 || k >= numWindows()) {
            throw new IndexOutOfBoundsException("CharStreams: window " + k + " is outside [0, " + numWindows() + ")");
        }
        int[][] rows = new int[streams][steps + 1];
        for (int s = 0; s < streams; s++) {
            System.arraycopy(ids, s * streamLength + k * steps, rows[s], 0, steps + 1);
        }
        return rows;
    }

    /** The windows of one epoch, in order. */
    @Override
    public Iterator<int[][]> iterator() {
        return new Iterator<>() {
            private int k;

            @Override
            public boolean hasNext() {
                return k < numWindows();
            }

            @Override
            public int[][] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("CharStreams: all " + numWindows() + " windows were read");
                }
                return window(k++);
            }
        };
    }

    @Override
    public String toString() {
        return "CharStreams(" + streams + " streams of " + streamLength + " ids, windows of " + steps + " steps, "
                + numWindows() + " per epoch)";
    }
}
