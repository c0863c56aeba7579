package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static io.dendrite.nn.SequenceTesting.assertGradient;
import static io.dendrite.nn.SequenceTesting.assertNotebook;
import static io.dendrite.nn.SequenceTesting.lin;
import static io.dendrite.nn.SequenceTesting.numerical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingTest {
    private static Tensor ids(double[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    /** cs231n RNN_Captioning.ipynb, "Word embedding: forward": V, D = 5, 3; x = [[0, 3, 1, 2], [2, 1, 0, 3]]. */
    @Test
    void forwardMatchesTheNotebook() {
        Embedding emb = new Embedding(lin(0, 1, 5, 3));
        Tensor out = emb.forward(ids(new double[]{0, 3, 1, 2, 2, 1, 0, 3}, 2, 4));
        assertNotebook(out, new int[]{2, 4, 3},
                0., 0.07142857, 0.14285714, 0.64285714, 0.71428571, 0.78571429,
                0.21428571, 0.28571429, 0.35714286, 0.42857143, 0.5, 0.57142857,
                0.42857143, 0.5, 0.57142857, 0.21428571, 0.28571429, 0.35714286,
                0., 0.07142857, 0.14285714, 0.64285714, 0.71428571, 0.78571429);
    }

    @Test
    void idsOfAnyDTypeGiveRowsInTheWeightsDType() {
        Embedding emb = new Embedding(5, 3, new Rng(1), DType.F32);
        Tensor a = emb.forward(Tensor.of(new float[]{4, 0, 2}, 1, 3));
        Tensor b = emb.forward(Tensor.of(new double[]{4, 0, 2}, 1, 3));
        assertThat(a.dtype()).isEqualTo(DType.F32);
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        assertThat(a.slice(1, 0, 1).reshape(3).toFloatArray())
                .containsExactly(emb.weight().value().slice(4, 5).reshape(3).toFloatArray());
    }

    /** word_embedding_backward as numpy's add.at: a row picked k times receives the sum of k gradient rows. */
    @Test
    void repeatedIdsAccumulate() {
        Embedding emb = new Embedding(Tensor.zeros(DType.F64, 4, 2));
        emb.forward(ids(new double[]{1, 3, 1, 1}, 2, 2));
        Tensor dout = Tensor.of(new double[]{1, 2, 10, 20, 100, 200, 1000, 2000}, 2, 2, 2);
        assertThat(emb.backward(dout)).as("ids have no gradient").isNull();
        assertThat(emb.weight().grad().toDoubleArray()).containsExactly(0, 0, 1101, 2202, 0, 0, 10, 20);
        emb.forward(ids(new double[]{0, 0, 0, 0}, 2, 2));
        emb.backward(dout);   // gradients accumulate across backward passes too
        assertThat(emb.weight().grad().toDoubleArray()).containsExactly(1111, 2222, 1101, 2202, 0, 0, 10, 20);
    }

    @Test
    void weightGradientMatchesCentralDifferences() {
        Rng rng = new Rng(41);
        Embedding emb = new Embedding(7, 4, rng, DType.F64);
        Tensor tokens = ids(new double[]{0, 6, 2, 2, 5, 0, 6, 6, 1}, 3, 3);
        Tensor dout = Tensor.randn(rng, DType.F64, 3, 3, 4);
        emb.forward(tokens);
        emb.backward(dout);
        assertGradient("Embedding dW", emb.weight().grad(), numerical(() -> emb.forward(tokens), emb.weight().value(), dout));
    }

    @Test
    void badIdsAreRefusedNamingPositionAndValue() {
        Embedding emb = new Embedding(5, 3, new Rng(1), DType.F32);
        assertThatThrownBy(() -> emb.forward(ids(new double[]{0, 1, 2, 5}, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Embedding(5→3)").hasMessageContaining("token id 5 at (1, 1)")
                .hasMessageContaining("outside [0, 5)");
        assertThatThrownBy(() -> emb.forward(ids(new double[]{0, -1}, 1, 2)))
                .hasMessageContaining("token id -1 at (0, 1)");
        assertThatThrownBy(() -> emb.forward(ids(new double[]{0, 1.5}, 1, 2)))
                .hasMessageContaining("token id 1.5 at (0, 1)").hasMessageContaining("not an integer");
        assertThatThrownBy(() -> emb.forward(ids(new double[]{0, 1}, 2)))
                .hasMessageContaining("Embedding(5→3)").hasMessageContaining("(2,)").hasMessageContaining("(N, T)");
        assertThatThrownBy(() -> emb.backward(Tensor.zeros(DType.F32, 1, 2, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessage("Embedding(5→3): backward called before forward");
        emb.forward(ids(new double[]{0, 1}, 1, 2));
        assertThatThrownBy(() -> emb.backward(Tensor.zeros(DType.F32, 1, 2, 4)))
                .hasMessageContaining("(1, 2, 4)").hasMessageContaining("(1, 2, 3)");
        assertThatThrownBy(() -> new Embedding(Tensor.zeros(DType.F32, 5))).hasMessageContaining("(V, D)");
        assertThat(emb.parameters()).extracting(Parameter::name).containsExactly("W");
    }

    @Test
    void defaultInitIsCs231nsSmallNormal() {
        Tensor w = new Embedding(200, 50, new Rng(2), DType.F64).weight().value();
        assertThat(Math.sqrt(w.var())).isCloseTo(0.01, org.assertj.core.api.Assertions.within(5e-4));
        assertThat(Math.sqrt(new Embedding(200, 50, new Rng(2), DType.F64, WeightInit.xavier()).weight().value().var()))
                .as("xavier with fan-in 1 is PyTorch's N(0, 1)").isCloseTo(1, org.assertj.core.api.Assertions.within(0.05));
    }
}
