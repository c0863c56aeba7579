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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sequence layers are recorded by {@link LayerTypes}, so networks holding them save and load. */
class LayerTypesSequenceTest {
    @TempDir
    Path dir;

    @Test
    void everySequenceLayerRebuildsFromItsConfiguration() {
        Rng rng = new Rng(1);
        List<Layer> layers = List.of(new Embedding(7, 3, rng, DType.F64), new Rnn(3, 4, rng, DType.F64),
                new Lstm(3, 5, rng, DType.F64), new Gru(3, 2, rng, DType.F64), new TemporalLinear(4, 6, rng, DType.F64));
        for (Layer layer : layers) {
            Map<String, String> options = LayerTypes.describe(layer);
            Layer back = LayerTypes.create(new LayerTypes.Config(LayerTypes.name(layer), options, DType.F32, List.of()));
            assertThat(back).as(LayerTypes.name(layer)).hasSameClassAs(layer).hasToString(layer.toString());
            assertThat(LayerTypes.describe(back)).isEqualTo(options);
            assertThat(back.parameters()).hasSameSizeAs(layer.parameters());
            for (int i = 0; i < layer.parameters().size(); i++) {
                Parameter p = layer.parameters().get(i), q = back.parameters().get(i);
                assertThat(q.value().shape()).as(p.name()).containsExactly(p.value().shape());
                assertThat(q.value().dtype()).isEqualTo(DType.F32);
                assertThat(q.localName()).isEqualTo(p.localName());
            }
        }
        assertThat(LayerTypes.describe(layers.get(1))).containsEntry("input", "3").containsEntry("hidden", "4");
        assertThat(LayerTypes.describe(layers.get(0))).containsEntry("vocab", "7").containsEntry("dim", "3");
    }

    /**
     * A word-level language model (Embedding → Lstm → Gru → Rnn → TemporalLinear) in a Network: its scores are
     * (N, T, V), which the Network's per-row loss cannot train, but it saves and loads like any network, in F32 and
     * F64, and scores bit for bit alike afterwards.
     */
    @Test
    void aNetworkOfSequenceLayersSavesAndLoads() throws IOException {
        for (DType dtype : DType.values()) {
            Rng rng = new Rng(3);
            Network net = Network.builder()
                    .add(new Embedding(9, 4, rng, dtype)).add(new Lstm(4, 5, rng, dtype)).add(new Gru(5, 3, rng, dtype))
                    .add(new Rnn(3, 6, rng, dtype)).add(new TemporalLinear(6, 9, rng, dtype)).build();
            for (Parameter p : net.params().values()) {   // non-zero biases too, so that every tensor must come back
                p.value().assign(Tensor.randn(rng, dtype, p.value().shape()));
            }
            assertThat(net.params().keySet()).containsExactly("W1", "Wx2", "Wh2", "b2", "Wx3", "Wh3", "b3", "bh3",
                    "Wx4", "Wh4", "b4", "W5", "b5");
            Path file = dir.resolve("lm-" + dtype + ".dnd");
            ModelStore.save(net, Map.of(), file);
            Network back = ModelStore.load(file).network();
            Tensor tokens = Tensor.of(new double[]{0, 8, 3, 3, 1, 7, 2, 5}, 2, 4);
            Tensor scores = net.scores(tokens);
            assertThat(scores.shape()).containsExactly(2, 4, 9);
            assertThat(back.scores(tokens).toDoubleArray()).containsExactly(scores.toDoubleArray());
            assertThat(Architecture.describe(back)).isEqualTo(Architecture.describe(net));
            assertThat(back.dtype()).isEqualTo(dtype);
        }
    }
}
