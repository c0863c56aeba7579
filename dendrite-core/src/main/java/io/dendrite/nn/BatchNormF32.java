package io.dendrite.nn;

import io.dendrite.tensor.kernel.Parallel;
import io.dendrite.tensor.kernel.VecOps;

/**
 * BatchNorm's loops on float arrays in the layout (N, C, Q) with Q &gt; 1 (BatchNorm2d in F32): the same math as
 * {@link NormMath}'s double loops, without widening every element to double and back. On a conv layer's output
 * that conversion cost more than the math (SimpleConvNet with batch norm spent 13 ms of every iteration in it).
 *
 * <p>Statistics stay double where it matters: each (n, c) plane is summed in float lanes by
 * {@link VecOps#sum(float[], int, int)}, and the planes of a channel are added in double in the order of n, as
 * in {@link NormMath#moments}. Reductions run one channel per chunk and elementwise loops split over planes, so
 * results are bit-identical for any thread count.
 */
final class BatchNormF32 {
    /** Values per chunk below which splitting over threads costs more than it saves. */
    private static final int GRAIN_VALUES = 1 << 15;

    private BatchNormF32() {
    }

    /** Biased mean and variance per channel of x (offset {@code off}), over M = N·Q values each. */
    static void moments(float[] x, int off, int n, int c, int q, double[] mean, double[] var) {
        double m = (double) n * q;
        Parallel.forRange(c, channelGrain(n, q), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int b = 0; b < n; b++) {
                    s += VecOps.sum(x, off + (b * c + ch) * q, q);
                }
                double mu = s / m;
                // deviations from the float-rounded mean, then the exact correction Σ(x−μ)² = Σ(x−μf)² − M(μ−μf)²
                float muF = (float) mu;
                double ss = 0;
                for (int b = 0; b < n; b++) {
                    ss += VecOps.squaredDeviations(x, off + (b * c + ch) * q, q, muF);
                }
                double shift = mu - muF;
                mean[ch] = mu;
                var[ch] = Math.max(0, ss / m - shift * shift);
            }
        });
    }

    /** x̂ = (x − μ)·invStd into {@code xhat} and out = γ·x̂ + β into {@code out}, both starting at 0. */
    static void normalize(float[] x, int off, int n, int c, int q, double[] mean, double[] invStd,
                          double[] gamma, double[] beta, float[] xhat, float[] out) {
        Parallel.forRange(n * c, planeGrain(q), (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c, p = plane * q;
                VecOps.scaleShift(x, off + p, (float) invStd[ch], (float) (-mean[ch] * invStd[ch]), xhat, p, q);
                VecOps.scaleShift(xhat, p, (float) gamma[ch], (float) beta[ch], out, p, q);
            }
        });
    }

    /** This batch's dγ_c = Σ dout·x̂ and dβ_c = Σ dout (overwrites both arrays). */
    static void affineGrads(float[] dout, int dOff, float[] xhat, int n, int c, int q, double[] dgamma, double[] dbeta) {
        Parallel.forRange(c, channelGrain(n, q), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double dg = 0, db = 0;
                for (int b = 0; b < n; b++) {
                    int p = (b * c + ch) * q;
                    dg += VecOps.dot(dout, dOff + p, xhat, p, q);
                    db += VecOps.sum(dout, dOff + p, q);
                }
                dgamma[ch] = dg;
                dbeta[ch] = db;
            }
        });
    }

    /**
     * dx = γ·invStd/M · (M·dout − dβ − x̂·dγ) with batch statistics, or dx = γ·invStd·dout with running ones
     * (then dγ and dβ are not needed). Written as dx = a·dout + (b·x̂ + e) per channel.
     */
    static float[] inputGrad(float[] dout, int dOff, float[] xhat, int n, int c, int q, double[] gamma, double[] invStd,
                             double[] dgamma, double[] dbeta, boolean batchStats) {
        float[] dx = new float[n * c * q];
        double m = (double) n * q;
        Parallel.forRange(n * c, planeGrain(q), (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c, p = plane * q;
                double a = gamma[ch] * invStd[ch];
                if (batchStats) {
                    double k = a / m;
                    VecOps.combine((float) a, dout, dOff + p, (float) (-k * dgamma[ch]), xhat, p, (float) (-k * dbeta[ch]),
                            dx, p, q);
                } else {
                    VecOps.scaleShift(dout, dOff + p, (float) a, 0f, dx, p, q);
                }
            }
        });
        return dx;
    }

    private static int channelGrain(int n, int q) {
        return (int) Math.max(1, GRAIN_VALUES / Math.max(1L, (long) n * q));
    }

    private static int planeGrain(int q) {
        return Math.max(1, GRAIN_VALUES / q);
    }
}
