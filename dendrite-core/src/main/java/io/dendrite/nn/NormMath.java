package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * The loops shared by the normalization layers, on contiguous double arrays.
 *
 * <p>Two layouts describe every layer. <b>Statistics</b> are taken over a tensor viewed as
 * {@code (outer, S, inner)}: group {@code s} reduces over {@code outer} and {@code inner}, so
 * {@code M = outer·inner} values share one mean and variance. <b>Affine</b> parameters index a tensor viewed as
 * {@code (N, C, Q)}: element {@code (n, c, q)} uses γ_c and β_c.
 * <pre>
 *   layer          statistics (outer, S, inner)    affine (N, C, Q)
 *   BatchNorm      (N, D, 1)                       (N, D, 1)
 *   BatchNorm2d    (N, C, H·W)                     (N, C, H·W)
 *   LayerNorm      (1, N, D)                       (N, D, 1)
 *   GroupNorm      (1, N·G, C/G·H·W)               (N, C, H·W)
 * </pre>
 * BatchNorm2d needs no transpose: cs231n's reshape to {@code (N·H·W, C)} is the same grouping.
 * Everything is computed in double, also for F32 layers: statistics over large batches lose digits in float,
 * and one conversion at the layer's door keeps a single copy of each loop. The exception is BatchNorm2d in F32,
 * whose conv-sized inputs made that conversion the layer's main cost; it runs {@link BatchNormF32}.
 */
final class NormMath {
    private NormMath() {
    }

    // Each loop has two shapes: rows of channels when the innermost run is one element (BatchNorm's (N, D):
    // the loop then runs along D and vectorizes), blocks otherwise (sums with four accumulators, so that the
    // adds do not wait on each other). Both are deterministic: the order depends on the shape only.

    /** Biased mean and variance per statistics group, in two passes (the one-pass formula cancels badly). */
    static void moments(double[] x, int outer, int groups, int inner, double[] mean, double[] var) {
        double m = (double) outer * inner;
        Arrays.fill(mean, 0, groups, 0);
        Arrays.fill(var, 0, groups, 0);
        if (inner == 1) {
            for (int o = 0, p = 0; o < outer; o++, p += groups) {
                for (int s = 0; s < groups; s++) {
                    mean[s] += x[p + s];
                }
            }
            for (int s = 0; s < groups; s++) {
                mean[s] /= m;
            }
            for (int o = 0, p = 0; o < outer; o++, p += groups) {
                for (int s = 0; s < groups; s++) {
                    double d = x[p + s] - mean[s];
                    var[s] += d * d;
                }
            }
        } else {
            for (int o = 0, p = 0; o < outer; o++) {
                for (int s = 0; s < groups; s++, p += inner) {
                    mean[s] += sum(x, p, inner);
                }
            }
            for (int s = 0; s < groups; s++) {
                mean[s] /= m;
            }
            for (int o = 0, p = 0; o < outer; o++) {
                for (int s = 0; s < groups; s++, p += inner) {
                    var[s] += squaredDeviations(x, p, inner, mean[s]);
                }
            }
        }
        for (int s = 0; s < groups; s++) {
            var[s] /= m;
        }
    }

    /** 1/√(σ² + eps) per group. */
    static double[] invStd(double[] var, double eps, double[] into) {
        for (int s = 0; s < into.length; s++) {
            into[s] = 1 / Math.sqrt(var[s] + eps);
        }
        return into;
    }

    /** x̂ = (x − μ_s)·invStd_s, written into {@code xhat}. */
    static void normalize(double[] x, int outer, int groups, int inner, double[] mean, double[] invStd, double[] xhat) {
        if (inner == 1) {
            for (int o = 0, p = 0; o < outer; o++, p += groups) {
                for (int s = 0; s < groups; s++) {
                    xhat[p + s] = (x[p + s] - mean[s]) * invStd[s];
                }
            }
            return;
        }
        for (int o = 0, p = 0; o < outer; o++) {
            for (int s = 0; s < groups; s++) {
                double mu = mean[s], k = invStd[s];
                for (int i = 0; i < inner; i++, p++) {
                    xhat[p] = (x[p] - mu) * k;
                }
            }
        }
    }

    /** out = γ_c·x̂ + β_c over the affine layout. */
    static double[] affine(double[] xhat, int n, int c, int q, double[] gamma, double[] beta) {
        double[] out = new double[n * c * q];
        if (q == 1) {
            for (int b = 0, p = 0; b < n; b++, p += c) {
                for (int ch = 0; ch < c; ch++) {
                    out[p + ch] = gamma[ch] * xhat[p + ch] + beta[ch];
                }
            }
            return out;
        }
        for (int b = 0, p = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double g = gamma[ch], be = beta[ch];
                for (int i = 0; i < q; i++, p++) {
                    out[p] = g * xhat[p] + be;
                }
            }
        }
        return out;
    }

    /** This batch's dγ_c = Σ dout·x̂ and dβ_c = Σ dout (overwrites both arrays; the layer accumulates). */
    static void affineGrads(double[] dout, double[] xhat, int n, int c, int q, double[] dgamma, double[] dbeta) {
        Arrays.fill(dgamma, 0);
        Arrays.fill(dbeta, 0);
        if (q == 1) {
            for (int b = 0, p = 0; b < n; b++, p += c) {
                for (int ch = 0; ch < c; ch++) {
                    dgamma[ch] += dout[p + ch] * xhat[p + ch];
                    dbeta[ch] += dout[p + ch];
                }
            }
            return;
        }
        for (int b = 0, p = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++, p += q) {
                dgamma[ch] += dot(dout, xhat, p, q);
                dbeta[ch] += sum(dout, p, q);
            }
        }
    }

    /** dout·scale_c over the affine layout: dx̂ = γ·dout, or BatchNorm's eval-mode dx = γ·invStd·dout. */
    static double[] scaleByChannel(double[] dout, int n, int c, int q, double[] scale) {
        double[] out = new double[n * c * q];
        if (q == 1) {
            for (int b = 0, p = 0; b < n; b++, p += c) {
                for (int ch = 0; ch < c; ch++) {
                    out[p + ch] = scale[ch] * dout[p + ch];
                }
            }
            return out;
        }
        for (int b = 0, p = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double k = scale[ch];
                for (int i = 0; i < q; i++, p++) {
                    out[p] = k * dout[p];
                }
            }
        }
        return out;
    }

    /**
     * Backward of x̂ = (x − μ)/√(σ² + eps) through μ and σ² of each group of the statistics layout
     * {@code (1, groups, inner)} (LayerNorm, GroupNorm):
     * dx = invStd/M · (M·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), sums over the group, M = inner.
     */
    static double[] normalizeBackward(double[] dxhat, double[] xhat, int groups, int inner, double[] invStd) {
        double m = inner;
        double[] dx = new double[dxhat.length];
        for (int s = 0, p = 0; s < groups; s++, p += inner) {
            double sum = sum(dxhat, p, inner), dot = dot(dxhat, xhat, p, inner), k = invStd[s] / m;
            for (int i = p; i < p + inner; i++) {
                dx[i] = k * (m * dxhat[i] - sum - xhat[i] * dot);
            }
        }
        return dx;
    }

    /**
     * BatchNorm's closed-form backward (cs231n {@code batchnorm_backward_alt}), valid when the statistics group
     * is the affine channel: then Σdx̂ = γ·dβ and Σdx̂·x̂ = γ·dγ, so
     * dx = γ·invStd/M · (M·dout − dβ − x̂·dγ) with this batch's dγ, dβ. Layout (N, C, Q), M = N·Q.
     */
    static double[] batchNormBackward(double[] dout, double[] xhat, int n, int c, int q, double[] gamma,
                                      double[] invStd, double[] dgamma, double[] dbeta) {
        double m = (double) n * q;
        double[] dx = new double[dout.length];
        if (q == 1) {
            double[] k = new double[c];
            for (int ch = 0; ch < c; ch++) {
                k[ch] = gamma[ch] * invStd[ch] / m;
            }
            for (int b = 0, p = 0; b < n; b++, p += c) {
                for (int ch = 0; ch < c; ch++) {
                    dx[p + ch] = k[ch] * (m * dout[p + ch] - dbeta[ch] - xhat[p + ch] * dgamma[ch]);
                }
            }
            return dx;
        }
        for (int b = 0, p = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double k = gamma[ch] * invStd[ch] / m, db = dbeta[ch], dg = dgamma[ch];
                for (int i = 0; i < q; i++, p++) {
                    dx[p] = k * (m * dout[p] - db - xhat[p] * dg);
                }
            }
        }
        return dx;
    }

    /** Σ a[from, from+len) with four independent accumulators. */
    static double sum(double[] a, int from, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from, end = from + len;
        for (; i + 3 < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < end; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ a[i]·b[i] over [from, from+len) with four independent accumulators. */
    static double dot(double[] a, double[] b, int from, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from, end = from + len;
        for (; i + 3 < end; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < end; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (a[i] − mu)² over [from, from+len) with four independent accumulators. */
    static double squaredDeviations(double[] a, int from, int len, double mu) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from, end = from + len;
        for (; i + 3 < end; i += 4) {
            double d0 = a[i] - mu, d1 = a[i + 1] - mu, d2 = a[i + 2] - mu, d3 = a[i + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < end; i++) {
            double d = a[i] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    // ---------------------------------------------------------------- at the layer's door

    /** Row-major values of {@code t}: the backing array itself when it is a whole contiguous F64 array (read only). */
    static double[] values(Tensor t) {
        if (!t.isContiguous()) {
            return t.toDoubleArray();
        }
        int n = t.size(), off = t.offset();
        if (t.dtype() == DType.F64) {
            return off == 0 && t.doubleData().length == n ? t.doubleData() : Arrays.copyOfRange(t.doubleData(), off, off + n);
        }
        float[] f = t.floatData();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = f[off + i];
        }
        return v;
    }

    /** Wraps (F64) or converts (F32) {@code v} into a fresh tensor. */
    static Tensor tensor(double[] v, DType dtype, int... shape) {
        if (dtype == DType.F64) {
            return Tensor.of(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, shape);
    }

    /** grad += d, element by element (parameter vectors are short). */
    static void accumulate(Tensor grad, double[] d) {
        for (int i = 0; i < d.length; i++) {
            grad.setFlat(i, grad.getFlat(i) + d[i]);
        }
    }

    /** Writes {@code v} into the live buffer {@code t} without replacing it. */
    static void store(Tensor t, double[] v) {
        for (int i = 0; i < v.length; i++) {
            t.setFlat(i, v[i]);
        }
    }

    /** A number the way Python prints it (1e-05, 0.9), so toString matches the seeds' notation. */
    static String format(double v) {
        String s = String.format(Locale.ROOT, "%g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    static void checkEps(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("invalid eps: " + eps + " (must be a small positive number such as 1e-05)");
        }
    }
}
