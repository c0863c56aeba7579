package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Parallel;

import java.util.Arrays;

/**
 * Local response normalization across channels (AlexNet), defined as PyTorch's {@code nn.LocalResponseNorm}:
 * each value is divided by a power of the sum of squares over a window of {@code size} neighbouring channels.
 *
 * <pre>
 *   x: (N, C, H, W)   out: (N, C, H, W)   n = size
 *   window(c) = channels c − ⌊n/2⌋ … c + ⌊(n−1)/2⌋, clipped to [0, C) (PyTorch pads the squares with zeros,
 *               ⌊n/2⌋ channels in front and ⌊(n−1)/2⌋ behind, so an even n reaches one channel further back)
 *   s_c   = k + (α/n) · Σ_{c' ∈ window(c)} x_{c'}²          per (n, h, w); s ≥ k &gt; 0
 *   out_c = x_c · s_c^(−β)
 *   dx_j  = dout_j · s_j^(−β) − (2αβ/n) · x_j · Σ_{c : j ∈ window(c)} dout_c · x_c · s_c^(−β−1)
 *           (∂out_c/∂x_j = [c = j]·s_c^(−β) − β·x_c·s_c^(−β−1)·(2α/n)·x_j for every c whose window holds j;
 *            those c are j − ⌊(n−1)/2⌋ … j + ⌊n/2⌋, the window mirrored)
 * </pre>
 *
 * <p>AlexNet (Krizhevsky et al., 2012, §3.3) writes {@code k + α·Σ x²}, with α <em>not</em> divided by the
 * window size, and uses n = 5, α = 1e-4, β = 0.75, k = 2: the paper's α equals this layer's α / n, so build
 * AlexNet's layer as {@code new LocalResponseNorm(5, 5e-4, 0.75, 2)}. Caffe and PyTorch divide by n, as here.
 * Defaults are PyTorch's: α = {@value #DEFAULT_ALPHA}, β = {@value #DEFAULT_BETA}, k = {@value #DEFAULT_K}.
 *
 * <p>No parameters. Works in F32 and F64 (computed in double either way); out and dx have the input's dtype.
 * The same in training and evaluation.
 */
public final class LocalResponseNorm implements Layer {
    /** α, the weight of the window's mean square (PyTorch's default). */
    public static final double DEFAULT_ALPHA = 1e-4;
    /** β, the exponent of the denominator (PyTorch's default). */
    public static final double DEFAULT_BETA = 0.75;
    /** k, the additive constant of the denominator (PyTorch's default). */
    public static final double DEFAULT_K = 1.0;

    private final int size;
    private final double alpha, beta, k;

    // what backward needs, from the last forward: the input's shape and dtype; x, s and s^(−β), (N, C, H·W) row-major
    private int[] shape;
    private DType dtype;
    private double[] x, s, sPow;

    /**
     * @param size  window width n in channels, ≥ 1 (may exceed C: the window is clipped)
     * @param alpha weight α of the window's mean square, finite and ≥ 0
     * @param beta  exponent β of the denominator, finite and ≥ 0
     * @param k     additive constant of the denominator, finite and &gt; 0
     * @throws IllegalArgumentException naming the argument and its value when one is out of range
     */
    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        this.size = ConvGeometry.require("size", size, 1);
        this.alpha = require("alpha", alpha, alpha >= 0, "finite and ≥ 0");
        this.beta = require("beta", beta, beta >= 0, "finite and ≥ 0");
        this.k = require("k", k, k > 0, "finite and > 0, so that the denominator is never 0");
    }

    /** PyTorch's defaults: α = {@value #DEFAULT_ALPHA}, β = {@value #DEFAULT_BETA}, k = {@value #DEFAULT_K}. */
    public LocalResponseNorm(int size) {
        this(size, DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_K);
    }

    private static double require(String what, double v, boolean ok, String rule) {
        if (!ok || !Double.isFinite(v)) {
            throw new IllegalArgumentException("invalid " + what + ": " + v + " (must be " + rule + ")");
        }
        return v;
    }

    /** x (N, C, H, W) → out (N, C, H, W). */
    @Override
    public Tensor forward(Tensor input) {
        LayerChecks.images(this, input.shape(), -1, null);
        int N = input.shape(0), C = input.shape(1), Q = input.shape(2) * input.shape(3), plane = C * Q;
        double[] xs = NormMath.values(input), ss = new double[xs.length], ps = new double[xs.length], out = new double[xs.length];
        Parallel.forRange(N, grain(plane), (from, to) -> {
            windowDenominator(xs, from * plane, to * plane, C, Q, ss);        // s = k + (α/n)·Σ_window x²
            for (int i = from * plane; i < to * plane; i++) {
                ps[i] = Math.pow(ss[i], -beta);
                out[i] = xs[i] * ps[i];                                         // out = x · s^(−β)
            }
        });
        shape = input.shape();
        dtype = input.dtype();
        x = xs;
        s = ss;
        sPow = ps;
        return NormMath.tensor(out, input.dtype(), input.shape());
    }

    /** dout (N, C, H, W) → dx (N, C, H, W). */
    @Override
    public Tensor backward(Tensor dout) {
        if (shape == null) {
            throw LayerChecks.notForwarded(this);
        }
        double[] d = NormMath.values(LayerChecks.dout(this, dout, shape, dtype));
        int N = shape[0], C = shape[1], Q = shape[2] * shape[3], plane = C * Q;
        double[] t = new double[d.length], dx = new double[d.length];
        Parallel.forRange(N, grain(plane), (from, to) -> {
            for (int i = from * plane; i < to * plane; i++) {
                t[i] = d[i] * x[i] * sPow[i] / s[i];                             // t_c = dout_c · x_c · s_c^(−β−1)
            }
            mirroredWindowBackward(d, t, from * plane, to * plane, C, Q, dx);
        });
        return NormMath.tensor(dx, dtype, shape);
    }

    /** Samples per thread worth splitting for: about 16K values. */
    private static int grain(int plane) {
        return Math.max(1, (1 << 14) / Math.max(1, plane));
    }

    /** s[c, q] = k + (α/n) · Σ_{c' ∈ window(c)} x[c', q]², over the samples in [from, to) of the (N, C, Q) view. */
    private void windowDenominator(double[] x, int from, int to, int C, int Q, double[] s) {
        double scale = alpha / size;
        for (int base = from; base < to; base += C * Q) {
            for (int c = 0; c < C; c++) {
                int row = base + c * Q;
                for (int cp = Math.max(0, c - size / 2); cp <= Math.min(C - 1, c + (size - 1) / 2); cp++) {
                    for (int q = 0, src = base + cp * Q; q < Q; q++) {
                        s[row + q] += x[src + q] * x[src + q];
                    }
                }
                for (int q = row; q < row + Q; q++) {
                    s[q] = k + scale * s[q];
                }
            }
        }
    }

    /** dx_j = dout_j · s_j^(−β) − (2αβ/n) · x_j · Σ_{c = j − ⌊(n−1)/2⌋ … j + ⌊n/2⌋} t_c, over [from, to). */
    private void mirroredWindowBackward(double[] d, double[] t, int from, int to, int C, int Q, double[] dx) {
        double coef = 2 * alpha * beta / size;
        double[] sum = new double[Q];
        for (int base = from; base < to; base += C * Q) {
            for (int j = 0; j < C; j++) {
                Arrays.fill(sum, 0);
                for (int c = Math.max(0, j - (size - 1) / 2); c <= Math.min(C - 1, j + size / 2); c++) {
                    for (int q = 0, src = base + c * Q; q < Q; q++) {
                        sum[q] += t[src + q];
                    }
                }
                for (int q = 0, i = base + j * Q; q < Q; q++, i++) {
                    dx[i] = d[i] * sPow[i] - coef * x[i] * sum[q];
                }
            }
        }
    }

    /** Window width n in channels. */
    public int size() {
        return size;
    }

    /** α, the weight of the window's mean square. */
    public double alpha() {
        return alpha;
    }

    /** β, the exponent of the denominator. */
    public double beta() {
        return beta;
    }

    /** k, the additive constant of the denominator. */
    public double k() {
        return k;
    }

    @Override
    public String toString() {
        return "LocalResponseNorm(size=" + size + ", alpha=" + format(alpha) + ", beta=" + format(beta)
                + ", k=" + format(k) + ")";
    }

    /** The shortest decimal that reads back as {@code v}, exponent as 1e-4 (not Java's 1.0E-4). */
    private static String format(double v) {
        String s = Double.toString(v);
        int e = s.indexOf('E');
        return e < 0 ? s : s.substring(0, e).replaceAll("\\.0$", "") + "e" + s.substring(e + 1);
    }
}
