package io.dendrite.model;

import io.dendrite.check.GradientCheck;
import io.dendrite.nn.ConvTranspose2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Linear;
import io.dendrite.nn.ReLU;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A network with transposed convolutions — DCGAN's generator upsampling from (N, Z, 1, 1) — saves, loads and differentiates. */
class ConvTransposeNetworkTest {
    @TempDir
    Path dir;

    private static Network upsampler(DType dtype) {
        Rng rng = new Rng(5);
        return Network.builder()
                .add(new ConvTranspose2d(4, 3, 4, 1, 0, rng, dtype)).add(new ReLU())   // (N, 4, 1, 1) → (N, 3, 4, 4)
                .add(new ConvTranspose2d(3, 2, 4, 2, 1, rng, dtype))                     // → (N, 2, 8, 8)
                .add(new Flatten()).add(new Linear(2 * 8 * 8, 3, rng, dtype)).reg(0.01).inputShape(4, 1, 1).build();
    }

    @Test
    void savesAndLoadsWithIdenticalScores() throws IOException {
        for (DType dtype : DType.values()) {
            Network net = upsampler(dtype);
            Tensor z = Tensor.randn(new Rng(1), dtype, 3, 4, 1, 1);
            net.loss(z, new int[]{0, 1, 2});
            Path file = dir.resolve("up-" + dtype + ".dnd");
            ModelStore.save(net, Map.of(), file);
            Network back = ModelStore.load(file).network();
            assertThat(back.scores(z).toDoubleArray()).containsExactly(net.scores(z).toDoubleArray());
            assertThat(back.toString()).isEqualTo(net.toString());
            assertThat(back.params().keySet()).containsExactly("W1", "b1", "W2", "b2", "W3", "b3");
            assertThat(back.summary()).contains("ConvTranspose2d(3→2, k=4, s=2, p=1)").contains("(N, 2, 8, 8)");
        }
    }

    @Test
    void inputGradientReachesThroughAFirstTransposedConvolution() {
        Network net = upsampler(DType.F64);
        Tensor z = Tensor.randn(new Rng(2), DType.F64, 2, 4, 1, 1);
        int[] c = {2, 0};
        Tensor g = net.scoreGradient(z, c).gradient();
        Tensor num = GradientCheck.numericalGradient(() -> {
            Tensor s = net.scores(z);
            return s.get(0, 2) + s.get(1, 0);
        }, z, 1e-5);
        assertThat(GradientCheck.relError(g, num)).isLessThanOrEqualTo(1e-7);
        assertThat(net.layers().get(0).inputGradient()).isFalse();
    }
}
