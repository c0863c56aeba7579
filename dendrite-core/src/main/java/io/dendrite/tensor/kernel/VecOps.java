package io.dendrite.tensor.kernel;

/**
 * Elementwise loops and reductions over {@code float[]} and {@code double[]} ranges, for Tensor's contiguous
 * fast paths and for layers.
 *
 * <p>Every method takes explicit offsets and a length; outputs may be the same array and offset as an
 * input (in-place), but must not partially overlap one. Elementwise results are exactly the scalar Java
 * expression named in each method's comment, on either path. Sums and dot products are deterministic: they
 * depend only on the values, the length and the path, never on threads or JIT state. No bounds checks beyond
 * the JVM's: a bad range throws {@link IndexOutOfBoundsException}.
 *
 * <p>Each method dispatches to the Vector API body ({@code VecOpsVector}) or, when the module is not enabled,
 * to the plain-Java one ({@code VecOpsScalar}); see {@link Simd}.
 */
public final class VecOps {
    private VecOps() {
    }

    private static void requireNonEmpty(String what, int len) {
        if (len <= 0) {
            throw new IllegalArgumentException(what + " of an empty range (length " + len + ") is undefined");
        }
    }

    // ---------------------------------------------------------------- float[]

    /** out = a + b. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.add(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.add(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = a - b. */
    public static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.sub(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.sub(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = a * b. */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.mul(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.mul(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = a / b. */
    public static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.div(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.div(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = max(a, b) elementwise, {@link Math#max(float, float)} semantics (NaN wins). */
    public static void max(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.max(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.max(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = min(a, b) elementwise, {@link Math#min(float, float)} semantics (NaN wins). */
    public static void min(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.min(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.min(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = a + s. */
    public static void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.addScalar(a, aOff, s, out, outOff, len);
        } else {
            VecOpsScalar.addScalar(a, aOff, s, out, outOff, len);
        }
    }

    /** out = a * s. */
    public static void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.mulScalar(a, aOff, s, out, outOff, len);
        } else {
            VecOpsScalar.mulScalar(a, aOff, s, out, outOff, len);
        }
    }

    /** x *= alpha, in place. */
    public static void scale(float alpha, float[] x, int xOff, int len) {
        mulScalar(x, xOff, alpha, x, xOff, len);
    }

    /** y += alpha * x, each element one fused multiply-add ({@link Math#fma(float, float, float)}). */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.axpy(alpha, x, xOff, y, yOff, len);
        } else {
            VecOpsScalar.axpy(alpha, x, xOff, y, yOff, len);
        }
    }

    /** ReLU forward: out = max(x, 0) (NaN stays NaN). */
    public static void relu(float[] x, int xOff, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.relu(x, xOff, out, outOff, len);
        } else {
            VecOpsScalar.relu(x, xOff, out, outOff, len);
        }
    }

    /** ReLU backward: dx = dout where x &gt; 0, else 0. {@code dx} may be {@code dout} itself. */
    public static void reluBackward(float[] x, int xOff, float[] dout, int dOff, float[] dx, int dxOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.reluBackward(x, xOff, dout, dOff, dx, dxOff, len);
        } else {
            VecOpsScalar.reluBackward(x, xOff, dout, dOff, dx, dxOff, len);
        }
    }

    /**
     * Σ x, returned in double. Deterministic: the vector path sums blocks of 256 elements
     * in float vector lanes (4 accumulators), adds each block's lanes in lane order into a double, and
     * the tail one element at a time; the plain-Java path adds every element in double, in order. The result
     * depends only on the values and the length (and the path, and the machine's vector width), never on
     * threads or JIT state.
     */
    public static double sum(float[] x, int off, int len) {
        return Simd.AVAILABLE ? VecOpsVector.sum(x, off, len) : VecOpsScalar.sum(x, off, len);
    }

    /** Σ x·y, returned in double; summed like {@link #sum(float[], int, int)}. */
    public static double dot(float[] x, int xOff, float[] y, int yOff, int len) {
        return Simd.AVAILABLE ? VecOpsVector.dot(x, xOff, y, yOff, len) : VecOpsScalar.dot(x, xOff, y, yOff, len);
    }

    /**
     * Σ (x − mu)², returned in double; summed like {@link #sum(float[], int, int)}. The differences are taken
     * in float, so a caller with a double mean passes it rounded and corrects the result (see
     * {@code BatchNormF32}).
     */
    public static double squaredDeviations(float[] x, int off, int len, float mu) {
        return Simd.AVAILABLE ? VecOpsVector.squaredDeviations(x, off, len, mu)
                : VecOpsScalar.squaredDeviations(x, off, len, mu);
    }

    /** out = x·s + t, each element one fused multiply-add ({@link Math#fma(float, float, float)}). */
    public static void scaleShift(float[] x, int xOff, float s, float t, float[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.scaleShift(x, xOff, s, t, out, outOff, len);
        } else {
            VecOpsScalar.scaleShift(x, xOff, s, t, out, outOff, len);
        }
    }

    /** out = a·x + (b·y + c), as {@code Math.fma(a, x, Math.fma(b, y, c))} per element. */
    public static void combine(float a, float[] x, int xOff, float b, float[] y, int yOff, float c, float[] out,
                               int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.combine(a, x, xOff, b, y, yOff, c, out, outOff, len);
        } else {
            VecOpsScalar.combine(a, x, xOff, b, y, yOff, c, out, outOff, len);
        }
    }

    /** Largest element ({@link Math#max(float, float)} semantics: NaN if any is NaN); len must be &gt; 0. */
    public static float reduceMax(float[] x, int off, int len) {
        requireNonEmpty("reduceMax", len);
        return Simd.AVAILABLE ? VecOpsVector.reduceMax(x, off, len) : VecOpsScalar.reduceMax(x, off, len);
    }

    /** Smallest element ({@link Math#min(float, float)} semantics: NaN if any is NaN); len must be &gt; 0. */
    public static float reduceMin(float[] x, int off, int len) {
        requireNonEmpty("reduceMin", len);
        return Simd.AVAILABLE ? VecOpsVector.reduceMin(x, off, len) : VecOpsScalar.reduceMin(x, off, len);
    }

    /**
     * Index (from {@code off}, so in [0, len)) of the largest element, numpy's rules: the first of equal
     * maxima, and the first NaN if there is one; len must be &gt; 0.
     */
    public static int argmax(float[] x, int off, int len) {
        requireNonEmpty("argmax", len);
        return Simd.AVAILABLE ? VecOpsVector.argmax(x, off, len) : VecOpsScalar.argmax(x, off, len);
    }

    // ---------------------------------------------------------------- double[]

    /** out = a + b. */
    public static void add(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.add(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.add(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = a - b. */
    public static void sub(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.sub(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.sub(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = a * b. */
    public static void mul(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.mul(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.mul(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = a / b. */
    public static void div(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.div(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.div(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = max(a, b) elementwise, {@link Math#max(double, double)} semantics (NaN wins). */
    public static void max(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.max(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.max(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = min(a, b) elementwise, {@link Math#min(double, double)} semantics (NaN wins). */
    public static void min(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.min(a, aOff, b, bOff, out, outOff, len);
        } else {
            VecOpsScalar.min(a, aOff, b, bOff, out, outOff, len);
        }
    }

    /** out = a + s. */
    public static void addScalar(double[] a, int aOff, double s, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.addScalar(a, aOff, s, out, outOff, len);
        } else {
            VecOpsScalar.addScalar(a, aOff, s, out, outOff, len);
        }
    }

    /** out = a * s. */
    public static void mulScalar(double[] a, int aOff, double s, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.mulScalar(a, aOff, s, out, outOff, len);
        } else {
            VecOpsScalar.mulScalar(a, aOff, s, out, outOff, len);
        }
    }

    /** x *= alpha, in place. */
    public static void scale(double alpha, double[] x, int xOff, int len) {
        mulScalar(x, xOff, alpha, x, xOff, len);
    }

    /** y += alpha * x, each element one fused multiply-add ({@link Math#fma(double, double, double)}). */
    public static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.axpy(alpha, x, xOff, y, yOff, len);
        } else {
            VecOpsScalar.axpy(alpha, x, xOff, y, yOff, len);
        }
    }

    /** ReLU forward: out = max(x, 0) (NaN stays NaN). */
    public static void relu(double[] x, int xOff, double[] out, int outOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.relu(x, xOff, out, outOff, len);
        } else {
            VecOpsScalar.relu(x, xOff, out, outOff, len);
        }
    }

    /** ReLU backward: dx = dout where x &gt; 0, else 0. {@code dx} may be {@code dout} itself. */
    public static void reluBackward(double[] x, int xOff, double[] dout, int dOff, double[] dx, int dxOff, int len) {
        if (Simd.AVAILABLE) {
            VecOpsVector.reluBackward(x, xOff, dout, dOff, dx, dxOff, len);
        } else {
            VecOpsScalar.reluBackward(x, xOff, dout, dOff, dx, dxOff, len);
        }
    }

    /** Σ x; deterministic, summed like {@link #sum(float[], int, int)}. */
    public static double sum(double[] x, int off, int len) {
        return Simd.AVAILABLE ? VecOpsVector.sum(x, off, len) : VecOpsScalar.sum(x, off, len);
    }

    /** Σ x·y, returned in double; summed like {@link #sum(float[], int, int)}. */
    public static double dot(double[] x, int xOff, double[] y, int yOff, int len) {
        return Simd.AVAILABLE ? VecOpsVector.dot(x, xOff, y, yOff, len) : VecOpsScalar.dot(x, xOff, y, yOff, len);
    }

    /** Largest element ({@link Math#max(double, double)} semantics: NaN if any is NaN); len must be &gt; 0. */
    public static double reduceMax(double[] x, int off, int len) {
        requireNonEmpty("reduceMax", len);
        return Simd.AVAILABLE ? VecOpsVector.reduceMax(x, off, len) : VecOpsScalar.reduceMax(x, off, len);
    }

    /** Smallest element ({@link Math#min(double, double)} semantics: NaN if any is NaN); len must be &gt; 0. */
    public static double reduceMin(double[] x, int off, int len) {
        requireNonEmpty("reduceMin", len);
        return Simd.AVAILABLE ? VecOpsVector.reduceMin(x, off, len) : VecOpsScalar.reduceMin(x, off, len);
    }

    /**
     * Index (from {@code off}, so in [0, len)) of the largest element, numpy's rules: the first of equal
     * maxima, and the first NaN if there is one; len must be &gt; 0.
     */
    public static int argmax(double[] x, int off, int len) {
        requireNonEmpty("argmax", len);
        return Simd.AVAILABLE ? VecOpsVector.argmax(x, off, len) : VecOpsScalar.argmax(x, off, len);
    }

    /** Σ |a − b| over {@code len} elements (the L1 distance of two rows), in float; summed per path. */
    public static float absDiffSum(float[] a, int aOff, float[] b, int bOff, int len) {
        return Simd.AVAILABLE ? VecOpsVector.absDiffSum(a, aOff, b, bOff, len) : VecOpsScalar.absDiffSum(a, aOff, b, bOff, len);
    }

    /** Σ |a − b| over {@code len} elements, in double. */
    public static double absDiffSum(double[] a, int aOff, double[] b, int bOff, int len) {
        return Simd.AVAILABLE ? VecOpsVector.absDiffSum(a, aOff, b, bOff, len) : VecOpsScalar.absDiffSum(a, aOff, b, bOff, len);
    }
}
