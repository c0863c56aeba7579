package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Threads;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ReLU, pooling and BatchNorm2d on inputs large enough to be split over threads: 1 and 2 threads give the same bits, and
 * ReLU matches its definition element by element.
 */
class ParallelLayersTest {
    private static double[][] run(Supplier<Layer> make, Tensor x, int threads) {
        int before = Threads.count();
        try {
            Threads.set(threads);
            Layer layer = make.get();
            Tensor out = layer.forward(x);
            Tensor dx = layer.backward(Tensor.randn(new Rng(99), x.dtype(), out.shape()));
            return new double[][]{out.toDoubleArray(), dx.toDoubleArray()};
        } finally {
            Threads.set(before);
        }
    }

    private static void sameOnOneAndTwoThreads(Supplier<Layer> make, Tensor x) {
        double[][] one = run(make, x, 1), two = run(make, x, 2);
        assertThat(two[0]).as("output of %s", make.get()).containsExactly(one[0]);
        assertThat(two[1]).as("dx of %s", make.get()).containsExactly(one[1]);
    }

    @Test
    void splitLayersAreBitIdentical() {
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.randn(new Rng(1), dtype, 20, 6, 24, 24);   // 69 120 elements, 120 planes
            sameOnOneAndTwoThreads(ReLU::new, x);
            sameOnOneAndTwoThreads(() -> new MaxPool2d(2), x);
            sameOnOneAndTwoThreads(() -> new MaxPool2d(3, 3, 2), x);
            sameOnOneAndTwoThreads(() -> new AvgPool2d(2, 2, 2), x);
            sameOnOneAndTwoThreads(() -> new BatchNorm2d(6, dtype), x);
        }
    }

    @Test
    void splitReluMatchesItsDefinition() {
        Tensor x = Tensor.randn(new Rng(2), DType.F32, 3, 50_001);   // odd length: vector tails at split points
        double[][] r = run(ReLU::new, x, 2);
        Tensor dout = Tensor.randn(new Rng(99), DType.F32, x.shape());
        double[] xs = x.toDoubleArray(), g = dout.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            assertThat(r[0][i]).isEqualTo(Math.max(xs[i], 0));
            assertThat(r[1][i]).isEqualTo(xs[i] > 0 ? g[i] : 0);
        }
    }
}
