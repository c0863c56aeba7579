package io.dendrite.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A safe reader for the Python pickles that hold numpy arrays in plain containers — the CIFAR-10
 * batches cs231n ships ({@code cifar-10-batches-py/data_batch_1} …), written by Python 2's
 * {@code cPickle} in protocol 2, and the same structure written by Python 3 in protocols 2 to 4.
 *
 * <p>Python's {@code pickle.load} runs a small stack machine whose {@code GLOBAL} and {@code REDUCE}
 * opcodes import and call any function named in the file — loading an untrusted pickle can run any
 * code. This reader interprets the opcodes itself and calls nothing: it builds plain Java values and
 * knows four Python names only as markers, each with the one meaning it has in this structure:
 * {@code numpy.core.multiarray._reconstruct} (also {@code numpy._core…}) with {@code numpy.ndarray},
 * {@code numpy.dtype}, and {@code _codecs.encode} (how Python 3 writes {@code bytes} in protocol 2).
 * Any other name, an opcode outside the set below, or a value of the wrong kind is refused with a
 * {@link FileFormatException} naming the file, the byte offset and the opcode. Every length read
 * from the file is checked against the bytes that are left before anything is allocated for it.
 *
 * <p>Values: dict → {@link Map} (insertion ordered), list → mutable {@link List}, tuple → read-only
 * {@link List}, int → {@link Long}, bool → {@link Boolean}, {@code None} → {@code null}, Python 3
 * {@code str} → {@link String}, Python 2 {@code str} and Python 3 {@code bytes} → {@link Bytes},
 * a numpy array → {@link NdArray}.
 *
 * <p>Opcodes read (names as in Python's {@code pickletools}): PROTO, FRAME, STOP, MARK, EMPTY_DICT,
 * EMPTY_LIST, EMPTY_TUPLE, TUPLE, TUPLE1–3, APPEND(S), SETITEM(S), BINPUT, LONG_BINPUT, MEMOIZE,
 * BINGET, LONG_BINGET, BININT, BININT1, BININT2, NONE, NEWTRUE, NEWFALSE, SHORT_BINSTRING, BINSTRING,
 * SHORT_BINBYTES, BINBYTES, SHORT_BINUNICODE, BINUNICODE, GLOBAL, STACK_GLOBAL, REDUCE and BUILD.
 */
public final class Pickle {
    private Pickle() {
    }

    /** Reads the one value pickled in {@code file}. */
    public static Object load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "pickle file not found");
        }
        long length = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new PickleReader(new ByteInput(in, file.toString(), length)).read();
        }
    }

    /** The text of a Python string: a {@link String} as it is, {@link Bytes} decoded as latin-1 (as cs231n loads them); else null. */
    public static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        return value instanceof Bytes b ? b.latin1() : null;
    }

    /**
     * The value stored under the key whose text is {@code key} ({@code 'labels'} or {@code b'labels'}), or null
     * when there is none.
     */
    public static Object get(Map<?, ?> dict, String key) {
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (key.equals(text(e.getKey()))) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A Python 2 {@code str} or Python 3 {@code bytes}: raw bytes, compared by content. */
    public record Bytes(byte[] value) {
        /** The bytes as text, one character per byte (latin-1, as {@code pickle.load(f, encoding='latin1')}). */
        public String latin1() {
            return new String(value, StandardCharsets.ISO_8859_1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes(" + value.length + ")";
        }
    }

    /**
     * A numpy array: its dtype as numpy's {@code dtype.str} ({@code "|u1"}, {@code "<f4"}), its shape, whether the
     * data is in Fortran (column-major) order, and the raw data — exactly {@code size × itemSize} bytes.
     */
    public record NdArray(String dtype, int[] shape, boolean fortranOrder, byte[] data) {
        /** Number of elements: the product of the shape. */
        public long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public String toString() {
            return "NdArray(" + dtype + ", shape " + PickleNumpy.shapeString(shape) + ")";
        }
    }
}
