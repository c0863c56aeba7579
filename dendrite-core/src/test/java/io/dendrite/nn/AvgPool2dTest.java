package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvgPool2dTest {

    @Test
    void forwardMatchesNumpyGoldenValues() {
        Tensor x = Tensor.linspace(-0.3, 0.4, 2 * 3 * 4 * 4).reshape(2, 3, 4, 4);
        assertThat(GradientCheck.relError(new AvgPool2d(2, 2, 2).forward(x),
                Tensor.of(ConvPoolGolden.get("avgpool_2x2_s2"), 2, 3, 2, 2))).isLessThanOrEqualTo(1e-7);
        Tensor y = Tensor.linspace(0, 9, 1 * 2 * 5 * 6).map(Math::sin).reshape(1, 2, 5, 6);
        assertThat(GradientCheck.relError(new AvgPool2d(3, 2, 2).forward(y),
                Tensor.of(ConvPoolGolden.get("avgpool_3x2_s2"), 1, 2, 2, 3))).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void gradientsMatchCentralDifferencesInF64() {
        for (AvgPool2d pool : new AvgPool2d[]{new AvgPool2d(2, 2, 2), new AvgPool2d(3, 3, 1), new AvgPool2d(3, 2, 2)}) {
            Rng rng = new Rng(8);
            Tensor x = Tensor.randn(rng, DType.F64, 2, 2, 7, 5);
            Tensor dout = Tensor.randn(rng, DType.F64, pool.forward(x).shape());
            Tensor dx = pool.backward(dout);
            assertThat(GradientCheck.relError(dx, GradientCheck.numericalGradient(() -> pool.forward(x), x, dout, 1e-5)))
                    .as(pool.toString()).isLessThanOrEqualTo(1e-7);
        }
    }

    @Test
    void f32AgreesWithF64AndDoutIsUntouched() {
        AvgPool2d p64 = new AvgPool2d(2, 2, 2), p32 = new AvgPool2d(2, 2, 2);
        Tensor x = Tensor.randn(new Rng(1), DType.F64, 2, 3, 6, 6);
        TensorAssert.assertClose(p32.forward(x.to(DType.F32)).to(DType.F64), p64.forward(x), 1e-6, 1e-6);
        Tensor dout = Tensor.randn(new Rng(2), DType.F32, 2, 3, 3, 3);
        float[] before = dout.toFloatArray();
        Tensor dx32 = p32.backward(dout);
        assertThat(dout.toFloatArray()).containsExactly(before);
        assertThat(dx32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(dx32.to(DType.F64), p64.backward(dout.to(DType.F64)), 1e-6, 1e-6);
    }

    @Test
    void refusesBadInputsNamingTheLayerAndShapes() {
        AvgPool2d pool = new AvgPool2d(3, 3, 2);
        assertThat(pool).hasToString("AvgPool2d(3×3, s=2)");
        assertThatThrownBy(() -> pool.forward(Tensor.zeros(DType.F64, 1, 1, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AvgPool2d(3×3, s=2)").hasMessageContaining("(1, 1, 2, 2)").hasMessageContaining("H ≥ 3");
        assertThatThrownBy(() -> pool.forward(Tensor.zeros(DType.F64, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(9,)");
        assertThatThrownBy(() -> pool.backward(Tensor.zeros(DType.F64, 1, 1, 1, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("AvgPool2d(3×3, s=2): backward called before forward");
        assertThatThrownBy(() -> new AvgPool2d(0, 2, 2)).hasMessageContaining("invalid pool height: 0");
    }
}
