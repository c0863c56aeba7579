package io.dendrite.io.onnx;

import java.util.Arrays;

/**
 * A node's attribute ({@code AttributeProto}) of the kinds Dendrite's operators use: one float, one int, a string,
 * a tensor, or lists of floats or ints. Other kinds (graphs, sparse tensors, type protos) are read with their type
 * only, so that an importer can name them in an error.
 *
 * @param name   the attribute's name ("kernel_shape")
 * @param type   its {@code AttributeType}: 1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS, …
 * @param f      the value of a FLOAT attribute
 * @param i      the value of an INT attribute
 * @param s      the value of a STRING attribute (UTF-8), else null
 * @param t      the value of a TENSOR attribute, else null
 * @param floats the values of a FLOATS attribute (empty otherwise)
 * @param ints   the values of an INTS attribute (empty otherwise)
 */
public record OnnxAttribute(String name, int type, float f, long i, String s, OnnxTensor t, float[] floats, long[] ints) {
    public static final int FLOAT = OnnxFields.Attribute.TYPE_FLOAT;
    public static final int INT = OnnxFields.Attribute.TYPE_INT;
    public static final int STRING = OnnxFields.Attribute.TYPE_STRING;
    public static final int TENSOR = OnnxFields.Attribute.TYPE_TENSOR;
    public static final int FLOATS = OnnxFields.Attribute.TYPE_FLOATS;
    public static final int INTS = OnnxFields.Attribute.TYPE_INTS;

    public static OnnxAttribute ofFloat(String name, float f) {
        return new OnnxAttribute(name, FLOAT, f, 0, null, null, new float[0], new long[0]);
    }

    public static OnnxAttribute ofInt(String name, long i) {
        return new OnnxAttribute(name, INT, 0, i, null, null, new float[0], new long[0]);
    }

    public static OnnxAttribute ofInts(String name, long... ints) {
        return new OnnxAttribute(name, INTS, 0, 0, null, null, new float[0], ints.clone());
    }

    public static OnnxAttribute ofString(String name, String s) {
        return new OnnxAttribute(name, STRING, 0, 0, s, null, new float[0], new long[0]);
    }

    public static OnnxAttribute ofTensor(String name, OnnxTensor t) {
        return new OnnxAttribute(name, TENSOR, 0, 0, null, t, new float[0], new long[0]);
    }

    /** The value as text, for messages: "3", "0.01", "[2, 2]", "'NOTSET'". */
    public String valueText() {
        return switch (type) {
            case FLOAT -> Float.toString(f);
            case INT -> Long.toString(i);
            case STRING -> "'" + s + "'";
            case TENSOR -> String.valueOf(t);
            case FLOATS -> Arrays.toString(floats);
            case INTS -> Arrays.toString(ints);
            default -> "(attribute type " + type + ")";
        };
    }

    @Override
    public String toString() {
        return name + "=" + valueText();
    }
}
