package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Sinusoidal positional encoding ("Attention Is All You Need", cs231n's {@code PositionalEncoding}): adds to step t
 * of a sequence a fixed vector that tells the attention layers where in the sequence the step is, then applies
 * dropout.
 * <pre>
 *   x (N, S, E), S ≤ maxLen, E even         out = dropout(x + pe[0:S]) (N, S, E)     dx = dropout's backward of dout
 *   pe[t, 2i]   = sin(t · 10000^(−2i/E))
 *   pe[t, 2i+1] = cos(t · 10000^(−2i/E))      for t in [0, maxLen), i in [0, E/2)
 * </pre>
 * No parameters and no buffers: the table is a function of (maxLen, E), rebuilt rather than saved. It is computed in
 * double and used in the input's dtype. Dropout ({@code p} = probability of dropping, from the generator given at
 * construction) runs in training only; a new layer trains.
 */
public final class PositionalEncoding implements Layer {
    private final int embedDim;
    private final int maxLen;
    private final double[] pe;           // (maxLen, E), row-major
    private final Dropout dropout;
    private Tensor pe32;
    private int[] outShape;

    /** An encoding for sequences of up to {@code maxLen} steps of {@code embedDim} (even) features. */
    public PositionalEncoding(int embedDim, int maxLen, double dropout, Rng rng) {
        if (embedDim <= 0 || embedDim % 2 != 0 || maxLen <= 0) {
            throw new IllegalArgumentException("PositionalEncoding: embedding size " + embedDim + ", maxLen " + maxLen
                    + " — both must be positive and the embedding even (sines and cosines come in pairs)");
        }
        this.embedDim = embedDim;
        this.maxLen = maxLen;
        this.pe = table(embedDim, maxLen);
        this.dropout = new Dropout(dropout, rng);
    }

    /** The (maxLen, E) table of sines and cosines, see the class comment. */
    static double[] table(int e, int maxLen) {
        double[] pe = new double[maxLen * e];
        for (int i = 0; i < e; i += 2) {
            double frequency = Math.pow(10000, -(double) i / e);
            for (int t = 0; t < maxLen; t++) {
                pe[t * e + i] = Math.sin(t * frequency);
                pe[t * e + i + 1] = Math.cos(t * frequency);
            }
        }
        return pe;
    }

    /** x (N, S, E) → dropout(x + pe[0:S]) (N, S, E). */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        LayerChecks.rank(this, s, 3, "(N, S, " + embedDim + ")", "sequences are (N, S, E)");
        if (s[2] != embedDim || s[1] > maxLen) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + ", expected "
                    + Shapes.format(s[0], Math.min(s[1], maxLen), embedDim) + " — " + embedDim + " features per step and"
                    + " at most maxLen = " + maxLen + " steps; build the encoding for longer sequences if needed");
        }
        outShape = s;
        return dropout.forward(x.add(encoding(s[1], x.dtype())));
    }

    /** dout (N, S, E) → dx (N, S, E): the encoding is a constant, only the dropout mask applies. */
    @Override
    public Tensor backward(Tensor dout) {
        if (outShape == null) {
            throw LayerChecks.notForwarded(this);
        }
        if (!Shapes.same(dout.shape(), outShape)) {
            LayerChecks.dout(this, dout, outShape, dout.dtype());
        }
        return dropout.backward(dout);
    }

    /** pe[0:S] as a tensor (S, E) in {@code dtype}. */
    public Tensor encoding(int steps, DType dtype) {
        if (steps < 0 || steps > maxLen) {
            throw new IllegalArgumentException(this + ": " + steps + " steps, at most maxLen = " + maxLen);
        }
        if (dtype == DType.F64) {
            return Tensor.of(java.util.Arrays.copyOf(pe, steps * embedDim), steps, embedDim);
        }
        if (pe32 == null) {
            pe32 = Tensor.of(pe, maxLen, embedDim).to(DType.F32);
        }
        return pe32.slice(0, steps);
    }

    @Override
    public void setTraining(boolean training) {
        dropout.setTraining(training);
    }

    /** The generator of the dropout masks, live: checkpoints save and restore its state. */
    public Rng generator() {
        return dropout.generator();
    }

    /** E, the features per step. */
    public int embedDim() {
        return embedDim;
    }

    /** The most steps a sequence may have. */
    public int maxLen() {
        return maxLen;
    }

    /** The probability of dropping a unit in training. */
    public double dropout() {
        return dropout.p();
    }

    @Override
    public String toString() {
        return "PositionalEncoding(E=" + embedDim + ", maxLen=" + maxLen + (dropout.p() > 0 ? ", dropout=" + dropout.p() : "")
                + ")";
    }
}
