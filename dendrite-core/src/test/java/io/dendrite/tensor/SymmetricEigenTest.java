package io.dendrite.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SymmetricEigenTest {
    @Test
    void twoByTwoHasItsKnownEigenvaluesAndVectors() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2
        SymmetricEigen e = SymmetricEigen.of(new double[][]{{2, 1}, {1, 2}});
        assertThat(e.values()).containsExactly(new double[]{3, 1}, within(1e-14));
        double[][] v = e.vectors();
        assertThat(Math.abs(v[0][0])).isCloseTo(Math.sqrt(0.5), within(1e-14));
        assertThat(v[0][0] * v[1][0]).isCloseTo(0.5, within(1e-14));
        assertThat(v[0][1] * v[1][1]).isCloseTo(-0.5, within(1e-14));
    }

    @Test
    void randomSymmetricMatrixIsRebuiltFromOrthonormalVectors() {
        int n = 40;
        Rng rng = new Rng(3);
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[n][n];   // a = b + bᵀ
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = b[i][j] + b[j][i];
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a);
        double[] lambda = e.values();
        double[][] v = e.vectors();
        double trace = 0, sum = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
            sum += lambda[i];
            if (i > 0) {
                assertThat(lambda[i]).isLessThanOrEqualTo(lambda[i - 1]);
            }
        }
        assertThat(sum).isCloseTo(trace, within(1e-10));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rebuilt = 0, dot = 0;
                for (int k = 0; k < n; k++) {
                    rebuilt += v[i][k] * lambda[k] * v[j][k];
                    dot += v[k][i] * v[k][j];
                }
                assertThat(rebuilt).as("A[%d][%d]", i, j).isCloseTo(a[i][j], within(1e-11));
                assertThat(dot).as("vᵢ·vⱼ").isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
        }
    }

    @Test
    void squareRootOfAPositiveDefiniteMatrixSquaresBack() {
        double[][] a = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
        double[][] r = SymmetricEigen.of(a).apply(l -> Math.sqrt(Math.max(l, 0)));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sq = 0;
                for (int k = 0; k < 3; k++) {
                    sq += r[i][k] * r[k][j];
                }
                assertThat(sq).isCloseTo(a[i][j], within(1e-13));
            }
        }
        assertThat(SymmetricEigen.of(Tensor.of(new double[]{4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2}, 3, 3)).values())
                .containsExactly(SymmetricEigen.of(a).values());
    }

    @Test
    void diagonalAndOneByOneMatricesNeedNoRotation() {
        assertThat(SymmetricEigen.of(new double[][]{{5}}).values()).containsExactly(5.0);
        assertThat(SymmetricEigen.of(new double[][]{{1, 0}, {0, 7}}).values()).containsExactly(7.0, 1.0);
        assertThat(SymmetricEigen.of(new double[][]{{0, 0}, {0, 0}}).values()).containsExactly(0.0, 0.0);
    }

    @Test
    void refusesWhatIsNotSquareSymmetricAndFinite() {
        assertThatThrownBy(() -> SymmetricEigen.of(Tensor.zeros(DType.F64, 2, 3))).hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> SymmetricEigen.of(new double[][]{{1, 2}, {3, 1}})).hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> SymmetricEigen.of(new double[][]{{1, Double.NaN}, {Double.NaN, 1}}))
                .hasMessageContaining("NaN");
    }
}
