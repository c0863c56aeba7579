package io.dendrite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.data.Sampling;
import io.dendrite.nn.MulticlassHinge;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.optim.Sgd;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LinearClassifierTest {
    /**
     * Four Gaussian blobs around (±3, ±3) in 5-D (the other three coordinates noise): linearly separable with a wide
     * margin, so a linear classifier trained by SGD must get every point right.
     */
    private static Tensor blobs(int perClass, int[] labels, Rng rng) {
        double[][] centres = {{3, 3}, {-3, 3}, {-3, -3}, {3, -3}};
        int d = 5;
        double[] x = new double[4 * perClass * d];
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < perClass; i++) {
                int row = c * perClass + i;
                labels[row] = c;
                for (int k = 0; k < d; k++) {
                    x[row * d + k] = (k < 2 ? centres[c][k] : 0) + 0.5 * rng.nextGaussian();
                }
            }
        }
        return Tensor.of(x, 4 * perClass, d);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"svm", "softmax"})
    void sgdLearnsALinearlySeparableSet(String loss) {
        int[] y = new int[200];
        Tensor x = blobs(50, y, new Rng(1));
        Network net = LinearClassifier.builder().inputDim(5).numClasses(4).loss(loss).reg(1e-4).seed(2).build();
        Solver solver = Solver.builder(net).train(x.to(DType.F32), y).updateRule(new Sgd(0.05)).numEpochs(30)
                .batchSize(20).sampling(Sampling.SHUFFLE).numTrainSamples(0).seed(3).build();
        History h = solver.train();
        assertThat(h.lossHistory()[h.lossHistory().length - 1]).isLessThan(h.lossHistory()[0] / 5);
        int[] predicted = net.predict(x.to(DType.F32));
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            correct += predicted[i] == y[i] ? 1 : 0;
        }
        assertThat(correct).as(loss + " training accuracy").isEqualTo(y.length);
        assertThat(net.lossFunction()).isInstanceOf(loss.equals("svm") ? MulticlassHinge.class : SoftmaxCrossEntropy.class);
    }

    @Test
    void initialLossIsNearCMinus1ForSvmAndLnCForSoftmax() {
        int[] y = new int[200];
        Tensor x = blobs(50, y, new Rng(4)).to(DType.F32);
        Network svm = LinearClassifier.builder().inputDim(5).numClasses(4).loss("svm").weightScale(1e-4).build();
        Network softmax = LinearClassifier.builder().inputDim(5).numClasses(4).loss("softmax").weightScale(1e-4).build();
        assertThat(svm.loss(x, y)).isBetween(2.99, 3.01);
        assertThat(softmax.loss(x, y)).isBetween(Math.log(4) - 0.01, Math.log(4) + 0.01);
    }

    @Test
    void anUnknownLossListsTheChoices() {
        assertThatThrownBy(() -> LinearClassifier.builder().inputDim(2).numClasses(2).loss("hinge2").build())
                .hasMessageContaining("'hinge2'").hasMessageContaining("softmax or svm");
    }
}
