package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaxPool2dTest {

    @Test
    void forwardMatchesNumpyGoldenValues() {
        Tensor x = Tensor.linspace(-0.3, 0.4, 2 * 3 * 4 * 4).reshape(2, 3, 4, 4);
        for (MaxPool2d pool : new MaxPool2d[]{new MaxPool2d(2, 2, 2), new MaxPool2d(2, 2, 2).generalOnly(true)}) {
            Tensor out = pool.forward(x);
            assertThat(out.shape()).containsExactly(2, 3, 2, 2);
            assertThat(GradientCheck.relError(out, Tensor.of(ConvPoolGolden.get("maxpool_2x2_s2"), 2, 3, 2, 2)))
                    .isLessThanOrEqualTo(1e-7);
        }
        Tensor y = Tensor.linspace(0, 9, 1 * 2 * 5 * 6).map(Math::sin).reshape(1, 2, 5, 6);
        Tensor out = new MaxPool2d(3, 2, 2).forward(y);
        assertThat(out.shape()).containsExactly(1, 2, 2, 3);
        assertThat(GradientCheck.relError(out, Tensor.of(ConvPoolGolden.get("maxpool_3x2_s2"), 1, 2, 2, 3)))
                .isLessThanOrEqualTo(1e-7);
    }

    private static double gradCheck(MaxPool2d pool, long seed, int... shape) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.randn(rng, DType.F64, shape);
        Tensor dout = Tensor.randn(rng, DType.F64, pool.forward(x).shape());
        Tensor dx = pool.backward(dout);
        return GradientCheck.relError(dx, GradientCheck.numericalGradient(() -> pool.forward(x), x, dout, 1e-6));
    }

    @Test
    void gradientsMatchCentralDifferencesInF64() {
        // random normal inputs: no two window elements lie within 1e-6 of each other, so max has no kink in reach
        assertThat(gradCheck(new MaxPool2d(2, 2, 2), 1, 2, 3, 4, 4)).isLessThanOrEqualTo(1e-7);
        assertThat(gradCheck(new MaxPool2d(2, 2, 2).generalOnly(true), 1, 2, 3, 4, 4)).isLessThanOrEqualTo(1e-7);
        assertThat(gradCheck(new MaxPool2d(3, 3, 1), 2, 2, 2, 5, 6)).isLessThanOrEqualTo(1e-7);   // overlapping
        assertThat(gradCheck(new MaxPool2d(3, 2, 2), 3, 1, 2, 7, 5)).isLessThanOrEqualTo(1e-7);   // floor
    }

    @Test
    void fastPathAgreesWithGeneralPathOnRandomShapes() {
        Rng rng = new Rng(77);
        for (int trial = 0; trial < 20; trial++) {
            int N = 1 + rng.nextInt(3), C = 1 + rng.nextInt(3), H = 2 + rng.nextInt(7), W = 2 + rng.nextInt(7);   // odd sizes floor
            DType dtype = trial % 2 == 0 ? DType.F64 : DType.F32;
            // a coarse grid of values makes ties common, which must resolve the same way on both paths
            Tensor x = Tensor.rand(new Rng(trial), dtype, N, C, H, W).mul(4).map(Math::floor);
            MaxPool2d fast = new MaxPool2d(2, 2, 2), general = new MaxPool2d(2, 2, 2).generalOnly(true);
            Tensor out = fast.forward(x);
            assertThat(out.toDoubleArray()).as("trial " + trial).containsExactly(general.forward(x).toDoubleArray());
            Tensor dout = Tensor.randn(rng, dtype, out.shape());
            assertThat(fast.backward(dout).toDoubleArray()).as("trial " + trial)
                    .containsExactly(general.backward(dout).toDoubleArray());
        }
    }

    @Test
    void tiesRouteTheGradientToTheFirstMaximum() {
        Tensor x = Tensor.of(new double[]{
                1, 3, 3, 0,
                3, 2, 1, 3,
                0, 0, 5, 5,
                0, 0, 5, 5}, 1, 1, 4, 4);
        for (MaxPool2d pool : new MaxPool2d[]{new MaxPool2d(2, 2, 2), new MaxPool2d(2, 2, 2).generalOnly(true)}) {
            pool.forward(x);
            Tensor dx = pool.backward(Tensor.of(new double[]{1, 2, 3, 4}, 1, 1, 2, 2));
            assertThat(dx.toDoubleArray()).containsExactly(
                    0, 1, 2, 0,
                    0, 0, 0, 0,
                    3, 0, 4, 0,
                    0, 0, 0, 0);
        }
    }

    @Test
    void aNanInAWindowPropagatesToItsOutput() {
        Tensor x = Tensor.of(new double[]{1, Double.NaN, 2, 3, 4, 5, 6, 7}, 1, 1, 2, 4);
        for (MaxPool2d pool : new MaxPool2d[]{new MaxPool2d(2, 2, 2), new MaxPool2d(2, 2, 2).generalOnly(true)}) {
            assertThat(pool.forward(x).toDoubleArray()).containsExactly(Double.NaN, 7);
        }
    }

    @Test
    void overlappingWindowsSumTheirGradients() {
        Tensor x = Tensor.of(new double[]{0, 0, 0, 0, 9, 0, 0, 0, 0}, 1, 1, 3, 3);
        MaxPool2d pool = new MaxPool2d(2, 2, 1);
        assertThat(pool.forward(x).toDoubleArray()).containsExactly(9, 9, 9, 9);
        assertThat(pool.backward(Tensor.ones(DType.F64, 1, 1, 2, 2)).get(0, 0, 1, 1)).isEqualTo(4);
    }

    @Test
    void f32AgreesWithF64() {
        Tensor x = Tensor.randn(new Rng(4), DType.F64, 2, 3, 6, 6);
        for (MaxPool2d[] pair : new MaxPool2d[][]{{new MaxPool2d(3, 3, 3), new MaxPool2d(3, 3, 3)},
                {new MaxPool2d(3, 2, 2), new MaxPool2d(3, 2, 2)}}) {
            Tensor o64 = pair[0].forward(x), o32 = pair[1].forward(x.to(DType.F32));
            assertThat(o32.dtype()).isEqualTo(DType.F32);
            TensorAssert.assertClose(o32.to(DType.F64), o64, 1e-6, 1e-6);
            Tensor d = Tensor.randn(new Rng(6), DType.F64, o64.shape());
            TensorAssert.assertClose(pair[1].backward(d.to(DType.F32)).to(DType.F64), pair[0].backward(d), 1e-6, 1e-6);
        }
    }

    @Test
    void backwardLeavesDoutUntouched() {
        MaxPool2d pool = new MaxPool2d(2, 2, 2);
        pool.forward(Tensor.randn(new Rng(1), DType.F32, 2, 2, 4, 4));
        Tensor dout = Tensor.randn(new Rng(2), DType.F32, 2, 2, 2, 2);
        float[] before = dout.toFloatArray();
        pool.backward(dout);
        assertThat(dout.toFloatArray()).containsExactly(before);
    }

    @Test
    void refusesBadInputsNamingTheLayerAndShapes() {
        MaxPool2d pool = new MaxPool2d(2, 2, 2);
        assertThat(pool).hasToString("MaxPool2d(2×2, s=2)");
        assertThatThrownBy(() -> pool.forward(Tensor.zeros(DType.F32, 2, 3, 1, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MaxPool2d(2×2, s=2)").hasMessageContaining("(2, 3, 1, 8)").hasMessageContaining("H ≥ 2");
        assertThatThrownBy(() -> pool.forward(Tensor.zeros(DType.F32, 3, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MaxPool2d(2×2, s=2)").hasMessageContaining("(3, 8, 8)").hasMessageContaining("(N, C, H, W)");
        assertThatThrownBy(() -> pool.backward(Tensor.zeros(DType.F32, 1, 1, 1, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("MaxPool2d(2×2, s=2): backward called before forward");
        pool.forward(Tensor.zeros(DType.F32, 1, 1, 4, 4));
        assertThatThrownBy(() -> pool.backward(Tensor.zeros(DType.F32, 1, 1, 4, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 1, 4, 4)").hasMessageContaining("(1, 1, 2, 2)");
        assertThatThrownBy(() -> new MaxPool2d(2, 0, 2)).hasMessageContaining("invalid pool width: 0");
        assertThatThrownBy(() -> new MaxPool2d(2, 2, 0)).hasMessageContaining("invalid stride: 0");
    }
}
