package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GanLossesTest {
    private static final double H = 1e-5;

    /*
     * Golden values computed once in numpy (float64), the notebook's definitions written out:
     *   bce = lambda x, t: np.mean(np.maximum(x, 0) - x*t + np.log1p(np.exp(-np.abs(x))))
     *   real = np.linspace(-2.0, 3.0, 6).reshape(6, 1); fake = np.linspace(1.5, -4.0, 6).reshape(6, 1)
     *   d = bce(real, 1.0) + bce(fake, 0.0);  g = bce(fake, 1.0)
     *   lsd = 0.5*np.mean((real - 1)**2) + 0.5*np.mean(fake**2);  lsg = 0.5*np.mean((fake - 1)**2)
     * (the notebook's own check data, gan-checks.npz, is not available offline).
     */
    private static final double D = 1.3107364705310145, G = 1.790384148988335, LSD = 4.129166666666667, LSG = 4.295833333333333;

    private static Tensor real() {
        return Tensor.linspace(-2.0, 3.0, 6).reshape(6, 1);
    }

    private static Tensor fake() {
        return Tensor.linspace(1.5, -4.0, 6).reshape(6, 1);
    }

    @Test
    void valuesMatchGoldenNumbers() {
        assertThat(GanLosses.discriminatorLoss(real(), fake()).loss()).isCloseTo(D, within(1e-14));
        assertThat(GanLosses.generatorLoss(fake()).loss()).isCloseTo(G, within(1e-14));
        assertThat(GanLosses.lsDiscriminatorLoss(real(), fake()).loss()).isCloseTo(LSD, within(1e-14));
        assertThat(GanLosses.lsGeneratorLoss(fake()).loss()).isCloseTo(LSG, within(1e-14));
    }

    @Test
    void gradientsMatchCentralDifferencesInF64() {
        Rng rng = new Rng(4);
        Tensor r = Tensor.randn(rng, DType.F64, 5, 1).muli(2), f = Tensor.randn(rng, DType.F64, 3, 1).muli(2);
        double[] errs = {
                GradientCheck.relError(GanLosses.discriminatorLoss(r, f).gradReal(),
                        GradientCheck.numericalGradient(() -> GanLosses.discriminatorLoss(r, f).loss(), r, H)),
                GradientCheck.relError(GanLosses.discriminatorLoss(r, f).gradFake(),
                        GradientCheck.numericalGradient(() -> GanLosses.discriminatorLoss(r, f).loss(), f, H)),
                GradientCheck.relError(GanLosses.generatorLoss(f).grad(),
                        GradientCheck.numericalGradient(() -> GanLosses.generatorLoss(f).loss(), f, H)),
                GradientCheck.relError(GanLosses.lsDiscriminatorLoss(r, f).gradReal(),
                        GradientCheck.numericalGradient(() -> GanLosses.lsDiscriminatorLoss(r, f).loss(), r, H)),
                GradientCheck.relError(GanLosses.lsDiscriminatorLoss(r, f).gradFake(),
                        GradientCheck.numericalGradient(() -> GanLosses.lsDiscriminatorLoss(r, f).loss(), f, H)),
                GradientCheck.relError(GanLosses.lsGeneratorLoss(f).grad(),
                        GradientCheck.numericalGradient(() -> GanLosses.lsGeneratorLoss(f).loss(), f, H)),
        };
        System.out.printf("GanLosses gradient rel errors: d/real %.2e d/fake %.2e g %.2e lsd/real %.2e lsd/fake %.2e lsg %.2e%n",
                errs[0], errs[1], errs[2], errs[3], errs[4], errs[5]);
        for (double e : errs) {
            assertThat(e).isLessThanOrEqualTo(1e-7);
        }
    }

    /** A perfect discriminator (huge logits of the right sign) has loss ≈ 0 and the fooled generator a large one. */
    @Test
    void extremeLogitsStayFinite() {
        Tensor r = Tensor.vector(1000, 900), f = Tensor.vector(-1000, -800);
        assertThat(GanLosses.discriminatorLoss(r, f).loss()).isZero();
        assertThat(GanLosses.generatorLoss(f).loss()).isEqualTo(900.0);
        assertThat(GanLosses.generatorLoss(f).grad().toDoubleArray()).containsExactly(-0.5, -0.5);
    }

    @Test
    void batchesOfDifferentSizesEachCountAsAMean() {
        Tensor r = Tensor.vector(0.5, -0.5).reshape(2, 1), f = Tensor.vector(0.25).reshape(1, 1);
        double expected = 0.5 * (0.25 + 2.25) / 2 + 0.5 * 0.0625;
        GanLosses.DiscriminatorLoss d = GanLosses.lsDiscriminatorLoss(r, f);
        assertThat(d.loss()).isCloseTo(expected, within(1e-15));
        assertThat(d.gradReal().toDoubleArray()).containsExactly(-0.25, -0.75);
        assertThat(d.gradFake().toDoubleArray()).containsExactly(0.25);
        assertThat(d.gradReal().shape()).containsExactly(2, 1);
    }

    @Test
    void gradientsKeepTheScoresDType() {
        Tensor r = Tensor.of(new float[]{1, -1}, 2, 1), f = Tensor.of(new float[]{0.5f, 2}, 2, 1);
        assertThat(GanLosses.discriminatorLoss(r, f).gradFake().dtype()).isEqualTo(DType.F32);
        assertThat(GanLosses.lsGeneratorLoss(f).grad().dtype()).isEqualTo(DType.F32);
    }

    @Test
    void refusesMismatchedOrEmptyScores() {
        assertThatThrownBy(() -> GanLosses.discriminatorLoss(Tensor.zeros(DType.F64, 4, 1), Tensor.zeros(DType.F64, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("discriminatorLoss")
                .hasMessageContaining("(4, 1)").hasMessageContaining("(4, 2)");
        assertThatThrownBy(() -> GanLosses.lsGeneratorLoss(Tensor.zeros(DType.F64, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lsGeneratorLoss").hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> GanLosses.generatorLoss(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fake");
    }
}
