package io.dendrite.nn;

import io.dendrite.check.GradientReport;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConvSandwichTest {
    @Test
    void convSandwichesPassGradientChecks() {
        Rng rng = new Rng(5);
        Layer[] sandwiches = {
                Layers.convRelu(2, 3, 3, 1, 1, new Rng(1), DType.F64),
                Layers.convReluPool(2, 3, 3, 1, 1, 2, new Rng(2), DType.F64),
                Layers.convNormRelu(2, 3, 3, 1, 1, new Rng(3), DType.F64)};
        for (Layer layer : sandwiches) {
            Tensor x = Tensor.randn(rng, DType.F64, 2, 2, 4, 4);
            GradientReport report = GradientReport.ofLayer(layer, x, rng);
            assertThat(report.passed(1e-7, 1e-10)).as(layer + "\n" + report).isTrue();
        }
    }

    @Test
    void convReluPoolHalvesTheSpatialSize() {
        Layer layer = Layers.convReluPool(1, 4, 5, 1, 2, 2, new Rng(0), DType.F32);
        assertThat(layer.forward(Tensor.zeros(DType.F32, 3, 1, 28, 28)).shape()).containsExactly(3, 4, 14, 14);
    }
}
