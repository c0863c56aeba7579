package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LocalResponseNorm against numpy (golden/lrn.py, PyTorch's formula) and against central differences. */
class LocalResponseNormTest {
    private static final Golden GOLDEN = Golden.load("/io/dendrite/nn/golden/lrn.txt");
    private static final double H = 1e-5;

    private static Tensor linspaceInput() {
        return Tensor.linspace(-1, 1, 2 * 7 * 3 * 2).reshape(2, 7, 3, 2);
    }

    private static void assertGolden(LocalResponseNorm lrn, Tensor x, String name) {
        Tensor out = lrn.forward(x);
        assertThat(out.shape()).containsExactly(x.shape());
        assertThat(GradientCheck.relError(out, GOLDEN.get(name))).as("relError vs numpy for %s", name)
                .isLessThanOrEqualTo(1e-7);
    }

    @Test
    void forwardMatchesNumpyGoldenValues() {
        Tensor x = linspaceInput();
        assertGolden(new LocalResponseNorm(3, 0.5, 0.6, 1.5), x, "lrn.size3");
        assertGolden(new LocalResponseNorm(4, 2.0, 0.75, 0.5), x, "lrn.size4");      // even: asymmetric window
        assertGolden(new LocalResponseNorm(9, 1.0, 1.2, 2.0), x, "lrn.size9");       // wider than the 7 channels
        assertGolden(new LocalResponseNorm(5), x.mul(3), "lrn.size5.defaults");
    }

    @Test
    void anEvenWindowReachesOneChannelFurtherBackThanForward() {
        // all ones, size 2: window(c) = {c − 1, c}, so only channel 0 misses a neighbour (PyTorch pads 1 in front, 0 behind)
        Tensor out = new LocalResponseNorm(2, 1.0, 1.0, 1.0).forward(Tensor.ones(DType.F64, 1, 4, 1, 1));
        assertThat(out.toDoubleArray()).containsExactly(1 / 1.5, 1 / 2.0, 1 / 2.0, 1 / 2.0);
    }

    @Test
    void sizeOneIsElementwise() {
        Tensor x = linspaceInput();
        Tensor expected = x.map(v -> v / Math.pow(2 + 0.5 * v * v, 0.75));
        TensorAssert.assertClose(new LocalResponseNorm(1, 0.5, 0.75, 2).forward(x), expected, 1e-14, 0);
    }

    private static double gradCheck(LocalResponseNorm lrn, long seed, int... shape) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.randn(rng, DType.F64, shape);
        Tensor dout = Tensor.randn(rng, DType.F64, shape);
        lrn.forward(x);
        Tensor dx = lrn.backward(dout);
        return GradientCheck.relError(dx, GradientCheck.numericalGradient(() -> lrn.forward(x), x, dout, H));
    }

    @Test
    void gradientsMatchCentralDifferencesInF64() {
        // a large alpha makes the cross-channel term as big as the direct one, so a wrong window shows
        for (int size = 1; size <= 6; size++) {
            assertThat(gradCheck(new LocalResponseNorm(size, 2.0, 0.75, 1.0), size, 2, 5, 3, 2))
                    .as("size %d", size).isLessThanOrEqualTo(1e-7);
        }
        assertThat(gradCheck(new LocalResponseNorm(4, 1.5, 1.3, 0.7), 7, 2, 3, 2, 2)).as("size 4 > C - 1")
                .isLessThanOrEqualTo(1e-7);
        // seed 9, not 8: seed 8 draws a dout of 6e-5, whose dx of 3e-5 is below what central differences resolve
        // at h = 1e-5 (rounding in the summed output, ~1e-10, is then a relative 2e-6; h = 1e-3 gives 3e-9)
        assertThat(gradCheck(new LocalResponseNorm(5, 5e-4, 0.75, 2.0), 9, 2, 7, 3, 3)).as("AlexNet")
                .isLessThanOrEqualTo(1e-7);
    }

    @Test
    void backwardLeavesDoutUntouchedAndReturnsANewTensor() {
        LocalResponseNorm lrn = new LocalResponseNorm(3, 1.0, 0.75, 1.0);
        lrn.forward(Tensor.randn(new Rng(1), DType.F32, 2, 4, 3, 3));
        Tensor dout = Tensor.randn(new Rng(2), DType.F32, 2, 4, 3, 3);
        float[] before = dout.toFloatArray();
        Tensor dx = lrn.backward(dout);
        assertThat(dout.toFloatArray()).containsExactly(before);
        assertThat(dx.sharesStorageWith(dout)).isFalse();
    }

    @Test
    void f32AgreesWithF64() {
        Tensor x = Tensor.randn(new Rng(4), DType.F64, 2, 6, 4, 4);
        LocalResponseNorm l64 = new LocalResponseNorm(4, 1.0, 0.75, 1.0), l32 = new LocalResponseNorm(4, 1.0, 0.75, 1.0);
        Tensor o64 = l64.forward(x), o32 = l32.forward(x.to(DType.F32));
        assertThat(o32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(o32.to(DType.F64), o64, 1e-5, 1e-6);
        Tensor d = Tensor.randn(new Rng(6), DType.F64, o64.shape());
        Tensor dx32 = l32.backward(d.to(DType.F32));
        assertThat(dx32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(dx32.to(DType.F64), l64.backward(d), 1e-5, 1e-6);
    }

    @Test
    void wrongRankNamesTheLayerAndTheShape() {
        LocalResponseNorm lrn = new LocalResponseNorm(5);
        assertThatThrownBy(() -> lrn.forward(Tensor.zeros(DType.F32, 4, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=1.0)")
                .hasMessageContaining("(4, 6)")
                .hasMessageContaining("(N, C, H, W)");
    }

    @Test
    void wrongDoutShapeNamesTheLayerAndBothShapes() {
        LocalResponseNorm lrn = new LocalResponseNorm(3);
        lrn.forward(Tensor.zeros(DType.F64, 2, 4, 3, 3));
        assertThatThrownBy(() -> lrn.backward(Tensor.zeros(DType.F64, 2, 4, 3, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(lrn.toString())
                .hasMessageContaining("(2, 4, 3, 4)")
                .hasMessageContaining("(2, 4, 3, 3)");
    }

    @Test
    void backwardBeforeForwardSaysSo() {
        LocalResponseNorm lrn = new LocalResponseNorm(3);
        assertThatThrownBy(() -> lrn.backward(Tensor.zeros(DType.F32, 1, 3, 2, 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(lrn + ": backward called before forward");
    }

    @Test
    void defaultsAccessorsAndToString() {
        LocalResponseNorm lrn = new LocalResponseNorm(5);
        assertThat(lrn.size()).isEqualTo(5);
        assertThat(lrn.alpha()).isEqualTo(LocalResponseNorm.DEFAULT_ALPHA).isEqualTo(1e-4);
        assertThat(lrn.beta()).isEqualTo(LocalResponseNorm.DEFAULT_BETA).isEqualTo(0.75);
        assertThat(lrn.k()).isEqualTo(LocalResponseNorm.DEFAULT_K).isEqualTo(1.0);
        assertThat(lrn.parameters()).isEmpty();
        assertThat(lrn).hasToString("LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=1.0)");
        assertThat(new LocalResponseNorm(3, 5e-4, 0.5, 2)).hasToString("LocalResponseNorm(size=3, alpha=5e-4, beta=0.5, k=2.0)");
    }

    @Test
    void invalidArgumentsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new LocalResponseNorm(0)).hasMessageContaining("invalid size: 0");
        assertThatThrownBy(() -> new LocalResponseNorm(3, -0.1, 0.75, 1)).hasMessageContaining("invalid alpha: -0.1");
        assertThatThrownBy(() -> new LocalResponseNorm(3, 1e-4, Double.NaN, 1)).hasMessageContaining("invalid beta: NaN");
        assertThatThrownBy(() -> new LocalResponseNorm(3, 1e-4, 0.75, 0)).hasMessageContaining("invalid k: 0.0");
        assertThatThrownBy(() -> new LocalResponseNorm(3, Double.POSITIVE_INFINITY, 0.75, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid alpha: Infinity");
    }
}
