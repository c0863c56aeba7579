package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Forward values of the basic layers, losses and book functions against numpy (golden/basic.py). */
class BasicGoldenTest {
    private static final Golden GOLDEN = Golden.load("/io/dendrite/nn/golden/basic.txt");
    private static final double TOL = 1e-7;

    private static void assertGolden(Tensor actual, String name) {
        Tensor expected = GOLDEN.get(name);
        assertThat(actual.shape()).as(name + " shape").containsExactly(expected.shape());
        assertThat(GradientCheck.relError(actual, expected)).as(name + " relative error").isLessThanOrEqualTo(TOL);
    }

    private static void assertGolden(double actual, String name) {
        double expected = GOLDEN.scalar(name);
        assertThat(Math.abs(actual - expected) / Math.max(1e-8, Math.abs(actual) + Math.abs(expected)))
                .as(name + ": " + actual + " vs numpy " + expected).isLessThanOrEqualTo(TOL);
    }

    @Test
    void linearMatchesCs231nAffineForward() {
        Tensor x = Tensor.linspace(-0.1, 0.5, 240).reshape(2, 4, 5, 6);
        Tensor w = Tensor.linspace(-0.2, 0.3, 360).reshape(120, 3);
        Tensor b = Tensor.linspace(-0.3, 0.1, 3);
        assertGolden(new Linear(w, b).forward(x), "linear.out");
    }

    @Test
    void activations() {
        Tensor a = Tensor.linspace(-0.5, 0.5, 12).reshape(3, 4);
        Tensor s = Tensor.linspace(-3, 3, 12).reshape(3, 4);
        assertGolden(new ReLU().forward(a), "relu.out");
        assertGolden(new LeakyReLU(0.1).forward(a), "leaky_relu_0.1.out");
        assertGolden(new Sigmoid().forward(s), "sigmoid.out");
        assertGolden(new Tanh().forward(s), "tanh.out");
        assertGolden(Functions.relu(a), "relu.out");
        assertGolden(Functions.sigmoid(s), "sigmoid.out");
    }

    @Test
    void softmaxIsStable() {
        Tensor sm = Tensor.linspace(-2, 3, 12).reshape(3, 4);
        assertGolden(Functions.softmax(sm), "softmax.out");
        assertGolden(Functions.softmax(sm.add(1000)), "softmax_shifted.out");
    }

    @Test
    void losses() {
        Tensor scores = Tensor.linspace(-1, 1, 15).reshape(3, 5);
        int[] y = {0, 2, 4};
        LossResult softmax = new SoftmaxCrossEntropy().compute(scores, y);
        assertGolden(softmax.loss(), "softmax_loss.loss");
        assertGolden(softmax.grad(), "softmax_loss.dx");
        LossResult svm = new MulticlassHinge().compute(scores, y);
        assertGolden(svm.loss(), "svm_loss.loss");
        assertGolden(svm.grad(), "svm_loss.dx");
        LossResult mse = new MeanSquaredError().compute(scores, y);
        assertGolden(mse.loss(), "mse_onehot.loss");
        assertGolden(mse.grad(), "mse_onehot.dx");
        LossResult reg = new MeanSquaredError().compute(scores, Tensor.linspace(0.3, -0.2, 15).reshape(3, 5));
        assertGolden(reg.loss(), "mse_targets.loss");
        assertGolden(reg.grad(), "mse_targets.dx");
        LossResult soft = new SoftmaxCrossEntropy().compute(scores, Functions.oneHot(y, 5));
        assertGolden(soft.loss(), "softmax_loss.loss");
        assertGolden(soft.grad(), "softmax_loss.dx");
    }

    @Test
    void bookCrossEntropyError() {
        Tensor p = Functions.softmax(Tensor.linspace(-1, 1, 15).reshape(3, 5));
        int[] y = {0, 2, 4};
        assertGolden(Functions.crossEntropyError(p, y), "cross_entropy_error.labels");
        assertGolden(Functions.crossEntropyError(p, Functions.oneHot(y, 5)), "cross_entropy_error.onehot");
    }
}
