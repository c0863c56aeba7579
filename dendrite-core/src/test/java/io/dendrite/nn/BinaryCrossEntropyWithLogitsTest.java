package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BinaryCrossEntropyWithLogitsTest {
    /*
     * Golden values, computed once in numpy (float64) from the definition:
     *   x = np.linspace(-3, 4, 8).reshape(2, 4); t = np.linspace(0, 1, 8).reshape(2, 4)
     *   loss = np.mean(np.maximum(x, 0) - x*t + np.log1p(np.exp(-np.abs(x))))
     *   grad = (1 / (1 + np.exp(-x)) - t) / 8
     */
    private static final double GOLDEN_LOSS = 0.4611064010934538;
    private static final double[] GOLDEN_GRAD = {0.005928234147195848, -0.002956777604378163, -0.0020966080430363243,
            0.008928571428571432, 0.019953750900179187, 0.020813920461521015, 0.011928908709947034, -0.0022482762452614435};

    @Test
    void matchesGoldenValuesForSoftTargets() {
        Tensor x = Tensor.linspace(-3, 4, 8).reshape(2, 4), t = Tensor.linspace(0, 1, 8).reshape(2, 4);
        LossResult r = BinaryCrossEntropyWithLogits.compute(x, t);
        assertThat(r.loss()).isCloseTo(GOLDEN_LOSS, within(1e-15));
        assertThat(r.grad().shape()).containsExactly(2, 4);
        assertThat(GradientCheck.relError(r.grad(), Tensor.of(GOLDEN_GRAD, 2, 4))).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void equalsTheTextbookFormulaWhereThatIsStable() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, DType.F64, 5, 3), t = Tensor.rand(rng, DType.F64, 5, 3);
        double expected = 0;
        for (int k = 0; k < x.size(); k++) {
            double p = 1 / (1 + Math.exp(-x.getFlat(k))), tk = t.getFlat(k);
            expected -= tk * Math.log(p) + (1 - tk) * Math.log(1 - p);
        }
        assertThat(BinaryCrossEntropyWithLogits.compute(x, t).loss()).isCloseTo(expected / 15, within(1e-14));
    }

    @Test
    void gradientMatchesCentralDifferencesInF64() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.randn(rng, DType.F64, 4, 3).muli(3), t = Tensor.rand(rng, DType.F64, 4, 3);
        t.setFlat(0, 0);
        t.setFlat(1, 1);
        Tensor analytic = BinaryCrossEntropyWithLogits.compute(x, t).grad();
        Tensor numeric = GradientCheck.numericalGradient(() -> BinaryCrossEntropyWithLogits.compute(x, t).loss(), x, 1e-5);
        double err = GradientCheck.relError(analytic, numeric);
        System.out.printf("BinaryCrossEntropyWithLogits gradient rel error %.2e%n", err);
        assertThat(err).isLessThanOrEqualTo(1e-7);
    }

    /** numpy: per element [0, 0, 1000, 1000] for x = [1000, −1000, 1000, −1000], t = [1, 0, 0, 1]; mean 500. */
    @Test
    void hugeLogitsGiveFiniteExactValues() {
        Tensor x = Tensor.vector(1000, -1000, 1000, -1000), t = Tensor.vector(1, 0, 0, 1);
        LossResult r = BinaryCrossEntropyWithLogits.compute(x, t);
        assertThat(r.loss()).isEqualTo(500.0);
        assertThat(r.grad().toDoubleArray()).containsExactly(0, 0, 0.25, -0.25);
        LossResult agree = BinaryCrossEntropyWithLogits.compute(Tensor.vector(1000, -1000), Tensor.vector(1, 0));
        assertThat(agree.loss()).isZero();
        LossResult inf = BinaryCrossEntropyWithLogits.compute(Tensor.vector(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
                Tensor.vector(1, 0));
        assertThat(inf.loss()).isZero();
        assertThat(inf.grad().toDoubleArray()).containsExactly(0, 0);
        assertThat(BinaryCrossEntropyWithLogits.compute(Tensor.vector(-1000.0), Tensor.vector(0.5)).loss())
                .isCloseTo(500 + Math.log1p(Math.exp(-1000)), within(1e-12));
    }

    @Test
    void keepsTheLogitsDType() {
        Tensor x = Tensor.of(new float[]{-1, 0, 2}, 3, 1), t = Tensor.of(new float[]{0, 1, 1}, 3, 1);
        LossResult r = BinaryCrossEntropyWithLogits.compute(x, t);
        assertThat(r.grad().dtype()).isEqualTo(DType.F32);
        assertThat(r.grad().shape()).containsExactly(3, 1);
        assertThat(r.loss()).isCloseTo(BinaryCrossEntropyWithLogits.compute(x.to(DType.F64), t.to(DType.F64)).loss(), within(1e-12));
        assertThat(new BinaryCrossEntropyWithLogits()).hasToString("BinaryCrossEntropyWithLogits");
    }

    @Test
    void refusesBadTargetsAndShapes() {
        Tensor x = Tensor.zeros(DType.F64, 3, 1);
        assertThatThrownBy(() -> BinaryCrossEntropyWithLogits.compute(x, Tensor.vector(0, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BinaryCrossEntropyWithLogits").hasMessageContaining("(3,)").hasMessageContaining("(3, 1)");
        assertThatThrownBy(() -> BinaryCrossEntropyWithLogits.compute(x, Tensor.of(new double[]{0, 1.5, 1}, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5").hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> BinaryCrossEntropyWithLogits.compute(x, Tensor.of(new double[]{0, Double.NaN, 1}, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN").hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> BinaryCrossEntropyWithLogits.compute(Tensor.vector(0, Double.NaN), Tensor.vector(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1").hasMessageContaining("NaN");
        assertThatThrownBy(() -> BinaryCrossEntropyWithLogits.compute(Tensor.zeros(DType.F64, 0, 1), Tensor.zeros(DType.F64, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> BinaryCrossEntropyWithLogits.compute(x, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targets");
    }
}
