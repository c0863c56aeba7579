package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import io.dendrite.tensor.kernel.Threads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Conv2dTest {
    private static final double H = 1e-5;

    private static Tensor lin(double lo, double hi, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return Tensor.linspace(lo, hi, n).reshape(shape);
    }

    private static void assertGolden(Tensor out, String name, int... shape) {
        assertThat(out.shape()).containsExactly(shape);
        double err = GradientCheck.relError(out, Tensor.of(ConvPoolGolden.get(name), shape));
        assertThat(err).as(name + " relative error").isLessThanOrEqualTo(1e-7);
    }

    @Test
    void forwardMatchesNumpyGoldenValues() {
        Tensor x = lin(-0.1, 0.5, 2, 3, 4, 4), w = lin(-0.2, 0.3, 3, 3, 4, 4), b = Tensor.linspace(-0.1, 0.2, 3);
        assertGolden(new Conv2d(w, b, 2, 1).forward(x), "conv_s2_p1", 2, 3, 2, 2);
        assertGolden(Conv2d.referenceForward(x, w, b, 2, 1), "conv_s2_p1", 2, 3, 2, 2);

        x = lin(-1, 1, 1, 2, 7, 6);
        w = lin(0.5, -0.5, 2, 2, 3, 2);
        b = Tensor.vector(0.25, -0.75);
        assertGolden(new Conv2d(w, b, 3, 0).forward(x), "conv_floor_3x2_s3_p0", 1, 2, 2, 2);
        assertGolden(Conv2d.referenceForward(x, w, b, 3, 0), "conv_floor_3x2_s3_p0", 1, 2, 2, 2);

        x = lin(-0.5, 0.5, 2, 1, 3, 3);
        w = lin(-0.3, 0.6, 2, 1, 3, 3);
        b = Tensor.vector(0.1, -0.2);
        assertGolden(new Conv2d(w, b, 1, 2).forward(x), "conv_s1_p2", 2, 2, 5, 5);
    }

    /** Returns the worst relative error over dx, dW and db for one configuration. */
    private static double gradCheck(long seed, int N, int C, int Hin, int Win, int F, int HH, int WW, int stride, int pad) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.randn(rng, DType.F64, N, C, Hin, Win);
        Tensor w = Tensor.randn(rng, DType.F64, F, C, HH, WW);
        Tensor b = Tensor.randn(rng, DType.F64, F);
        Conv2d layer = new Conv2d(w, b, stride, pad);
        Tensor out = layer.forward(x);
        Tensor dout = Tensor.randn(rng, DType.F64, out.shape());
        Tensor dx = layer.backward(dout);
        Tensor dxNum = GradientCheck.numericalGradient(() -> layer.forward(x), x, dout, H);
        Tensor dwNum = GradientCheck.numericalGradient(() -> layer.forward(x), w, dout, H);
        Tensor dbNum = GradientCheck.numericalGradient(() -> layer.forward(x), b, dout, H);
        double e = Math.max(GradientCheck.relError(dx, dxNum), GradientCheck.relError(layer.weight().grad(), dwNum));
        return Math.max(e, GradientCheck.relError(layer.bias().grad(), dbNum));
    }

    @Test
    void gradientsMatchCentralDifferencesInF64() {
        assertThat(gradCheck(1, 2, 3, 5, 5, 4, 3, 3, 1, 0)).isLessThanOrEqualTo(1e-7);
        assertThat(gradCheck(2, 2, 3, 5, 5, 2, 3, 3, 2, 1)).isLessThanOrEqualTo(1e-7);
        assertThat(gradCheck(3, 1, 2, 7, 6, 3, 3, 2, 3, 0)).isLessThanOrEqualTo(1e-7);   // floor, non-square
        assertThat(gradCheck(4, 2, 1, 4, 4, 2, 2, 2, 1, 2)).isLessThanOrEqualTo(1e-7);   // pad ≥ kernel
    }

    @Test
    void referenceGradientsMatchCentralDifferences() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 2, 5, 4);
        Tensor w = Tensor.randn(rng, DType.F64, 3, 2, 3, 2);
        Tensor b = Tensor.randn(rng, DType.F64, 3);
        Tensor dout = Tensor.randn(rng, DType.F64, Conv2d.referenceForward(x, w, b, 2, 1).shape());
        Tensor[] g = Conv2d.referenceBackward(dout, x, w, 2, 1);
        assertThat(GradientCheck.relError(g[0],
                GradientCheck.numericalGradient(() -> Conv2d.referenceForward(x, w, b, 2, 1), x, dout, H))).isLessThan(1e-7);
        assertThat(GradientCheck.relError(g[1],
                GradientCheck.numericalGradient(() -> Conv2d.referenceForward(x, w, b, 2, 1), w, dout, H))).isLessThan(1e-7);
        assertThat(GradientCheck.relError(g[2],
                GradientCheck.numericalGradient(() -> Conv2d.referenceForward(x, w, b, 2, 1), b, dout, H))).isLessThan(1e-7);
    }

    @Test
    void fastPathAgreesWithReferenceOnRandomGeometries() {
        Rng rng = new Rng(20240);
        for (int trial = 0; trial < 24; trial++) {
            int N = 1 + rng.nextInt(3), C = 1 + rng.nextInt(3), F = 1 + rng.nextInt(4);
            int pad = rng.nextInt(3), stride = 1 + rng.nextInt(3);
            int Hin = 1 + rng.nextInt(8), Win = 1 + rng.nextInt(8);
            int HH = 1 + rng.nextInt(Math.min(4, Hin + 2 * pad)), WW = 1 + rng.nextInt(Math.min(4, Win + 2 * pad));
            DType dtype = trial % 4 == 3 ? DType.F32 : DType.F64;
            String config = "trial " + trial + ": x (" + N + "," + C + "," + Hin + "," + Win + ") w (" + F + "," + C + ","
                    + HH + "," + WW + ") s=" + stride + " p=" + pad + " " + dtype;
            Tensor x = Tensor.randn(rng, dtype, N, C, Hin, Win);
            Tensor w = Tensor.randn(rng, dtype, F, C, HH, WW);
            Tensor b = Tensor.randn(rng, dtype, F);
            Conv2d layer = new Conv2d(w, b, stride, pad);
            Tensor out = layer.forward(x);
            Tensor ref = Conv2d.referenceForward(x, w, b, stride, pad);
            assertThat(out.dtype()).isEqualTo(dtype);
            assertAgree(config + " out", out, ref, dtype);
            Tensor dout = Tensor.randn(rng, dtype, out.shape());
            Tensor dx = layer.backward(dout);
            Tensor[] g = Conv2d.referenceBackward(dout, x, w, stride, pad);
            assertAgree(config + " dx", dx, g[0], dtype);
            assertAgree(config + " dw", layer.weight().grad(), g[1], dtype);
            assertAgree(config + " db", layer.bias().grad(), g[2], dtype);
        }
    }

    /** F64: relative error ≤ 1e-10 (only summation order differs); F32: within float rounding of O(1) values. */
    private static void assertAgree(String what, Tensor fast, Tensor ref, DType dtype) {
        if (dtype == DType.F64) {
            assertThat(GradientCheck.relError(fast, ref)).as(what).isLessThanOrEqualTo(1e-10);
        } else {
            TensorAssert.assertClose(fast, ref, 1e-5, 1e-5);
        }
    }

    @Test
    void reusedBuffersGiveTheSameResultsForChangingBatchSizes() {
        Conv2d layer = new Conv2d(2, 3, 3, 1, 1, new Rng(9), DType.F64);
        Rng rng = new Rng(10);
        for (int N : new int[]{4, 1, 33, 3, 17}) {   // 16 images per backward chunk
            Tensor x = Tensor.randn(rng, DType.F64, N, 2, 6, 5);
            Tensor expected = Conv2d.referenceForward(x, layer.weight().value(), layer.bias().value(), 1, 1);
            TensorAssert.assertClose(layer.forward(x), expected, 1e-12, 1e-12);
            Tensor dout = Tensor.randn(rng, DType.F64, expected.shape());
            layer.weight().zeroGrad();
            layer.bias().zeroGrad();
            Tensor[] ref = Conv2d.referenceBackward(dout, x, layer.weight().value(), 1, 1);
            TensorAssert.assertClose(layer.backward(dout), ref[0], 1e-12, 1e-12);
            TensorAssert.assertClose(layer.weight().grad(), ref[1], 1e-12, 1e-12);
            TensorAssert.assertClose(layer.bias().grad(), ref[2], 1e-12, 1e-12);
        }
    }

    @Test
    void resultsAreBitIdenticalOnOneAndTwoThreads() {
        int before = Threads.count();
        try {
            Tensor[][] runs = new Tensor[2][];
            for (int t = 1; t <= 2; t++) {
                Threads.set(t);
                Conv2d layer = new Conv2d(3, 8, 3, 1, 1, new Rng(21), DType.F32);
                Tensor x = Tensor.randn(new Rng(22), DType.F32, 40, 3, 12, 12);   // more than two backward chunks
                Tensor out = layer.forward(x);
                Tensor dx = layer.backward(Tensor.randn(new Rng(23), DType.F32, out.shape()));
                runs[t - 1] = new Tensor[]{out, dx, layer.weight().grad(), layer.bias().grad()};
            }
            for (int i = 0; i < 4; i++) {
                assertThat(runs[1][i].toFloatArray()).containsExactly(runs[0][i].toFloatArray());
            }
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void emptyBatchGivesEmptyResults() {
        Conv2d layer = new Conv2d(2, 3, 3, 1, 0);
        assertThat(layer.forward(Tensor.zeros(DType.F32, 0, 2, 5, 5)).shape()).containsExactly(0, 3, 3, 3);
        assertThat(layer.backward(Tensor.zeros(DType.F32, 0, 3, 3, 3)).shape()).containsExactly(0, 2, 5, 5);
        assertThat(layer.weight().grad().abs().sum()).isZero();
    }

    @Test
    void parameterGradientsAccumulate() {
        Conv2d layer = new Conv2d(1, 2, 3, 1, 0, new Rng(3), DType.F64);
        Tensor x = Tensor.randn(new Rng(4), DType.F64, 2, 1, 5, 5);
        Tensor dout = Tensor.randn(new Rng(5), DType.F64, layer.forward(x).shape());
        layer.backward(dout);
        Tensor once = layer.weight().grad().copy(), onceB = layer.bias().grad().copy();
        layer.backward(dout);
        TensorAssert.assertClose(layer.weight().grad(), once.mul(2), 1e-12, 1e-12);
        TensorAssert.assertClose(layer.bias().grad(), onceB.mul(2), 1e-12, 1e-12);
    }

    @Test
    void f32AgreesWithF64() {
        Conv2d l64 = new Conv2d(3, 4, 3, 2, 1, new Rng(11), DType.F64);
        Conv2d l32 = new Conv2d(l64.weight().value().to(DType.F32), l64.bias().value().to(DType.F32), 2, 1);
        Tensor x = Tensor.randn(new Rng(12), DType.F64, 3, 3, 9, 8);
        Tensor out64 = l64.forward(x), out32 = l32.forward(x.to(DType.F32));
        assertThat(out32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(out32.to(DType.F64), out64, 1e-4, 1e-5);
        Tensor dout = Tensor.randn(new Rng(13), DType.F64, out64.shape());
        TensorAssert.assertClose(l32.backward(dout.to(DType.F32)).to(DType.F64), l64.backward(dout), 1e-4, 1e-5);
        TensorAssert.assertClose(l32.weight().grad().to(DType.F64), l64.weight().grad(), 1e-4, 1e-4);
        TensorAssert.assertClose(l32.bias().grad().to(DType.F64), l64.bias().grad(), 1e-4, 1e-4);
    }

    @Test
    void backwardLeavesDoutUntouched() {
        Conv2d layer = new Conv2d(2, 3, 3, 1, 1);
        Tensor out = layer.forward(Tensor.randn(new Rng(1), DType.F32, 2, 2, 4, 4));
        Tensor dout = Tensor.randn(new Rng(2), DType.F32, out.shape());
        float[] before = dout.toFloatArray();
        layer.backward(dout);
        assertThat(dout.toFloatArray()).containsExactly(before);
    }

    @Test
    void seededLayersAreReproducible() {
        assertThat(new Conv2d(1, 30, 5, 1, 0).weight().value().toFloatArray())
                .containsExactly(new Conv2d(1, 30, 5, 1, 0).weight().value().toFloatArray());
        Tensor a = new Conv2d(3, 8, 3, 1, 1, new Rng(42), DType.F64).weight().value();
        Tensor b = new Conv2d(3, 8, 3, 1, 1, new Rng(42), DType.F64).weight().value();
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
        assertThat(a.shape()).containsExactly(8, 3, 3, 3);
        assertThat(Math.sqrt(a.var())).isBetween(0.5 * Math.sqrt(2.0 / 27), 1.5 * Math.sqrt(2.0 / 27));
    }

    @Test
    void describesItself() {
        assertThat(new Conv2d(1, 30, 5, 1, 0)).hasToString("Conv2d(1→30, k=5, s=1, p=0)");
        assertThat(new Conv2d(3, 16, 3, 5, 2, 1, new Rng(0), DType.F32)).hasToString("Conv2d(3→16, k=3×5, s=2, p=1)");
        assertThat(new Conv2d(1, 30, 5, 1, 0).parameters()).extracting(Parameter::name).containsExactly("W", "b");
    }

    @Test
    void refusesBadInputsNamingTheLayerAndShapes() {
        Conv2d layer = new Conv2d(1, 30, 5, 1, 0);
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F32, 2, 3, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Conv2d(1→30, k=5, s=1, p=0)").hasMessageContaining("(2, 3, 28, 28)")
                .hasMessageContaining("(N, 1, H, W)").hasMessageContaining("3 channels");
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F32, 2, 1, 4, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Conv2d(1→30, k=5, s=1, p=0)").hasMessageContaining("(2, 1, 4, 28)")
                .hasMessageContaining("H ≥ 5").hasMessageContaining("does not fit");
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F32, 2, 784)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Conv2d(1→30, k=5, s=1, p=0)").hasMessageContaining("(2, 784)")
                .hasMessageContaining("4-D").hasMessageContaining("reshape");
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F64, 2, 1, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Conv2d(1→30, k=5, s=1, p=0)").hasMessageContaining("F64").hasMessageContaining("F32");
        layer.forward(Tensor.zeros(DType.F32, 2, 1, 28, 28));
        assertThatThrownBy(() -> layer.backward(Tensor.zeros(DType.F32, 2, 30, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 30, 28, 28)").hasMessageContaining("(2, 30, 24, 24)");
    }

    @Test
    void backwardBeforeForwardSaysSo() {
        assertThatThrownBy(() -> new Conv2d(1, 2, 3, 1, 0).backward(Tensor.zeros(DType.F32, 1, 2, 3, 3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Conv2d(1→2, k=3, s=1, p=0): backward called before forward");
    }

    @Test
    void constructorsValidateArguments() {
        assertThatThrownBy(() -> new Conv2d(1, 2, 3, 0, 0)).hasMessageContaining("invalid stride: 0");
        assertThatThrownBy(() -> new Conv2d(1, 2, 3, 1, -1)).hasMessageContaining("invalid padding: -1");
        assertThatThrownBy(() -> new Conv2d(0, 2, 3, 1, 0)).hasMessageContaining("invalid number of input channels: 0");
        assertThatThrownBy(() -> new Conv2d(1, 2, 0, 1, 0)).hasMessageContaining("invalid kernel height: 0");
        assertThatThrownBy(() -> new Conv2d(Tensor.zeros(DType.F32, 2, 1, 3, 3), Tensor.zeros(DType.F32, 3), 1, 0))
                .hasMessageContaining("(2, 1, 3, 3)").hasMessageContaining("(3,)");
    }
}
