package io.dendrite.model;

import io.dendrite.check.GradientReport;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworksTest {

    private static int[] labels(Rng rng, int n, int c) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
        }
        return y;
    }

    /** Checks every parameter's analytic gradient against central differences of the full loss. */
    private static void assertGradientsMatch(Network net, Tensor x, int[] y, double tol) {
        // Elements whose gradient is tiny compare on an absolute floor: central differences of the whole loss
        // carry ~1e-10 of rounding, which is a large *relative* error next to a 1e-6 gradient.
        GradientReport report = GradientReport.ofLoss(() -> net.loss(x, y), List.copyOf(net.params().values()), 1e-6);
        assertThat(report.passed(tol, 1e-8)).as(report.toString()).isTrue();
    }

    @Test
    void twoLayerNetHasSeedNamesAndShapes() {
        Network net = TwoLayerNet.builder().inputDim(5).hiddenDim(4).numClasses(3).build();
        assertThat(net.params().keySet()).containsExactly("W1", "b1", "W2", "b2");
        assertThat(net.params().get("W1").value().shape()).containsExactly(5, 4);
        assertThat(net.params().get("b2").value().shape()).containsExactly(3);
        assertThat(net.params().get("b1").value().sum()).isZero();
    }

    @Test
    void lossAtInitializationIsLnC() {
        Rng rng = new Rng(0);
        Tensor x = Tensor.randn(rng, DType.F64, 200, 50);
        int[] y = labels(rng, 200, 10);
        Network net = TwoLayerNet.builder().inputDim(50).hiddenDim(30).numClasses(10).weightScale(1e-3)
                .dtype(DType.F64).build();
        assertThat(net.loss(x, y)).isCloseTo(Math.log(10), org.assertj.core.data.Offset.offset(0.01));
        Network fc = FullyConnectedNet.builder().hiddenDims(20, 20).inputDim(50).numClasses(10)
                .weightScale(1e-3).dtype(DType.F64).build();
        assertThat(fc.loss(x, y)).isCloseTo(Math.log(10), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void twoLayerNetGradientsIncludingRegularization() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.randn(rng, DType.F64, 3, 5);
        int[] y = {0, 2, 1};
        Network net = TwoLayerNet.builder().inputDim(5).hiddenDim(6).numClasses(3).weightScale(0.3).reg(0.7)
                .dtype(DType.F64).seed(2).build();
        assertGradientsMatch(net, x, y, 1e-6);
    }

    @Test
    void fullyConnectedNetGradientsWithNormalization() {
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, DType.F64, 4, 6);
        int[] y = {0, 1, 2, 1};
        for (String norm : new String[]{"none", "batchnorm", "layernorm"}) {
            Network net = FullyConnectedNet.builder().hiddenDims(7, 5).inputDim(6).numClasses(3)
                    .normalization(norm).weightScale(0.5).reg(0.1).dtype(DType.F64).seed(3).build();
            assertGradientsMatch(net, x, y, 1e-5);
        }
    }

    @Test
    void convNetGradients() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 1, 8, 8);
        int[] y = {1, 0};
        Network three = ThreeLayerConvNet.builder().inputDim(1, 8, 8).numFilters(2).filterSize(3).hiddenDim(5)
                .numClasses(3).weightScale(0.3).reg(0.05).dtype(DType.F64).build();
        assertGradientsMatch(three, x, y, 1e-5);
        Network simple = SimpleConvNet.builder().inputDim(1, 8, 8).filterNum(2).filterSize(3).hiddenSize(4)
                .numClasses(3).weightScale(0.3).batchNorm(true).dtype(DType.F64).build();
        assertGradientsMatch(simple, x, y, 1e-5);
    }

    @Test
    void deepConvNetHasTheBooksArchitecture() {
        Network net = DeepConvNet.builder().build();
        assertThat(net.params().keySet()).contains("W1", "W6", "W7", "W8", "b8");
        assertThat(net.params().get("W7").value().shape()).containsExactly(64 * 4 * 4, 50);
        Tensor scores = net.scores(Tensor.zeros(DType.F32, 2, 1, 28, 28));
        assertThat(scores.shape()).containsExactly(2, 10);
    }

    @Test
    void specRebuildsTheSameNetwork() {
        Network[] nets = {
                TwoLayerNet.builder().inputDim(5).hiddenDim(4).numClasses(3).seed(9).build(),
                FullyConnectedNet.builder().hiddenDims(4, 3).inputDim(5).numClasses(3).normalization("batchnorm")
                        .dropout(0.25).seed(4).build(),
                SimpleConvNet.builder().inputDim(1, 10, 10).filterNum(2).filterSize(3).hiddenSize(4).build(),
                LinearClassifier.builder().inputDim(2).numClasses(3).loss("svm").build(),
        };
        for (Network net : nets) {
            Network again = Models.build(ModelSpec.parse(net.spec().toString()));
            assertThat(again.spec()).isEqualTo(net.spec());
            for (String name : net.params().keySet()) {
                assertThat(again.params().get(name).value().toDoubleArray())
                        .containsExactly(net.params().get(name).value().toDoubleArray());
            }
        }
    }

    @Test
    void builderValidatesArguments() {
        assertThatThrownBy(() -> TwoLayerNet.builder().hiddenDim(0).build()).hasMessageContaining("hiddenDim: 0");
        assertThatThrownBy(() -> FullyConnectedNet.builder().dropout(1.5).build()).hasMessageContaining("1.5");
        assertThatThrownBy(() -> FullyConnectedNet.builder().normalization("groupnorm")).hasMessageContaining("groupnorm");
        assertThatThrownBy(() -> TwoLayerNet.builder().weightInit("lecun")).hasMessageContaining("lecun");
        assertThatThrownBy(() -> TwoLayerNet.builder().reg(-1).build()).hasMessageContaining("-1");
    }

    @Test
    void firstNonFiniteNamesTheLayer() {
        Network net = TwoLayerNet.builder().inputDim(3).hiddenDim(4).numClasses(2).dtype(DType.F64).build();
        net.params().get("W2").value().set(Double.POSITIVE_INFINITY, 0, 0);
        Tensor x = Tensor.ones(DType.F64, 2, 3);
        assertThat(net.firstNonFinite(x)).hasValueSatisfying(s -> assertThat(s).contains("layer 2").contains("Linear"));
        x.set(Double.NaN, 0, 0);
        assertThat(net.firstNonFinite(x)).contains("the input batch");
    }

    @Test
    void predictScoresLargeInputsInBatchesWithTheSameResult() {
        Network net = TwoLayerNet.builder().inputDim(4).hiddenDim(8).numClasses(3).weightScale(1).seed(3).build();
        Tensor x = Tensor.randn(new Rng(4), DType.F32, Model.PREDICT_BATCH * 2 + 17, 4);
        assertThat(net.predict(x)).containsExactly(net.scores(x).argmax(1));
    }
}
