package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The book's stand-alone functions (golden values for softmax, relu, sigmoid are in BasicGoldenTest). */
class FunctionsTest {
    @Test
    void stepAndIdentity() {
        Tensor x = Tensor.vector(-1, 0, 2);
        assertThat(Functions.step(x).toDoubleArray()).containsExactly(0, 0, 1);
        assertThat(Functions.identity(x)).isSameAs(x);
    }

    @Test
    void softmaxOfAVectorAndRowsSumToOne() {
        // the book's example: softmax([0.3, 2.9, 4.0]) = [0.01821127, 0.24519181, 0.73659691]
        double[] y = Functions.softmax(Tensor.vector(0.3, 2.9, 4.0)).toDoubleArray();
        assertThat(y[0]).isCloseTo(0.01821127, within(1e-8));
        assertThat(y[1]).isCloseTo(0.24519181, within(1e-8));
        assertThat(y[2]).isCloseTo(0.73659691, within(1e-8));
        Tensor rows = Functions.softmax(Tensor.of(new float[]{1000, 1001, -5, 5}, 2, 2));
        assertThat(rows.dtype()).isEqualTo(DType.F32);
        assertThat(rows.sum(1, false).toDoubleArray()).containsExactly(new double[]{1, 1}, within(1e-6));
    }

    @Test
    void bookCrossEntropyExample() {
        // the book: t = 2, y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0] → 0.510825457099338
        Tensor y = Tensor.vector(0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0);
        assertThat(Functions.crossEntropyError(y, new int[]{2})).isCloseTo(0.510825457099338, within(1e-12));
        assertThat(Functions.crossEntropyError(y, Functions.oneHot(new int[]{2}, 10).reshape(10)))
                .isCloseTo(0.510825457099338, within(1e-12));
    }

    @Test
    void oneHot() {
        Tensor t = Functions.oneHot(new int[]{2, 0}, 3, DType.F32);
        assertThat(t.dtype()).isEqualTo(DType.F32);
        assertThat(t.toDoubleArray()).containsExactly(0, 0, 1, 1, 0, 0);
        assertThatThrownBy(() -> Functions.oneHot(new int[]{3}, 3)).hasMessageContaining("label 3 at index 0 is outside [0, 3)");
    }
}
