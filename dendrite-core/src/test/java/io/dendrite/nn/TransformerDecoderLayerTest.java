package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.dendrite.nn.SequenceTesting.assertNumpy;
import static io.dendrite.nn.SequenceTesting.lin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformerDecoderLayerTest {
    private static final int E = 8, F = 16;

    private static LayerNorm norm() {
        LayerNorm ln = new LayerNorm(E, DType.F64);
        ln.parameters().get(0).value().assign(lin(0.8, 1.2, E));
        ln.parameters().get(1).value().assign(lin(-0.1, 0.1, E));
        return ln;
    }

    /**
     * numpy, float64, computed once (eval mode, so no dropout) with the notebook's post-norm layer written
     * independently: selfAttn = MultiHeadAttentionTest.recipe(0) with mask tril(ones(3, 3)), crossAttn = recipe(1);
     * W1 = 0.3·sin(linspace(0, 19, 128)).reshape(8, 16), b1 = linspace(-0.1, 0.2, 16),
     * W2 = 0.3·cos(linspace(0, 23, 128)).reshape(16, 8), b2 = linspace(0.1, -0.1, 8); every norm γ = linspace(0.8,
     * 1.2, 8), β = linspace(-0.1, 0.1, 8), eps 1e-5; tgt = sin(linspace(0, 19, 48)).reshape(2, 3, 8),
     * memory = cos(linspace(2, 29, 32)).reshape(2, 2, 8).
     */
    @Test
    void forwardMatchesNumpy() {
        TransformerDecoderLayer layer = new TransformerDecoderLayer(List.of(
                new SelfAttention(MultiHeadAttentionTest.recipe(0), true), new Dropout(0.1, new Rng(1)), norm(),
                new CrossAttention(MultiHeadAttentionTest.recipe(1)), new Dropout(0.1, new Rng(2)), norm(),
                new TemporalLinear(lin(0, 19, E, F).map(Math::sin).mul(0.3), lin(-0.1, 0.2, F)), new ReLU(),
                new Dropout(0.1, new Rng(3)),
                new TemporalLinear(lin(0, 23, F, E).map(Math::cos).mul(0.3), lin(0.1, -0.1, E)),
                new Dropout(0.1, new Rng(4)), norm()));
        layer.setTraining(false);
        Tensor out = layer.forward(lin(0, 19, 2, 3, E).map(Math::sin), lin(2, 29, 2, 2, E).map(Math::cos));
        assertNumpy(out, new int[]{2, 3, E},
                -1.1301573182780322, -0.5436833751827431, 0.18967006171905648, 0.8850168255602855, 1.2878421087231333,
                1.116402743128501, 0.12307835067984038, -1.836300852814273, 0.7472522821908029, 0.2110366492701772,
                -0.4298381355642873, -0.9865955097255183, -1.2133114995350471, -0.8532019775400423, 0.2984628320688242,
                2.3268633003569428, -0.6988384500938783, -0.1509272872911358, 0.46852283311382187, 0.9776853977846387,
                1.1471914050122782, 0.7443016013707502, -0.4095050501655786, -2.3790301412081156, 0.7833734715151679,
                0.20281302391164954, -0.4612581316550033, -1.0126441604289544, -1.2107652741908264, -0.819661892472797,
                0.3307128478401923, 2.283707348595654, 0.022281660326217034, 0.376232137314106, 0.6972414514818633,
                0.8568723547489132, 0.7101791146789251, 0.12732830740272097, -0.9692363020212649, -2.5702037087647076,
                0.36837400441415236, -0.14915262324679798, -0.680246940224714, -1.0408248003772769,
                -1.0245054519639387, -0.45126331353605004, 0.7771673251899188, 2.627934941408297);
    }

    /** A small F64 layer with every weight, bias, γ and β random. */
    private static TransformerDecoderLayer random(double dropout, long seed) {
        Rng rng = new Rng(seed);
        TransformerDecoderLayer layer = new TransformerDecoderLayer(4, 2, 6, dropout, rng, DType.F64);
        for (Parameter p : layer.parameters()) {
            Tensor r = Tensor.randn(rng, DType.F64, p.value().shape()).mul(0.5);
            p.value().assign(p.localName().equals("gamma") ? r.add(1) : r);
        }
        return layer;
    }

    /** dtgt, dmemory and every parameter's gradient against finite differences; {@code before} replays dropout. */
    private static double check(TransformerDecoderLayer layer, Runnable before) {
        Rng rng = new Rng(21);
        Tensor tgt = Tensor.randn(rng, DType.F64, 2, 3, 4), memory = Tensor.randn(rng, DType.F64, 2, 2, 4);
        layer.setMemory(memory);
        double worst = AttentionTesting.checkLayer(layer, tgt, 22, before);
        Supplier<Tensor> f = () -> {
            before.run();
            return layer.forward(tgt, memory);
        };
        Tensor dout = Tensor.randn(new Rng(23), DType.F64, 2, 3, 4);
        f.get();
        layer.backward(dout);
        Tensor dmemory = layer.memoryGradient().copy();
        return Math.max(worst, AttentionTesting.assertGradient("dmemory", dmemory, AttentionTesting.numericals(f, memory, dout)));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        TransformerDecoderLayer layer = random(0, 24);
        assertThat(layer.parameters()).hasSize(8 + 2 + 8 + 2 + 4 + 2);
        AttentionTesting.report("TransformerDecoderLayer", check(layer, () -> { }));
    }

    /** In training with dropout 0.2 everywhere (attention weights too), the six generators replayed every pass. */
    @Test
    void gradientsWithDropoutMatchFiniteDifferences() {
        TransformerDecoderLayer layer = random(0.2, 25);
        Map<String, Rng> generators = layer.generators();
        assertThat(generators).containsOnlyKeys("self_attn", "dropout1", "multihead_attn", "dropout2", "dropout", "dropout3");
        Map<String, long[]> states = new java.util.HashMap<>();
        generators.forEach((name, g) -> states.put(name, g.state()));
        AttentionTesting.report("TransformerDecoderLayer (dropout 0.2)",
                check(layer, () -> generators.forEach((name, g) -> g.restore(states.get(name)))));
    }

    /** Changing a later caption step leaves the earlier outputs of the whole layer unchanged (causal self-attention). */
    @Test
    void laterStepsDoNotChangeEarlierOutputs() {
        TransformerDecoderLayer layer = random(0, 26);
        Rng rng = new Rng(27);
        Tensor tgt = Tensor.randn(rng, DType.F64, 2, 5, 4), memory = Tensor.randn(rng, DType.F64, 2, 3, 4);
        Tensor before = layer.forward(tgt, memory);
        Tensor changed = tgt.copy();
        changed.set(7, 0, 2, 1);
        Tensor after = layer.forward(changed, memory);
        TensorAssert.assertClose(after.slice(1, 0, 2), before.slice(1, 0, 2), 0, 0);
        assertThat(after.get(0, 2, 0)).isNotEqualTo(before.get(0, 2, 0));
        assertThat(after.get(0, 4, 0)).isNotEqualTo(before.get(0, 4, 0));
    }

    @Test
    void namesShapesAndErrors() {
        TransformerDecoderLayer layer = new TransformerDecoderLayer(8, 2, 32, 0.1, new Rng(1), DType.F32);
        assertThat(layer).hasToString("TransformerDecoderLayer(E=8, heads=2, F=32, dropout=0.1)");
        assertThat(layer.parametersByName().keySet()).containsExactly(
                "self_attn.Wq", "self_attn.bq", "self_attn.Wk", "self_attn.bk", "self_attn.Wv", "self_attn.bv",
                "self_attn.Wo", "self_attn.bo", "norm1.gamma", "norm1.beta",
                "multihead_attn.Wq", "multihead_attn.bq", "multihead_attn.Wk", "multihead_attn.bk", "multihead_attn.Wv",
                "multihead_attn.bv", "multihead_attn.Wo", "multihead_attn.bo", "norm2.gamma", "norm2.beta",
                "linear1.W", "linear1.b", "linear2.W", "linear2.b", "norm3.gamma", "norm3.beta");
        assertThat(layer.parametersByName().get("linear1.W").value().shape()).containsExactly(8, 32);
        assertThat(layer.children()).hasSize(12);
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F32, 2, 3, 8)))
                .hasMessageContaining("no memory to attend to");
        layer.setMemory(Tensor.zeros(DType.F32, 2, 1, 8));
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F32, 3, 3, 8)))
                .hasMessageContaining("CrossAttention(E=8, heads=2, dropout=0.1): input (3, 3, 8), expected (2, 3, 8)");
        assertThatThrownBy(() -> layer.setMemory(Tensor.zeros(DType.F32, 2, 1, 6))).hasMessageContaining("memory (2, 1, 6)");
        assertThatThrownBy(() -> layer.memoryGradient()).hasMessageContaining("before backward");
        assertThatThrownBy(() -> new TransformerDecoderLayer(List.of(new ReLU())))
                .hasMessageContaining("expected [SelfAttention, Dropout, LayerNorm, CrossAttention");
    }
}
