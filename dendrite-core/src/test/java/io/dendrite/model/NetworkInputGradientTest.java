package io.dendrite.model;

import io.dendrite.check.GradientCheck;
import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Residual;
import io.dendrite.nn.Tanh;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkInputGradientTest {
    private static final double H = 1e-5;

    /** conv – relu – pool – linear, F64, scoring 3 classes of (N, 1, 6, 6) images. */
    private static Network convNet(DType dtype) {
        Rng rng = new Rng(31);
        return Network.builder()
                .add(new Conv2d(1, 2, 3, 1, 1, rng, dtype)).add(new ReLU()).add(new MaxPool2d(2, 2, 2))
                .add(new Flatten()).add(new Linear(2 * 3 * 3, 3, rng, dtype)).reg(0.1).build();
    }

    /** An MLP with the layers whose test-time behaviour differs from training: BatchNorm and Dropout. */
    private static Network mlp() {
        Rng rng = new Rng(32);
        return Network.builder()
                .add(new Linear(5, 7, rng, DType.F64)).add(new BatchNorm(7, DType.F64)).add(new ReLU())
                .add(new Dropout(0.4, new Rng(3))).add(new Linear(7, 4, rng, DType.F64)).reg(0.05).build();
    }

    private static double scoreSum(Network net, Tensor x, int[] classes) {
        Tensor s = net.scores(x);
        double sum = 0;
        for (int i = 0; i < classes.length; i++) {
            sum += s.get(i, classes[i]);
        }
        return sum;
    }

    private static double check(String what, Tensor analytic, Tensor numeric) {
        double err = GradientCheck.relError(analytic, numeric);
        System.out.printf("Network input gradient, %s: rel error %.2e%n", what, err);
        assertThat(err).as(what).isLessThanOrEqualTo(1e-7);
        return err;
    }

    @Test
    void convNetGradientsMatchCentralDifferences() {
        Network net = convNet(DType.F64);
        Tensor x = Tensor.randn(new Rng(1), DType.F64, 3, 1, 6, 6);
        int[] classes = {2, 0, 1}, labels = {1, 1, 0};
        InputGradient s = net.scoreGradient(x, classes);
        assertThat(s.gradient().shape()).containsExactly(3, 1, 6, 6);
        assertThat(s.value()).isEqualTo(scoreSum(net, x, classes));
        check("conv net, class scores", s.gradient(),
                GradientCheck.numericalGradient(() -> scoreSum(net, x, classes), x, H));
        InputGradient l = net.lossGradient(x, labels);
        check("conv net, loss", l.gradient(),
                GradientCheck.numericalGradient(() -> net.lossFunction().compute(net.scores(x), labels).loss(), x, H));
        double regTerm = 0.5 * 0.1 * (net.params().get("W1").value().square().sum() + net.params().get("W2").value().square().sum());
        assertThat(l.value()).isCloseTo(net.lossFunction().compute(net.scores(x), labels).loss() + regTerm,
                org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void mlpGradientsMatchCentralDifferencesAtTestTime() {
        Network net = mlp();
        Tensor x = Tensor.randn(new Rng(2), DType.F64, 4, 5);
        int[] y = {0, 3, 2, 3};
        net.loss(x.mul(2).add(0.5), y);   // moves BatchNorm's running statistics away from (0, 1)
        Map<String, Tensor> buffersBefore = copies(net.buffers());
        InputGradient s = net.scoreGradient(x, y);
        check("MLP, class scores", s.gradient(), GradientCheck.numericalGradient(() -> scoreSum(net, x, y), x, H));
        check("MLP, loss", net.lossGradient(x, y).gradient(),
                GradientCheck.numericalGradient(() -> net.lossFunction().compute(net.scores(x), y).loss(), x, H));
        for (Map.Entry<String, Tensor> e : net.buffers().entrySet()) {
            assertThat(e.getValue().toDoubleArray()).as(e.getKey() + " at test time")
                    .containsExactly(buffersBefore.get(e.getKey()).toDoubleArray());
        }
    }

    /** The chain rule through the scores: dL/dx_i = Σ_c dL/ds_ic · ds_ic/dx_i, examples being independent at test time. */
    @Test
    void lossGradientIsTheScoreGradientsWeightedBySoftmaxResiduals() {
        Network net = convNet(DType.F64);
        Tensor x = Tensor.randn(new Rng(4), DType.F64, 2, 1, 6, 6);
        int[] labels = {2, 1};
        InputGradient l = net.lossGradient(x, labels);
        Tensor dscores = net.lossFunction().compute(l.scores(), labels).grad();   // (p − onehot)/N
        Tensor combined = Tensor.zerosLike(x);
        for (int c = 0; c < 3; c++) {
            Tensor gc = net.scoreGradient(x, new int[]{c, c}).gradient();
            for (int i = 0; i < 2; i++) {
                combined.slice(i, i + 1).addi(gc.slice(i, i + 1).mul(dscores.get(i, c)));
            }
        }
        TensorAssert.assertClose(l.gradient(), combined, 1e-10, 1e-13);
    }

    /** A linear classifier's class-score gradient is the class's weight column, whatever the input. */
    @Test
    void linearModelScoreGradientIsTheWeightColumn() {
        Linear lin = new Linear(4, 3, new Rng(5), DType.F64);
        Network net = Network.builder().add(lin).build();
        Tensor x = Tensor.randn(new Rng(6), DType.F64, 2, 4);
        Tensor g = net.scoreGradient(x, new int[]{1, 2}).gradient();
        Tensor w = lin.weight().value();
        for (int d = 0; d < 4; d++) {
            assertThat(g.get(0, d)).isEqualTo(w.get(d, 1));
            assertThat(g.get(1, d)).isEqualTo(w.get(d, 2));
        }
    }

    @Test
    void parameterGradientsAndTheFirstLayersSettingAreLeftAsTheyWere() {
        Network net = convNet(DType.F64);
        Tensor x = Tensor.randn(new Rng(7), DType.F64, 2, 1, 6, 6);
        net.loss(x, new int[]{0, 1});
        Map<String, Tensor> grads = new LinkedHashMap<>();
        net.params().forEach((k, p) -> grads.put(k, p.grad().copy()));
        Layer first = net.layers().get(0);
        assertThat(first.inputGradient()).isFalse();
        net.scoreGradient(x, new int[]{2, 2});
        net.lossGradient(x, new int[]{1, 0}, true);
        assertThat(first.inputGradient()).as("the first layer skips dx again").isFalse();
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            assertThat(e.getValue().grad().toDoubleArray()).as(e.getKey())
                    .containsExactly(grads.get(e.getKey()).toDoubleArray());
        }
        first.inputGradient(true);
        net.scoreGradient(x, new int[]{2, 2});
        assertThat(first.inputGradient()).as("a setting the user chose is kept").isTrue();
    }

    @Test
    void aResidualFirstLayerGetsItsSettingBack() {
        Rng rng = new Rng(8);
        Residual block = new Residual(new Linear(3, 3, rng, DType.F64), new Tanh());
        Network net = Network.builder().add(block).add(new Linear(3, 2, rng, DType.F64)).build();
        Tensor x = Tensor.randn(rng, DType.F64, 2, 3);
        int[] c = {1, 0};
        check("residual first layer, class scores", net.scoreGradient(x, c).gradient(),
                GradientCheck.numericalGradient(() -> scoreSum(net, x, c), x, H));
        assertThat(block.inputGradient()).isFalse();
        assertThat(block.children().get(0).inputGradient()).isFalse();
    }

    @Test
    void f32NetworksGiveF32Gradients() {
        Network net = convNet(DType.F32), net64 = convNet(DType.F64);
        Tensor x = Tensor.randn(new Rng(9), DType.F64, 2, 1, 6, 6);
        Tensor g32 = net.scoreGradient(x.to(DType.F32), new int[]{0, 1}).gradient();
        assertThat(g32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(g32.to(DType.F64), net64.scoreGradient(x, new int[]{0, 1}).gradient(), 1e-4, 1e-5);
    }

    @Test
    void refusesClassesThatDoNotFitTheScores() {
        Network net = convNet(DType.F64);
        Tensor x = Tensor.zeros(DType.F64, 2, 1, 6, 6);
        assertThatThrownBy(() -> net.scoreGradient(x, new int[]{0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 classes").hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> net.scoreGradient(x, new int[]{0, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 3 at index 1")
                .hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> net.lossGradient(x, new int[]{0, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 5");
        assertThat(net.layers().get(0).inputGradient()).as("restored after a failure too").isFalse();
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }
}
