package io.dendrite.train;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.SymmetricEigen;
import io.dendrite.tensor.Tensor;

/**
 * The Fréchet distance between two Gaussians, fitted to two sets of feature vectors — the FID of Heusel et al. (2017)
 * when the features are an Inception network's, here a classifier's penultimate layer:
 * <pre>
 *   d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2·(Σ₁^½ Σ₂ Σ₁^½)^½)
 * </pre>
 * which equals the usual {@code Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½)}: Σ₁Σ₂ is similar to Σ₁^½Σ₂Σ₁^½ (same eigenvalues), and the
 * symmetric form lets both square roots come from a symmetric eigendecomposition ({@link SymmetricEigen}, Jacobi),
 * with eigenvalues that rounding made slightly negative clamped to 0. Means and covariances are in double; the
 * covariance divides by n − 1 (numpy's {@code np.cov}, as the reference FID code). The value returned is d², as FID
 * reports it.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** The mean and covariance of a set of feature vectors. */
    public record Statistics(double[] mean, double[][] covariance) {
        /** The number of features. */
        public int dim() {
            return mean.length;
        }
    }

    /** μ and Σ (divided by n − 1) of the rows of {@code features} (n, d); n ≥ 2. */
    public static Statistics statistics(Tensor features) {
        if (features.ndim() != 2 || features.shape(0) < 2 || features.shape(1) < 1) {
            throw new IllegalArgumentException("FrechetDistance: features must be (n, d) with n >= 2 rows, got "
                    + Shapes.format(features.shape()));
        }
        int n = features.shape(0), d = features.shape(1);
        double[] x = features.toDoubleArray();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] centered = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centered[j] = x[i * d + j] - mean[j];
                if (!Double.isFinite(centered[j])) {
                    throw new IllegalArgumentException("FrechetDistance: feature " + j + " of row " + i + " is "
                            + x[i * d + j] + " — the features must be finite");
                }
            }
            for (int a = 0; a < d; a++) {
                double ca = centered[a];
                for (int b = a; b < d; b++) {
                    cov[a][b] += ca * centered[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
        }
        return new Statistics(mean, cov);
    }

    /** d² between the Gaussians fitted to two feature sets (n₁, d) and (n₂, d). */
    public static double of(Tensor features1, Tensor features2) {
        return of(statistics(features1), statistics(features2));
    }

    /** d² between N(μ₁, Σ₁) and N(μ₂, Σ₂). */
    public static double of(Statistics a, Statistics b) {
        return of(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    /** d² between N(mu1, sigma1) and N(mu2, sigma2); the covariances must be symmetric positive semi-definite. */
    public static double of(double[] mu1, double[][] sigma1, double[] mu2, double[][] sigma2) {
        int d = mu1.length;
        if (mu2.length != d || sigma1.length != d || sigma2.length != d) {
            throw new IllegalArgumentException("FrechetDistance: dimensions differ — means of " + mu1.length + " and "
                    + mu2.length + ", covariances of " + sigma1.length + " and " + sigma2.length + " rows");
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = mu1[j] - mu2[j];
            meanTerm += diff * diff;
        }
        double[][] root1 = SymmetricEigen.of(sigma1).apply(FrechetDistance::sqrtClamped);   // Σ₁^½
        double[][] m = multiply(multiply(root1, sigma2), root1);                           // Σ₁^½ Σ₂ Σ₁^½
        double traceRoot = 0;
        for (double lambda : SymmetricEigen.of(symmetrized(m)).values()) {
            traceRoot += sqrtClamped(lambda);                                              // Tr((…)^½) = Σ √λ
        }
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += sigma1[j][j] + sigma2[j][j];
        }
        return Math.max(0, meanTerm + trace - 2 * traceRoot);   // ≥ 0 in exact arithmetic; rounding may dip below
    }

    private static double sqrtClamped(double lambda) {
        return Math.sqrt(Math.max(lambda, 0));
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i][p];
                for (int j = 0; j < m; j++) {
                    c[i][j] += aip * b[p][j];
                }
            }
        }
        return c;
    }

    /** (M + Mᵀ)/2: a product of symmetric matrices that should be symmetric, less its rounding. */
    private static double[][] symmetrized(double[][] m) {
        int n = m.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = 0.5 * (m[i][j] + m[j][i]);
            }
        }
        return s;
    }
}
