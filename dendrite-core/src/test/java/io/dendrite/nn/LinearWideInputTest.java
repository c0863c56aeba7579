package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Linear's transposed dW path (input size ≥ 256 and ≥ 4× the output size) against xᵀ·dout. */
class LinearWideInputTest {
    private static void check(DType dtype, double tol) {
        int N = 9, D = 300, M = 7;
        assertThat(D).isGreaterThanOrEqualTo(Linear.TRANSPOSED_DW_MIN_IN);
        Rng rng = new Rng(42);
        Linear layer = new Linear(D, M, new Rng(1), dtype);
        Tensor x = Tensor.randn(rng, dtype, N, 3, 100), dout = Tensor.randn(rng, dtype, N, M);
        Tensor x2 = x.reshape(N, D);
        layer.forward(x);
        layer.backward(dout);
        TensorAssert.assertClose(layer.weight().grad(), x2.matmulTN(dout), tol, tol);
        layer.forward(x);
        layer.backward(dout);   // gradients accumulate
        TensorAssert.assertClose(layer.weight().grad(), x2.matmulTN(dout).mul(2), tol, tol);
    }

    @Test
    void weightGradientF32() {
        check(DType.F32, 1e-5);
    }

    @Test
    void weightGradientF64() {
        check(DType.F64, 1e-12);
    }
}
