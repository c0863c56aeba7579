package io.dendrite.train;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The Fréchet distance on Gaussians whose distance is known in closed form. */
class FrechetDistanceTest {
    @Test
    void oneDimensionalGaussiansDifferByMeansAndStandardDeviations() {
        // d² = (μ₁ − μ₂)² + (σ₁ − σ₂)² in one dimension
        double d = FrechetDistance.of(new double[]{1}, new double[][]{{4}}, new double[]{-2}, new double[][]{{9}});
        assertThat(d).isCloseTo(9 + 1, within(1e-12));
    }

    @Test
    void commutingCovariancesGiveTheSumOverEigenvalues() {
        // Σ₁ = Q·diag(a)·Qᵀ, Σ₂ = Q·diag(b)·Qᵀ: d² = ‖Δμ‖² + Σ (√aᵢ − √bᵢ)²
        double c = Math.cos(0.7), s = Math.sin(0.7);
        double[][] q = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
        double[] a = {4, 1, 0.25}, b = {1, 9, 0.25};
        double expected = 3 * 3 + 0 + 1 * 1 + (2 - 1) * (2 - 1) + (1 - 3) * (1 - 3) + 0;
        double d = FrechetDistance.of(new double[]{3, 0, 1}, rotated(q, a), new double[]{0, 0, 0}, rotated(q, b));
        assertThat(d).isCloseTo(expected, within(1e-11));
    }

    @Test
    void nonCommutingTwoByTwoMatchesTheClosedForm() {
        // for 2×2 PSD M, Tr(M^½) = √(Tr M + 2√det M); with M = Σ₁^½Σ₂Σ₁^½: Tr M = Tr(Σ₁Σ₂), det M = det Σ₁·det Σ₂
        double[][] s1 = {{2, 0.8}, {0.8, 1}}, s2 = {{1, -0.3}, {-0.3, 3}};
        double trProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det1 = 2 * 1 - 0.8 * 0.8, det2 = 3 - 0.09;
        double traceRoot = Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));
        double expected = 0.5 * 0.5 + 1 + (2 + 1 + 1 + 3) - 2 * traceRoot;
        double d = FrechetDistance.of(new double[]{0.5, 1}, s1, new double[]{0, 0}, s2);
        assertThat(d).isCloseTo(expected, within(1e-12));
        assertThat(FrechetDistance.of(new double[]{0, 0}, s2, new double[]{0.5, 1}, s1)).as("symmetric").isCloseTo(d, within(1e-12));
    }

    @Test
    void samplesOfKnownGaussiansGiveTheirDistance() {
        // x ~ N(0, I₃), y = L·x + μ ~ N(μ, L·Lᵀ), L = diag(2, 1, 0.5), μ = (1, 0, 0): d² = ‖μ‖² + (2−1)² + (1−1)² + (0.5−1)² = 2.25
        int n = 200_000;
        Rng rng = new Rng(11);
        double[] xs = new double[n * 3], ys = new double[n * 3];
        double[] l = {2, 1, 0.5}, mu = {1, 0, 0};
        for (int i = 0; i < n * 3; i++) {
            xs[i] = rng.nextGaussian();
            ys[i] = l[i % 3] * rng.nextGaussian() + mu[i % 3];
        }
        double expected = 1 + 1 + 0 + 0.25;
        double d = FrechetDistance.of(Tensor.of(xs, n, 3), Tensor.of(ys, n, 3));
        assertThat(d).isCloseTo(expected, within(0.03));
        FrechetDistance.Statistics st = FrechetDistance.statistics(Tensor.of(ys, n, 3));
        assertThat(st.mean()[0]).isCloseTo(1, within(0.01));
        assertThat(st.covariance()[0][0]).isCloseTo(4, within(0.05));
        assertThat(st.dim()).isEqualTo(3);
    }

    @Test
    void identicalSetsAreAtDistanceZeroAndF32FeaturesWork() {
        Tensor f = Tensor.randn(new Rng(5), DType.F32, 500, 16);
        assertThat(FrechetDistance.of(f, f)).isCloseTo(0, within(1e-8));
        assertThat(FrechetDistance.of(f, f.add(1))).isCloseTo(16, within(1e-4));   // shifted by 1 in each of 16 dims
    }

    @Test
    void covarianceDividesByNMinusOneAsNumpy() {
        // np.cov([[1, 2], [3, 6]], rowvar=False) = [[2, 4], [4, 8]]
        FrechetDistance.Statistics s = FrechetDistance.statistics(Tensor.of(new double[]{1, 2, 3, 6}, 2, 2));
        assertThat(s.mean()).containsExactly(2, 4);
        assertThat(s.covariance()[0]).containsExactly(2, 4);
        assertThat(s.covariance()[1]).containsExactly(4, 8);
    }

    @Test
    void refusesTooFewRowsMismatchedDimensionsAndNonFiniteFeatures() {
        assertThatThrownBy(() -> FrechetDistance.statistics(Tensor.zeros(DType.F64, 1, 3))).hasMessageContaining("n >= 2");
        assertThatThrownBy(() -> FrechetDistance.of(Tensor.zeros(DType.F64, 4, 3), Tensor.zeros(DType.F64, 4, 2)))
                .hasMessageContaining("dimensions differ");
        assertThatThrownBy(() -> FrechetDistance.statistics(Tensor.of(new double[]{1, Double.NaN, 2, 3}, 2, 2)))
                .hasMessageContaining("finite");
    }

    private static double[][] rotated(double[][] q, double[] diag) {
        int n = diag.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    out[i][j] += q[i][k] * diag[k] * q[j][k];
                }
            }
        }
        return out;
    }
}
