package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import static io.dendrite.nn.NormTesting.assertGolden;
import static io.dendrite.nn.NormTesting.ramp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BatchNorm2dTest {

    @Test
    void gradientsInTrainingMatchCentralDifferences() {
        Rng rng = new Rng(11);
        BatchNorm2d bn = new BatchNorm2d(3, DType.F64);
        NormTesting.randomAffine(bn, rng);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 3, 4, 5).mul(2).add(1);
        NormTesting.assertGradientErrors("BatchNorm2d train", NormTesting.gradientErrors(bn, x, rng), 1e-7);
    }

    @Test
    void gradientsInEvaluationMatchCentralDifferences() {
        Rng rng = new Rng(12);
        BatchNorm2d bn = new BatchNorm2d(3, DType.F64);
        NormTesting.randomAffine(bn, rng);
        bn.forward(Tensor.randn(rng, DType.F64, 2, 3, 3, 3).add(1));
        bn.setTraining(false);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 3, 3, 4);
        // In evaluation the layer is linear, dx = γ·dout/√(running_var + eps): the central difference is exact
        // but for rounding of Σ out·dout divided by 2h (6e-11 absolute here), which is 1.3e-7 relative on the
        // element whose dout is 3.5e-4 (dx = 2.5e-4, this seed). dγ and dβ reach ~1e-11.
        double[] err = NormTesting.gradientErrors(bn, x, rng);
        NormTesting.assertGradientErrors("BatchNorm2d eval", err, 1e-6);
        assertThat(err[1]).isLessThanOrEqualTo(1e-7);
        assertThat(err[2]).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void goldenForward() {
        BatchNorm2d bn = new BatchNorm2d(3, DType.F64);
        NormTesting.setAffine(bn, 3);
        assertGolden(bn.forward(ramp(-2, 3, 2, 3, 2, 2)), "batchnorm2d");
    }

    @Test
    void isBatchNormOnTheChannelsLastReshape() {
        // cs231n's definition: transpose to (N, H, W, C), reshape to (N·H·W, C), BatchNorm, and back
        Rng rng = new Rng(13);
        BatchNorm2d bn2d = new BatchNorm2d(4, DType.F64);
        BatchNorm bn = new BatchNorm(4, DType.F64);
        NormTesting.randomAffine(bn2d, rng);
        for (int i = 0; i < 2; i++) {
            bn.parameters().get(i).value().assign(bn2d.parameters().get(i).value());
        }
        Tensor x = Tensor.randn(rng, DType.F64, 3, 4, 2, 5).mul(3).add(2);
        Tensor dout = Tensor.randn(rng, DType.F64, 3, 4, 2, 5);
        Tensor flat = x.permute(0, 2, 3, 1).contiguous().reshape(-1, 4);
        Tensor out = bn2d.forward(x);
        Tensor outFlat = bn.forward(flat);
        TensorAssert.assertClose(out, outFlat.reshape(3, 2, 5, 4).permute(0, 3, 1, 2).contiguous(), 1e-12, 1e-12);
        Tensor dx = bn2d.backward(dout);
        Tensor dxFlat = bn.backward(dout.permute(0, 2, 3, 1).contiguous().reshape(-1, 4));
        TensorAssert.assertClose(dx, dxFlat.reshape(3, 2, 5, 4).permute(0, 3, 1, 2).contiguous(), 1e-10, 1e-12);
        for (int i = 0; i < 2; i++) {
            TensorAssert.assertClose(bn2d.parameters().get(i).grad(), bn.parameters().get(i).grad(), 1e-12, 1e-12);
        }
        for (String key : bn.buffers().keySet()) {
            TensorAssert.assertClose(bn2d.buffers().get(key), bn.buffers().get(key), 1e-12, 1e-12);
        }
    }

    @Test
    void trainingOutputHasPerChannelMeanBetaAndStdGamma() {
        Rng rng = new Rng(14);
        BatchNorm2d bn = new BatchNorm2d(3, DType.F64);
        bn.parameters().get(0).value().assign(Tensor.vector(1, 2, 3));
        bn.parameters().get(1).value().assign(Tensor.vector(11, 12, 13));
        Tensor x = Tensor.randn(rng, DType.F64, 8, 3, 4, 4).mul(Tensor.vector(2, 5, 0.5).reshape(3, 1, 1))
                .add(Tensor.vector(10, -3, 4).reshape(3, 1, 1));
        Tensor perChannel = bn.forward(x).permute(1, 0, 2, 3).contiguous().reshape(3, -1);
        assertThat(perChannel.mean(1, false).toDoubleArray()).containsExactly(new double[]{11, 12, 13}, within(1e-9));
        assertThat(perChannel.var(1, false).sqrt().toDoubleArray()).containsExactly(new double[]{1, 2, 3}, within(1e-3));
    }

    @Test
    void evaluationUsesTheRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2, DType.F64);
        bn.buffers().get("running_mean").assign(Tensor.vector(1, -1));
        bn.buffers().get("running_var").assign(Tensor.vector(4, 9));
        bn.setTraining(false);
        Tensor x = ramp(-2, 3, 2, 2, 3, 3);
        Tensor expected = x.sub(Tensor.vector(1, -1).reshape(2, 1, 1)).div(Tensor.vector(4, 9).add(1e-5).sqrt().reshape(2, 1, 1));
        TensorAssert.assertClose(bn.forward(x), expected, 1e-12, 1e-12);
        assertThat(bn.buffers().get("running_mean").toDoubleArray()).containsExactly(1, -1);
        assertThat(bn.parameters()).extracting(Parameter::name).containsExactly("gamma", "beta");
    }

    @Test
    void f32AgreesWithF64() {
        Rng rng = new Rng(15);
        NormTesting.checkF32MatchesF64(d -> new BatchNorm2d(3, d), Tensor.randn(rng, DType.F64, 4, 3, 5, 5).mul(3), rng);
    }

    @Test
    void f32KernelAgreesWithF64OnConvSizedPlanesFarFromZero() {
        // 24×24 planes run through several of VecOps' 256-element blocks; a mean of 50 against a spread of 3 tests
        // the float kernel's variance correction (deviations are taken from the float-rounded mean)
        Rng rng = new Rng(23);
        NormTesting.checkF32MatchesF64(d -> new BatchNorm2d(4, d), Tensor.randn(rng, DType.F64, 6, 4, 24, 24).mul(3).add(50), rng);
    }

    @Test
    void f32KernelKeepsTheRunningStatisticsAndEvaluatesLikeF64() {
        Rng rng = new Rng(29);
        BatchNorm2d bn32 = new BatchNorm2d(3, DType.F32), bn64 = new BatchNorm2d(3, DType.F64);
        Tensor x = Tensor.randn(rng, DType.F64, 5, 3, 20, 20).mul(2).add(-7);
        bn32.forward(x.to(DType.F32));
        bn64.forward(x);
        for (String name : new String[]{"running_mean", "running_var"}) {
            TensorAssert.assertClose(bn32.buffers().get(name), bn64.buffers().get(name), 1e-6, 1e-6);
        }
        bn32.setTraining(false);
        bn64.setTraining(false);
        Tensor probe = Tensor.randn(rng, DType.F64, 2, 3, 20, 20).mul(2).add(-7);
        TensorAssert.assertClose(bn32.forward(probe.to(DType.F32)), bn64.forward(probe), 1e-5, 1e-5);
        Tensor dout = Tensor.randn(rng, DType.F64, 2, 3, 20, 20);
        TensorAssert.assertClose(bn32.backward(dout.to(DType.F32)), bn64.backward(dout), 1e-5, 1e-5);
        for (int i = 0; i < 2; i++) {
            TensorAssert.assertClose(bn32.parameters().get(i).grad(), bn64.parameters().get(i).grad(), 1e-4, 1e-4);
        }
    }

    @Test
    void backwardLeavesDoutUntouchedAndAccumulates() {
        Rng rng = new Rng(16);
        NormTesting.checkDoutUntouchedAndAccumulation(new BatchNorm2d(3), Tensor.randn(rng, DType.F32, 2, 3, 4, 4), rng);
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(DType.F32, 2, 4, 5, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm2d(3, momentum=0.9, eps=1e-05): input (2, 4, 5, 5) has 4 channels, expected"
                        + " (N, 3, H, W) — the previous layer must output 3 channels, or build this layer for 4");
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(DType.F32, 4, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BatchNorm2d(3").hasMessageContaining("(4, 3)").hasMessageContaining("(N, 3, H, W)")
                .hasMessageContaining("use BatchNorm");
        NormTesting.checkDtypeMismatch(bn, Tensor.zeros(DType.F64, 2, 3, 2, 2));
    }

    @Test
    void backwardBeforeForwardSaysSo() {
        NormTesting.checkBackwardBeforeForward(new BatchNorm2d(3), 2, 3, 2, 2);
    }

    @Test
    void aSingleImageTrainsWhenItHasMoreThanOnePixel() {
        BatchNorm2d bn = new BatchNorm2d(2);
        assertThat(bn.forward(Tensor.randn(new Rng(17), DType.F32, 1, 2, 3, 3)).shape()).containsExactly(1, 2, 3, 3);
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(DType.F32, 1, 2, 1, 1)))
                .hasMessageContaining("more than one value per channel");
    }

    @Test
    void toStringShowsSettings() {
        assertThat(new BatchNorm2d(32)).hasToString("BatchNorm2d(32, momentum=0.9, eps=1e-05)");
        assertThatThrownBy(() -> new BatchNorm2d(-1)).hasMessage("invalid number of channels: -1 (must be positive)");
    }
}
