package io.dendrite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dendrite.check.GradientCheck;
import io.dendrite.model.LinearLosses.LossAndGradient;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.BiFunction;

class LinearLossesTest {
    /** One of the four cs231n functions, with its data and reg bound. */
    private interface LossFn {
        LossAndGradient apply(Tensor w, Tensor x, int[] y, double reg);
    }

    private static final int N = 40, D = 13, C = 7;

    private static Tensor x(long seed) {
        return Tensor.randn(new Rng(seed), DType.F64, N, D);
    }

    private static Tensor w(long seed, double scale) {
        return Tensor.randn(new Rng(seed), DType.F64, D, C).mul(scale);
    }

    private static int[] labels(long seed, int n, int c) {
        Rng rng = new Rng(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
        }
        return y;
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs(a.getFlat(i) - b.getFlat(i)));
        }
        return m;
    }

    @ParameterizedTest(name = "reg {0}")
    @ValueSource(doubles = {0, 0.1, 5})
    void naiveAndVectorizedSvmAgreeTo1e9(double reg) {
        Tensor w = w(1, 0.5), x = x(2);
        int[] y = labels(3, N, C);
        LossAndGradient naive = LinearLosses.svmNaive(w, x, y, reg);
        LossAndGradient vec = LinearLosses.svmVectorized(w, x, y, reg);
        assertThat(vec.loss()).isCloseTo(naive.loss(), within(1e-9));
        assertThat(maxAbsDiff(naive.dW(), vec.dW())).isLessThanOrEqualTo(1e-9);
        assertThat(vec.dW().shape()).containsExactly(D, C);
        assertThat(vec.dW().dtype()).isEqualTo(DType.F64);
    }

    @ParameterizedTest(name = "reg {0}")
    @ValueSource(doubles = {0, 0.1, 5})
    void naiveAndVectorizedSoftmaxAgreeTo1e9(double reg) {
        Tensor w = w(4, 0.5), x = x(5);
        int[] y = labels(6, N, C);
        LossAndGradient naive = LinearLosses.softmaxNaive(w, x, y, reg);
        LossAndGradient vec = LinearLosses.softmaxVectorized(w, x, y, reg);
        assertThat(vec.loss()).isCloseTo(naive.loss(), within(1e-9));
        assertThat(maxAbsDiff(naive.dW(), vec.dW())).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void everyFormMatchesItsNumericalGradient() {
        LossFn[] fns = {LinearLosses::svmNaive, LinearLosses::svmVectorized, LinearLosses::softmaxNaive,
                LinearLosses::softmaxVectorized};
        String[] names = {"svmNaive", "svmVectorized", "softmaxNaive", "softmaxVectorized"};
        Tensor x = x(7);
        int[] y = labels(8, N, C);
        for (int k = 0; k < fns.length; k++) {
            LossFn f = fns[k];
            Tensor w = w(9, 0.01);   // small weights, as cs231n's check: margins stay clear of the SVM's kinks
            double reg = 0.3;
            Tensor analytic = f.apply(w, x, y, reg).dW();
            Tensor numeric = GradientCheck.numericalGradient(() -> f.apply(w, x, y, reg).loss(), w, 1e-5);
            assertThat(GradientCheck.relError(analytic, numeric)).as(names[k]).isLessThanOrEqualTo(1e-7);
        }
    }

    @Test
    void atZeroWeightsTheSvmLossIsCMinus1AndSoftmaxLnC() {
        Tensor w = Tensor.zeros(DType.F64, D, C), x = x(10);
        int[] y = labels(11, N, C);
        // every margin is 0 − 0 + 1 = 1 over the C − 1 wrong classes; every class has probability 1/C
        assertThat(LinearLosses.svmNaive(w, x, y, 1.0).loss()).isCloseTo(C - 1, within(1e-12));
        assertThat(LinearLosses.svmVectorized(w, x, y, 1.0).loss()).isCloseTo(C - 1, within(1e-12));
        assertThat(LinearLosses.softmaxNaive(w, x, y, 1.0).loss()).isCloseTo(Math.log(C), within(1e-12));
        assertThat(LinearLosses.softmaxVectorized(w, x, y, 1.0).loss()).isCloseTo(Math.log(C), within(1e-12));
    }

    @Test
    void regularizationIsCs231nsRegTimesSumOfSquares() {
        Tensor w = w(12, 0.3), x = x(13);
        int[] y = labels(14, N, C);
        double sumSq = w.square().sum();
        for (BiFunction<Tensor, Double, LossAndGradient> f : java.util.List.<BiFunction<Tensor, Double, LossAndGradient>>of(
                (ww, r) -> LinearLosses.svmVectorized(ww, x, y, r), (ww, r) -> LinearLosses.softmaxNaive(ww, x, y, r))) {
            LossAndGradient none = f.apply(w, 0.0), some = f.apply(w, 0.25);
            assertThat(some.loss() - none.loss()).isCloseTo(0.25 * sumSq, within(1e-12));
            assertThat(maxAbsDiff(some.dW().sub(none.dW()), w.mul(0.5))).isLessThan(1e-12);   // 2·reg·W
        }
    }

    @Test
    void equalsTheNetworkLossWithTwiceTheReg() {
        // Dendrite's networks use 0.5·reg·ΣW²: LinearLosses with reg r is LinearClassifier with reg 2r and b = 0
        Tensor w = w(15, 0.2), x = x(16);
        int[] y = labels(17, N, C);
        for (String loss : new String[]{"svm", "softmax"}) {
            Network net = LinearClassifier.builder().inputDim(D).numClasses(C).loss(loss).reg(2 * 0.1)
                    .dtype(DType.F64).build();
            net.params().get("W1").value().assign(w);
            net.params().get("b1").value().fill(0);
            double netLoss = net.loss(x, y);
            LossAndGradient mine = loss.equals("svm") ? LinearLosses.svmVectorized(w, x, y, 0.1)
                    : LinearLosses.softmaxVectorized(w, x, y, 0.1);
            assertThat(netLoss).as(loss).isCloseTo(mine.loss(), within(1e-12));
            assertThat(maxAbsDiff(net.params().get("W1").grad(), mine.dW())).as(loss).isLessThan(1e-12);
        }
    }

    @Test
    void f32InputsGiveAnF32Gradient() {
        Tensor w = w(18, 0.1).to(DType.F32), x = x(19).to(DType.F32);
        int[] y = labels(20, N, C);
        LossAndGradient vec = LinearLosses.softmaxVectorized(w, x, y, 0.1);
        LossAndGradient naive = LinearLosses.softmaxNaive(w, x, y, 0.1);
        assertThat(vec.dW().dtype()).isEqualTo(DType.F32);
        assertThat(naive.dW().dtype()).isEqualTo(DType.F32);
        assertThat(vec.loss()).isCloseTo(naive.loss(), within(1e-5));
    }

    @Test
    void badInputsAreRefusedWithBothShapes() {
        Tensor w = w(21, 0.1), x = x(22);
        int[] y = labels(23, N, C);
        assertThatThrownBy(() -> LinearLosses.svmNaive(Tensor.zeros(DType.F64, D + 1, C), x, y, 0))
                .hasMessageContaining("(40, 13)").hasMessageContaining("(14, 7)").hasMessageContaining("bias");
        assertThatThrownBy(() -> LinearLosses.softmaxVectorized(w, x.to(DType.F32), y, 0))
                .hasMessageContaining("F64").hasMessageContaining("F32");
        assertThatThrownBy(() -> LinearLosses.svmVectorized(w, x, new int[3], 0)).hasMessageContaining("3 labels for 40");
        int[] bad = y.clone();
        bad[5] = C;
        assertThatThrownBy(() -> LinearLosses.softmaxNaive(w, x, bad, 0)).hasMessageContaining("label 7 of example 5");
        assertThatThrownBy(() -> LinearLosses.softmaxNaive(w, x, y, -1)).hasMessageContaining("invalid reg -1");
    }
}
