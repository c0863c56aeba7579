package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static io.dendrite.nn.SequenceTesting.assertNumpy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PositionalEncodingTest {
    /**
     * The notebook's table, computed once with numpy in float64 exactly as its PositionalEncoding fills it (E = 6,
     * max_len = 5): {@code pe[:, 0::2] = sin(row · 10000^(−col/E))} for the even columns col,
     * {@code pe[:, 1::2] = cos(row · 10000^(−(col−1)/E))} for the odd ones, row = arange(max_len)[:, None].
     */
    @Test
    void tableMatchesNumpy() {
        PositionalEncoding pe = new PositionalEncoding(6, 5, 0, new Rng(1));
        assertNumpy(pe.encoding(5, DType.F64), new int[]{5, 6},
                0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.8414709848078965, 0.5403023058681398, 0.04639922346473128,
                0.9989229760406304, 0.0021544330233656045, 0.9999976792064809, 0.9092974268256817, -0.4161468365471424,
                0.09269850077872724, 0.9956942241237399, 0.0043088560467428125, 0.9999907168366957, 0.1411200080598672,
                -0.9899924966004454, 0.13879810108005053, 0.990320699135675, 0.006463259070189645, 0.9999791129229608,
                -0.7568024953079282, -0.6536436208636119, 0.18459872362061744, 0.9828139759067526,
                0.008617632093856952, 0.9999628675191369);
        assertThat(pe.encoding(3, DType.F32).toDoubleArray()).hasSize(18);
        assertThat(pe.encoding(3, DType.F32).get(2, 0)).isEqualTo((double) (float) Math.sin(2));
    }

    @Test
    void addsTheEncodingOfEachStep() {
        PositionalEncoding pe = new PositionalEncoding(4, 10, 0.5, new Rng(2));
        pe.setTraining(false);   // evaluation: no dropout
        Tensor x = Tensor.randn(new Rng(3), DType.F64, 2, 3, 4);
        Tensor out = pe.forward(x);
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 3; t++) {
                assertThat(out.get(n, t, 0)).isEqualTo(x.get(n, t, 0) + Math.sin(t));
                assertThat(out.get(n, t, 1)).isEqualTo(x.get(n, t, 1) + Math.cos(t));
            }
        }
        assertThat(pe.backward(x).toDoubleArray()).containsExactly(x.toDoubleArray());   // dx = dout
    }

    @Test
    void gradientsMatchFiniteDifferencesWithDropout() {
        PositionalEncoding pe = new PositionalEncoding(6, 7, 0.3, new Rng(4));
        long[] state = pe.generator().state();
        double worst = AttentionTesting.checkLayer(pe, Tensor.randn(new Rng(5), DType.F64, 2, 7, 6), 6,
                () -> pe.generator().restore(state));
        AttentionTesting.report("PositionalEncoding (dropout 0.3)", worst);
    }

    @Test
    void dropoutIsInvertedAndSeeded() {
        Tensor x = Tensor.zeros(DType.F32, 50, 10, 8);
        Tensor a = new PositionalEncoding(8, 10, 0.25, new Rng(6)).forward(x);
        Tensor b = new PositionalEncoding(8, 10, 0.25, new Rng(6)).forward(x);
        assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
        long zeros = java.util.Arrays.stream(a.toDoubleArray()).filter(v -> v == 0).count();
        // the encoding's sin(0) entries are zero whatever the mask; of the rest about a quarter are dropped
        assertThat(zeros).isBetween(600L, 1400L);
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        PositionalEncoding pe = new PositionalEncoding(6, 4, 0.1, new Rng(1));
        assertThat(pe).hasToString("PositionalEncoding(E=6, maxLen=4, dropout=0.1)");
        assertThatThrownBy(() -> pe.forward(Tensor.zeros(DType.F32, 2, 5, 6)))
                .hasMessageContaining("PositionalEncoding(E=6, maxLen=4, dropout=0.1): input (2, 5, 6), expected (2, 4, 6)")
                .hasMessageContaining("maxLen = 4");
        assertThatThrownBy(() -> pe.forward(Tensor.zeros(DType.F32, 2, 3, 5))).hasMessageContaining("expected (2, 3, 6)");
        assertThatThrownBy(() -> new PositionalEncoding(5, 4, 0, new Rng(1))).hasMessageContaining("even");
        assertThatThrownBy(() -> pe.backward(Tensor.zeros(DType.F32, 2, 3, 6))).hasMessageContaining("before forward");
    }
}
