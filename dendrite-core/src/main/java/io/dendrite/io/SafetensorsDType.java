package io.dendrite.io;

import io.dendrite.tensor.DType;

import java.nio.ByteBuffer;

/**
 * The element types of the safetensors format, their sizes, and the Dendrite tensor each becomes — the same rule
 * as {@link Npy}'s for numpy dtypes: floats of 32 bits or fewer and integers of 16 bits or fewer become F32
 * exactly; F64 stays F64; 32- and 64-bit integers become F64 (exact up to 2<sup>53</sup> in magnitude). The
 * 8-bit floats are known (their size is checked) but not read.
 */
enum SafetensorsDType {
    F64(8, DType.F64), F32(4, DType.F32), F16(2, DType.F32), BF16(2, DType.F32),
    I64(8, DType.F64), U64(8, DType.F64), I32(4, DType.F64), U32(4, DType.F64),
    I16(2, DType.F32), U16(2, DType.F32), I8(1, DType.F32), U8(1, DType.F32), BOOL(1, DType.F32),
    F8_E5M2(1, null), F8_E4M3(1, null);

    /** What {@link Safetensors#read} converts, for error messages. */
    static final String READABLE = "F32, F64, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL";

    final int bytes;
    /** The dtype of the tensor read, or null when this type is not read. */
    final DType target;

    SafetensorsDType(int bytes, DType target) {
        this.bytes = bytes;
        this.target = target;
    }

    /** The type named {@code name} exactly as the format spells it, or null. */
    static SafetensorsDType of(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Decodes {@code n} little-endian elements from {@code b} into {@code out} from index {@code first} (F32 targets). */
    void decode(ByteBuffer b, float[] out, int first, int n) {
        switch (this) {
            case F32 -> b.asFloatBuffer().get(out, first, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = Half.toFloat(b.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = Half.bfloat16ToFloat(b.getShort());
                }
            }
            case I16 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = b.getShort();
                }
            }
            case U16 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = b.getShort() & 0xFFFF;
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = b.get();
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = b.get() & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = b.get() != 0 ? 1f : 0f;
                }
            }
            default -> throw new AssertionError(this);
        }
    }

    /** As {@link #decode(ByteBuffer, float[], int, int)}, for F64 targets. */
    void decode(ByteBuffer b, double[] out, int first, int n) {
        switch (this) {
            case F64 -> b.asDoubleBuffer().get(out, first, n);
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = b.getLong();
                }
            }
            case U64 -> {
                for (int i = 0; i < n; i++) {
                    long v = b.getLong();
                    out[first + i] = v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = b.getInt();
                }
            }
            case U32 -> {
                for (int i = 0; i < n; i++) {
                    out[first + i] = b.getInt() & 0xFFFFFFFFL;
                }
            }
            default -> throw new AssertionError(this);
        }
    }
}
