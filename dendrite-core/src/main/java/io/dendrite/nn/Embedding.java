package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.VecOps;

import java.util.List;

/**
 * Word embedding, cs231n's {@code word_embedding_forward}/{@code word_embedding_backward}: each token id picks a row
 * of W.
 * <pre>
 *   ids: (N, T) integers in [0, V), held in a Tensor of any dtype     W: (V, D)     out: (N, T, D)
 *   out[n, t] = W[ids[n, t]]              dW[v] += Σ_{(n, t): ids[n, t] = v} dout[n, t]   (numpy's add.at)
 * </pre>
 * The output has W's dtype. Token ids have no gradient, so {@link #backward} returns null after accumulating dW:
 * an Embedding is the first layer of a network. Parameter "W"; it is W of PyTorch's {@code nn.Embedding} as is.
 */
public final class Embedding implements Layer {
    /** cs231n's CaptioningRNN draws W_embed = randn(V, D) / 100. */
    public static final WeightInit DEFAULT_INIT = WeightInit.std(0.01);

    private final int vocab;
    private final int dim;
    private final Parameter w;
    private int[] ids;
    private int[] idsShape;

    /** A layer holding W (V, D) itself (not copied). */
    public Embedding(Tensor w) {
        if (w.ndim() != 2 || w.shape(0) == 0 || w.shape(1) == 0) {
            throw new IllegalArgumentException("Embedding: W must be (V, D) with V, D ≥ 1 — one row per token of the"
                    + " vocabulary — got " + Shapes.format(w.shape()));
        }
        this.vocab = w.shape(0);
        this.dim = w.shape(1);
        this.w = new Parameter("W", w);
    }

    /** {@link #DEFAULT_INIT} weights (std 0.01, as cs231n) from {@code rng}. */
    public Embedding(int vocabSize, int dim, Rng rng, DType dtype) {
        this(vocabSize, dim, rng, dtype, DEFAULT_INIT);
    }

    /**
     * W drawn by {@code init} with fan-in 1: a token selects one row, as a one-hot input would, so
     * {@code WeightInit.xavier()} gives PyTorch's N(0, 1).
     */
    public Embedding(int vocabSize, int dim, Rng rng, DType dtype, WeightInit init) {
        this(init.sample(rng, dtype, 1, checkSize("vocabulary", vocabSize), checkSize("embedding", dim)));
    }

    private static int checkSize(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("Embedding: invalid " + what + " size: " + n + " (must be positive)");
        }
        return n;
    }

    /** Looks up the rows of W for token ids (N, T) → (N, T, D); refuses an id that is no integer in [0, V). */
    @Override
    public Tensor forward(Tensor tokens) {
        int[] s = tokens.shape();
        LayerChecks.rank(this, s, 2, "(N, T) of token ids", "give one row of T token ids per sequence");
        int n = s[0], steps = s[1];
        int[] picked = new int[n * steps];
        for (int k = 0; k < picked.length; k++) {
            double v = tokens.getFlat(k);
            if (v != Math.rint(v) || v < 0 || v >= vocab) {
                String value = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
                throw new IllegalArgumentException(this + ": token id " + value + " at " + Shapes.format(k / steps, k % steps)
                        + " of ids " + Shapes.format(s) + (v != Math.rint(v) ? " is not an integer" : " is outside [0, "
                        + vocab + ")") + " — ids must be integers below the vocabulary size V = " + vocab);
            }
            picked[k] = (int) v;
        }
        ids = picked;
        idsShape = s;
        return w.value().gatherRows(picked).reshape(n, steps, dim);
    }

    /** Adds dout (N, T, D) into the rows of dW that the last forward picked (repeated ids add up); returns null. */
    @Override
    public Tensor backward(Tensor dout) {
        if (ids == null) {
            throw LayerChecks.notForwarded(this);
        }
        Tensor g = w.grad();   // a Parameter's grad is a dense tensor of its own, so rows are at offset + id·D
        Tensor d = LayerChecks.dout(this, dout, new int[]{idsShape[0], idsShape[1], dim}, g.dtype());
        int go = g.offset(), dOff = d.offset();
        for (int k = 0; k < ids.length; k++) {
            int row = go + ids[k] * dim, src = dOff + k * dim;   // dW[ids[k]] += dout[k]
            if (g.dtype() == DType.F32) {
                VecOps.add(g.floatData(), row, d.floatData(), src, g.floatData(), row, dim);
            } else {
                VecOps.add(g.doubleData(), row, d.doubleData(), src, g.doubleData(), row, dim);
            }
        }
        return null;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w);
    }

    /** W (V, D), the parameter "W". */
    public Parameter weight() {
        return w;
    }

    /** V, the number of token ids. */
    public int vocabSize() {
        return vocab;
    }

    /** D, the size of one embedding vector. */
    public int dim() {
        return dim;
    }

    @Override
    public String toString() {
        return "Embedding(" + vocab + "→" + dim + ")";
    }
}
