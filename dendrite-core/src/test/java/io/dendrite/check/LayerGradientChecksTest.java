package io.dendrite.check;

import io.dendrite.model.FullyConnectedNet;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerGradientChecksTest {
    @Test
    void everyLayerTypePassesInF64() {
        Map<String, GradientReport> reports = LayerGradientChecks.all(0);
        assertThat(reports).hasSizeGreaterThanOrEqualTo(22);
        assertThat(String.join(" ", reports.keySet())).contains("Linear", "LeakyReLU", "Dropout", "BatchNorm2d", "GroupNorm",
                "Conv2d", "MaxPool2d", "AvgPool2d", "SoftmaxCrossEntropy", "MulticlassHinge", "MeanSquaredError",
                "ConvTranspose2d", "BinaryCrossEntropyWithLogits", "SelfAttention", "CrossAttention", "PositionalEncoding",
                "TransformerDecoderLayer", "on (N, T, D)", "Unflatten");
        reports.forEach((name, r) -> assertThat(r.passed(1e-6, 1e-9)).as(r.toString()).isTrue());
    }

    @Test
    void modelCheckRebuildsInF64WithTheSameWeightsAndPasses() {
        Network net = FullyConnectedNet.builder().inputDim(6).hiddenDims(new int[]{5, 4}).numClasses(3)
                .normalization("batchnorm").dropout(0.5).reg(0.1).weightScale(0.5).seed(4).build();
        Network f64 = ModelGradientCheck.checkable(net);
        assertThat(f64.params().get("W1").value().dtype()).isEqualTo(DType.F64);
        assertThat(f64.spec().getDouble("dropout")).isZero();
        Tensor x = Tensor.randn(new Rng(1), DType.F64, 4, 6);
        assertThat(f64.scores(x).allClose(net.scores(x.to(DType.F32)).to(DType.F64), 1e-4, 1e-5)).isTrue();
        List<GradientReport.Entry> entries = ModelGradientCheck.check(f64, x, new int[]{0, 1, 2, 1}, 10, new Rng(2));
        assertThat(entries).extracting(GradientReport.Entry::name).contains("W1", "gamma1", "beta2", "W3");
        entries.forEach(e -> assertThat(e.passed(1e-6, 1e-9)).as(e.name() + " " + e.relError()).isTrue());
        assertThat(ModelGradientCheck.table(entries)).contains("gamma1");
        assertThatThrownBy(() -> ModelGradientCheck.check(net, x.to(DType.F32), new int[4], 1, new Rng(0)))
                .hasMessageContaining("F64");
    }
}
