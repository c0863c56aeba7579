package io.dendrite.model;

import io.dendrite.check.GradientCheck;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Tanh;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Network.activations and activationGradient: intermediate outputs, and gradients of objectives of them. */
class NetworkActivationsTest {
    /** conv – batchnorm – tanh – conv – relu – pool – flatten – linear, F64, on (N, 2, 6, 6). */
    private static Network net() {
        Rng rng = new Rng(41);
        BatchNorm2d bn = new BatchNorm2d(3, DType.F64);
        Network net = Network.builder()
                .add(new Conv2d(2, 3, 3, 1, 1, rng, DType.F64)).add(bn).add(new Tanh())
                .add(new Conv2d(3, 4, 3, 1, 1, rng, DType.F64)).add(new ReLU()).add(new MaxPool2d(2, 2, 2))
                .add(new Flatten()).add(new Linear(4 * 3 * 3, 5, rng, DType.F64)).build();
        bn.buffers().get("running_mean").assign(Tensor.of(new double[]{0.1, -0.2, 0.3}, 3));   // test time differs
        bn.buffers().get("running_var").assign(Tensor.of(new double[]{0.5, 2.0, 1.5}, 3));
        return net;
    }

    @Test
    void activationsAreTheOutputsOfTheChosenLayersAtTestTime() {
        Network net = net();
        Tensor x = Tensor.randn(new Rng(1), DType.F64, 2, 2, 6, 6);
        List<Tensor> acts = net.activations(x, 5, 0, 2, 2);
        net.layers().setTraining(false);
        List<Tensor> expected = new ArrayList<>();
        Tensor h = x;
        for (Layer layer : net.layers().layers()) {
            h = layer.forward(h);
            expected.add(h);
        }
        assertThat(acts).hasSize(4);
        assertThat(acts.get(0).toDoubleArray()).containsExactly(expected.get(5).toDoubleArray());
        assertThat(acts.get(1).toDoubleArray()).containsExactly(expected.get(0).toDoubleArray());
        assertThat(acts.get(2).toDoubleArray()).containsExactly(expected.get(2).toDoubleArray());
        assertThat(acts.get(3)).isSameAs(acts.get(2));
        assertThat(acts.get(0).shape()).containsExactly(2, 4, 3, 3);
    }

    /** ½Σa0² + Σ R2·a2 + Σ R2'·a2 (layer 2 asked twice) + Σ R4·a4², with a null gradient for an unused layer. */
    private static double objective(List<Tensor> a, Tensor r2, Tensor r2b, Tensor r4) {
        return 0.5 * a.get(0).square().sum() + a.get(1).mul(r2).sum() + a.get(2).mul(r2b).sum()
                + a.get(3).square().mul(r4).sum();
    }

    @Test
    void activationGradientMatchesCentralDifferences() {
        Network net = net();
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 2, 6, 6);
        Tensor r2 = Tensor.randn(rng, DType.F64, 2, 3, 6, 6), r2b = Tensor.randn(rng, DType.F64, 2, 3, 6, 6);
        Tensor r4 = Tensor.randn(rng, DType.F64, 2, 4, 6, 6);
        int[] layers = {0, 2, 2, 4, 1};
        ActivationGradient g = net.activationGradient(x, layers, a -> new ActivationLoss(objective(a, r2, r2b, r4),
                Arrays.asList(a.get(0).copy(), r2, r2b, a.get(3).mul(r4).muli(2), null)));
        assertThat(g.value()).isEqualTo(objective(net.activations(x, layers), r2, r2b, r4));
        assertThat(g.activations()).hasSize(5);
        Tensor numeric = GradientCheck.numericalGradient(() -> objective(net.activations(x, layers), r2, r2b, r4), x, 1e-5);
        double err = GradientCheck.relError(g.gradient(), numeric);
        System.out.printf("Network activation gradient: rel error %.2e%n", err);
        assertThat(err).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void parameterGradientsAndTheFirstLayersSettingAreLeftAsTheyWere() {
        Network net = net();
        Tensor x = Tensor.randn(new Rng(3), DType.F64, 2, 2, 6, 6);
        net.loss(x, new int[]{1, 4});
        List<Tensor> before = net.params().values().stream().map(p -> p.grad().copy()).toList();
        assertThat(net.layers().inputGradient()).isFalse();
        net.activationGradient(x, new int[]{3}, a -> new ActivationLoss(a.get(0).sum(),
                List.of(Tensor.full(DType.F64, 1, a.get(0).shape()))));
        int i = 0;
        for (Parameter p : net.params().values()) {
            assertThat(p.grad().toDoubleArray()).containsExactly(before.get(i++).toDoubleArray());
        }
        assertThat(net.layers().inputGradient()).isFalse();
    }

    @Test
    void wrongIndicesAndGradientsAreRefusedNamingTheLayers() {
        Network net = net();
        Tensor x = Tensor.zeros(DType.F64, 1, 2, 6, 6);
        assertThatThrownBy(() -> net.activations(x, 8)).hasMessageContaining("layer 8 is outside [0, 8)")
                .hasMessageContaining("0 Conv2d").hasMessageContaining("7 Linear");
        assertThatThrownBy(() -> net.activations(x)).hasMessageContaining("at least one layer index");
        assertThatThrownBy(() -> net.activationGradient(x, new int[]{1}, a -> new ActivationLoss(0,
                List.of(Tensor.zeros(DType.F64, 1, 3, 6, 5))))).hasMessageContaining("(1, 3, 6, 5)")
                .hasMessageContaining("(1, 3, 6, 6)").hasMessageContaining("layer 1");
        assertThatThrownBy(() -> net.activationGradient(x, new int[]{1, 2}, a -> new ActivationLoss(0, List.of())))
                .hasMessageContaining("one gradient per chosen layer (2), got 0");
    }
}
