package io.dendrite.io.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Growable lists of primitive values, filled while a tensor's typed fields are read (their count is never taken
 * from the file, so a damaged file cannot make the reader allocate more than the bytes it holds), and their
 * conversion to the little-endian {@code raw_data} form of {@link OnnxTensor}.
 */
final class TypedValues {
    private TypedValues() {
    }

    /** The raw bytes of the values of {@code dataType} read from its typed field (the others must be empty). */
    static byte[] toRaw(int dataType, FloatList floats, DoubleList doubles, LongList longs) {
        return switch (dataType) {
            case OnnxTensor.FLOAT -> {
                ByteBuffer b = ByteBuffer.allocate(4 * floats.size).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(floats.values, 0, floats.size);
                yield b.array();
            }
            case OnnxTensor.DOUBLE -> {
                ByteBuffer b = ByteBuffer.allocate(8 * doubles.size).order(ByteOrder.LITTLE_ENDIAN);
                b.asDoubleBuffer().put(doubles.values, 0, doubles.size);
                yield b.array();
            }
            case OnnxTensor.INT64 -> {
                ByteBuffer b = ByteBuffer.allocate(8 * longs.size).order(ByteOrder.LITTLE_ENDIAN);
                b.asLongBuffer().put(longs.values, 0, longs.size);
                yield b.array();
            }
            case OnnxTensor.INT32 -> {
                ByteBuffer b = ByteBuffer.allocate(4 * longs.size).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < longs.size; i++) {
                    b.putInt((int) longs.values[i]);
                }
                yield b.array();
            }
            default -> new byte[0];
        };
    }

    static final class FloatList {
        private float[] values = new float[8];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    static final class DoubleList {
        private double[] values = new double[8];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = v;
        }
    }

    static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
