package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import io.dendrite.tensor.kernel.Threads;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvTranspose2dTest {
    private static final double H = 1e-5;

    private static Tensor lin(double lo, double hi, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return Tensor.linspace(lo, hi, n).reshape(shape);
    }

    /**
     * The definition, as direct loops: every input pixel scatters W[c] times itself onto the output window at
     * (h·stride − pad, w·stride − pad); what falls outside the output is dropped. Returns {out} for dout == null,
     * else {dx, dW, db} of that out for upstream gradient dout. All in double.
     */
    private static Tensor[] scatter(Tensor x, Tensor w, Tensor b, int stride, int pad, Tensor dout) {
        int N = x.shape(0), C = x.shape(1), Hin = x.shape(2), Win = x.shape(3);
        int F = w.shape(1), HH = w.shape(2), WW = w.shape(3);
        int Ho = (Hin - 1) * stride - 2 * pad + HH, Wo = (Win - 1) * stride - 2 * pad + WW;
        Tensor out = Tensor.zeros(DType.F64, N, F, Ho, Wo);
        Tensor dx = Tensor.zeros(DType.F64, N, C, Hin, Win), dw = Tensor.zeros(DType.F64, C, F, HH, WW);
        Tensor db = Tensor.zeros(DType.F64, F);
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < Hin; h++) {
                    for (int ww = 0; ww < Win; ww++) {
                        for (int f = 0; f < F; f++) {
                            for (int i = 0; i < HH; i++) {
                                for (int j = 0; j < WW; j++) {
                                    int oh = h * stride - pad + i, ow = ww * stride - pad + j;
                                    if (oh < 0 || oh >= Ho || ow < 0 || ow >= Wo) {
                                        continue;
                                    }
                                    double xv = x.get(n, c, h, ww), wv = w.get(c, f, i, j);
                                    out.set(out.get(n, f, oh, ow) + wv * xv, n, f, oh, ow);
                                    if (dout != null) {
                                        double d = dout.get(n, f, oh, ow);
                                        dx.set(dx.get(n, c, h, ww) + wv * d, n, c, h, ww);
                                        dw.set(dw.get(c, f, i, j) + xv * d, c, f, i, j);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < F; f++) {
                for (int oh = 0; oh < Ho; oh++) {
                    for (int ow = 0; ow < Wo; ow++) {
                        out.set(out.get(n, f, oh, ow) + b.get(f), n, f, oh, ow);
                        if (dout != null) {
                            db.set(db.get(f) + dout.get(n, f, oh, ow), f);
                        }
                    }
                }
            }
        }
        return dout == null ? new Tensor[]{out} : new Tensor[]{dx, dw, db};
    }

    private static void assertGolden(Tensor out, double[] expected, int... shape) {
        assertThat(out.shape()).containsExactly(shape);
        assertThat(GradientCheck.relError(out, Tensor.of(expected, shape))).isLessThanOrEqualTo(1e-7);
    }

    /*
     * Golden values: PyTorch's ConvTranspose2d semantics computed independently in numpy (float64), once:
     *   full = zeros(N, F, (H−1)·s + HH, (W−1)·s + WW)
     *   for n, c, h, w: full[n, :, h·s : h·s+HH, w·s : w·s+WW] += x[n, c, h, w] · W[c]
     *   out = full[:, :, p : −p, p : −p] + b[None, :, None, None]
     * with lin(lo, hi, *shape) = np.linspace(lo, hi, prod(shape)).reshape(shape) and the inputs of each case below,
     * printed with repr(float(v)) in row-major order.
     */
    private static final double[] S2_P1_K4 = {
            -0.06544891640866875, -0.03461300309597523, -0.03300309597523221, -0.041300309597523226, -0.03894736842105265, -0.07077399380804955,
            -0.0453869969040248, 0.0017956656346748978, 0.00724458204334362, -0.011578947368421078, -0.004643962848297253, -0.05492260061919506,
            -0.03597523219814244, 0.023591331269349813, 0.02904024767801852, 0.01616099071207429, 0.023095975232198113, -0.03956656346749227,
            -0.06544891640866876, -0.03832817337461304, -0.028421052631579014, -0.051702786377709024, -0.04030959752321988, -0.07275541795665637,
            -0.04712074303405576, 0.001300309597523197, 0.01120743034055724, -0.006130030959752342, 0.005263157894736817, -0.048482972136222914,
            -0.07411764705882354, -0.05046439628482975, -0.04439628482972139, -0.05417956656346752, -0.04736842105263161, -0.07424148606811146,
            0.09445820433436534, 0.1411455108359133, 0.14275541795665636, 0.1463467492260062, 0.1486996904024768, 0.10102167182662539,
            0.14226006191950463, 0.23897832817337458, 0.24442724458204332, 0.24938080495356035, 0.25631578947368416, 0.1565015479876161,
            0.151671826625387, 0.26077399380804955, 0.2662229102167183, 0.2771207430340557, 0.2840557275541795, 0.17185758513931887,
            0.15786377708978327, 0.2701857585139319, 0.2800928792569659, 0.2805882352941176, 0.29198142414860684, 0.1743343653250774,
            0.17619195046439629, 0.30981424148606806, 0.3197213622291022, 0.3261609907120743, 0.33755417956656353, 0.19860681114551085,
            0.12145510835913313, 0.19662538699690404, 0.20269349845201237, 0.20479876160990712, 0.211609907120743, 0.13321981424148607,
            0.2543653250773994, 0.31690402476780183, 0.3185139318885449, 0.3339938080495356, 0.33634674922600616, 0.2728173374613003,
            0.3299071207430341, 0.47616099071207424, 0.48160990712074303, 0.5103405572755417, 0.5172755417956656, 0.36792569659442725,
            0.3393188854489164, 0.4979566563467492, 0.5034055727554179, 0.5380804953560372, 0.545015479876161, 0.38328173374613,
            0.3811764705882353, 0.5786996904024767, 0.5886068111455108, 0.6128792569659443, 0.6242724458204334, 0.42142414860681116,
            0.3995046439628483, 0.6183281733746129, 0.628235294117647, 0.6584520123839008, 0.66984520123839, 0.4456965944272446,
            0.3170278637770898, 0.44371517027863777, 0.44978328173374615, 0.46377708978328175, 0.47058823529411764, 0.3406811145510836,
    };
    private static final double[] S1_P0_K3X2 = {
            -0.25, -0.5681818181818181, -0.402892561983471, -0.01033057851239666, -0.2954545454545454, -0.5599173553719008,
            -0.2954545454545454, 0.0681818181818182, -0.03099173553719009, -0.09710743801652888, 0.035123966942148865, 0.20041322314049592,
            0.18801652892561982, 0.19214876033057854, 0.22520661157024796, 0.24586776859504134, -0.7045454545454546, -0.5764462809917356,
            -0.609504132231405, -0.6632231404958677, -0.5020661157024793, -0.17148760330578505, -0.3037190082644628, -0.5351239669421488,
            -0.2376033057851239, 0.29132231404958686, 0.02685950413223137, -0.4028925619834711, -0.5640495867768595, -0.4111570247933884,
            -0.5764462809917356, -0.7045454545454546, 0.2954545454545454, 0.42355371900826444, 0.5888429752066116, 0.4359504132231405,
            0.5971074380165289, 1.0268595041322315, 1.2913223140495869, 0.762396694214876, 0.46487603305785125, 0.6962809917355373,
            0.828512396694215, 0.49793388429752067, 0.3367768595041322, 0.390495867768595, 0.42355371900826444, 0.2954545454545454,
            -0.7541322314049587, -0.7747933884297521, -0.8078512396694215, -0.8119834710743802, -0.7995867768595041, -0.9648760330578512,
            -1.0971074380165289, -1.03099173553719, -0.9318181818181819, -1.2954545454545454, -1.559917355371901, -1.2954545454545454,
            -1.0103305785123968, -1.4028925619834713, -1.5681818181818183, -1.25,
    };
    private static final double[] S3_P2_K3 = {
            -0.19999999999999998, -0.04062499999999997, -0.08281249999999996, -0.12499999999999997, 0.006250000000000019, 0.109375,
            0.1, 0.1, 0.1, 0.0625, 0.06718750000000001, 0.1,
            0.1, 0.1, 0.1046875, 0.02500000000000001, 0.1, 0.1,
            0.1, 0.146875, 0.08125, -0.012499999999999983, 0.029687500000000006, 0.071875,
            -0.04999999999999999,
    };

    @Test
    void forwardMatchesGoldenValuesAndTheScatterLoops() {
        Tensor x = lin(-0.1, 0.5, 1, 2, 3, 3), w = lin(-0.2, 0.3, 2, 3, 4, 4), b = Tensor.linspace(-0.1, 0.2, 3);
        assertGolden(new ConvTranspose2d(w, b, 2, 1).forward(x), S2_P1_K4, 1, 3, 6, 6);
        assertGolden(scatter(x, w, b, 2, 1, null)[0], S2_P1_K4, 1, 3, 6, 6);

        x = lin(-1, 1, 2, 1, 2, 3);
        w = lin(0.5, -0.5, 1, 2, 3, 2);
        b = Tensor.vector(0.25, -0.75);
        assertGolden(new ConvTranspose2d(w, b, 1, 0).forward(x), S1_P0_K3X2, 2, 2, 4, 4);
        assertGolden(scatter(x, w, b, 1, 0, null)[0], S1_P0_K3X2, 2, 2, 4, 4);

        x = lin(-0.5, 0.5, 1, 1, 3, 3);     // stride > kernel − … : some outputs get the bias alone
        w = lin(-0.3, 0.6, 1, 1, 3, 3);
        b = Tensor.vector(0.1);
        assertGolden(new ConvTranspose2d(w, b, 3, 2).forward(x), S3_P2_K3, 1, 1, 5, 5);
        assertGolden(scatter(x, w, b, 3, 2, null)[0], S3_P2_K3, 1, 1, 5, 5);
    }

    /** Worst relative error of dx, dW and db against central differences, each printed for the record. */
    private static double gradCheck(long seed, int N, int C, int Hin, int Win, int F, int HH, int WW, int stride, int pad) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.randn(rng, DType.F64, N, C, Hin, Win);
        Tensor w = Tensor.randn(rng, DType.F64, C, F, HH, WW);
        Tensor b = Tensor.randn(rng, DType.F64, F);
        ConvTranspose2d layer = new ConvTranspose2d(w, b, stride, pad);
        Tensor out = layer.forward(x);
        Tensor dout = Tensor.randn(rng, DType.F64, out.shape());
        Tensor dx = layer.backward(dout);
        double ex = GradientCheck.relError(dx, GradientCheck.numericalGradient(() -> layer.forward(x), x, dout, H));
        double ew = GradientCheck.relError(layer.weight().grad(),
                GradientCheck.numericalGradient(() -> layer.forward(x), w, dout, H));
        double eb = GradientCheck.relError(layer.bias().grad(),
                GradientCheck.numericalGradient(() -> layer.forward(x), b, dout, H));
        System.out.printf("ConvTranspose2d %s: dx %.2e  dW %.2e  db %.2e%n", layer, ex, ew, eb);
        return Math.max(ex, Math.max(ew, eb));
    }

    @Test
    void gradientsMatchCentralDifferencesInF64() {
        assertThat(gradCheck(1, 2, 3, 3, 3, 2, 4, 4, 2, 1)).isLessThanOrEqualTo(1e-7);   // DCGAN generator's
        assertThat(gradCheck(2, 2, 2, 4, 3, 3, 3, 3, 1, 0)).isLessThanOrEqualTo(1e-7);
        assertThat(gradCheck(3, 1, 2, 3, 4, 2, 3, 2, 2, 0)).isLessThanOrEqualTo(1e-7);   // non-square kernel
        assertThat(gradCheck(4, 2, 1, 3, 3, 2, 3, 3, 3, 2)).isLessThanOrEqualTo(1e-7);   // stride > kernel − pad
        assertThat(gradCheck(5, 1, 3, 2, 2, 2, 5, 5, 1, 2)).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void fastPathAgreesWithTheScatterLoopsOnRandomGeometries() {
        Rng rng = new Rng(777);
        for (int trial = 0; trial < 20; trial++) {
            int N = 1 + rng.nextInt(3), C = 1 + rng.nextInt(3), F = 1 + rng.nextInt(3);
            int HH = 1 + rng.nextInt(4), WW = 1 + rng.nextInt(4), stride = 1 + rng.nextInt(3);
            int pad = rng.nextInt((Math.min(HH, WW) + 1) / 2);   // 2·pad < kernel: a non-empty output for any input
            int Hin = 1 + rng.nextInt(4), Win = 1 + rng.nextInt(4);
            DType dtype = trial % 4 == 3 ? DType.F32 : DType.F64;
            String config = "trial " + trial + ": x (" + N + "," + C + "," + Hin + "," + Win + ") w (" + C + "," + F + ","
                    + HH + "," + WW + ") s=" + stride + " p=" + pad + " " + dtype;
            Tensor x = Tensor.randn(rng, DType.F64, N, C, Hin, Win);
            Tensor w = Tensor.randn(rng, DType.F64, C, F, HH, WW);
            Tensor b = Tensor.randn(rng, DType.F64, F);
            ConvTranspose2d layer = new ConvTranspose2d(w.to(dtype), b.to(dtype), stride, pad);
            Tensor out = layer.forward(x.to(dtype));
            assertThat(out.dtype()).as(config).isEqualTo(dtype);
            assertAgree(config + " out", out, scatter(x, w, b, stride, pad, null)[0], dtype);
            Tensor dout = Tensor.randn(rng, DType.F64, out.shape());
            Tensor[] ref = scatter(x, w, b, stride, pad, dout);
            assertAgree(config + " dx", layer.backward(dout.to(dtype)), ref[0], dtype);
            assertAgree(config + " dW", layer.weight().grad(), ref[1], dtype);
            assertAgree(config + " db", layer.bias().grad(), ref[2], dtype);
        }
    }

    private static void assertAgree(String what, Tensor fast, Tensor ref, DType dtype) {
        if (dtype == DType.F64) {
            assertThat(GradientCheck.relError(fast, ref)).as(what).isLessThanOrEqualTo(1e-10);
        } else {
            TensorAssert.assertClose(fast.to(DType.F64), ref, 1e-4, 1e-5);
        }
    }

    /** The forward is Conv2d's input gradient: Conv2d with the same weight, backward of x, gives our output. */
    @Test
    void forwardIsTheAdjointOfConv2d() {
        Rng rng = new Rng(8);
        Tensor w = Tensor.randn(rng, DType.F64, 3, 2, 4, 4);          // ConvTranspose2d (in 3, out 2) = Conv2d (F 3, C 2)
        Tensor x = Tensor.randn(rng, DType.F64, 2, 3, 5, 5);
        Tensor up = new ConvTranspose2d(w, Tensor.zeros(DType.F64, 2), 2, 1).forward(x);   // (2, 2, 10, 10)
        Conv2d conv = new Conv2d(w, Tensor.zeros(DType.F64, 3), 2, 1);
        assertThat(conv.forward(Tensor.zeros(DType.F64, up.shape())).shape()).containsExactly(x.shape());
        assertThat(GradientCheck.relError(conv.backward(x), up)).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void dcganGeneratorShapes() {
        ConvTranspose2d up1 = new ConvTranspose2d(128, 64, 4, 2, 1), up2 = new ConvTranspose2d(64, 1, 4, 2, 1);
        Tensor h = up1.forward(Tensor.randn(new Rng(1), DType.F32, 3, 128, 7, 7));
        assertThat(h.shape()).containsExactly(3, 64, 14, 14);
        assertThat(up2.forward(h).shape()).containsExactly(3, 1, 28, 28);
    }

    @Test
    void resultsAreBitIdenticalOnOneAndTwoThreadsOverSeveralChunks() {
        int before = Threads.count();
        try {
            float[][][] runs = new float[2][][];
            for (int t = 1; t <= 2; t++) {
                Threads.set(t);
                ConvTranspose2d layer = new ConvTranspose2d(4, 3, 4, 2, 1, new Rng(21), DType.F32);
                Tensor x = Tensor.randn(new Rng(22), DType.F32, 40, 4, 5, 5);   // three chunks of ≤ 16 images
                Tensor out = layer.forward(x);
                Tensor dx = layer.backward(Tensor.randn(new Rng(23), DType.F32, out.shape()));
                runs[t - 1] = new float[][]{out.toFloatArray(), dx.toFloatArray(),
                        layer.weight().grad().toFloatArray(), layer.bias().grad().toFloatArray()};
            }
            for (int i = 0; i < 4; i++) {
                assertThat(runs[1][i]).as("result " + i).containsExactly(runs[0][i]);
            }
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void changingBatchSizesReuseBuffersCorrectly() {
        ConvTranspose2d layer = new ConvTranspose2d(2, 3, 3, 2, 1, new Rng(9), DType.F64);
        Rng rng = new Rng(10);
        for (int N : new int[]{4, 1, 33, 3, 17}) {
            Tensor x = Tensor.randn(rng, DType.F64, N, 2, 3, 4);
            Tensor out = layer.forward(x);
            Tensor dout = Tensor.randn(rng, DType.F64, out.shape());
            Tensor[] ref = scatter(x, layer.weight().value(), layer.bias().value(), 2, 1, dout);
            TensorAssert.assertClose(out, scatter(x, layer.weight().value(), layer.bias().value(), 2, 1, null)[0], 1e-12, 1e-12);
            layer.weight().zeroGrad();
            layer.bias().zeroGrad();
            TensorAssert.assertClose(layer.backward(dout), ref[0], 1e-12, 1e-12);
            TensorAssert.assertClose(layer.weight().grad(), ref[1], 1e-12, 1e-12);
            TensorAssert.assertClose(layer.bias().grad(), ref[2], 1e-12, 1e-12);
        }
    }

    @Test
    void inputGradientOffSkipsOnlyDx() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, DType.F32, 2, 2, 3, 3);
        ConvTranspose2d full = new ConvTranspose2d(2, 3, 4, 2, 1, new Rng(4), DType.F32);
        ConvTranspose2d first = new ConvTranspose2d(2, 3, 4, 2, 1, new Rng(4), DType.F32).inputGradient(false);
        assertThat(first.inputGradient()).isFalse();
        Tensor dout = Tensor.randn(rng, DType.F32, full.forward(x).shape());
        first.forward(x);
        assertThat(full.backward(dout)).isNotNull();
        assertThat(first.backward(dout)).isNull();
        assertThat(first.weight().grad().toFloatArray()).containsExactly(full.weight().grad().toFloatArray());
        assertThat(first.bias().grad().toFloatArray()).containsExactly(full.bias().grad().toFloatArray());
    }

    @Test
    void emptyBatchGivesEmptyResults() {
        ConvTranspose2d layer = new ConvTranspose2d(2, 3, 4, 2, 1);
        assertThat(layer.forward(Tensor.zeros(DType.F32, 0, 2, 5, 5)).shape()).containsExactly(0, 3, 10, 10);
        assertThat(layer.backward(Tensor.zeros(DType.F32, 0, 3, 10, 10)).shape()).containsExactly(0, 2, 5, 5);
        assertThat(layer.weight().grad().abs().sum()).isZero();
    }

    @Test
    void sizesConstructorDrawsFromTheGivenInitAndSeed() {
        Tensor a = new ConvTranspose2d(16, 8, 4, 2, 1, new Rng(42), DType.F64).weight().value();
        Tensor b = new ConvTranspose2d(16, 8, 4, 2, 1, new Rng(42), DType.F64).weight().value();
        assertThat(a.shape()).containsExactly(16, 8, 4, 4);
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
        double he = Math.sqrt(2.0 / (16 * 2 * 2));   // fan-in: 16 channels × ⌈4/2⌉² taps per output pixel
        assertThat(Math.sqrt(a.var())).isBetween(0.9 * he, 1.1 * he);
        Tensor dcgan = new ConvTranspose2d(16, 8, 4, 2, 1, WeightInit.std(0.02), new Rng(1), DType.F32).weight().value();
        assertThat(Math.sqrt(dcgan.var())).isBetween(0.018, 0.022);
        assertThat(new ConvTranspose2d(16, 8, 4, 2, 1).bias().value().abs().sum()).isZero();
    }

    @Test
    void describesItselfAndIsRegistered() {
        ConvTranspose2d layer = new ConvTranspose2d(Tensor.zeros(DType.F64, 4, 2, 3, 5), Tensor.zeros(DType.F64, 2), 2, 1);
        assertThat(layer).hasToString("ConvTranspose2d(4→2, k=3×5, s=2, p=1)");
        assertThat(new ConvTranspose2d(8, 4, 4, 2, 1)).hasToString("ConvTranspose2d(8→4, k=4, s=2, p=1)");
        assertThat(layer.parameters()).extracting(Parameter::name).containsExactly("W", "b");
        assertThat(LayerTypes.name(layer)).isEqualTo("ConvTranspose2d");
        Map<String, String> options = LayerTypes.describe(layer);
        Layer back = LayerTypes.create(new LayerTypes.Config("ConvTranspose2d", options, DType.F64, java.util.List.of()));
        assertThat(back).hasToString(layer.toString());
        assertThat(((ConvTranspose2d) back).weight().value().shape()).containsExactly(4, 2, 3, 5);
    }

    @Test
    void refusesBadArgumentsNamingTheLayerAndShapes() {
        ConvTranspose2d layer = new ConvTranspose2d(8, 4, 4, 2, 1);
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F32, 2, 3, 7, 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ConvTranspose2d(8→4, k=4, s=2, p=1)").hasMessageContaining("(2, 3, 7, 7)")
                .hasMessageContaining("(N, 8, H, W)");
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F32, 2, 8 * 49)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ConvTranspose2d(8→4, k=4, s=2, p=1)").hasMessageContaining("(2, 392)")
                .hasMessageContaining("4-D");
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F64, 2, 8, 7, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F64").hasMessageContaining("F32");
        ConvTranspose2d shrinking = new ConvTranspose2d(Tensor.zeros(DType.F32, 1, 1, 3, 3), Tensor.zeros(DType.F32, 1), 1, 2);
        assertThatThrownBy(() -> shrinking.forward(Tensor.zeros(DType.F32, 1, 1, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ConvTranspose2d(1→1, k=3, s=1, p=2)").hasMessageContaining("(1, 1, 2, 2)")
                .hasMessageContaining("H ≥ 3").hasMessageContaining("0×0");
        layer.forward(Tensor.zeros(DType.F32, 2, 8, 7, 7));
        assertThatThrownBy(() -> layer.backward(Tensor.zeros(DType.F32, 2, 4, 7, 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 4, 7, 7)").hasMessageContaining("(2, 4, 14, 14)");
        assertThatThrownBy(() -> new ConvTranspose2d(Tensor.zeros(DType.F32, 8, 4, 4, 4), Tensor.zeros(DType.F32, 8), 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(8, 4, 4, 4)").hasMessageContaining("(8,)").hasMessageContaining("needs 4 entries");
        assertThatThrownBy(() -> new ConvTranspose2d(8, 4, 4, 0, 1)).hasMessageContaining("stride: 0");
        assertThatThrownBy(() -> new ConvTranspose2d(4, 2, 4, 2, 1).backward(Tensor.zeros(DType.F32, 1, 2, 4, 4)))
                .isInstanceOf(IllegalStateException.class).hasMessage("ConvTranspose2d(4→2, k=4, s=2, p=1): backward called before forward");
    }
}
