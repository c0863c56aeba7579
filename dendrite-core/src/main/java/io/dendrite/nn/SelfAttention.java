package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Self-attention as a {@link Layer}: a sequence x (N, T, E) attends to itself through a {@link MultiHeadAttention}
 * — x is query, key and value at once — and, when {@code causal}, step t sees steps 0 … t only (the notebook's
 * {@code tgt_mask = tril(ones(T, T))}, {@link MultiHeadAttention#causalMask}), so that no step reads the future.
 * <pre>
 *   x (N, T, E) → out = attention(x, x, x, mask) (N, T, E)          dx = dquery + dkey + dvalue
 * </pre>
 * Parameters Wq, bq, Wk, bk, Wv, bv, Wo, bo, see {@link MultiHeadAttention}. The attention dropout's generator is
 * {@link #generator()}; a {@code Network} does not yet save it in checkpoints (it knows Dropout layers' only).
 */
public final class SelfAttention implements Layer {
    private final MultiHeadAttention attention;
    private final boolean causal;
    private Tensor mask;       // the causal mask of the last length T, kept to save rebuilding it every call
    private int[] outShape;

    /** Self-attention through {@code attention} (not copied). */
    public SelfAttention(MultiHeadAttention attention, boolean causal) {
        if (attention == null) {
            throw new IllegalArgumentException("SelfAttention: attention must not be null");
        }
        this.attention = attention;
        this.causal = causal;
    }

    /** Over a new {@link MultiHeadAttention} with {@link WeightInit#DEFAULT} weights drawn from {@code rng}. */
    public SelfAttention(int embedDim, int numHeads, double dropout, boolean causal, Rng rng, DType dtype) {
        this(new MultiHeadAttention(embedDim, numHeads, dropout, rng, dtype), causal);
    }

    /** x (N, T, E) → (N, T, E). */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        int e = attention.embedDim();
        LayerChecks.rank(this, s, 3, "(N, T, " + e + ")", "sequences are (N, T, E)");
        if (s[2] != e || s[1] == 0) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " has " + s[2] + " features per step"
                    + " and " + s[1] + " steps, expected " + Shapes.format(s[0], Math.max(s[1], 1), e)
                    + " — the embedding size must be " + e + " and T ≥ 1");
        }
        LayerChecks.requireDType(this, x, attention.dtype());
        if (causal && (mask == null || mask.shape(0) != s[1])) {
            mask = MultiHeadAttention.causalMask(s[1]);
        }
        outShape = s;
        return attention.forward(x, x, x, causal ? mask : null);
    }

    /** dout (N, T, E) → dx = dquery + dkey + dvalue (N, T, E); adds the attention's parameter gradients. */
    @Override
    public Tensor backward(Tensor dout) {
        if (outShape == null) {
            throw LayerChecks.notForwarded(this);
        }
        MultiHeadAttention.Gradients g = attention.backward(LayerChecks.dout(this, dout, outShape, attention.dtype()));
        return g.dquery().add(g.dkey()).addi(g.dvalue());
    }

    @Override
    public List<Parameter> parameters() {
        return attention.parameters();
    }

    @Override
    public void setTraining(boolean training) {
        attention.setTraining(training);
    }

    /** The attention this layer runs. */
    public MultiHeadAttention attention() {
        return attention;
    }

    /** Whether step t sees steps 0 … t only. */
    public boolean causal() {
        return causal;
    }

    /** The generator of the attention dropout, live. */
    public Rng generator() {
        return attention.generator();
    }

    @Override
    public String toString() {
        return "SelfAttention(E=" + attention.embedDim() + ", heads=" + attention.numHeads()
                + (attention.dropout() > 0 ? ", dropout=" + attention.dropout() : "") + (causal ? ", causal" : "") + ")";
    }
}
