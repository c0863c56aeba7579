package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VecOpsTest {
    private static final int[] LENGTHS = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 255, 256, 257, 1000, 1031};

    interface F3 {
        void apply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len);
    }

    interface D3 {
        void apply(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int len);
    }

    interface FScalar {
        float of(float a, float b);
    }

    interface DScalar {
        double of(double a, double b);
    }

    static float[] floats(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            // some exact zeros and repeated values so relu and argmax meet ties
            x[i] = r.nextInt(10) == 0 ? 0 : (float) r.nextDouble(-2, 2);
        }
        return x;
    }

    static double[] doubles(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextInt(10) == 0 ? 0 : r.nextDouble(-2, 2);
        }
        return x;
    }

    private static void checkF(F3 op, FScalar expected, String name) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        for (int len : LENGTHS) {
            float[] a = floats(r, len + 3), b = floats(r, len + 5), out = floats(r, len + 4);
            for (int i = 0; i < b.length; i++) {
                b[i] = b[i] == 0 ? 0.5f : b[i]; // keep div finite
            }
            float[] before = out.clone();
            op.apply(a, 3, b, 5, out, 1, len);
            for (int i = 0; i < out.length; i++) {
                float want = i >= 1 && i < len + 1 ? expected.of(a[i + 2], b[i + 4]) : before[i];
                assertThat(out[i]).as("%s len %d index %d", name, len, i).isEqualTo(want);
            }
        }
    }

    private static void checkD(D3 op, DScalar expected, String name) {
        SplittableRandom r = new SplittableRandom(name.hashCode() + 1);
        for (int len : LENGTHS) {
            double[] a = doubles(r, len + 3), b = doubles(r, len + 5), out = doubles(r, len + 4);
            for (int i = 0; i < b.length; i++) {
                b[i] = b[i] == 0 ? 0.5 : b[i];
            }
            double[] before = out.clone();
            op.apply(a, 3, b, 5, out, 1, len);
            for (int i = 0; i < out.length; i++) {
                double want = i >= 1 && i < len + 1 ? expected.of(a[i + 2], b[i + 4]) : before[i];
                assertThat(out[i]).as("%s len %d index %d", name, len, i).isEqualTo(want);
            }
        }
    }

    @Test
    void binaryOpsMatchScalarLoops() {
        checkF(VecOps::add, (x, y) -> x + y, "add");
        checkF(VecOps::sub, (x, y) -> x - y, "sub");
        checkF(VecOps::mul, (x, y) -> x * y, "mul");
        checkF(VecOps::div, (x, y) -> x / y, "div");
        checkF(VecOps::max, Math::max, "max");
        checkF(VecOps::min, Math::min, "min");
        checkD(VecOps::add, (x, y) -> x + y, "add");
        checkD(VecOps::sub, (x, y) -> x - y, "sub");
        checkD(VecOps::mul, (x, y) -> x * y, "mul");
        checkD(VecOps::div, (x, y) -> x / y, "div");
        checkD(VecOps::max, Math::max, "max");
        checkD(VecOps::min, Math::min, "min");
        // scalar, axpy, relu forms through the same harness: b supplies x, a is ignored or the scalar slot
        checkF((a, ao, b, bo, o, oo, n) -> VecOps.addScalar(b, bo, 1.25f, o, oo, n), (x, y) -> y + 1.25f, "addScalar");
        checkF((a, ao, b, bo, o, oo, n) -> VecOps.mulScalar(b, bo, -3.5f, o, oo, n), (x, y) -> y * -3.5f, "mulScalar");
        checkF((a, ao, b, bo, o, oo, n) -> VecOps.relu(b, bo, o, oo, n), (x, y) -> Math.max(y, 0), "relu");
        checkF((a, ao, b, bo, o, oo, n) -> VecOps.reluBackward(a, ao, b, bo, o, oo, n), (x, y) -> x > 0 ? y : 0, "reluBackward");
        checkF((a, ao, b, bo, o, oo, n) -> VecOps.scaleShift(b, bo, 0.7f, -1.5f, o, oo, n), (x, y) -> Math.fma(y, 0.7f, -1.5f), "scaleShift");
        checkF((a, ao, b, bo, o, oo, n) -> VecOps.combine(1.3f, a, ao, -0.4f, b, bo, 0.25f, o, oo, n),
                (x, y) -> Math.fma(1.3f, x, Math.fma(-0.4f, y, 0.25f)), "combine");
        checkD((a, ao, b, bo, o, oo, n) -> VecOps.addScalar(b, bo, 1.25, o, oo, n), (x, y) -> y + 1.25, "addScalar");
        checkD((a, ao, b, bo, o, oo, n) -> VecOps.mulScalar(b, bo, -3.5, o, oo, n), (x, y) -> y * -3.5, "mulScalar");
        checkD((a, ao, b, bo, o, oo, n) -> VecOps.relu(b, bo, o, oo, n), (x, y) -> Math.max(y, 0), "relu");
        checkD((a, ao, b, bo, o, oo, n) -> VecOps.reluBackward(a, ao, b, bo, o, oo, n), (x, y) -> x > 0 ? y : 0, "reluBackward");
    }

    @Test
    void inPlaceFormsMatchScalarLoops() {
        SplittableRandom r = new SplittableRandom(7);
        for (int len : LENGTHS) {
            float[] x = floats(r, len + 2), y = floats(r, len + 1);
            float[] y0 = y.clone(), s = y.clone();
            VecOps.axpy(0.75f, x, 2, y, 1, len);
            VecOps.scale(-2f, s, 1, len);
            for (int i = 0; i < len; i++) {
                assertThat(y[i + 1]).isEqualTo(Math.fma(0.75f, x[i + 2], y0[i + 1]));
                assertThat(s[i + 1]).isEqualTo(y0[i + 1] * -2f);
            }
            assertThat(y[0]).isEqualTo(y0[0]);
            assertThat(s[0]).isEqualTo(y0[0]);

            double[] xd = doubles(r, len + 2), yd = doubles(r, len + 1);
            double[] yd0 = yd.clone(), sd = yd.clone();
            VecOps.axpy(0.75, xd, 2, yd, 1, len);
            VecOps.scale(-2, sd, 1, len);
            for (int i = 0; i < len; i++) {
                assertThat(yd[i + 1]).isEqualTo(Math.fma(0.75, xd[i + 2], yd0[i + 1]));
                assertThat(sd[i + 1]).isEqualTo(yd0[i + 1] * -2);
            }

            // relu backward may write over dout
            float[] dout = floats(r, len), xr = floats(r, len), expect = new float[len];
            for (int i = 0; i < len; i++) {
                expect[i] = xr[i] > 0 ? dout[i] : 0;
            }
            VecOps.reluBackward(xr, 0, dout, 0, dout, 0, len);
            assertThat(dout).isEqualTo(expect);
        }
    }

    @Test
    void sumsAndDotsAreAccurateAndIndependentOfAlignment() {
        SplittableRandom r = new SplittableRandom(11);
        for (int len : LENGTHS) {
            float[] x = floats(r, len), y = floats(r, len);
            double[] xd = doubles(r, len), yd = doubles(r, len);
            double sum = 0, dot = 0, sumD = 0, dotD = 0, abs = 0, absD = 0;
            for (int i = 0; i < len; i++) {
                sum += x[i];
                dot += (double) x[i] * y[i];
                abs += Math.abs((double) x[i] * y[i]) + Math.abs(x[i]);
                sumD += xd[i];
                dotD += xd[i] * yd[i];
                absD += Math.abs(xd[i] * yd[i]) + Math.abs(xd[i]);
            }
            assertThat(VecOps.sum(x, 0, len)).isCloseTo(sum, within(1e-6 * abs + 1e-12));
            assertThat(VecOps.dot(x, 0, y, 0, len)).isCloseTo(dot, within(1e-6 * abs + 1e-12));
            assertThat(VecOps.sum(xd, 0, len)).isCloseTo(sumD, within(1e-14 * absD + 1e-300));
            assertThat(VecOps.dot(xd, 0, yd, 0, len)).isCloseTo(dotD, within(1e-14 * absD + 1e-300));

            // same values at another offset: bit-identical results
            float[] shifted = new float[len + 5];
            System.arraycopy(x, 0, shifted, 5, len);
            float[] shiftedY = new float[len + 3];
            System.arraycopy(y, 0, shiftedY, 3, len);
            assertThat(VecOps.sum(shifted, 5, len)).isEqualTo(VecOps.sum(x, 0, len));
            assertThat(VecOps.dot(shifted, 5, shiftedY, 3, len)).isEqualTo(VecOps.dot(x, 0, y, 0, len));
            double[] shiftedD = new double[len + 1];
            System.arraycopy(xd, 0, shiftedD, 1, len);
            assertThat(VecOps.sum(shiftedD, 1, len)).isEqualTo(VecOps.sum(xd, 0, len));
        }
        // squared deviations: accurate, also about a mean far from zero, where one-pass formulas cancel
        for (int len : LENGTHS) {
            float[] x = floats(r, len);
            for (int i = 0; i < len; i++) {
                x[i] += 1000;
            }
            float mu = 1000.25f;
            double expected = 0, abs = 0;
            for (int i = 0; i < len; i++) {
                double d = (double) x[i] - mu;
                expected += d * d;
                abs += d * d;
            }
            assertThat(VecOps.squaredDeviations(x, 0, len, mu)).as("len %d", len).isCloseTo(expected, within(1e-6 * abs + 1e-12));
        }
        // float partials are widened to double per block: a long sum keeps its precision, where a
        // float running sum drifts by about 1e-4
        float[] tenths = new float[100_000];
        java.util.Arrays.fill(tenths, 0.1f);
        double exact = 100_000 * (double) 0.1f;
        float naive = 0;
        for (float v : tenths) {
            naive += v;
        }
        assertThat(Math.abs(naive - exact) / exact).isGreaterThan(1e-5);
        assertThat(VecOps.sum(tenths, 0, tenths.length)).isCloseTo(exact, within(1e-7 * exact));
    }

    @Test
    void maxMinAndArgmaxFollowNumpy() {
        SplittableRandom r = new SplittableRandom(13);
        for (int len : LENGTHS) {
            if (len == 0) {
                continue;
            }
            float[] x = floats(r, len + 2);
            double[] xd = doubles(r, len + 2);
            float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
            double maxD = Double.NEGATIVE_INFINITY;
            int arg = 0, argD = 0;
            for (int i = 0; i < len; i++) {
                if (x[i + 2] > max) {
                    max = x[i + 2];
                    arg = i;
                }
                min = Math.min(min, x[i + 2]);
                if (xd[i + 2] > maxD) {
                    maxD = xd[i + 2];
                    argD = i;
                }
            }
            assertThat(VecOps.reduceMax(x, 2, len)).isEqualTo(max);
            assertThat(VecOps.reduceMin(x, 2, len)).isEqualTo(min);
            assertThat(VecOps.argmax(x, 2, len)).isEqualTo(arg);
            assertThat(VecOps.reduceMax(xd, 2, len)).isEqualTo(maxD);
            assertThat(VecOps.argmax(xd, 2, len)).isEqualTo(argD);
        }
        float[] ties = {1, 5, 3, 5, 5, 0, 1, 2, 5, 4, 5};
        assertThat(VecOps.argmax(ties, 0, ties.length)).isEqualTo(1);
        assertThat(VecOps.argmax(ties, 2, ties.length - 2)).isEqualTo(1);
        float[] nan = new float[40];
        nan[10] = 7;
        nan[23] = Float.NaN;
        nan[30] = Float.NaN;
        assertThat(VecOps.argmax(nan, 0, 40)).isEqualTo(23);
        assertThat(VecOps.reduceMax(nan, 0, 40)).isNaN();
        assertThat(VecOps.argmax(new double[]{-3, -1, -2}, 0, 3)).isEqualTo(1);
        assertThatThrownBy(() -> VecOps.argmax(new float[3], 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
