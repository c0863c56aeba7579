package io.dendrite.io.onnx;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor as an ONNX file holds it ({@code TensorProto}): a name, an element type, dimensions and the values as
 * little-endian bytes in row-major order (the form of {@code raw_data}; values read from {@code float_data},
 * {@code double_data}, {@code int64_data} or {@code int32_data} are converted to it). Float and double tensors
 * become Dendrite {@link Tensor}s; int64 and int32 tensors (shapes, axes) are read as longs.
 *
 * @param name     the initializer's or constant's name
 * @param dataType a {@code TensorProto.DataType}: 1 float, 6 int32, 7 int64, 11 double, others kept but unusable
 * @param dims     the dimensions; none for a scalar
 * @param raw      the values, little-endian, row-major
 */
public record OnnxTensor(String name, int dataType, long[] dims, byte[] raw) {
    /** FLOAT in ONNX's data type enum. */
    public static final int FLOAT = OnnxFields.Tensor.FLOAT;
    /** DOUBLE in ONNX's data type enum. */
    public static final int DOUBLE = OnnxFields.Tensor.DOUBLE;
    /** INT64 in ONNX's data type enum. */
    public static final int INT64 = OnnxFields.Tensor.INT64;
    /** INT32 in ONNX's data type enum. */
    public static final int INT32 = OnnxFields.Tensor.INT32;

    /** Checks that the bytes hold exactly the values the dimensions promise (for the types Dendrite reads). */
    public OnnxTensor {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension in " + Arrays.toString(dims));
            }
            count = Math.multiplyHigh(count, d) != 0 ? Long.MAX_VALUE : count * d;
        }
        int item = itemBytes(dataType);
        if (item > 0 && (count > Integer.MAX_VALUE || count * item != raw.length)) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + typeName(dataType) + " and shape "
                    + Arrays.toString(dims) + " needs " + (count > Integer.MAX_VALUE ? "more than 2^31 values" : count * item + " bytes")
                    + ", its data holds " + raw.length);
        }
    }

    /** The float32 or float64 tensor {@code t} under {@code name}. */
    public static OnnxTensor of(String name, Tensor t) {
        Tensor c = t.contiguous();
        ByteBuffer b;
        if (c.dtype() == DType.F32) {
            b = ByteBuffer.allocate(4 * c.size()).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(c.floatData(), c.offset(), c.size());
        } else {
            b = ByteBuffer.allocate(8 * c.size()).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(c.doubleData(), c.offset(), c.size());
        }
        long[] dims = Arrays.stream(t.shape()).asLongStream().toArray();
        return new OnnxTensor(name, c.dtype() == DType.F32 ? FLOAT : DOUBLE, dims, b.array());
    }

    /** A float32 scalar (no dimensions). */
    public static OnnxTensor scalar(String name, float value) {
        return new OnnxTensor(name, FLOAT, new long[0],
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
    }

    /** An int64 tensor of the given values and dimensions. */
    public static OnnxTensor ofLongs(String name, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new OnnxTensor(name, INT64, dims.clone(), b.array());
    }

    /** Bytes per value of a data type Dendrite reads, 0 for the others. */
    static int itemBytes(int dataType) {
        return switch (dataType) {
            case FLOAT, INT32 -> 4;
            case DOUBLE, INT64 -> 8;
            default -> 0;
        };
    }

    /** ONNX's name of a data type ("FLOAT", "INT64", …), or "type N" for one Dendrite does not name. */
    public static String typeName(int dataType) {
        return switch (dataType) {
            case FLOAT -> "FLOAT";
            case 2 -> "UINT8";
            case 3 -> "INT8";
            case 5 -> "INT16";
            case INT32 -> "INT32";
            case INT64 -> "INT64";
            case 8 -> "STRING";
            case 9 -> "BOOL";
            case 10 -> "FLOAT16";
            case DOUBLE -> "DOUBLE";
            case 16 -> "BFLOAT16";
            default -> "type " + dataType;
        };
    }

    /** The number of values. */
    public long count() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** The dimensions as ints (they fit: the constructor checked the count). */
    public int[] shape() {
        return Arrays.stream(dims).mapToInt(d -> (int) d).toArray();
    }

    /** The values as a Dendrite tensor: F32 for FLOAT, F64 for DOUBLE; other types are refused. */
    public Tensor toTensor() {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (dataType == FLOAT) {
            float[] v = new float[raw.length / 4];
            b.asFloatBuffer().get(v);
            return Tensor.of(v, shape());
        }
        if (dataType == DOUBLE) {
            double[] v = new double[raw.length / 8];
            b.asDoubleBuffer().get(v);
            return Tensor.of(v, shape());
        }
        throw new IllegalArgumentException("tensor '" + name + "' is " + typeName(dataType)
                + "; Dendrite's weights are FLOAT or DOUBLE");
    }

    /** The values of an INT64 or INT32 tensor; other types are refused. */
    public long[] toLongs() {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (dataType == INT64) {
            long[] v = new long[raw.length / 8];
            b.asLongBuffer().get(v);
            return v;
        }
        if (dataType == INT32) {
            int[] v = new int[raw.length / 4];
            b.asIntBuffer().get(v);
            return Arrays.stream(v).asLongStream().toArray();
        }
        throw new IllegalArgumentException("tensor '" + name + "' is " + typeName(dataType) + ", expected INT64 or INT32");
    }

    @Override
    public String toString() {
        return name + " " + typeName(dataType) + Arrays.toString(dims);
    }
}
