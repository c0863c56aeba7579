package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of a Transformer decoder, as cs231n's Transformer_Captioning notebook builds it (post-norm, like
 * PyTorch's {@code nn.TransformerDecoderLayer} by default): masked self-attention over the caption so far,
 * attention to a memory (the projected image features), and a feed-forward block, each added back to its input
 * (residual) and layer-normalized.
 * <pre>
 *   tgt (N, T, E), memory (N, M, E) → out (N, T, E)
 *   x1  = norm1(tgt + dropout1(selfAttn(tgt)))                     causal: step t sees steps 0 … t
 *   x2  = norm2(x1 + dropout2(crossAttn(x1, memory)))
 *   out = norm3(x2 + dropout3(linear2(dropout(relu(linear1(x2))))))   linear1 E → F, linear2 F → E
 * backward, each residual adding its two paths:
 *   dx2 = d3 + linear1ᵀ(relu′ ⊙ dropout(linear2ᵀ(dropout3(d3))))     with d3 = norm3′(dout)
 *   dx1 = d2 + crossAttn′(dropout2(d2)),  dmemory = crossAttn's dkey + dvalue    with d2 = norm2′(dx2)
 *   dtgt = d1 + selfAttn′(dropout1(d1))                                         with d1 = norm1′(dx1)
 * </pre>
 * The memory is a second input: {@link #setMemory} before {@link #forward(Tensor)}, {@link #memoryGradient()} after
 * {@link #backward} (the pattern of {@link RecurrentLayer#setInitialState}), or {@link #forward(Tensor, Tensor)}.
 *
 * <p>A container: its {@link #children()} are, in forward order, selfAttn ({@link SelfAttention}), dropout1,
 * norm1, crossAttn ({@link CrossAttention}), dropout2, norm2, linear1 ({@link TemporalLinear}), relu, dropout,
 * linear2, dropout3, norm3 — so a Network names, saves and rebuilds it like any stack.
 * {@link #parametersByName()} names the parameters after the notebook's attributes, in forward order:
 * {@code self_attn.Wq} … {@code self_attn.bo}, {@code norm1.gamma}, {@code norm1.beta}, {@code multihead_attn.Wq} …
 * {@code multihead_attn.bo} (the attention to the memory), {@code norm2.gamma}, {@code norm2.beta}, {@code linear1.W},
 * {@code linear1.b}, {@code linear2.W}, {@code linear2.b}, {@code norm3.gamma}, {@code norm3.beta}.
 * Dropout (every one, attention weights included, all with the same probability as in the notebook) runs in
 * training only.
 */
public final class TransformerDecoderLayer implements Layer {
    /** The notebook's feed-forward width. */
    public static final int DEFAULT_FEEDFORWARD = 2048;
    /** The notebook's dropout. */
    public static final double DEFAULT_DROPOUT = 0.1;

    private final SelfAttention selfAttn;
    private final CrossAttention crossAttn;
    private final TemporalLinear linear1, linear2;
    private final ReLU relu;
    private final LayerNorm norm1, norm2, norm3;
    private final Dropout dropout1, dropout2, dropout, dropout3;
    private final List<Layer> children;
    private Tensor memoryGradient;

    /** {@link WeightInit#DEFAULT} weights drawn from {@code rng}; causal self-attention. */
    public TransformerDecoderLayer(int embedDim, int numHeads, int feedforwardDim, double dropout, Rng rng, DType dtype) {
        this(embedDim, numHeads, feedforwardDim, dropout, rng, dtype, WeightInit.DEFAULT);
    }

    /**
     * Weights drawn by {@code init} from {@code rng} (self-attention, cross-attention, linear1, linear2, in that
     * order), zero biases, γ = 1, β = 0, causal self-attention. Each dropout draws from its own generator, seeded
     * from {@code rng}.
     */
    public TransformerDecoderLayer(int embedDim, int numHeads, int feedforwardDim, double dropout, Rng rng, DType dtype,
                                   WeightInit init) {
        this(List.of(
                new SelfAttention(new MultiHeadAttention(embedDim, numHeads, dropout, rng, dtype, init), true),
                new Dropout(dropout, new Rng(rng.nextLong())),
                new LayerNorm(embedDim, dtype),
                new CrossAttention(new MultiHeadAttention(embedDim, numHeads, dropout, rng, dtype, init)),
                new Dropout(dropout, new Rng(rng.nextLong())),
                new LayerNorm(embedDim, dtype),
                new TemporalLinear(embedDim, checkWidth(feedforwardDim), rng, dtype, init),
                new ReLU(),
                new Dropout(dropout, new Rng(rng.nextLong())),
                new TemporalLinear(feedforwardDim, embedDim, rng, dtype, init),
                new Dropout(dropout, new Rng(rng.nextLong())),
                new LayerNorm(embedDim, dtype)));
    }

    private static int checkWidth(int f) {
        if (f <= 0) {
            throw new IllegalArgumentException("TransformerDecoderLayer: invalid feed-forward width " + f + " (must be positive)");
        }
        return f;
    }

    /**
     * A layer made of the given parts, in {@link #children()} order (how a model file rebuilds it): SelfAttention,
     * Dropout, LayerNorm, CrossAttention, Dropout, LayerNorm, TemporalLinear (E → F), ReLU, Dropout, TemporalLinear
     * (F → E), Dropout, LayerNorm, all of one embedding size E.
     */
    public TransformerDecoderLayer(List<? extends Layer> children) {
        List<Class<?>> want = List.of(SelfAttention.class, Dropout.class, LayerNorm.class, CrossAttention.class,
                Dropout.class, LayerNorm.class, TemporalLinear.class, ReLU.class, Dropout.class, TemporalLinear.class,
                Dropout.class, LayerNorm.class);
        boolean ok = children.size() == want.size();
        for (int i = 0; ok && i < want.size(); i++) {
            ok = want.get(i).isInstance(children.get(i));
        }
        if (!ok) {
            throw new IllegalArgumentException("TransformerDecoderLayer: parts " + children + ", expected "
                    + want.stream().map(Class::getSimpleName).toList());
        }
        this.selfAttn = (SelfAttention) children.get(0);
        this.dropout1 = (Dropout) children.get(1);
        this.norm1 = (LayerNorm) children.get(2);
        this.crossAttn = (CrossAttention) children.get(3);
        this.dropout2 = (Dropout) children.get(4);
        this.norm2 = (LayerNorm) children.get(5);
        this.linear1 = (TemporalLinear) children.get(6);
        this.relu = (ReLU) children.get(7);
        this.dropout = (Dropout) children.get(8);
        this.linear2 = (TemporalLinear) children.get(9);
        this.dropout3 = (Dropout) children.get(10);
        this.norm3 = (LayerNorm) children.get(11);
        int e = selfAttn.attention().embedDim();
        if (crossAttn.attention().embedDim() != e || norm1.channels() != e || norm2.channels() != e || norm3.channels() != e
                || linear1.inFeatures() != e || linear2.inFeatures() != linear1.outFeatures() || linear2.outFeatures() != e) {
            throw new IllegalArgumentException("TransformerDecoderLayer: parts of different sizes " + children
                    + " — every part must work on the embedding size " + e + ", the feed-forward " + e + " → F → " + e);
        }
        this.children = List.copyOf(children);
    }

    /** The memory (N, M, E) the next forward passes attend to (the projected image features); kept until set again. */
    public void setMemory(Tensor memory) {
        crossAttn.setMemory(memory);
    }

    /** {@link #setMemory} then {@link #forward(Tensor)}. */
    public Tensor forward(Tensor tgt, Tensor memory) {
        setMemory(memory);
        return forward(tgt);
    }

    /** tgt (N, T, E) → out (N, T, E), attending to the memory set last. */
    @Override
    public Tensor forward(Tensor tgt) {
        Tensor x1 = norm1.forward(tgt.add(dropout1.forward(selfAttn.forward(tgt))));
        Tensor x2 = norm2.forward(x1.add(dropout2.forward(crossAttn.forward(x1))));
        Tensor f = linear2.forward(dropout.forward(relu.forward(linear1.forward(x2))));
        return norm3.forward(x2.add(dropout3.forward(f)));
    }

    /** dout (N, T, E) → dtgt (N, T, E); keeps dmemory for {@link #memoryGradient()}; adds parameter gradients. */
    @Override
    public Tensor backward(Tensor dout) {
        Tensor d3 = norm3.backward(dout);
        Tensor df = linear1.backward(relu.backward(dropout.backward(linear2.backward(dropout3.backward(d3)))));
        Tensor d2 = norm2.backward(d3.add(df));                       // dx2 = d3 (residual) + feed-forward path
        Tensor dx1 = d2.add(crossAttn.backward(dropout2.backward(d2)));
        memoryGradient = crossAttn.memoryGradient();
        Tensor d1 = norm1.backward(dx1);
        return d1.add(selfAttn.backward(dropout1.backward(d1)));      // dtgt = d1 (residual) + self-attention path
    }

    /** The gradient of the memory (N, M, E) from the last backward. */
    public Tensor memoryGradient() {
        if (memoryGradient == null) {
            throw new IllegalStateException(this + ": no memory gradient before backward");
        }
        return memoryGradient;
    }

    /** Every parameter by the notebook's attribute path, in forward order (see the class comment). */
    public Map<String, Parameter> parametersByName() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        selfAttn.parameters().forEach(p -> m.put("self_attn." + p.localName(), p));
        norm1.parameters().forEach(p -> m.put("norm1." + p.localName(), p));
        crossAttn.parameters().forEach(p -> m.put("multihead_attn." + p.localName(), p));
        norm2.parameters().forEach(p -> m.put("norm2." + p.localName(), p));
        linear1.parameters().forEach(p -> m.put("linear1." + p.localName(), p));
        linear2.parameters().forEach(p -> m.put("linear2." + p.localName(), p));
        norm3.parameters().forEach(p -> m.put("norm3." + p.localName(), p));
        return m;
    }

    /** The dropout generators by the notebook's attribute names, live, for checkpoints. */
    public Map<String, Rng> generators() {
        Map<String, Rng> m = new LinkedHashMap<>();
        m.put("self_attn", selfAttn.generator());
        m.put("dropout1", dropout1.generator());
        m.put("multihead_attn", crossAttn.generator());
        m.put("dropout2", dropout2.generator());
        m.put("dropout", dropout.generator());
        m.put("dropout3", dropout3.generator());
        return m;
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(parametersByName().values());
    }

    @Override
    public void setTraining(boolean training) {
        children.forEach(c -> c.setTraining(training));
    }

    @Override
    public List<Layer> children() {
        return children;
    }

    /** E, the embedding size. */
    public int embedDim() {
        return norm1.channels();
    }

    /** H, the heads of each attention. */
    public int numHeads() {
        return selfAttn.attention().numHeads();
    }

    /** F, the width of the feed-forward block. */
    public int feedforwardDim() {
        return linear1.outFeatures();
    }

    /** The self-attention part (causal unless rebuilt otherwise). */
    public SelfAttention selfAttention() {
        return selfAttn;
    }

    /** The attention to the memory. */
    public CrossAttention crossAttention() {
        return crossAttn;
    }

    @Override
    public String toString() {
        return "TransformerDecoderLayer(E=" + embedDim() + ", heads=" + numHeads() + ", F=" + feedforwardDim()
                + (dropout.p() > 0 ? ", dropout=" + dropout.p() : "") + ")";
    }
}
