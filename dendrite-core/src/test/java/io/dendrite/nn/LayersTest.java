package io.dendrite.nn;

import io.dendrite.check.GradientReport;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cs231n layer_utils sandwiches. */
class LayersTest {
    @Test
    void affineReluIsLinearThenReLU() {
        Sequential s = Layers.affineRelu(4, 3, new Rng(1), DType.F64);
        assertThat(s.layers()).hasSize(2);
        assertThat(s.get(0)).isInstanceOf(Linear.class);
        assertThat(s.get(1)).isInstanceOf(ReLU.class);
        Rng rng = new Rng(2);
        GradientReport r = GradientReport.ofLayer(s, Tensor.randn(rng, DType.F64, 5, 4), rng);
        assertThat(r.passed(1e-7)).as(r.toString()).isTrue();
    }

    @Test
    void affineNormReluBuildsTheRequestedBlock() {
        Rng rng = new Rng(3);
        assertThat(Layers.affineNormRelu(4, 3, "batchnorm", 0.5, rng, DType.F32).layers())
                .extracting(l -> l.getClass().getSimpleName()).containsExactly("Linear", "BatchNorm", "ReLU", "Dropout");
        assertThat(Layers.affineNormRelu(4, 3, "LayerNorm", 0, rng, DType.F32).layers())
                .extracting(l -> l.getClass().getSimpleName()).containsExactly("Linear", "LayerNorm", "ReLU");
        assertThat(Layers.affineNormRelu(4, 3, null, 0, rng, DType.F32).layers())
                .extracting(l -> l.getClass().getSimpleName()).containsExactly("Linear", "ReLU");
        assertThat(Layers.affineNormRelu(4, 3, "batchnorm", 0, rng, DType.F32).namedParameters().keySet())
                .containsExactly("0.W", "0.b", "1.gamma", "1.beta");
        assertThatThrownBy(() -> Layers.affineNormRelu(4, 3, "groupnorm", 0, rng, DType.F32))
                .hasMessageContaining("unknown normalization 'groupnorm'").hasMessageContaining("batchnorm");
    }

    @Test
    void affineNormReluGradients() {
        for (String norm : Layers.NORMALIZATIONS) {
            Rng rng = new Rng(4);
            Sequential s = Layers.affineNormRelu(4, 3, norm, 0, rng, DType.F64);
            GradientReport r = GradientReport.ofLayer(s, Tensor.randn(rng, DType.F64, 5, 4), rng);
            // Before BatchNorm the Linear bias has no effect, so its gradient is 0 in exact arithmetic and
            // rounding leaves ~1e-15 against 0: a relative error is meaningless there, hence the absolute floor.
            assertThat(r.passed(1e-7, 1e-12)).as(r.toString()).isTrue();
            if (!norm.equals("batchnorm")) {
                assertThat(r.passed(1e-7)).as(r.toString()).isTrue();
            }
        }
    }
}
