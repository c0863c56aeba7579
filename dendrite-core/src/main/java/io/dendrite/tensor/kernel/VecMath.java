package io.dendrite.tensor.kernel;

/**
 * The logistic sigmoid and tanh over {@code float[]} ranges, for the recurrent layers' fused F32 steps, where they
 * were most of the time spent outside the GEMM (five calls per hidden unit and step in an LSTM).
 *
 * <p>Both rest on one float exponential written with plain float arithmetic only — Cephes' {@code expf}: clamp x to
 * [−87, 88], n = ⌊x·log₂e + ½⌋, r = x − n·ln2 (ln2 split in two for exactness), e^r by a degree-7 polynomial, times
 * 2ⁿ built from its bits — so that the Vector API body and the plain-Java body compute the same operations in the
 * same order per element and agree bit for bit, on every JVM and JIT state (the Vector API's own {@code EXP} calls a
 * native library once compiled and {@code Math.exp} before, which differ in the last bit; a resumed run would not
 * repeat the uninterrupted one). Accuracy: within 2 ulp of the exact exponential; σ and tanh within 4·10⁻⁷ absolute
 * of the exact values, well inside what float32 training needs (the F64 layers keep {@code Math.exp}/{@code tanh}).
 * <pre>
 *   σ(x)    = 1 / (1 + e^−x)
 *   tanh(x) = sign(x)·(1 − 2 / (e^{2|x|} + 1))
 * </pre>
 * NaN stays NaN; ±∞ give the limits. Outputs may be the same array and offset as the input (in place).
 */
public final class VecMath {
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float MIN_X = -87f;
    static final float MAX_X = 88f;
    static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f,
            P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    private VecMath() {
    }

    /** out = σ(x) = 1 / (1 + e^−x), elementwise. */
    public static void sigmoid(float[] x, int xOff, float[] out, int outOff, int len) {
        int done = Simd.AVAILABLE ? VecMathVector.sigmoid(x, xOff, out, outOff, len) : 0;
        for (int i = done; i < len; i++) {
            out[outOff + i] = sigmoid(x[xOff + i]);
        }
    }

    /** out = tanh(x), elementwise. */
    public static void tanh(float[] x, int xOff, float[] out, int outOff, int len) {
        int done = Simd.AVAILABLE ? VecMathVector.tanh(x, xOff, out, outOff, len) : 0;
        for (int i = done; i < len; i++) {
            out[outOff + i] = tanh(x[xOff + i]);
        }
    }

    /** e^x in float, Cephes' expf; the vector body's lanes compute exactly this. */
    static float exp(float x) {
        if (x != x) {
            return x;
        }
        float c = Math.min(Math.max(x, MIN_X), MAX_X);
        float fx = c * LOG2E + 0.5f;
        float n = (float) (int) fx;
        if (n > fx) {
            n -= 1f;                                   // ⌊fx⌋: the int conversion truncates toward zero
        }
        float r = c - n * LN2_HI - n * LN2_LO;         // x − n·ln2
        float p = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        float y = p * (r * r) + r + 1f;                // e^r
        return y * Float.intBitsToFloat(((int) n + 127) << 23);   // · 2ⁿ, n in [−126, 127]
    }

    /** σ(x) = 1 / (1 + e^−x). */
    static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** tanh(x) = sign(x)·(1 − 2 / (e^{2|x|} + 1)). */
    static float tanh(float x) {
        float t = 1f - 2f / (exp(2f * Math.abs(x)) + 1f);
        return x < 0 ? -t : x > 0 ? t : x;             // keeps ±0 and NaN
    }
}
