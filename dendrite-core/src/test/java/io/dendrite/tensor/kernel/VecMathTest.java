package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** σ and tanh in float: the vector and scalar bodies agree bit for bit; accuracy against double; special values. */
class VecMathTest {
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
            87.5f, -87.5f, 88.7f, -88.7f, 1e-6f, -1e-6f, 1e-30f, Float.MIN_VALUE, 44f, -44f, 9.5f, -9.5f};

    private static float[] values(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = i < SPECIAL.length ? SPECIAL[i] : (float) (r.nextDouble() * 40 - 20) * (r.nextBoolean() ? 1 : 5);
        }
        return x;
    }

    @Test
    void arrayBodiesEqualTheScalarFormulaBitForBit() {
        for (int len : new int[]{1, 3, 7, 8, 9, 16, 17, 33, 255, 256, 257, 1031}) {
            float[] x = values(len, len);
            float[] s = new float[len + 2], t = new float[len + 2];
            VecMath.sigmoid(x, 0, s, 2, len);
            VecMath.tanh(x, 0, t, 2, len);
            for (int i = 0; i < len; i++) {
                assertThat(Float.floatToIntBits(s[i + 2])).as("sigmoid(%s) at %d of %d", x[i], i, len)
                        .isEqualTo(Float.floatToIntBits(VecMath.sigmoid(x[i])));
                assertThat(Float.floatToIntBits(t[i + 2])).as("tanh(%s) at %d of %d", x[i], i, len)
                        .isEqualTo(Float.floatToIntBits(VecMath.tanh(x[i])));
            }
        }
    }

    @Test
    void inPlaceGivesTheSameValues() {
        float[] x = values(100, 3), expected = new float[100];
        VecMath.tanh(x, 0, expected, 0, 100);
        VecMath.tanh(x, 0, x, 0, 100);
        assertThat(x).isEqualTo(expected);
    }

    @Test
    void closeToTheExactFunctions() {
        double worstExp = 0, worstSigmoid = 0, worstTanh = 0;
        for (double v = -87; v <= 88; v += 0.0137) {
            float x = (float) v;
            worstExp = Math.max(worstExp, Math.abs(VecMath.exp(x) / Math.exp(x) - 1));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(VecMath.sigmoid(x) - 1 / (1 + Math.exp(-(double) x))));
            worstTanh = Math.max(worstTanh, Math.abs(VecMath.tanh(x) - Math.tanh(x)));
        }
        assertThat(worstExp).as("relative error of exp").isLessThan(3e-7);
        assertThat(worstSigmoid).as("absolute error of sigmoid").isLessThan(4e-7);
        assertThat(worstTanh).as("absolute error of tanh").isLessThan(4e-7);
    }

    @Test
    void specialValues() {
        assertThat(VecMath.sigmoid(Float.NaN)).isNaN();
        assertThat(VecMath.tanh(Float.NaN)).isNaN();
        assertThat(VecMath.sigmoid(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(VecMath.sigmoid(Float.NEGATIVE_INFINITY)).isBetween(0f, 1e-38f);   // 1 / (1 + e^88)
        assertThat(VecMath.tanh(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(VecMath.tanh(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(Float.floatToIntBits(VecMath.tanh(-0f))).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(VecMath.sigmoid(0f)).isEqualTo(0.5f);
        float[] nan = {Float.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        float[] out = new float[nan.length];
        VecMath.sigmoid(nan, 0, out, 0, nan.length);
        assertThat(out[0]).isNaN();
    }
}
