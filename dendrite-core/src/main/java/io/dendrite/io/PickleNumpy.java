package io.dendrite.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few Python names a pickled numpy array needs, and what REDUCE and BUILD make of them — as
 * numpy's {@code ndarray.__reduce__} / {@code __setstate__} and {@code dtype.__reduce__} /
 * {@code __setstate__} define the structure, never by calling anything:
 *
 * <pre>
 * _reconstruct(ndarray, (0,), b'b')                    → an array without state
 *   BUILD (1, shape, dtype, is_fortran, rawdata)       → the array (the version 1 may be absent)
 * dtype('u1', False, True)                             → a dtype without state (False/True may be 0/1)
 *   BUILD (3, '|', None, None, None, -1, -1, 0)        → the dtype '|u1' (version 4 adds metadata)
 * _codecs.encode('\x01È', 'latin1')                    → bytes, as Python 3 writes bytes in protocol 2
 * </pre>
 */
final class PickleNumpy {
    /** Above any array's byte count; element counts saturate here instead of overflowing. */
    private static final long SIZE_CAP = Long.MAX_VALUE / 16;

    private PickleNumpy() {
    }

    /** The Python names that may appear in GLOBAL or STACK_GLOBAL. */
    enum Global {
        RECONSTRUCT("numpy.core.multiarray", "_reconstruct"),
        RECONSTRUCT_NUMPY2("numpy._core.multiarray", "_reconstruct"),
        NDARRAY("numpy", "ndarray"),
        DTYPE("numpy", "dtype"),
        ENCODE("_codecs", "encode");

        private final String module;
        private final String name;

        Global(String module, String name) {
            this.module = module;
            this.name = name;
        }

        /** The global named so, or null when it is not allowed. */
        static Global of(String module, String name) {
            for (Global g : values()) {
                if (g.module.equals(module) && g.name.equals(name)) {
                    return g;
                }
            }
            return null;
        }

        static String allowed() {
            List<String> names = new ArrayList<>();
            for (Global g : values()) {
                names.add(g.toString());
            }
            return String.join(", ", names);
        }

        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** A numpy object made by REDUCE whose state comes with the next BUILD. */
    interface Unbuilt {
    }

    private record UnbuiltArray() implements Unbuilt {
        @Override
        public String toString() {
            return "numpy array";
        }
    }

    private record UnbuiltDtype(String descr) implements Unbuilt {
        @Override
        public String toString() {
            return "numpy dtype";
        }
    }

    /** A numpy dtype with its state: {@code str} as numpy's {@code dtype.str} ("|u1", "<f4"), its item size in bytes. */
    record Dtype(String str, int itemSize) {
        @Override
        public String toString() {
            return "dtype('" + str + "')";
        }
    }

    /** REDUCE: {@code callable(*args)} for the allowed callables. */
    static Object call(Object callable, Object args) {
        if (!(callable instanceof Global g)) {
            throw new IllegalArgumentException("expected an allowed global to call, found " + kind(callable));
        }
        List<?> a = tuple(args, "the arguments of " + g);
        switch (g) {
            case RECONSTRUCT, RECONSTRUCT_NUMPY2 -> {
                if (a.size() != 3 || a.get(0) != Global.NDARRAY || !(a.get(1) instanceof List)) {
                    throw new IllegalArgumentException("expected " + g + "(numpy.ndarray, (0,), b'b'), found arguments ("
                            + kinds(a) + ")");
                }
                return new UnbuiltArray();
            }
            case DTYPE -> {
                if (a.size() != 3 || Pickle.text(a.get(0)) == null) {
                    throw new IllegalArgumentException("expected numpy.dtype('u1', False, True), found arguments ("
                            + kinds(a) + ")");
                }
                return new UnbuiltDtype(Pickle.text(a.get(0)));
            }
            case ENCODE -> {
                if (a.size() != 2 || !(a.get(0) instanceof String text) || !(a.get(1) instanceof String enc)
                        || !(enc.equals("latin1") || enc.equals("latin-1"))) {
                    throw new IllegalArgumentException("expected _codecs.encode(text, 'latin1'), found arguments ("
                            + kinds(a) + ")");
                }
                return new Pickle.Bytes(latin1(text));
            }
            default -> throw new IllegalArgumentException(g + " cannot be called; it may only be an argument of"
                    + " numpy's _reconstruct");
        }
    }

    /** BUILD: the dtype or array {@code obj} with its {@code state}. */
    static Object build(Object obj, Object state) {
        if (obj instanceof UnbuiltDtype d) {
            return dtype(d.descr(), tuple(state, "the state of numpy.dtype"));
        }
        if (obj instanceof UnbuiltArray) {
            return array(tuple(state, "the state of a numpy array"));
        }
        throw new IllegalArgumentException("expected a numpy array or dtype to set the state of, found " + kind(obj));
    }

    private static Dtype dtype(String descr, List<?> s) {
        String order = s.size() > 1 ? Pickle.text(s.get(1)) : null;   // a Python 2 str or a Python 3 str
        if (!(s.size() == 8 || s.size() == 9) || order == null || s.get(2) != null
                || s.get(3) != null || s.get(4) != null) {
            throw new IllegalArgumentException("expected the state of a plain numpy dtype (3, '|', None, None, None, -1, -1, 0),"
                    + " found (" + kinds(s) + ")");
        }
        if (!(order.equals("|") || order.equals("<") || order.equals(">"))) {
            throw new IllegalArgumentException("dtype byte order '" + order + "', expected '|', '<' or '>'");
        }
        if (!descr.matches("[biuf][1248]") || descr.equals("f1")) {
            throw new IllegalArgumentException("dtype '" + descr + "' is not read (only bool, integer and float types)");
        }
        int size = descr.charAt(1) - '0';
        return new Dtype((size == 1 ? "|" : order) + descr, size);
    }

    private static Pickle.NdArray array(List<?> s) {
        List<?> st = s.size() == 5 && s.get(0) instanceof Long v && v == 1 ? s.subList(1, 5) : s;
        if (st.size() != 4 || !(st.get(0) instanceof List<?> shapeList) || !(st.get(1) instanceof Dtype dtype)
                || !(st.get(2) instanceof Boolean || st.get(2) instanceof Long)) {
            throw new IllegalArgumentException("expected an array state (1, shape, dtype, is_fortran, rawdata), found ("
                    + kinds(s) + ")");
        }
        int[] shape = new int[shapeList.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid array shape (" + kinds(shapeList) + ")");
            }
            shape[i] = (int) (long) d;
            size = d == 0 || size <= SIZE_CAP / d ? size * d : SIZE_CAP; // saturates: never equals a real length
        }
        byte[] raw = st.get(3) instanceof Pickle.Bytes b ? b.value()
                : st.get(3) instanceof String t ? latin1(t) : null;
        if (raw == null) {
            throw new IllegalArgumentException("expected the array's data as bytes, found " + kind(st.get(3))
                    + " (object arrays are not read)");
        }
        if (raw.length != size * dtype.itemSize()) {
            throw new IllegalArgumentException("the array's data holds " + raw.length + " bytes, its shape "
                    + shapeString(shape) + " of " + dtype.str() + " needs " + size * dtype.itemSize());
        }
        boolean fortran = st.get(2) instanceof Boolean f ? f : (Long) st.get(2) != 0;
        return new Pickle.NdArray(dtype.str(), shape, fortran, raw);
    }

    private static byte[] latin1(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("character " + i + " (U+" + Integer.toHexString(c)
                        + ") of a latin-1 byte string is above U+00FF");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    private static List<?> tuple(Object v, String what) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a tuple as " + what + ", found " + kind(v));
        }
        return l;
    }

    /** A value's Python kind for messages ("int", "str", "bytes (5)", "tuple (3)", …), never its contents. */
    static String kind(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof String s) {
            return "str (" + s.length() + ")";
        }
        if (v instanceof Pickle.Bytes b) {
            return "bytes (" + b.value().length + ")";
        }
        if (v instanceof ArrayList<?> l) {
            return "list (" + l.size() + ")";
        }
        if (v instanceof List<?> l) {
            return "tuple (" + l.size() + ")";
        }
        if (v instanceof Map<?, ?> m) {
            return "dict (" + m.size() + ")";
        }
        if (v instanceof Global g) {
            return "global " + g;
        }
        return v.toString();
    }

    private static String kinds(List<?> values) {
        List<String> k = new ArrayList<>();
        for (Object v : values) {
            k.add(kind(v));
        }
        return String.join(", ", k);
    }

    static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
