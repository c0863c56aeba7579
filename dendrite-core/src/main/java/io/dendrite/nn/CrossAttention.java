package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Attention from a sequence to a memory as a {@link Layer}: the queries come from x (N, S, E), the keys and values
 * from a memory (N, M, E) set beforehand with {@link #setMemory} — a Transformer decoder's attention to the
 * image features, the notebook's {@code multihead_attn(query=tgt, key=memory, value=memory)}. It follows
 * {@link RecurrentLayer}'s pattern for a second input: set it, run forward and backward, read its gradient.
 * <pre>
 *   x (N, S, E), memory (N, M, E) → out = attention(x, memory, memory) (N, S, E)
 *   dx = dquery                   memoryGradient() = dkey + dvalue (N, M, E)
 * </pre>
 * Parameters Wq, bq, Wk, bk, Wv, bv, Wo, bo, see {@link MultiHeadAttention}.
 */
public final class CrossAttention implements Layer {
    private final MultiHeadAttention attention;
    private Tensor memory;
    private Tensor memoryGradient;
    private int[] outShape;

    /** Attention through {@code attention} (not copied). */
    public CrossAttention(MultiHeadAttention attention) {
        if (attention == null) {
            throw new IllegalArgumentException("CrossAttention: attention must not be null");
        }
        this.attention = attention;
    }

    /** Over a new {@link MultiHeadAttention} with {@link WeightInit#DEFAULT} weights drawn from {@code rng}. */
    public CrossAttention(int embedDim, int numHeads, double dropout, Rng rng, DType dtype) {
        this(new MultiHeadAttention(embedDim, numHeads, dropout, rng, dtype));
    }

    /** The memory (N, M, E) the next forward passes attend to; kept until set again. */
    public void setMemory(Tensor memory) {
        int[] m = memory.shape();
        int e = attention.embedDim();
        if (m.length != 3 || m[2] != e || m[1] == 0) {
            throw new IllegalArgumentException(this + ": memory " + Shapes.format(m) + ", expected (N, M, " + e
                    + ") with M ≥ 1 — project the features to the embedding size first");
        }
        LayerChecks.requireDType(this, memory, attention.dtype());
        this.memory = memory;
    }

    /** x (N, S, E) → (N, S, E), attending to the memory set last. */
    @Override
    public Tensor forward(Tensor x) {
        if (memory == null) {
            throw new IllegalStateException(this + ": no memory to attend to — call setMemory(memory) before forward");
        }
        int[] s = x.shape();
        int[] want = {memory.shape(0), s.length == 3 ? s[1] : -1, attention.embedDim()};
        LayerChecks.rank(this, s, 3, "(N, S, " + want[2] + ")", "sequences are (N, S, E)");
        if (s[0] != want[0] || s[2] != want[2]) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + ", expected " + Shapes.format(want)
                    + " — the memory " + Shapes.format(memory.shape()) + " holds " + want[0]
                    + " examples, and the embedding size is " + want[2]);
        }
        LayerChecks.requireDType(this, x, attention.dtype());
        outShape = s;
        return attention.forward(x, memory, memory);
    }

    /** dout (N, S, E) → dx (N, S, E); keeps dmemory = dkey + dvalue for {@link #memoryGradient()}. */
    @Override
    public Tensor backward(Tensor dout) {
        if (outShape == null) {
            throw LayerChecks.notForwarded(this);
        }
        MultiHeadAttention.Gradients g = attention.backward(LayerChecks.dout(this, dout, outShape, attention.dtype()));
        memoryGradient = g.dkey().add(g.dvalue());
        return g.dquery();
    }

    /** The gradient of the memory (N, M, E) from the last backward. */
    public Tensor memoryGradient() {
        if (memoryGradient == null) {
            throw new IllegalStateException(this + ": no memory gradient before backward");
        }
        return memoryGradient;
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

    /** The generator of the attention dropout, live. */
    public Rng generator() {
        return attention.generator();
    }

    @Override
    public String toString() {
        return "CrossAttention(E=" + attention.embedDim() + ", heads=" + attention.numHeads()
                + (attention.dropout() > 0 ? ", dropout=" + attention.dropout() : "") + ")";
    }
}
