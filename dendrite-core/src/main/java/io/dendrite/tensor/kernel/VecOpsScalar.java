package io.dendrite.tensor.kernel;

/**
 * The plain-Java bodies of {@link VecOps} (whose Javadoc states each method's contract), used when the Vector
 * API is not enabled (see {@link Simd}). Elementwise methods compute the same expression per element as the
 * vector bodies, so they agree bit for bit; sums and dot products add in double, one element at a time in
 * order, so they are deterministic but round differently from the vector body's float lanes.
 */
final class VecOpsScalar {
    static {
        Simd.plainKernelsInUse();
    }

    private VecOpsScalar() {
    }

    // ---------------------------------------------------------------- float[]

    static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    static void max(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.max(a[aOff + i], b[bOff + i]);
        }
    }

    static void min(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.min(a[aOff + i], b[bOff + i]);
        }
    }

    static void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] + s;
        }
    }

    static void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] * s;
        }
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    static void relu(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0);
        }
    }

    static void reluBackward(float[] x, int xOff, float[] dout, int dOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            dx[dxOff + i] = x[xOff + i] > 0 ? dout[dOff + i] : 0;
        }
    }

    static double sum(float[] x, int off, int len) {
        double total = 0;
        for (int i = 0; i < len; i++) {
            total += x[off + i];
        }
        return total;
    }

    static double dot(float[] x, int xOff, float[] y, int yOff, int len) {
        double total = 0;
        for (int i = 0; i < len; i++) {
            total += (double) x[xOff + i] * y[yOff + i];
        }
        return total;
    }

    /** The differences in float, as the vector body takes them (see {@link VecOps#squaredDeviations}). */
    static double squaredDeviations(float[] x, int off, int len, float mu) {
        double total = 0;
        for (int i = 0; i < len; i++) {
            double d = x[off + i] - mu;
            total += d * d;
        }
        return total;
    }

    static void scaleShift(float[] x, int xOff, float s, float t, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], s, t);
        }
    }

    static void combine(float a, float[] x, int xOff, float b, float[] y, int yOff, float c,
                        float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.fma(a, x[xOff + i], Math.fma(b, y[yOff + i], c));
        }
    }

    static float reduceMax(float[] x, int off, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    static float reduceMin(float[] x, int off, int len) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            m = Math.min(m, x[off + i]);
        }
        return m;
    }

    /** The first of equal maxima, or the first NaN (numpy's rules, as {@link VecOps#argmax(float[], int, int)}). */
    static int argmax(float[] x, int off, int len) {
        int best = 0;
        float m = x[off];
        for (int i = 0; i < len; i++) {
            float v = x[off + i];
            if (Float.isNaN(v)) {
                return i;
            }
            if (v > m) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- double[]

    static void add(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    static void sub(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    static void mul(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    static void div(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    static void max(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.max(a[aOff + i], b[bOff + i]);
        }
    }

    static void min(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.min(a[aOff + i], b[bOff + i]);
        }
    }

    static void addScalar(double[] a, int aOff, double s, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] + s;
        }
    }

    static void mulScalar(double[] a, int aOff, double s, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] * s;
        }
    }

    static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    static void relu(double[] x, int xOff, double[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0);
        }
    }

    static void reluBackward(double[] x, int xOff, double[] dout, int dOff, double[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            dx[dxOff + i] = x[xOff + i] > 0 ? dout[dOff + i] : 0;
        }
    }

    static double sum(double[] x, int off, int len) {
        double total = 0;
        for (int i = 0; i < len; i++) {
            total += x[off + i];
        }
        return total;
    }

    static double dot(double[] x, int xOff, double[] y, int yOff, int len) {
        double total = 0;
        for (int i = 0; i < len; i++) {
            total += (double) x[xOff + i] * y[yOff + i];
        }
        return total;
    }

    static double reduceMax(double[] x, int off, int len) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    static double reduceMin(double[] x, int off, int len) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            m = Math.min(m, x[off + i]);
        }
        return m;
    }

    /** The first of equal maxima, or the first NaN (numpy's rules, as {@link VecOps#argmax(double[], int, int)}). */
    static int argmax(double[] x, int off, int len) {
        int best = 0;
        double m = x[off];
        for (int i = 0; i < len; i++) {
            double v = x[off + i];
            if (Double.isNaN(v)) {
                return i;
            }
            if (v > m) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    /** Σ |a − b| in float, one element after another. */
    static float absDiffSum(float[] a, int aOff, float[] b, int bOff, int len) {
        float s = 0;
        for (int i = 0; i < len; i++) {
            s += Math.abs(a[aOff + i] - b[bOff + i]);
        }
        return s;
    }

    static double absDiffSum(double[] a, int aOff, double[] b, int bOff, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += Math.abs(a[aOff + i] - b[bOff + i]);
        }
        return s;
    }
}
