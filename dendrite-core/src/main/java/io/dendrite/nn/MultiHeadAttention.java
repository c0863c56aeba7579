package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Multi-head scaled dot-product attention, as cs231n's Transformer_Captioning notebook ({@code MultiHeadAttention}
 * in {@code transformer_layers.py}) and "Attention Is All You Need" define it. N examples, S queries, T keys,
 * embedding E, H heads of Dh = E/H features:
 * <pre>
 *   query (N, S, E)   key (N, T, E)   value (N, T, E)   mask (S, T) or none   out (N, S, E)
 *   Q = query·Wq + bq     K = key·Wk + bk     V = value·Wv + bv              each (N, ·, E), split into H heads
 *   A_nh = softmax(Q_nh·K_nhᵀ / √Dh)  (S, T) per head; mask[s][t] = 0 ⇒ A[s][t] = 0 (−∞ before the softmax)
 *   Y_nh = dropout(A_nh)·V_nh         (S, Dh), the heads side by side again (N, S, E)
 *   out = Y·Wo + bo
 * backward, from dout:
 *   dY = dout·Woᵀ   dWo += Yᵀ·dout   dbo += Σ dout
 *   dÃ_nh = dY_nh·V_nhᵀ     dV_nh = Ãᵀ_nh·dY_nh     (Ã = dropout(A), its mask applied to dÃ)
 *   dS_nh = A ⊙ (dA − Σ_t A⊙dA) / √Dh                (softmax backward, per row)
 *   dQ_nh = dS_nh·K_nh      dK_nh = dS_nhᵀ·Q_nh
 *   dquery = dQ·Wqᵀ, dWq += queryᵀ·dQ, dbq += Σ dQ   (likewise key, value)
 * </pre>
 * Self-attention passes one tensor as query, key and value; its input gradient is the sum of the three
 * ({@link SelfAttention} does that, and is the {@link Layer} form). The per-head products go through
 * {@link io.dendrite.tensor.kernel.BatchedGemm}, reading each head of the (N·S, E) projections in place.
 *
 * <p><b>Parameters</b> Wq, bq, Wk, bk, Wv, bv, Wo, bo; every W is (E, E) in Dendrite's (in, out) layout, every b
 * (E,). The notebook's (and PyTorch's) {@code query.weight}, {@code key.weight}, {@code value.weight} and
 * {@code proj.weight} are the transposes of Wq, Wk, Wv and Wo; {@code query.bias} … {@code proj.bias} are bq, bk,
 * bv, bo as they are. Head h uses columns h·Dh … (h+1)·Dh − 1 of Wq, Wk and Wv, as the notebook's
 * {@code view(N, S, H, Dh)} does.
 *
 * <p><b>Mask</b>: a tensor (S, T) of any dtype, the notebook's {@code attn_mask}: 0 where query s must not see key
 * t, anything else where it may ({@link #causalMask} gives {@code tril(ones(T, T))}). Every query must see at least
 * one key (a softmax over none is undefined; PyTorch gives NaN). <b>Dropout</b> on the attention weights, drawn
 * from the generator given at construction, runs in training only ({@link #setTraining}); a new layer trains.
 */
public final class MultiHeadAttention {
    /** The gradients of one backward pass: of the query (N, S, E), the key and the value (N, T, E). */
    public record Gradients(Tensor dquery, Tensor dkey, Tensor dvalue) {}

    private final int embedDim;
    private final int numHeads;
    private final Linear query, key, value, proj;
    private final Dropout attnDrop;
    private boolean training = true;

    // what backward needs
    private int n, s, t;
    private Tensor q, k, v;          // the projections (N·S, E), (N·T, E), (N·T, E)
    private Tensor weights;          // A (N, H, S, T)
    private Tensor dropped;          // dropout(A), or A itself when dropout is off

    /** {@link WeightInit#DEFAULT} weights (fan-in E) drawn from {@code rng}, zero biases. */
    public MultiHeadAttention(int embedDim, int numHeads, double dropout, Rng rng, DType dtype) {
        this(embedDim, numHeads, dropout, rng, dtype, WeightInit.DEFAULT);
    }

    /**
     * Weights drawn by {@code init} (fan-in E) from {@code rng} in the order Wq, Wk, Wv, Wo; zero biases. The
     * attention dropout draws from its own generator, seeded from {@code rng} after the weights.
     */
    public MultiHeadAttention(int embedDim, int numHeads, double dropout, Rng rng, DType dtype, WeightInit init) {
        this(init.sample(rng, dtype, checkSizes(embedDim, numHeads), embedDim, embedDim), Tensor.zeros(dtype, embedDim),
                init.sample(rng, dtype, embedDim, embedDim, embedDim), Tensor.zeros(dtype, embedDim),
                init.sample(rng, dtype, embedDim, embedDim, embedDim), Tensor.zeros(dtype, embedDim),
                init.sample(rng, dtype, embedDim, embedDim, embedDim), Tensor.zeros(dtype, embedDim),
                numHeads, dropout, new Rng(rng.nextLong()));
    }

    /**
     * A layer holding the given weights (E, E) and biases (E,) themselves (not copied), all of one dtype; the
     * attention dropout draws from {@code rng}.
     */
    public MultiHeadAttention(Tensor wq, Tensor bq, Tensor wk, Tensor bk, Tensor wv, Tensor bv, Tensor wo, Tensor bo,
                              int numHeads, double dropout, Rng rng) {
        if (wq.ndim() != 2) {
            throw new IllegalArgumentException("MultiHeadAttention: Wq must be (E, E), got " + Shapes.format(wq.shape()));
        }
        this.embedDim = checkSizes(wq.shape(0), numHeads);
        this.numHeads = numHeads;
        this.query = projection("q", wq, bq);
        this.key = projection("k", wk, bk);
        this.value = projection("v", wv, bv);
        this.proj = projection("o", wo, bo);
        this.attnDrop = new Dropout(dropout, rng);
    }

    private static int checkSizes(int embedDim, int numHeads) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention: embedding size " + embedDim + " and " + numHeads
                    + " heads — both must be positive and the heads must divide the embedding (Dh = E/H features each)");
        }
        return embedDim;
    }

    private Linear projection(String which, Tensor w, Tensor b) {
        if (w.ndim() != 2 || w.shape(0) != embedDim || w.shape(1) != embedDim || b.ndim() != 1 || b.shape(0) != embedDim
                || w.dtype() != b.dtype() || (query != null && w.dtype() != query.weight().value().dtype())) {
            throw new IllegalArgumentException("MultiHeadAttention: W" + which + " must be (" + embedDim + ", " + embedDim
                    + ") and b" + which + " (" + embedDim + ",) of the other weights' dtype, got W" + which + " "
                    + Shapes.format(w.shape()) + " " + w.dtype() + " and b" + which + " " + Shapes.format(b.shape()) + " "
                    + b.dtype());
        }
        return new Linear(new Parameter("W" + which, w), new Parameter("b" + which, b));
    }

    /** The lower-triangular (T, T) mask of ones, the notebook's {@code tril(ones(T, T))}: step s sees steps 0 … s. */
    public static Tensor causalMask(int t) {
        Tensor m = Tensor.zeros(DType.F32, t, t);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                m.set(1, i, j);
            }
        }
        return m;
    }

    /** {@link #forward(Tensor, Tensor, Tensor, Tensor)} without a mask. */
    public Tensor forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null);
    }

    /**
     * The attention output (N, S, E) for query (N, S, E), key and value (N, T, E) and an optional mask (S, T);
     * remembers what {@link #backward} needs.
     */
    public Tensor forward(Tensor query, Tensor key, Tensor value, Tensor mask) {
        checkInputs(query, key, value);
        int n = query.shape(0), s = query.shape(1), t = key.shape(1), e = embedDim, h = numHeads, dh = e / h;
        boolean[] allowed = mask == null ? null : allowed(mask, s, t);
        DType dtype = dtype();
        Tensor q = this.query.forward(query.reshape(n * s, e));        // Q = query·Wq + bq
        Tensor k = this.key.forward(key.reshape(n * t, e));            // K = key·Wk + bk
        Tensor v = this.value.forward(value.reshape(n * t, e));        // V = value·Wv + bv
        Tensor a = Tensor.zeros(dtype, n, h, s, t);
        AttentionMath.bmm(n * h, false, true, s, t, dh, q, AttentionMath.heads(h, s, e), k, AttentionMath.heads(h, t, e),
                a, AttentionMath.scores(s, t));                        // Q_nh·K_nhᵀ
        AttentionMath.softmax(a, s, t, 1 / Math.sqrt(dh), allowed);    // A = softmax(·/√Dh), masked keys 0
        Tensor ad = training && attnDrop.p() > 0 ? attnDrop.forward(a) : a;
        Tensor y = Tensor.zeros(dtype, n * s, e);
        AttentionMath.bmm(n * h, false, false, s, dh, t, ad, AttentionMath.scores(s, t), v, AttentionMath.heads(h, t, e),
                y, AttentionMath.heads(h, s, e));                      // Y_nh = Ã_nh·V_nh
        this.n = n;
        this.s = s;
        this.t = t;
        this.q = q;
        this.k = k;
        this.v = v;
        this.weights = a;
        this.dropped = ad;
        return proj.forward(y).reshape(n, s, e);                       // out = Y·Wo + bo
    }

    /** dquery, dkey, dvalue for upstream gradient dout (N, S, E); adds every parameter's gradient. */
    public Gradients backward(Tensor dout) {
        if (weights == null) {
            throw LayerChecks.notForwarded(this);
        }
        int e = embedDim, h = numHeads, dh = e / h;
        DType dtype = dtype();
        Tensor d = LayerChecks.dout(this, dout, new int[]{n, s, e}, dtype);
        Tensor dy = proj.backward(d.reshape(n * s, e));                // dY = dout·Woᵀ
        Tensor da = Tensor.zeros(dtype, n, h, s, t);
        AttentionMath.bmm(n * h, false, true, s, t, dh, dy, AttentionMath.heads(h, s, e), v, AttentionMath.heads(h, t, e),
                da, AttentionMath.scores(s, t));                       // dÃ = dY_nh·V_nhᵀ
        Tensor dv = Tensor.zeros(dtype, n * t, e);
        AttentionMath.bmm(n * h, true, false, t, dh, s, dropped, AttentionMath.scores(s, t), dy, AttentionMath.heads(h, s, e),
                dv, AttentionMath.heads(h, t, e));                     // dV = Ãᵀ·dY
        if (dropped != weights) {
            da = attnDrop.backward(da);                                // dA = dÃ ⊙ dropout mask
        }
        AttentionMath.softmaxBackward(weights, da, t, 1 / Math.sqrt(dh));   // dS = A⊙(dA − ΣA⊙dA)/√Dh, into da
        Tensor dq = Tensor.zeros(dtype, n * s, e);
        AttentionMath.bmm(n * h, false, false, s, dh, t, da, AttentionMath.scores(s, t), k, AttentionMath.heads(h, t, e),
                dq, AttentionMath.heads(h, s, e));                     // dQ = dS·K
        Tensor dk = Tensor.zeros(dtype, n * t, e);
        AttentionMath.bmm(n * h, true, false, t, dh, s, da, AttentionMath.scores(s, t), q, AttentionMath.heads(h, s, e),
                dk, AttentionMath.heads(h, t, e));                     // dK = dSᵀ·Q
        return new Gradients(query.backward(dq).reshape(n, s, e), key.backward(dk).reshape(n, t, e),
                value.backward(dv).reshape(n, t, e));
    }

    private void checkInputs(Tensor query, Tensor key, Tensor value) {
        int[] qs = query.shape(), ks = key.shape(), vs = value.shape();
        String want = "query (N, S, " + embedDim + "), key and value (N, T, " + embedDim + ")";
        if (qs.length != 3 || ks.length != 3 || vs.length != 3 || qs[2] != embedDim || ks[2] != embedDim
                || !Shapes.same(ks, vs) || qs[0] != ks[0] || ks[1] == 0) {
            throw new IllegalArgumentException(this + ": got query " + Shapes.format(qs) + ", key " + Shapes.format(ks)
                    + " and value " + Shapes.format(vs) + ", expected " + want + " with T ≥ 1 — sequences are (N, steps,"
                    + " features); key and value come from the same sequence");
        }
        DType dtype = dtype();
        LayerChecks.requireDType(this, query, dtype);
        LayerChecks.requireDType(this, key, dtype);
        LayerChecks.requireDType(this, value, dtype);
    }

    /** The mask as S·T flags; refuses a wrong shape and a query that may see no key. */
    private boolean[] allowed(Tensor mask, int s, int t) {
        if (!Shapes.same(mask.shape(), new int[]{s, t})) {
            throw new IllegalArgumentException(this + ": mask " + Shapes.format(mask.shape()) + ", expected "
                    + Shapes.format(s, t) + " (queries, keys) for query steps S = " + s + " and key steps T = " + t);
        }
        boolean[] allowed = new boolean[s * t];
        for (int i = 0; i < s; i++) {
            boolean any = false;
            for (int j = 0; j < t; j++) {
                allowed[i * t + j] = mask.getFlat(i * t + j) != 0;
                any |= allowed[i * t + j];
            }
            if (!any) {
                throw new IllegalArgumentException(this + ": row " + i + " of the mask " + Shapes.format(s, t)
                        + " blocks every key — a query must see at least one key (a softmax over none is undefined)");
            }
        }
        return allowed;
    }

    /** Dropout on the attention weights in training (true, the default) and none in evaluation (false). */
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** Whether the attention dropout is active. */
    public boolean isTraining() {
        return training;
    }

    /** Wq, bq, Wk, bk, Wv, bv, Wo, bo. */
    public List<Parameter> parameters() {
        return List.of(query.weight(), query.bias(), key.weight(), key.bias(), value.weight(), value.bias(),
                proj.weight(), proj.bias());
    }

    /** The attention weights A (N, H, S, T) of the last forward, before dropout: row s sums to 1 over the keys. */
    public Tensor attentionWeights() {
        return weights;
    }

    /** The generator of the attention dropout, live: checkpoints save and restore its state. */
    public Rng generator() {
        return attnDrop.generator();
    }

    /** E, the embedding size of queries, keys, values and output. */
    public int embedDim() {
        return embedDim;
    }

    /** H, the number of heads. */
    public int numHeads() {
        return numHeads;
    }

    /** The probability of dropping an attention weight in training. */
    public double dropout() {
        return attnDrop.p();
    }

    /** The dtype of the weights; inputs must have it. */
    public DType dtype() {
        return query.weight().value().dtype();
    }

    @Override
    public String toString() {
        return "MultiHeadAttention(E=" + embedDim + ", heads=" + numHeads + (attnDrop.p() > 0 ? ", dropout=" + attnDrop.p() : "")
                + ")";
    }
}
