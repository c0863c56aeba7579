package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Conv2d and Linear with {@code inputGradient(false)}: the same parameter gradients, no dx. */
class InputGradientTest {
    private static void check(Supplier<Layer> make, Tensor x, Tensor dout) {
        Layer full = make.get(), first = make.get();
        if (first instanceof Conv2d) {
            assertThat(((Conv2d) first).inputGradient(false).inputGradient()).isFalse();
        } else {
            assertThat(((Linear) first).inputGradient(false).inputGradient()).isFalse();
        }
        Tensor doutBefore = dout.copy();
        assertThat(first.forward(x).toDoubleArray()).containsExactly(full.forward(x).toDoubleArray());

        assertThat(full.backward(dout)).isNotNull();
        assertThat(first.backward(dout)).as("dx when switched off").isNull();
        assertThat(dout.toDoubleArray()).containsExactly(doutBefore.toDoubleArray());
        for (int i = 0; i < full.parameters().size(); i++) {
            assertThat(first.parameters().get(i).grad().toDoubleArray()).as(full.parameters().get(i).name())
                    .containsExactly(full.parameters().get(i).grad().toDoubleArray());
        }
    }

    @Test
    void convSkipsOnlyDx() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.randn(rng, DType.F32, 3, 2, 9, 8), dout = Tensor.randn(rng, DType.F32, 3, 4, 7, 6);
        check(() -> new Conv2d(2, 4, 3, 1, 0, new Rng(1), DType.F32), x, dout);
    }

    @Test
    void convSkipsOnlyDxInF64() {
        Rng rng = new Rng(6);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 1, 6, 6), dout = Tensor.randn(rng, DType.F64, 2, 3, 4, 4);
        check(() -> new Conv2d(1, 3, 2, 2, 1, new Rng(2), DType.F64), x, dout);
    }

    @Test
    void linearSkipsOnlyDx() {
        Rng rng = new Rng(7);
        Tensor x = Tensor.randn(rng, DType.F32, 5, 2, 3), dout = Tensor.randn(rng, DType.F32, 5, 4);
        check(() -> new Linear(6, 4, new Rng(3)), x, dout);
    }
}
