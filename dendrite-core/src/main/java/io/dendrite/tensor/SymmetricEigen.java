package io.dendrite.tensor;

/**
 * The eigendecomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix by the cyclic Jacobi method (Golub and Van Loan
 * §8.5; Numerical Recipes' {@code jacobi}): sweeps of plane rotations, each zeroing one off-diagonal pair, until the
 * off-diagonal mass is below {@code 1e-15 ×} the matrix's Frobenius norm (or underflows). Each sweep costs O(n³), and
 * a handful of sweeps suffice (the convergence is quadratic), so it serves matrices up to a few hundred rows — the
 * covariances of a classifier's features, of a few dozen to 128 dimensions, that the Fréchet distance needs. All
 * arithmetic is in double, whatever the input's dtype.
 *
 * <p>Eigenvalues come sorted in descending order, the columns of {@link #vectors()} in the same order, orthonormal.
 * The input must be square, finite and symmetric to within 1e-9 of its largest element; it is symmetrized as
 * (A + Aᵀ)/2 first, so rounding in a computed covariance does no harm.
 */
public final class SymmetricEigen {
    /** Sweeps after which a matrix that has not converged is refused (a symmetric one converges in about 10). */
    static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes the symmetric (n, n) matrix {@code a}. */
    public static SymmetricEigen of(Tensor a) {
        if (a.ndim() != 2 || a.shape(0) != a.shape(1)) {
            throw new IllegalArgumentException("SymmetricEigen: expected a square matrix (n, n), got " + Shapes.format(a.shape()));
        }
        int n = a.shape(0);
        double[] flat = a.toDoubleArray();
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * n, m[i], 0, n);
        }
        return of(m);
    }

    /** Decomposes the symmetric matrix {@code a} given as rows (not changed). */
    public static SymmetricEigen of(double[][] a) {
        int n = a.length;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("SymmetricEigen: row " + i + " has " + a[i].length + " entries, expected "
                        + n + " (a square matrix)");
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("SymmetricEigen: entry (" + i + ", " + j + ") is " + a[i][j]
                            + " — the matrix must be finite");
                }
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * scale) {
                    throw new IllegalArgumentException("SymmetricEigen: the matrix is not symmetric: (" + i + ", " + j + ") = "
                            + a[i][j] + " but (" + j + ", " + i + ") = " + a[j][i]);
                }
                m[i][j] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        jacobi(m, v);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = m[i][i];
        }
        return sorted(d, v);
    }

    /** Rotates m to diagonal form in place, accumulating the rotations in v (m ← Jᵀ·m·J, v ← v·J). */
    private static void jacobi(double[][] m, double[][] v) {
        int n = m.length;
        double norm = 0;
        for (double[] row : m) {
            for (double x : row) {
                norm += x * x;
            }
        }
        double tolerance = 1e-30 * norm;   // (1e-15 · ‖A‖_F)²: compared with the squared off-diagonal mass
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += 2 * m[p][q] * m[p][q];
                }
            }
            if (off <= tolerance || off < Double.MIN_NORMAL) {
                return;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] != 0) {
                        rotate(m, v, p, q);
                    }
                }
            }
        }
        throw new IllegalStateException("SymmetricEigen: no convergence after " + MAX_SWEEPS + " Jacobi sweeps");
    }

    /**
     * One rotation J(p, q, θ) that zeroes m[p][q]: with θ = (m_qq − m_pp) / (2·m_pq), t = tan θ is the smaller root of
     * t² + 2θt − 1 = 0, c = 1/√(1 + t²), s = t·c (Golub and Van Loan's symmetric Schur decomposition).
     */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        int n = m.length;
        double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++) {          // columns p and q: m ← m·J
            double mkp = m[k][p], mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {          // rows p and q: m ← Jᵀ·m
            double mpk = m[p][k], mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        m[p][q] = 0;                           // zero by construction; rounding would leave a trace
        m[q][p] = 0;
        for (int k = 0; k < n; k++) {          // v ← v·J
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** Eigenvalues in descending order with their vectors (columns of v) moved along. */
    private static SymmetricEigen sorted(double[] d, double[][] v) {
        int n = d.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(d[j], d[i]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = d[order[k]];
            for (int i = 0; i < n; i++) {
                vectors[i][k] = v[i][order[k]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** The eigenvalues, largest first. */
    public double[] values() {
        return values.clone();
    }

    /** The eigenvectors as the columns of an (n, n) matrix, in the order of {@link #values()}. */
    public double[][] vectors() {
        double[][] copy = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        return copy;
    }

    /**
     * f(A) = V·diag(f(λ))·Vᵀ for a function of the eigenvalues — with f = √max(λ, 0), the principal square root of a
     * positive semi-definite matrix whose rounding left tiny negative eigenvalues.
     */
    public double[][] apply(java.util.function.DoubleUnaryOperator f) {
        int n = values.length;
        double[] fl = new double[n];
        for (int k = 0; k < n; k++) {
            fl[k] = f.applyAsDouble(values[k]);
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += vectors[i][k] * fl[k] * vectors[j][k];
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }
}
