package io.dendrite.io;

/**
 * IEEE 754 half precision (numpy's float16) and bfloat16 (the top half of a float32, PyTorch's {@code bfloat16})
 * to float, exactly; Java 17 has no built-in for either.
 */
final class Half {
    private Half() {
    }

    static float toFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) { // infinity or NaN, payload kept
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa · 2^-24
            float v = mantissa * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
    }

    /** bfloat16 is a float32 whose low 16 mantissa bits are zero: shift it back into place. */
    static float bfloat16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }
}
