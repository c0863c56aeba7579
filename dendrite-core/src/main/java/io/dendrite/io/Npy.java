package io.dendrite.io;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes numpy's {@code .npy} format, so that a single array moves between Dendrite and
 * {@code np.save} / {@code np.load} unchanged, bit for bit.
 *
 * <h2>The format</h2>
 * (numpy's {@code numpy/lib/format.py} is the reference)
 * <pre>
 * bytes 0-5   magic: 0x93 'N' 'U' 'M' 'P' 'Y'
 * byte  6     major version: 1, 2 or 3
 * byte  7     minor version: 0
 * then        header length HLEN: unsigned 16-bit little-endian (version 1) or 32-bit (versions 2, 3)
 * then        HLEN bytes of header: a Python dict literal, latin-1 (versions 1, 2) or UTF-8 (version 3),
 *             e.g. {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }
 *             padded with spaces and a final '\n' so that the data starts at a multiple of 64
 * then        the data: prod(shape) elements of the dtype, C (row-major) or Fortran order, no padding
 * </pre>
 *
 * <h2>What is read</h2>
 * Versions 1.0, 2.0, 3.0; C and Fortran order (Fortran data is reordered to row-major); any shape,
 * including {@code ()} scalars and empty arrays. Dtypes and the tensor each becomes:
 * <ul>
 *   <li>{@code f4} → F32 and {@code f8} → F64, bit-exact (NaN payloads, infinities, -0.0 kept);
 *   <li>{@code f2}, {@code i1}, {@code u1}, {@code b1}, {@code i2}, {@code u2} → F32, exactly
 *       (every such value is representable in float32);
 *   <li>{@code i4}, {@code u4}, {@code i8}, {@code u8} → F64, exact up to 2<sup>53</sup> in magnitude
 *       (larger 64-bit integers are rounded to the nearest double).
 * </ul>
 * Both byte orders ({@code <} little, {@code >} big) are accepted. The kind character's case matters
 * ({@code <u2} is an unsigned 16-bit integer, {@code <U2} a unicode string of 2 characters; see
 * {@link NpyDtype}). Tensors hold numbers, so string ({@code U}, {@code S}), complex, object and datetime
 * arrays are refused with an error naming the file, the array and its dtype; structured dtypes are
 * refused with an error that lists what is supported.
 *
 * <h2>What is written</h2>
 * F32 as {@code <f4}, F64 as {@code <f8}, C order, format version 1.0 — or 2.0 when the header would
 * not fit in 65535 bytes — exactly as {@code np.save} writes them.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the start of the data to 64 bytes so that memory-mapped arrays are aligned. */
    private static final int ALIGN = 64;
    /** Far above any real header; refuses a corrupt length before allocating for it. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    /** The largest Java array the JVM reliably allocates. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    /** Reads the array stored in {@code file}; errors call it by the file's name without {@code .npy}. */
    public static Tensor read(Path file) throws IOException {
        long length = Files.size(file);
        String name = file.getFileName().toString();
        String array = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(new ByteInput(in, file.toString(), length), true, array);
        }
    }

    /**
     * Reads one array from {@code in}, leaving the stream just after its data (numpy can write several
     * arrays one after another to one file). {@code source} names the stream in error messages.
     */
    public static Tensor read(InputStream in, String source) throws IOException {
        return read(new ByteInput(in, source, -1), false, null);
    }

    /**
     * Reads from a stream that holds exactly {@code length} bytes (an archive entry of known size);
     * {@code array} is the array's name for error messages.
     */
    static Tensor read(InputStream in, String source, long length, String array) throws IOException {
        return read(new ByteInput(in, source, length), length >= 0, array);
    }

    /** Writes {@code tensor} to {@code file} atomically (see {@link AtomicFiles}). */
    public static void write(Path file, Tensor tensor) throws IOException {
        AtomicFiles.write(file, out -> write(out, tensor));
    }

    /** Writes {@code tensor} in {@code .npy} format to {@code out}; flushes but does not close it. */
    public static void write(OutputStream out, Tensor tensor) throws IOException {
        ByteOutput o = new ByteOutput(out);
        byte[] header = header(tensor.dtype(), tensor.shape());
        o.bytes(header);
        Tensor t = tensor.contiguous();
        if (t.dtype() == DType.F32) {
            o.floats(t.floatData(), t.offset(), t.size());
        } else {
            o.doubles(t.doubleData(), t.offset(), t.size());
        }
        o.flush();
    }

    /** Number of bytes {@link #write(OutputStream, Tensor)} produces for a tensor of this type and shape. */
    static long byteCount(DType dtype, int[] shape) {
        return header(dtype, shape).length + (long) Shapes.size(shape) * dtype.bytes();
    }

    /** Magic, version, length and padded dict: everything before the data. */
    static byte[] header(DType dtype, int[] shape) {
        String dict = "{'descr': '" + (dtype == DType.F32 ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': "
                + Shapes.format(shape) + ", }";
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int prefix = MAGIC.length + 2 + 2;
        int major = 1;
        int total = roundUp(prefix + text.length + 1);
        if (total - prefix > 0xFFFF) {
            major = 2;
            prefix += 2;
            total = roundUp(prefix + text.length + 1);
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) (total - prefix));
        } else {
            b.putInt(total - prefix);
        }
        b.put(text);
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    private static int roundUp(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** {@code array} names the array in error messages; null when unknown. */
    private static Tensor read(ByteInput in, boolean wholeStream, String array) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.require(MAGIC.length + 2, "magic and version");
        in.readFully(magic, 0, magic.length, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw in.error("not a .npy file: expected magic \\x93NUMPY at byte 0, found " + Hex.show(magic)
                    + (magic[0] == 'P' && magic[1] == 'K' ? " (this is a zip archive; read it with Npz.read)"
                    : magic[0] == 'D' && magic[1] == 'N' && magic[2] == 'D' && magic[3] == 'R'
                    ? " (this is a Dendrite model file; read it with ModelFile.read)" : ""));
        }
        int major = in.u8("major version");
        int minor = in.u8("minor version");
        if (major < 1 || major > 3 || minor != 0) {
            throw in.error("unsupported .npy format version " + major + "." + minor
                    + ": expected 1.0, 2.0 or 3.0 (written by a newer numpy?)");
        }
        long headerLength = major == 1 ? in.u16("header length") : in.u32("header length");
        if (headerLength > MAX_HEADER_BYTES) {
            throw in.error("header length " + headerLength + " at byte 8 exceeds the limit of " + MAX_HEADER_BYTES
                    + " bytes: the file is corrupt");
        }
        byte[] headerBytes = in.bytes((int) headerLength, "header");
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = Header.parse(text, in, array == null ? "the array" : "array '" + array + "'");

        long count = h.count(in);
        long expected = count * h.type.itemBytes;
        String what = "data for shape " + Shapes.format(h.shape) + " " + h.descr;
        if (wholeStream && in.remaining() != expected) {
            long found = in.remaining();
            throw in.error("expected " + expected + " bytes of " + what + ", found " + found
                    + (found < expected ? " (file truncated?)" : " (" + (found - expected) + " unexpected trailing bytes)"));
        }
        if (!in.lengthKnown()) {
            // The header's shape is unchecked: read what is really there before allocating for it.
            if (expected > MAX_ELEMENTS) {
                throw in.error(what + " needs " + expected + " bytes: too large to read from a stream; read the file by path");
            }
            byte[] data = in.inputStream().readNBytes((int) expected);
            if (data.length != expected) {
                throw in.error("expected " + expected + " bytes of " + what + ", found " + data.length + " (stream truncated?)");
            }
            in = new ByteInput(new ByteArrayInputStream(data), in.source(), data.length);
        }
        // A compressed archive's entry may declare more than it holds: ask before allocating for it.
        MemoryBudget.requireArray(count, h.type.target.bytes(), in.source() + ": " + what, "");
        Tensor t = h.type.read(in, (int) count, h.order, what, h.shape);
        return h.fortranOrder ? fromFortranOrder(t, h.shape) : t;
    }

    /** Rearranges data stored column-major (Fortran order) into Dendrite's row-major layout. */
    private static Tensor fromFortranOrder(Tensor t, int[] shape) {
        int n = t.size();
        if (shape.length < 2 || n == 0) {
            return t;
        }
        int[] source = new int[n];
        int[] index = new int[shape.length];
        int[] fStride = new int[shape.length];
        int s = 1;
        for (int axis = 0; axis < shape.length; axis++) {
            fStride[axis] = s;
            s *= shape[axis];
        }
        int f = 0;
        for (int c = 0; c < n; c++) {
            source[c] = f;
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    f += fStride[axis];
                    break;
                }
                index[axis] = 0;
                f -= (shape[axis] - 1) * fStride[axis];
            }
        }
        if (t.dtype() == DType.F32) {
            float[] in = t.floatData();
            float[] out = new float[n];
            for (int c = 0; c < n; c++) {
                out[c] = in[source[c]];
            }
            return Tensor.of(out, shape);
        }
        double[] in = t.doubleData();
        double[] out = new double[n];
        for (int c = 0; c < n; c++) {
            out[c] = in[source[c]];
        }
        return Tensor.of(out, shape);
    }

    /** The parsed header dict. */
    private static final class Header {
        String descr;
        ElementType type;
        ByteOrder order;
        boolean fortranOrder;
        int[] shape;

        /** {@code array} is how errors call the array: {@code "array 'names'"}. */
        static Header parse(String text, ByteInput in, String array) throws FileFormatException {
            Object parsed;
            try {
                parsed = PyLiteral.parse(text.strip());
            } catch (IllegalArgumentException e) {
                throw in.error("malformed .npy header: " + e.getMessage() + " in " + quote(text));
            }
            if (!(parsed instanceof Map)) {
                throw in.error("malformed .npy header: expected a dict, found " + quote(text));
            }
            Map<?, ?> dict = (Map<?, ?>) parsed;
            for (String key : List.of("descr", "fortran_order", "shape")) {
                if (!dict.containsKey(key)) {
                    throw in.error("malformed .npy header: missing key '" + key + "' in " + quote(text));
                }
            }
            Header h = new Header();
            Object descr = dict.get("descr");
            if (!(descr instanceof String)) {
                throw in.error("unsupported dtype " + escaped(String.valueOf(descr))
                        + " (structured arrays are not supported): expected one of " + ElementType.SUPPORTED);
            }
            h.descr = (String) descr;
            h.parseDescr(in, array);
            Object fortran = dict.get("fortran_order");
            if (!(fortran instanceof Boolean)) {
                throw in.error("malformed .npy header: fortran_order must be True or False, found " + fortran);
            }
            h.fortranOrder = (Boolean) fortran;
            Object shape = dict.get("shape");
            if (!(shape instanceof List)) {
                throw in.error("malformed .npy header: shape must be a tuple, found " + shape);
            }
            List<?> dims = (List<?>) shape;
            h.shape = new int[dims.size()];
            for (int i = 0; i < dims.size(); i++) {
                Object d = dims.get(i);
                if (!(d instanceof Long) || (Long) d < 0 || (Long) d > Integer.MAX_VALUE) {
                    throw in.error("malformed .npy header: shape " + dims + " has an invalid dimension " + d);
                }
                h.shape[i] = (int) (long) (Long) d;
            }
            return h;
        }

        private void parseDescr(ByteInput in, String array) throws FileFormatException {
            NpyDtype d = NpyDtype.parse(descr);
            if (d != null && d.nonNumeric()) {
                throw in.error(array + " has dtype " + descr + " (" + d.meaning() + "), not a number: Dendrite tensors"
                        + " hold numbers only; " + (d.kind() == 'U' || d.kind() == 'S' || d.kind() == 'a'
                        ? "keep strings such as class names out of the arrays Dendrite reads (in a text file, say), or"
                        + " convert strings that hold numbers in numpy first, e.g. a.astype(np.float32)"
                        : "convert the array in numpy first, e.g. a.astype(np.float32)"));
            }
            ElementType t = d == null ? null : ElementType.of(d.kind(), d.size());
            char order = d == null ? '?' : d.order();
            boolean orderOk = order == '<' || order == '>' || (order == '|' && t != null && t.itemBytes == 1);
            if (t == null || !orderOk) {
                throw in.error("unsupported dtype '" + escaped(descr) + "': expected one of " + ElementType.SUPPORTED
                        + " with byte order '<' or '>' ('|' for one-byte types)");
            }
            type = t;
            this.order = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }

        long count(ByteInput in) throws FileFormatException {
            long n = 1;
            for (int d : shape) {
                n *= d;
                if (n > MAX_ELEMENTS) {
                    throw in.error("shape " + Shapes.format(shape) + " has more than " + MAX_ELEMENTS
                            + " elements, the most a Dendrite tensor holds");
                }
            }
            return n;
        }

        /** The header text for a message, in double quotes: see {@link #escaped}. */
        private static String quote(String text) {
            return "\"" + escaped(text) + "\"";
        }

        /** Text from the file for a message: at most 200 characters, control characters escaped, so it stays one line. */
        private static String escaped(String text) {
            String t = text.strip();
            t = t.length() > 200 ? t.substring(0, 200) + "…" : t;
            StringBuilder sb = new StringBuilder();
            t.codePoints().forEach(c -> {
                if (Character.isISOControl(c)) {
                    sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
                } else {
                    sb.appendCodePoint(c);
                }
            });
            return sb.toString();
        }
    }

    /** The dtypes Dendrite reads and how each element becomes a float or a double. */
    private enum ElementType {
        F4(4, DType.F32), F8(8, DType.F64), F2(2, DType.F32),
        I1(1, DType.F32), U1(1, DType.F32), B1(1, DType.F32), I2(2, DType.F32), U2(2, DType.F32),
        I4(4, DType.F64), U4(4, DType.F64), I8(8, DType.F64), U8(8, DType.F64);

        static final String SUPPORTED = "f4, f8, f2, i1, u1, b1, i2, u2, i4, u4, i8, u8";

        final int itemBytes;
        final DType target;

        ElementType(int itemBytes, DType target) {
            this.itemBytes = itemBytes;
            this.target = target;
        }

        /**
         * The type of numpy's numeric kind character ({@code f}, {@code i}, {@code u}, {@code b}; {@code ?}
         * for bool) and size in bytes; null for any other kind, upper case included, or size.
         */
        static ElementType of(char kind, int size) {
            if (kind == '?' && (size == 0 || size == 1)) {
                return B1;
            }
            if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b') {
                return null;
            }
            String name = Character.toUpperCase(kind) + Integer.toString(size);
            for (ElementType t : values()) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            return null;
        }

        Tensor read(ByteInput in, int count, ByteOrder order, String what, int[] shape) throws IOException {
            if (target == DType.F32) {
                float[] out = new float[count];
                in.elements(count, itemBytes, order, what, (b, first, n) -> decode(b, out, first, n));
                return Tensor.of(out, shape);
            }
            double[] out = new double[count];
            in.elements(count, itemBytes, order, what, (b, first, n) -> decode(b, out, first, n));
            return Tensor.of(out, shape);
        }

        private void decode(ByteBuffer b, float[] out, int first, int n) {
            switch (this) {
                case F4:
                    b.asFloatBuffer().get(out, first, n);
                    break;
                case F2:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = Half.toFloat(b.getShort());
                    }
                    break;
                case I1:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = b.get();
                    }
                    break;
                case U1:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = b.get() & 0xFF;
                    }
                    break;
                case B1:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = b.get() != 0 ? 1f : 0f;
                    }
                    break;
                case I2:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = b.getShort();
                    }
                    break;
                case U2:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = b.getShort() & 0xFFFF;
                    }
                    break;
                default:
                    throw new AssertionError(this);
            }
        }

        private void decode(ByteBuffer b, double[] out, int first, int n) {
            switch (this) {
                case F8:
                    b.asDoubleBuffer().get(out, first, n);
                    break;
                case I4:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = b.getInt();
                    }
                    break;
                case U4:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = b.getInt() & 0xFFFFFFFFL;
                    }
                    break;
                case I8:
                    for (int i = 0; i < n; i++) {
                        out[first + i] = b.getLong();
                    }
                    break;
                case U8:
                    for (int i = 0; i < n; i++) {
                        long v = b.getLong();
                        out[first + i] = v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
                    }
                    break;
                default:
                    throw new AssertionError(this);
            }
        }
    }
}
