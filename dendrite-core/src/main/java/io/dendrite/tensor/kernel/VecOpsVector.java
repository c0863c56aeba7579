package io.dendrite.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link VecOps} (whose Javadoc states each method's contract; the facade checks
 * arguments and dispatches here only when {@link Simd#AVAILABLE}). Elementwise results are exactly the scalar
 * Java expression named in each method's comment (vector and scalar tails agree bit for bit). Sums and dot
 * products are deterministic: fixed blocks, fixed order of partial sums, F32 partials widened to double
 * (see {@link #sum(float[], int, int)}).
 */
final class VecOpsVector {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    private static final int DL = DS.length();
    /** Bits of the preferred float species (what {@code dendrite version} reports). */
    static final int BIT_SIZE = FS.vectorBitSize();
    /** Elements per reduction block; a multiple of 4 vectors of any width up to 512 bits. */
    static final int BLOCK = 256;

    private VecOpsVector() {
    }

    // ---------------------------------------------------------------- float[]

    /** out = a + b. */
    static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).add(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    /** out = a - b. */
    static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).sub(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    /** out = a * b. */
    static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).mul(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /** out = a / b. */
    static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).div(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    /** out = max(a, b) elementwise, {@link Math#max(float, float)} semantics (NaN wins). */
    static void max(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).max(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.max(a[aOff + i], b[bOff + i]);
        }
    }

    /** out = min(a, b) elementwise, {@link Math#min(float, float)} semantics (NaN wins). */
    static void min(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).min(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.min(a[aOff + i], b[bOff + i]);
        }
    }

    /** out = a + s. */
    static void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        int i = 0;
        FloatVector sv = FloatVector.broadcast(FS, s);
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).add(sv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] + s;
        }
    }

    /** out = a * s. */
    static void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        int i = 0;
        FloatVector sv = FloatVector.broadcast(FS, s);
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).mul(sv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] * s;
        }
    }

    /** y += alpha * x, each element one fused multiply-add ({@link Math#fma(float, float, float)}). */
    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        FloatVector av = FloatVector.broadcast(FS, alpha);
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            av.fma(FloatVector.fromArray(FS, x, xOff + i), FloatVector.fromArray(FS, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /** ReLU forward: out = max(x, 0) (NaN stays NaN). */
    static void relu(float[] x, int xOff, float[] out, int outOff, int len) {
        int i = 0;
        FloatVector zero = FloatVector.zero(FS);
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, x, xOff + i).max(zero).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0);
        }
    }

    /** ReLU backward: dx = dout where x &gt; 0, else 0. {@code dx} may be {@code dout} itself. */
    static void reluBackward(float[] x, int xOff, float[] dout, int dOff, float[] dx, int dxOff, int len) {
        int i = 0;
        FloatVector zero = FloatVector.zero(FS);
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            VectorMask<Float> positive = FloatVector.fromArray(FS, x, xOff + i).compare(VectorOperators.GT, 0);
            zero.blend(FloatVector.fromArray(FS, dout, dOff + i), positive).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            dx[dxOff + i] = x[xOff + i] > 0 ? dout[dOff + i] : 0;
        }
    }

    /**
     * Σ x, returned in double. Deterministic: blocks of {@value #BLOCK} elements are summed in float
     * vector lanes (4 accumulators), each block's lanes are added in lane order into a double, and the
     * tail goes one element at a time in double. The result depends only on the values and the length
     * (and on the machine's vector width), never on threads or JIT state.
     */
    static double sum(float[] x, int off, int len) {
        float[] lanes = new float[FL];
        double total = 0;
        int i = 0;
        for (; i + BLOCK <= len; i += BLOCK) {
            FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
            for (int j = off + i, end = off + i + BLOCK; j < end; j += 4 * FL) {
                s0 = s0.add(FloatVector.fromArray(FS, x, j));
                s1 = s1.add(FloatVector.fromArray(FS, x, j + FL));
                s2 = s2.add(FloatVector.fromArray(FS, x, j + 2 * FL));
                s3 = s3.add(FloatVector.fromArray(FS, x, j + 3 * FL));
            }
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            total += inLaneOrder(lanes);
        }
        for (; i < len; i++) {
            total += x[off + i];
        }
        return total;
    }

    /** Σ x·y, returned in double; blocked like {@link #sum(float[], int, int)}, with fused multiply-adds. */
    static double dot(float[] x, int xOff, float[] y, int yOff, int len) {
        float[] lanes = new float[FL];
        double total = 0;
        int i = 0;
        for (; i + BLOCK <= len; i += BLOCK) {
            FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
            for (int j = 0; j < BLOCK; j += 4 * FL) {
                int xi = xOff + i + j, yi = yOff + i + j;
                s0 = FloatVector.fromArray(FS, x, xi).fma(FloatVector.fromArray(FS, y, yi), s0);
                s1 = FloatVector.fromArray(FS, x, xi + FL).fma(FloatVector.fromArray(FS, y, yi + FL), s1);
                s2 = FloatVector.fromArray(FS, x, xi + 2 * FL).fma(FloatVector.fromArray(FS, y, yi + 2 * FL), s2);
                s3 = FloatVector.fromArray(FS, x, xi + 3 * FL).fma(FloatVector.fromArray(FS, y, yi + 3 * FL), s3);
            }
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            total += inLaneOrder(lanes);
        }
        for (; i < len; i++) {
            total += (double) x[xOff + i] * y[yOff + i];
        }
        return total;
    }

    /**
     * Σ (x − mu)², returned in double; blocked like {@link #sum(float[], int, int)}. The differences are taken
     * in float, so a caller with a double mean passes it rounded and corrects the result (see
     * {@code BatchNormF32}).
     */
    static double squaredDeviations(float[] x, int off, int len, float mu) {
        float[] lanes = new float[FL];
        double total = 0;
        int i = 0;
        FloatVector m = FloatVector.broadcast(FS, mu);
        for (; i + BLOCK <= len; i += BLOCK) {
            FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
            for (int j = off + i, end = off + i + BLOCK; j < end; j += 4 * FL) {
                FloatVector d0 = FloatVector.fromArray(FS, x, j).sub(m), d1 = FloatVector.fromArray(FS, x, j + FL).sub(m);
                FloatVector d2 = FloatVector.fromArray(FS, x, j + 2 * FL).sub(m), d3 = FloatVector.fromArray(FS, x, j + 3 * FL).sub(m);
                s0 = d0.fma(d0, s0);
                s1 = d1.fma(d1, s1);
                s2 = d2.fma(d2, s2);
                s3 = d3.fma(d3, s3);
            }
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            total += inLaneOrder(lanes);
        }
        for (; i < len; i++) {
            double d = x[off + i] - mu;
            total += d * d;
        }
        return total;
    }

    /** out = x·s + t, each element one fused multiply-add ({@link Math#fma(float, float, float)}). */
    static void scaleShift(float[] x, int xOff, float s, float t, float[] out, int outOff, int len) {
        int i = 0;
        FloatVector sv = FloatVector.broadcast(FS, s), tv = FloatVector.broadcast(FS, t);
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector.fromArray(FS, x, xOff + i).fma(sv, tv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], s, t);
        }
    }

    /** out = a·x + (b·y + c), as {@code Math.fma(a, x, Math.fma(b, y, c))} per element. */
    static void combine(float a, float[] x, int xOff, float b, float[] y, int yOff, float c,
                               float[] out, int outOff, int len) {
        int i = 0;
        FloatVector av = FloatVector.broadcast(FS, a), bv = FloatVector.broadcast(FS, b), cv = FloatVector.broadcast(FS, c);
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector by = FloatVector.fromArray(FS, y, yOff + i).fma(bv, cv);
            FloatVector.fromArray(FS, x, xOff + i).fma(av, by).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.fma(a, x[xOff + i], Math.fma(b, y[yOff + i], c));
        }
    }

    /**
     * A block's lanes, stored by the caller, added in lane order. Vectors never go to a helper as arguments: one
     * that C2 does not inline gets them boxed (allocated) on every call.
     */
    private static double inLaneOrder(float[] lanes) {
        double s = 0;
        for (int l = 0; l < FL; l++) {
            s += lanes[l];
        }
        return s;
    }

    /** Largest element ({@link Math#max(float, float)} semantics: NaN if any is NaN); len must be &gt; 0. */
    static float reduceMax(float[] x, int off, int len) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (len >= FL) {
            FloatVector acc = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
            for (int bound = FS.loopBound(len); i < bound; i += FL) {
                acc = acc.max(FloatVector.fromArray(FS, x, off + i));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < len; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    /** Smallest element ({@link Math#min(float, float)} semantics: NaN if any is NaN); len must be &gt; 0. */
    static float reduceMin(float[] x, int off, int len) {
        int i = 0;
        float m = Float.POSITIVE_INFINITY;
        if (len >= FL) {
            FloatVector acc = FloatVector.broadcast(FS, Float.POSITIVE_INFINITY);
            for (int bound = FS.loopBound(len); i < bound; i += FL) {
                acc = acc.min(FloatVector.fromArray(FS, x, off + i));
            }
            m = acc.reduceLanes(VectorOperators.MIN);
        }
        for (; i < len; i++) {
            m = Math.min(m, x[off + i]);
        }
        return m;
    }

    /**
     * Index (from {@code off}, so in [0, len)) of the largest element, numpy's rules: the first of equal
     * maxima, and the first NaN if there is one; len must be &gt; 0.
     */
    static int argmax(float[] x, int off, int len) {
        float m = reduceMax(x, off, len);
        if (Float.isNaN(m)) {
            for (int i = 0; ; i++) {
                if (Float.isNaN(x[off + i])) {
                    return i;
                }
            }
        }
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            VectorMask<Float> hit = FloatVector.fromArray(FS, x, off + i).compare(VectorOperators.EQ, m);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; ; i++) {
            if (x[off + i] == m) {
                return i;
            }
        }
    }

    // ---------------------------------------------------------------- double[]

    /** out = a + b. */
    static void add(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        int i = 0;
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, a, aOff + i).add(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    /** out = a - b. */
    static void sub(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        int i = 0;
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, a, aOff + i).sub(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    /** out = a * b. */
    static void mul(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        int i = 0;
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, a, aOff + i).mul(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /** out = a / b. */
    static void div(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        int i = 0;
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, a, aOff + i).div(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    /** out = max(a, b) elementwise, {@link Math#max(double, double)} semantics (NaN wins). */
    static void max(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        int i = 0;
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, a, aOff + i).max(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.max(a[aOff + i], b[bOff + i]);
        }
    }

    /** out = min(a, b) elementwise, {@link Math#min(double, double)} semantics (NaN wins). */
    static void min(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len) {
        int i = 0;
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, a, aOff + i).min(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.min(a[aOff + i], b[bOff + i]);
        }
    }

    /** out = a + s. */
    static void addScalar(double[] a, int aOff, double s, double[] out, int outOff, int len) {
        int i = 0;
        DoubleVector sv = DoubleVector.broadcast(DS, s);
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, a, aOff + i).add(sv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] + s;
        }
    }

    /** out = a * s. */
    static void mulScalar(double[] a, int aOff, double s, double[] out, int outOff, int len) {
        int i = 0;
        DoubleVector sv = DoubleVector.broadcast(DS, s);
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, a, aOff + i).mul(sv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] * s;
        }
    }

    /** y += alpha * x, each element one fused multiply-add ({@link Math#fma(double, double, double)}). */
    static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        int i = 0;
        DoubleVector av = DoubleVector.broadcast(DS, alpha);
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            av.fma(DoubleVector.fromArray(DS, x, xOff + i), DoubleVector.fromArray(DS, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /** ReLU forward: out = max(x, 0) (NaN stays NaN). */
    static void relu(double[] x, int xOff, double[] out, int outOff, int len) {
        int i = 0;
        DoubleVector zero = DoubleVector.zero(DS);
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            DoubleVector.fromArray(DS, x, xOff + i).max(zero).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0);
        }
    }

    /** ReLU backward: dx = dout where x &gt; 0, else 0. {@code dx} may be {@code dout} itself. */
    static void reluBackward(double[] x, int xOff, double[] dout, int dOff, double[] dx, int dxOff, int len) {
        int i = 0;
        DoubleVector zero = DoubleVector.zero(DS);
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            VectorMask<Double> positive = DoubleVector.fromArray(DS, x, xOff + i).compare(VectorOperators.GT, 0);
            zero.blend(DoubleVector.fromArray(DS, dout, dOff + i), positive).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            dx[dxOff + i] = x[xOff + i] > 0 ? dout[dOff + i] : 0;
        }
    }

    /** Σ x; deterministic, blocked like {@link #sum(float[], int, int)} (4 vector accumulators per block). */
    static double sum(double[] x, int off, int len) {
        double[] lanes = new double[DL];
        double total = 0;
        int i = 0;
        for (; i + BLOCK <= len; i += BLOCK) {
            DoubleVector s0 = DoubleVector.zero(DS), s1 = s0, s2 = s0, s3 = s0;
            for (int j = off + i, end = off + i + BLOCK; j < end; j += 4 * DL) {
                s0 = s0.add(DoubleVector.fromArray(DS, x, j));
                s1 = s1.add(DoubleVector.fromArray(DS, x, j + DL));
                s2 = s2.add(DoubleVector.fromArray(DS, x, j + 2 * DL));
                s3 = s3.add(DoubleVector.fromArray(DS, x, j + 3 * DL));
            }
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            total += inLaneOrder(lanes);
        }
        for (; i < len; i++) {
            total += x[off + i];
        }
        return total;
    }

    /** Σ x·y, returned in double; blocked like {@link #sum(float[], int, int)}, with fused multiply-adds. */
    static double dot(double[] x, int xOff, double[] y, int yOff, int len) {
        double[] lanes = new double[DL];
        double total = 0;
        int i = 0;
        for (; i + BLOCK <= len; i += BLOCK) {
            DoubleVector s0 = DoubleVector.zero(DS), s1 = s0, s2 = s0, s3 = s0;
            for (int j = 0; j < BLOCK; j += 4 * DL) {
                int xi = xOff + i + j, yi = yOff + i + j;
                s0 = DoubleVector.fromArray(DS, x, xi).fma(DoubleVector.fromArray(DS, y, yi), s0);
                s1 = DoubleVector.fromArray(DS, x, xi + DL).fma(DoubleVector.fromArray(DS, y, yi + DL), s1);
                s2 = DoubleVector.fromArray(DS, x, xi + 2 * DL).fma(DoubleVector.fromArray(DS, y, yi + 2 * DL), s2);
                s3 = DoubleVector.fromArray(DS, x, xi + 3 * DL).fma(DoubleVector.fromArray(DS, y, yi + 3 * DL), s3);
            }
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            total += inLaneOrder(lanes);
        }
        for (; i < len; i++) {
            total += x[xOff + i] * y[yOff + i];
        }
        return total;
    }

    /** As {@link #inLaneOrder(float[])}. */
    private static double inLaneOrder(double[] lanes) {
        double s = 0;
        for (int l = 0; l < DL; l++) {
            s += lanes[l];
        }
        return s;
    }

    /** Largest element ({@link Math#max(double, double)} semantics: NaN if any is NaN); len must be &gt; 0. */
    static double reduceMax(double[] x, int off, int len) {
        int i = 0;
        double m = Double.NEGATIVE_INFINITY;
        if (len >= DL) {
            DoubleVector acc = DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY);
            for (int bound = DS.loopBound(len); i < bound; i += DL) {
                acc = acc.max(DoubleVector.fromArray(DS, x, off + i));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < len; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    /** Smallest element ({@link Math#min(double, double)} semantics: NaN if any is NaN); len must be &gt; 0. */
    static double reduceMin(double[] x, int off, int len) {
        int i = 0;
        double m = Double.POSITIVE_INFINITY;
        if (len >= DL) {
            DoubleVector acc = DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY);
            for (int bound = DS.loopBound(len); i < bound; i += DL) {
                acc = acc.min(DoubleVector.fromArray(DS, x, off + i));
            }
            m = acc.reduceLanes(VectorOperators.MIN);
        }
        for (; i < len; i++) {
            m = Math.min(m, x[off + i]);
        }
        return m;
    }

    /**
     * Index (from {@code off}, so in [0, len)) of the largest element, numpy's rules: the first of equal
     * maxima, and the first NaN if there is one; len must be &gt; 0.
     */
    static int argmax(double[] x, int off, int len) {
        double m = reduceMax(x, off, len);
        if (Double.isNaN(m)) {
            for (int i = 0; ; i++) {
                if (Double.isNaN(x[off + i])) {
                    return i;
                }
            }
        }
        int i = 0;
        for (int bound = DS.loopBound(len); i < bound; i += DL) {
            VectorMask<Double> hit = DoubleVector.fromArray(DS, x, off + i).compare(VectorOperators.EQ, m);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; ; i++) {
            if (x[off + i] == m) {
                return i;
            }
        }
    }

    /** Σ |a − b| over {@code len} elements in float, two vector accumulators, then the lanes, then the tail. */
    static float absDiffSum(float[] a, int aOff, float[] b, int bOff, int len) {
        int step = FS.length();
        FloatVector s0 = FloatVector.zero(FS), s1 = s0;
        int i = 0;
        for (; i + 2 * step <= len; i += 2 * step) {
            s0 = s0.add(FloatVector.fromArray(FS, a, aOff + i).sub(FloatVector.fromArray(FS, b, bOff + i)).abs());
            s1 = s1.add(FloatVector.fromArray(FS, a, aOff + i + step).sub(FloatVector.fromArray(FS, b, bOff + i + step)).abs());
        }
        for (; i + step <= len; i += step) {
            s0 = s0.add(FloatVector.fromArray(FS, a, aOff + i).sub(FloatVector.fromArray(FS, b, bOff + i)).abs());
        }
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += Math.abs(a[aOff + i] - b[bOff + i]);
        }
        return s;
    }

    static double absDiffSum(double[] a, int aOff, double[] b, int bOff, int len) {
        int step = DS.length();
        DoubleVector s0 = DoubleVector.zero(DS), s1 = s0;
        int i = 0;
        for (; i + 2 * step <= len; i += 2 * step) {
            s0 = s0.add(DoubleVector.fromArray(DS, a, aOff + i).sub(DoubleVector.fromArray(DS, b, bOff + i)).abs());
            s1 = s1.add(DoubleVector.fromArray(DS, a, aOff + i + step).sub(DoubleVector.fromArray(DS, b, bOff + i + step)).abs());
        }
        for (; i + step <= len; i += step) {
            s0 = s0.add(DoubleVector.fromArray(DS, a, aOff + i).sub(DoubleVector.fromArray(DS, b, bOff + i)).abs());
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += Math.abs(a[aOff + i] - b[bOff + i]);
        }
        return s;
    }
}
