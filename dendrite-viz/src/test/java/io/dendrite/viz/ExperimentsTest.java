package io.dendrite.viz;

import io.dendrite.model.Network;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExperimentsTest {
    private static double std(double[] v) {
        double m = 0, s = 0;
        for (double x : v) {
            m += x / v.length;
        }
        for (double x : v) {
            s += (x - m) * (x - m) / v.length;
        }
        return Math.sqrt(s);
    }

    @Test
    void weightInitActivationsShowTheBooksPicture() {
        Map<String, WeightInit> inits = new LinkedHashMap<>();
        inits.put("std 0.01", WeightInit.std(0.01));
        inits.put("Xavier", WeightInit.xavier());
        Map<String, double[]> acts = Experiments.weightInitActivations("sigmoid", inits, 5, 50, 200, new Rng(0));
        assertThat(acts.keySet()).containsExactly("std 0.01 · layer 1", "std 0.01 · layer 3", "std 0.01 · layer 5",
                "Xavier · layer 1", "Xavier · layer 3", "Xavier · layer 5");
        assertThat(acts.get("Xavier · layer 5")).hasSize(200 * 50);
        assertThat(java.util.Arrays.stream(acts.get("Xavier · layer 5")).allMatch(v -> v > 0 && v < 1)).isTrue();
        // std 0.01 collapses every sigmoid output onto 0.5; Xavier keeps them spread
        assertThat(std(acts.get("std 0.01 · layer 5"))).isLessThan(0.02);
        assertThat(std(acts.get("Xavier · layer 5"))).isGreaterThan(0.05);
        assertThat(Experiments.weightInitActivations("relu", Map.of("He", WeightInit.he()), 2, 10, 10, new Rng(1)))
                .containsOnlyKeys("He · layer 1", "He · layer 2");
        assertThatThrownBy(() -> Experiments.weightInitActivations("softplus", inits, 5, 5, 5, new Rng(0)))
                .hasMessageContaining("softplus");
    }

    @Test
    void classifier2dAgreesWithTheModelAndDrawsABoundary(@TempDir Path tmp) throws IOException {
        Network net = TwoLayerNet.builder().inputDim(2).hiddenDim(8).numClasses(3).weightScale(1).seed(2).build();
        double[][] pts = {{0.1, 0.2}, {-0.5, 0.3}, {0.9, -0.7}};
        int[] expected = net.predict(Tensor.of(new float[]{0.1f, 0.2f, -0.5f, 0.3f, 0.9f, -0.7f}, 3, 2));
        assertThat(Experiments.classifier2d(net).predict(pts)).containsExactly(expected);
        Path out = Plots.defaults().decisionBoundary(Experiments.classifier2d(net), pts, new int[]{0, 1, 2}, 20,
                tmp.resolve("b.png"));
        assertThat(ImageIO.read(out.toFile()).getWidth()).isEqualTo(800);
        assertThat(DType.F32).isEqualTo(net.params().get("W1").value().dtype());
    }

    @Test
    void searchPlotWritesAPngAndRefusesNonPositiveLearningRates(@TempDir Path tmp) throws IOException {
        Path out = SearchPlot.write(new double[]{1e-3, 1e-2, 0.1}, new double[]{1e-6, 1e-5, 1e-4},
                new double[]{0.2, 0.8, 0.5}, tmp.resolve("s.png"));
        assertThat(ImageIO.read(out.toFile()).getHeight()).isEqualTo(600);
        assertThat(SearchPlot.write(new double[]{1e-3}, null, new double[]{0.5}, tmp.resolve("s.svg"))).exists();
        assertThatThrownBy(() -> SearchPlot.write(new double[]{0}, null, new double[]{0.5}, tmp.resolve("t.png")))
                .hasMessageContaining("lr[0]");
    }
}
