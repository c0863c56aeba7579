package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.SmallHeap;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Layers ask the memory budget before allocating weights or a batch's buffers, and refuse in one line naming themselves. */
class LayerMemoryBudgetTest {

    @Test
    void aLinearLayerTooLargeToTrainIsRefusedBeforeItsWeightIsDrawn() throws Exception {
        SmallHeap.run(64L << 20, () -> assertThatThrownBy(() -> new Linear(784, 2_000_000))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessageStartingWith("Linear(784→2000000): a weight of 1568000000 values (with its gradient and optimizer"
                        + " state) needs 23.4 GiB, but the JVM may use ")
                .hasMessageEndingWith("or make the network smaller (--hidden, --width)"));
        assertThatThrownBy(() -> new Linear(784, 2_000_000_000, new Rng(0), DType.F64))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessageStartingWith("Linear(784→2000000000): a weight of 1568000000000 values (with its gradient and"
                        + " optimizer state) would hold 1568000000000 elements, more than one Java array holds");
    }

    @Test
    void aConvolutionTooLargeIsRefusedBeforeItsWeightIsDrawn() throws Exception {
        SmallHeap.run(64L << 20, () -> assertThatThrownBy(() -> new Conv2d(4096, 4096, 3, 1, 1))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessageStartingWith("Conv2d(4096→4096, k=3): a weight of 150994944 values"));
    }

    @Test
    void theIm2colColumnsOfABatchAreAskedForAndNameTheBatchSize() throws Exception {
        Conv2d conv = new Conv2d(1, 4, 11, 1, 0);
        Tensor x = Tensor.zeros(DType.F32, 8, 1, 64, 64);
        SmallHeap.run(4L << 20, () -> assertThatThrownBy(() -> conv.forward(x))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessageStartingWith("Conv2d(1→4, k=11, s=1, p=0): the im2col columns (352836 values per image) for a"
                        + " batch of 8 needs 10.8 MiB, but the JVM may use ")
                .hasMessageEndingWith("or use a smaller --batch-size"));
        assertThat(conv.forward(x).shape()).containsExactly(8, 4, 54, 54);
    }
}
