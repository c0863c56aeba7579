package io.dendrite.io.onnx;

import java.util.List;

/**
 * A graph input's or output's name, element type and shape ({@code ValueInfoProto} with a tensor type). A dimension
 * is either a size or a symbolic name such as "N" for the batch.
 *
 * @param name     the value's name
 * @param elemType a {@code TensorProto.DataType} (1 FLOAT, 11 DOUBLE, …), 0 when the file gives none
 * @param dims     the shape, empty when the file gives none
 */
public record OnnxValueInfo(String name, int elemType, List<Dim> dims) {
    public OnnxValueInfo {
        dims = List.copyOf(dims);
    }

    /** One dimension: a size (param null) or a symbolic name (param set, value -1); both absent means unknown. */
    public record Dim(long value, String param) {
        public static Dim of(long value) {
            return new Dim(value, null);
        }

        public static Dim symbolic(String param) {
            return new Dim(-1, param);
        }

        public boolean known() {
            return param == null && value >= 0;
        }

        @Override
        public String toString() {
            return param != null ? param : value >= 0 ? Long.toString(value) : "?";
        }
    }
}
