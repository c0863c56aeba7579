package io.dendrite.train;

import io.dendrite.data.Dataset;
import io.dendrite.data.Sampling;
import io.dendrite.data.Synthetic;
import io.dendrite.model.LinearClassifier;
import io.dendrite.model.Network;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.optim.Sgd;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cs231n's spiral case study (seed 002): 3 classes of 100 points, full-batch gradient descent with step 1 and
 * reg 1e-3. A linear softmax classifier cannot separate the arms (about 49–52 %); a two-layer net with 100
 * hidden units reaches ≥ 98 % training accuracy.
 */
class SpiralCaseStudyTest {
    private static final Dataset SPIRAL = Synthetic.spiral(100, 3, new Rng(0));

    private static double train(Network net, int iterations) {
        Tensor x = SPIRAL.x(DType.F64);
        Solver solver = Solver.builder(net).train(x, SPIRAL.labels()).updateRule(new Sgd(1.0))
                .numEpochs(iterations).batchSize(SPIRAL.size()).sampling(Sampling.SEQUENTIAL).numTrainSamples(0)
                .build();
        History h = solver.train();
        assertThat(h.lossHistory()[iterations - 1]).isLessThan(h.lossHistory()[0]);
        return solver.accuracy(x, SPIRAL.labels(), 0, new Rng(0));
    }

    @Test
    void linearSoftmaxClassifierStaysNearHalf() {
        Network net = LinearClassifier.builder().inputDim(2).numClasses(3).weightScale(0.01).reg(1e-3)
                .dtype(DType.F64).seed(0).build();
        assertThat(train(net, 200)).isBetween(0.45, 0.56);
    }

    @Test
    void twoLayerNetSeparatesTheSpiral() {
        Network net = TwoLayerNet.builder().inputDim(2).hiddenDim(100).numClasses(3).weightScale(0.01).reg(1e-3)
                .dtype(DType.F64).seed(0).build();
        assertThat(train(net, 10000)).isGreaterThanOrEqualTo(0.98);
    }
}
