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

class GroupNormTest {

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(31);
        GroupNorm gn = new GroupNorm(2, 6, DType.F64);
        NormTesting.randomAffine(gn, rng);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 6, 3, 2).mul(2).add(1);
        NormTesting.assertGradientErrors("GroupNorm", NormTesting.gradientErrors(gn, x, rng), 1e-7);
    }

    @Test
    void goldenForward() {
        GroupNorm gn = new GroupNorm(2, 4, DType.F64);
        NormTesting.setAffine(gn, 4);
        assertGolden(gn.forward(ramp(-2, 3, 2, 4, 2, 3)), "groupnorm");
    }

    @Test
    void eachSampleGroupHasMeanZeroAndStdOneBeforeTheAffine() {
        Tensor x = Tensor.randn(new Rng(32), DType.F64, 3, 6, 4, 4).mul(Tensor.linspace(1, 6, 6).reshape(6, 1, 1)).add(5);
        Tensor groups = new GroupNorm(3, 6, DType.F64).forward(x).reshape(3 * 3, -1);
        TensorAssert.assertClose(groups.mean(1, false), Tensor.zeros(DType.F64, groups.shape(0)), 0, 1e-12);
        TensorAssert.assertClose(groups.var(1, false), Tensor.ones(DType.F64, groups.shape(0)), 0, 1e-4);
    }

    @Test
    void oneGroupIsLayerNormOverChannelsAndPixels() {
        Rng rng = new Rng(33);
        Tensor x = Tensor.randn(rng, DType.F64, 3, 4, 2, 2).mul(2).add(1);
        Tensor dout = Tensor.randn(rng, DType.F64, 3, 4, 2, 2);
        GroupNorm gn = new GroupNorm(1, 4, DType.F64);
        LayerNorm ln = new LayerNorm(16, DType.F64);               // γ = 1, β = 0 in both: the affines coincide
        TensorAssert.assertClose(gn.forward(x), ln.forward(x.reshape(3, 16)).reshape(3, 4, 2, 2), 1e-12, 1e-12);
        TensorAssert.assertClose(gn.backward(dout), ln.backward(dout.reshape(3, 16)).reshape(3, 4, 2, 2), 1e-10, 1e-12);
    }

    @Test
    void trainingAndEvaluationBehaveTheSameAndThereAreNoBuffers() {
        GroupNorm gn = new GroupNorm(2, 4, DType.F64);
        Tensor x = ramp(-2, 3, 2, 4, 2, 3);
        Tensor train = gn.forward(x);
        gn.setTraining(false);
        assertThat(gn.forward(x).toDoubleArray()).containsExactly(train.toDoubleArray());
        assertThat(gn.buffers()).isEmpty();
        assertThat(gn.parameters()).extracting(Parameter::name).containsExactly("gamma", "beta");
        assertThat(gn.parameters().get(0).value().shape()).containsExactly(4);
    }

    @Test
    void f32AgreesWithF64() {
        Rng rng = new Rng(34);
        NormTesting.checkF32MatchesF64(d -> new GroupNorm(3, 6, d), Tensor.randn(rng, DType.F64, 2, 6, 4, 4).mul(3), rng);
    }

    @Test
    void backwardLeavesDoutUntouchedAndAccumulates() {
        Rng rng = new Rng(35);
        NormTesting.checkDoutUntouchedAndAccumulation(new GroupNorm(2, 4), Tensor.randn(rng, DType.F32, 2, 4, 3, 3), rng);
    }

    @Test
    void channelsMustSplitIntoEqualGroups() {
        assertThatThrownBy(() -> new GroupNorm(4, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GroupNorm: 10 channels cannot be split into 4 equal groups (channels % groups = 2) — "
                        + "choose groups among the divisors of 10: 1, 2, 5, 10");
        assertThatThrownBy(() -> new GroupNorm(0, 4)).hasMessage("invalid number of groups: 0 (must be positive)");
        assertThatThrownBy(() -> new GroupNorm(2, 0)).hasMessage("invalid number of channels: 0 (must be positive)");
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        GroupNorm gn = new GroupNorm(2, 4);
        assertThatThrownBy(() -> gn.forward(Tensor.zeros(DType.F32, 2, 6, 3, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GroupNorm(2, 4, eps=1e-05): input (2, 6, 3, 3) has 6 channels, expected (N, 4, H, W)"
                        + " — the previous layer must output 4 channels, or build this layer for 6");
        assertThatThrownBy(() -> gn.forward(Tensor.zeros(DType.F32, 2, 4)))
                .hasMessageContaining("(2, 4)").hasMessageContaining("(N, 4, H, W)").hasMessageContaining("LayerNorm");
        NormTesting.checkDtypeMismatch(gn, Tensor.zeros(DType.F64, 1, 4, 2, 2));
    }

    @Test
    void backwardBeforeForwardSaysSo() {
        NormTesting.checkBackwardBeforeForward(new GroupNorm(2, 4), 1, 4, 2, 2);
    }

    @Test
    void toStringShowsSettings() {
        assertThat(new GroupNorm(8, 32)).hasToString("GroupNorm(8, 32, eps=1e-05)");
    }
}
