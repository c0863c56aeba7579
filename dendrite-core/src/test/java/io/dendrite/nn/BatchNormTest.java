package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.dendrite.nn.NormTesting.assertGolden;
import static io.dendrite.nn.NormTesting.ramp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchNormTest {

    /** x of shape (N, D) with per-feature scales and shifts: the normalization has something to undo. */
    private static Tensor skewed(Rng rng, DType dtype, int n) {
        return Tensor.randn(rng, dtype, n, 3).mul(Tensor.vector(2, 5, 0.5).to(dtype)).add(Tensor.vector(10, -3, 4).to(dtype));
    }

    @Test
    void gradientsInTrainingMatchCentralDifferences() {
        Rng rng = new Rng(1);
        BatchNorm bn = new BatchNorm(5, DType.F64);
        NormTesting.randomAffine(bn, rng);
        Tensor x = Tensor.randn(rng, DType.F64, 8, 5).mul(2).add(1);
        double[] err = NormTesting.gradientErrors(bn, x, rng);
        // reached: dx ~1e-9, dgamma/dbeta ~1e-11 (seed 1); the batch coupling makes dx the hardest
        NormTesting.assertGradientErrors("BatchNorm train", err, 1e-7);
    }

    @Test
    void gradientsInEvaluationMatchCentralDifferences() {
        Rng rng = new Rng(2);
        BatchNorm bn = new BatchNorm(4, DType.F64);
        NormTesting.randomAffine(bn, rng);
        bn.forward(Tensor.randn(rng, DType.F64, 6, 4).mul(3).add(2));   // moves the running statistics
        bn.setTraining(false);
        double[] err = NormTesting.gradientErrors(bn, Tensor.randn(rng, DType.F64, 5, 4), rng);
        NormTesting.assertGradientErrors("BatchNorm eval", err, 1e-7);
    }

    @Test
    void closedFormBackwardAgreesWithTheComputationalGraph() {
        Rng rng = new Rng(3);
        BatchNorm bn = new BatchNorm(7, DType.F64);
        NormTesting.randomAffine(bn, rng);
        Tensor x = Tensor.randn(rng, DType.F64, 16, 7).mul(3).add(-1);
        Tensor dout = Tensor.randn(rng, DType.F64, 16, 7);
        bn.forward(x);
        Tensor dx = bn.backward(dout);
        Tensor[] graph = BatchNormGraph.backward(x, bn.parameters().get(0).value(), BatchNorm.DEFAULT_EPS, dout);
        assertThat(GradientCheck.relError(dx, graph[0])).isLessThanOrEqualTo(1e-10);
        assertThat(GradientCheck.relError(bn.parameters().get(0).grad(), graph[1])).isLessThanOrEqualTo(1e-12);
        assertThat(GradientCheck.relError(bn.parameters().get(1).grad(), graph[2])).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void goldenForwardTrainingRunningStatsAndEvaluation() {
        BatchNorm bn = new BatchNorm(3, DType.F64);
        NormTesting.setAffine(bn, 3);
        assertGolden(bn.forward(ramp(-2, 3, 4, 3)), "batchnorm.train");
        assertGolden(bn.buffers().get("running_mean"), "batchnorm.running_mean");
        assertGolden(bn.buffers().get("running_var"), "batchnorm.running_var");
        bn.setTraining(false);
        assertGolden(bn.forward(ramp(-1, 2, 4, 3)), "batchnorm.eval");
    }

    @Test
    void trainingOutputHasMeanBetaAndStdGamma() {
        // cs231n's check: after batchnorm with gamma = [1, 2, 3], beta = [11, 12, 13] the columns have those moments
        Rng rng = new Rng(4);
        BatchNorm bn = new BatchNorm(3, DType.F64);
        bn.parameters().get(0).value().assign(Tensor.vector(1, 2, 3));
        bn.parameters().get(1).value().assign(Tensor.vector(11, 12, 13));
        Tensor out = bn.forward(skewed(rng, DType.F64, 200));
        assertThat(out.mean(0, false).toDoubleArray()).containsExactly(new double[]{11, 12, 13}, org.assertj.core.data.Offset.offset(1e-9));
        double[] std = out.var(0, false).sqrt().toDoubleArray();
        assertThat(std).containsExactly(new double[]{1, 2, 3}, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void evaluationUsesRunningAverages() {
        // cs231n's check: 50 training batches of a known distribution, then evaluation-mode outputs have mean ≈ β
        Rng rng = new Rng(5);
        BatchNorm bn = new BatchNorm(3, DType.F64);
        bn.parameters().get(0).value().assign(Tensor.vector(1, 2, 3));
        bn.parameters().get(1).value().assign(Tensor.vector(11, 12, 13));
        for (int t = 0; t < 50; t++) {
            bn.forward(skewed(rng, DType.F64, 200));
        }
        // 1 − 0.9^50 = 99.5 % of the way from (0, 1) to the true (mean, variance)
        assertThat(bn.buffers().get("running_mean").toDoubleArray())
                .containsExactly(new double[]{10, -3, 4}, org.assertj.core.data.Offset.offset(0.3));
        assertThat(bn.buffers().get("running_var").toDoubleArray())
                .containsExactly(new double[]{4, 25, 0.25}, org.assertj.core.data.Offset.offset(0.15 * 25));
        bn.setTraining(false);
        Tensor before = bn.buffers().get("running_mean").copy();
        Tensor out = bn.forward(skewed(rng, DType.F64, 500));
        assertThat(bn.buffers().get("running_mean").toDoubleArray()).containsExactly(before.toDoubleArray());
        double[] mean = out.mean(0, false).toDoubleArray(), std = out.var(0, false).sqrt().toDoubleArray();
        double[] gamma = {1, 2, 3}, beta = {11, 12, 13};
        for (int j = 0; j < 3; j++) {
            assertThat(mean[j]).as("eval mean of feature %d", j).isBetween(beta[j] - 0.2 * gamma[j], beta[j] + 0.2 * gamma[j]);
            assertThat(std[j]).as("eval std of feature %d", j).isBetween(0.85 * gamma[j], 1.15 * gamma[j]);
        }
    }

    @Test
    void setTrainingSwitchesBetweenBatchAndRunningStatistics() {
        BatchNorm bn = new BatchNorm(3, DType.F64);
        Tensor x = ramp(-2, 3, 4, 3);
        Tensor train = bn.forward(x);
        bn.setTraining(false);
        assertThat(bn.isTraining()).isFalse();
        Tensor eval = bn.forward(x);
        // eval: (x − running_mean)/√(running_var + eps), with γ = 1, β = 0
        Tensor expected = x.sub(bn.buffers().get("running_mean")).div(bn.buffers().get("running_var").add(1e-5).sqrt());
        TensorAssert.assertClose(eval, expected, 1e-12, 1e-12);
        assertThat(GradientCheck.relError(eval, train)).isGreaterThan(0.1);
        bn.setTraining(true);
        TensorAssert.assertClose(bn.forward(x), train, 1e-12, 1e-12);
    }

    @Test
    void buffersAreLiveAndAssignable() {
        BatchNorm bn = new BatchNorm(2, DType.F64);
        Map<String, Tensor> buffers = bn.buffers();
        assertThat(buffers.keySet()).containsExactly("running_mean", "running_var");
        assertThat(buffers.get("running_mean").toDoubleArray()).containsExactly(0, 0);
        assertThat(buffers.get("running_var").toDoubleArray()).containsExactly(1, 1);
        buffers.get("running_mean").assign(Tensor.vector(1, -1));     // what loading code does
        buffers.get("running_var").assign(Tensor.vector(4, 9));
        bn.setTraining(false);
        Tensor out = bn.forward(Tensor.of(new double[]{3, 2}, 1, 2));
        assertThat(out.toDoubleArray()).containsExactly(new double[]{2 / Math.sqrt(4 + 1e-5), 3 / Math.sqrt(9 + 1e-5)},
                org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> buffers.put("x", out)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void runningStatisticsAreNeverParameters() {
        BatchNorm bn = new BatchNorm(4);
        assertThat(bn.parameters()).extracting(Parameter::name).containsExactly("gamma", "beta");
        for (Parameter p : bn.parameters()) {
            for (Tensor b : bn.buffers().values()) {
                assertThat(p.value().sharesStorageWith(b)).isFalse();
            }
        }
        assertThat(bn.parameters().get(0).value().toDoubleArray()).containsOnly(1);
        assertThat(bn.parameters().get(1).value().toDoubleArray()).containsOnly(0);
    }

    @Test
    void viewsAreReadLikeTheirContiguousCopies() {
        Rng rng = new Rng(8);
        for (DType dtype : DType.values()) {
            Tensor base = Tensor.randn(rng, dtype, 5, 6);
            Tensor transposed = base.transpose();                 // (6, 5), not contiguous
            Tensor rows = base.slice(1, 5);                       // (4, 6), contiguous with an offset
            TensorAssert.assertClose(new BatchNorm(5, dtype).forward(transposed),
                    new BatchNorm(5, dtype).forward(transposed.contiguous().copy()), 0, 0);
            TensorAssert.assertClose(new BatchNorm(6, dtype).forward(rows), new BatchNorm(6, dtype).forward(rows.copy()), 0, 0);
        }
    }

    @Test
    void f32AgreesWithF64() {
        Rng rng = new Rng(6);
        NormTesting.checkF32MatchesF64(d -> new BatchNorm(3, d), skewed(rng, DType.F64, 32), rng);
    }

    @Test
    void backwardLeavesDoutUntouchedAndAccumulates() {
        Rng rng = new Rng(7);
        NormTesting.checkDoutUntouchedAndAccumulation(new BatchNorm(3), skewed(rng, DType.F32, 10), rng);
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        BatchNorm bn = new BatchNorm(5);
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(DType.F32, 4, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm(5, momentum=0.9, eps=1e-05): input (4, 6) has 6 features, expected (N, 5) — the"
                        + " previous layer must output 5 features, or build this layer for 6");
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(DType.F32, 2, 5, 3, 3)))
                .hasMessageContaining("(2, 5, 3, 3)").hasMessageContaining("(N, 5)").hasMessageContaining("BatchNorm2d");
        bn.forward(Tensor.zeros(DType.F32, 4, 5));
        assertThatThrownBy(() -> bn.backward(Tensor.zeros(DType.F32, 4, 6)))
                .hasMessageContaining("BatchNorm(5").hasMessageContaining("(4, 6)").hasMessageContaining("(4, 5)");
        NormTesting.checkDtypeMismatch(bn, Tensor.zeros(DType.F64, 4, 5));
    }

    @Test
    void backwardBeforeForwardSaysSo() {
        NormTesting.checkBackwardBeforeForward(new BatchNorm(3), 2, 3);
    }

    @Test
    void trainingOnASingleExampleIsRefusedEvaluationIsNot() {
        BatchNorm bn = new BatchNorm(3);
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(DType.F32, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one value per feature").hasMessageContaining("(1, 3)")
                .hasMessageContaining("setTraining(false)");
        bn.setTraining(false);
        assertThat(bn.forward(Tensor.ones(DType.F32, 1, 3)).shape()).containsExactly(1, 3);
    }

    @Test
    void constructorValidatesAndToStringShowsSettings() {
        assertThat(new BatchNorm(100)).hasToString("BatchNorm(100, momentum=0.9, eps=1e-05)");
        assertThat(new BatchNorm(10, 0.99, 1e-3)).hasToString("BatchNorm(10, momentum=0.99, eps=0.001)");
        assertThat(new BatchNorm(4).parameters().get(0).value().dtype()).isEqualTo(DType.F32);
        assertThatThrownBy(() -> new BatchNorm(0)).hasMessage("invalid number of features: 0 (must be positive)");
        assertThatThrownBy(() -> new BatchNorm(3, 1.5, 1e-5)).hasMessageContaining("invalid momentum: 1.5");
        assertThatThrownBy(() -> new BatchNorm(3, 0.9, 0)).hasMessageContaining("invalid eps: 0.0");
    }
}
