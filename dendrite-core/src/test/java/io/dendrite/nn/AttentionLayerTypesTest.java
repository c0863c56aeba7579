package io.dendrite.nn;

import io.dendrite.model.Architecture;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The attention layers are recorded by {@link LayerTypes}: their configuration rebuilds them, and networks save. */
class AttentionLayerTypesTest {
    @TempDir
    Path dir;

    /** Rebuilds {@code layer} from its recorded options (and, for a container, its rebuilt children) in {@code dtype}. */
    private static Layer rebuild(Layer layer, DType dtype) {
        List<Layer> children = new ArrayList<>();
        layer.children().forEach(c -> children.add(rebuild(c, dtype)));
        return LayerTypes.create(new LayerTypes.Config(LayerTypes.name(layer), LayerTypes.describe(layer), dtype, children));
    }

    @Test
    void everyAttentionLayerRebuildsFromItsConfiguration() {
        Rng rng = new Rng(1);
        List<Layer> layers = List.of(new SelfAttention(8, 2, 0.1, true, rng, DType.F64),
                new SelfAttention(6, 3, 0, false, rng, DType.F64), new CrossAttention(8, 4, 0.2, rng, DType.F64),
                new PositionalEncoding(8, 50, 0.1, rng), new TransformerDecoderLayer(8, 2, 24, 0.1, rng, DType.F64));
        for (Layer layer : layers) {
            Layer back = rebuild(layer, DType.F32);
            assertThat(back).as(LayerTypes.name(layer)).hasSameClassAs(layer).hasToString(layer.toString());
            assertThat(LayerTypes.describe(back)).isEqualTo(LayerTypes.describe(layer));
            assertThat(back.parameters()).hasSameSizeAs(layer.parameters());
            for (int i = 0; i < layer.parameters().size(); i++) {
                Parameter p = layer.parameters().get(i), q = back.parameters().get(i);
                assertThat(q.value().shape()).as(p.name()).containsExactly(p.value().shape());
                assertThat(q.value().dtype()).isEqualTo(DType.F32);
                assertThat(q.localName()).isEqualTo(p.localName());
            }
        }
        assertThat(LayerTypes.describe(layers.get(0))).containsEntry("embedDim", "8").containsEntry("heads", "2")
                .containsEntry("dropout", "0.1").containsEntry("causal", "true");
        assertThat(((SelfAttention) rebuild(layers.get(1), DType.F64)).causal()).isFalse();
        assertThat(((TransformerDecoderLayer) rebuild(layers.get(4), DType.F64)).parametersByName().keySet())
                .isEqualTo(((TransformerDecoderLayer) layers.get(4)).parametersByName().keySet());
    }

    /**
     * A decoder-only language model from the library's layers — Embedding → PositionalEncoding → causal
     * SelfAttention → LayerNorm → TemporalLinear — in a Network: it saves and loads like any network, in F32 and F64,
     * and scores bit for bit alike afterwards. The Network names the attention's parameters Wq2 … bo2.
     */
    @Test
    void aNetworkWithSelfAttentionSavesAndLoads() throws IOException {
        for (DType dtype : DType.values()) {
            Rng rng = new Rng(3);
            Network net = Network.builder().add(new Embedding(9, 8, rng, dtype)).add(new PositionalEncoding(8, 16, 0.1, rng))
                    .add(new SelfAttention(8, 2, 0.1, true, rng, dtype)).add(new LayerNorm(8, dtype))
                    .add(new TemporalLinear(8, 9, rng, dtype)).build();
            for (Parameter p : net.params().values()) {   // non-zero biases too, so that every tensor must come back
                p.value().assign(Tensor.randn(rng, dtype, p.value().shape()));
            }
            assertThat(net.params().keySet()).containsExactly("W1", "Wq2", "bq2", "Wk2", "bk2", "Wv2", "bv2", "Wo2", "bo2",
                    "gamma1", "beta1", "W3", "b3");
            Path file = dir.resolve("attention-lm-" + dtype + ".dnd");
            ModelStore.save(net, Map.of(), file);
            Network back = ModelStore.load(file).network();
            Tensor tokens = Tensor.of(new double[]{0, 8, 3, 3, 1, 7, 2, 5}, 2, 4);
            Tensor scores = net.scores(tokens);
            assertThat(scores.shape()).containsExactly(2, 4, 9);
            assertThat(back.scores(tokens).toDoubleArray()).containsExactly(scores.toDoubleArray());
            assertThat(Architecture.describe(back)).isEqualTo(Architecture.describe(net));
            // the copy a gradient check runs has no dropout inside the layers either
            Network plain = Architecture.copy(net, DType.F64, false);
            assertThat(((PositionalEncoding) plain.layers().get(1)).dropout()).isZero();
            assertThat(((SelfAttention) plain.layers().get(2)).attention().dropout()).isZero();
        }
    }
}
