package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightInitTest {
    private static double std(Tensor t) {
        return Math.sqrt(t.var());
    }

    @Test
    void standardDeviations() {
        Rng rng = new Rng(1);
        assertThat(std(WeightInit.normal(rng, DType.F64, 0.01, 200, 100))).isCloseTo(0.01, within(3e-4));
        assertThat(std(WeightInit.xavier().sample(rng, DType.F64, 100, 200, 100))).isCloseTo(0.1, within(3e-3));
        assertThat(std(WeightInit.he().sample(rng, DType.F64, 50, 200, 100))).isCloseTo(0.2, within(6e-3));
    }

    @Test
    void f32IsTheRoundedF64Sample() {
        Tensor a = WeightInit.he().sample(new Rng(5), DType.F64, 10, 4, 4);
        Tensor b = WeightInit.he().sample(new Rng(5), DType.F32, 10, 4, 4);
        assertThat(b.toFloatArray()).containsExactly(a.to(DType.F32).toFloatArray());
    }

    @Test
    void weightInitParsesAndComputesStd() {
        assertThat(WeightInit.parse("std", 0.05).stdFor(10)).isEqualTo(0.05);
        assertThat(WeightInit.parse("std").stdFor(10)).isEqualTo(WeightInit.DEFAULT_WEIGHT_SCALE);
        assertThat(WeightInit.parse("Xavier").stdFor(16)).isEqualTo(0.25);
        assertThat(WeightInit.parse("he").stdFor(8)).isEqualTo(0.5);
        assertThat(WeightInit.std(0.1)).hasToString("std(0.1)");
        assertThat(WeightInit.parse("relu")).isEqualTo(WeightInit.he());          // the book's names
        assertThat(WeightInit.parse("sigmoid")).isEqualTo(WeightInit.xavier());
        assertThat(WeightInit.parse(WeightInit.he().kindName())).isEqualTo(WeightInit.he());
        assertThatThrownBy(() -> WeightInit.parse("uniform")).hasMessageContaining("unknown weight init 'uniform'")
                .hasMessageContaining("std, xavier, he");
        assertThatThrownBy(() -> WeightInit.std(-1)).hasMessageContaining("invalid weight scale: -1.0");
        assertThatThrownBy(() -> WeightInit.xavier().sample(new Rng(1), DType.F32, 0, 2)).hasMessageContaining("invalid fan-in: 0");
    }
}
