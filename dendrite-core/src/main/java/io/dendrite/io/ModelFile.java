package io.dendrite.io;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Dendrite's own model file: an architecture description, metadata, and the model's named tensors —
 * parameters (what optimizers update) and buffers (state such as BatchNorm running statistics) —
 * sealed with a checksum, so that a saved model loads back bit-identical or not at all.
 *
 * <h2>Format, version 1</h2>
 * All integers are unsigned and little-endian. A <i>string</i> is a u32 byte count followed by that
 * many bytes of UTF-8 (no terminator).
 * <pre>
 * offset  size  field
 * 0       4     magic: the ASCII bytes "DNDR" (44 4E 44 52)
 * 4       4     u32 format version: 1
 * 8       8     u64 total length of the file in bytes, checksum included
 * 16      …     string  architecture: opaque to this class (the model code writes e.g. JSON)
 * …       4     u32 M, the number of metadata entries, then M × (string key, string value)
 * …       4     u32 P, the number of parameters, then P × tensor
 * …       4     u32 B, the number of buffers, then B × tensor
 * end−4   4     u32 CRC-32C (Castagnoli) of every byte before it, bytes 0 to end−5
 *
 * tensor:
 *         …     string  name (unique within its group)
 *         1     u8 dtype: 1 = F32 (IEEE 754 binary32), 2 = F64 (binary64)
 *         1     u8 rank R, 0 to 32 (0 is a scalar)
 *         4·R   R × u32 dimensions, outermost first
 *         …     the elements in row-major order, 4 (F32) or 8 (F64) bytes each, little-endian
 * </pre>
 * Maps keep their order on the way through: metadata, parameters and buffers are read back in the
 * order they were written.
 *
 * <h2>Reading is defensive</h2>
 * Checks run from the cheapest to the most thorough, and each failure is a
 * {@link FileFormatException} that names the file: the magic (is this a Dendrite model at all?),
 * the version (written by a newer Dendrite?), the declared length against the real size (truncated
 * copy?), the checksum (damaged bytes?), then every count, length and shape against the bytes that
 * remain before anything is allocated for it, so even a file crafted with a valid checksum and a
 * huge shape fails cleanly instead of exhausting memory.
 *
 * <h2>Writing is atomic</h2>
 * The file is written through {@link AtomicFiles}: a crash leaves the old file or the new one, never
 * a mix.
 */
public final class ModelFile {
    /** Recommended file-name extension. */
    public static final String EXTENSION = ".dnd";
    /** The version this class writes and the newest it reads. */
    public static final int VERSION = 1;

    static final byte[] MAGIC = {'D', 'N', 'D', 'R'};
    static final int HEADER_BYTES = 16;
    static final int CHECKSUM_BYTES = 4;
    static final int MAX_RANK = 32;
    static final int CODE_F32 = 1;
    static final int CODE_F64 = 2;
    private static final long SATURATED = Long.MAX_VALUE / 16;

    private ModelFile() {
    }

    /**
     * What a model file holds. Maps are copied, keep their iteration order, and are unmodifiable;
     * the tensors themselves are not copied.
     *
     * @param architecture how to rebuild the model, opaque here (for example JSON); may be empty
     * @param metadata free-form notes: creation time, dataset, accuracy, Dendrite version…
     * @param parameters the trainable tensors by name (W1, b1, gamma1, …)
     * @param buffers the non-trainable state by name (BatchNorm running means and variances, …)
     */
    public record Contents(String architecture, Map<String, String> metadata, Map<String, Tensor> parameters,
                           Map<String, Tensor> buffers) {
        public Contents {
            Objects.requireNonNull(architecture, "architecture (use \"\" for none)");
            metadata = frozen(metadata, "metadata");
            parameters = frozen(parameters, "parameters");
            buffers = frozen(buffers, "buffers");
        }

        /** A model with parameters only: no metadata, no buffers. */
        public Contents(String architecture, Map<String, Tensor> parameters) {
            this(architecture, Map.of(), parameters, Map.of());
        }

        private static <V> Map<String, V> frozen(Map<String, V> map, String what) {
            Objects.requireNonNull(map, what);
            Map<String, V> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new NullPointerException(what + " may not hold null: " + k + " → " + v);
                }
                copy.put(k, v);
            });
            return Collections.unmodifiableMap(copy);
        }
    }

    /** Writes {@code contents} to {@code file} atomically, replacing any previous file. */
    public static void write(Path file, Contents contents) throws IOException {
        Objects.requireNonNull(contents, "contents");
        AtomicFiles.write(file, out -> write(out, contents));
    }

    /** Writes {@code contents} in model-file format to {@code out}; flushes but does not close it. */
    public static void write(OutputStream out, Contents contents) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32C());
        ByteOutput o = new ByteOutput(checked);
        o.bytes(MAGIC);
        o.u32(VERSION);
        o.i64(length(contents));
        string(o, contents.architecture());
        o.u32(contents.metadata().size());
        for (Map.Entry<String, String> e : contents.metadata().entrySet()) {
            string(o, e.getKey());
            string(o, e.getValue());
        }
        tensors(o, contents.parameters());
        tensors(o, contents.buffers());
        o.flush();
        new ByteOutput(out).u32(checked.getChecksum().getValue());
        out.flush();
    }

    private static void string(ByteOutput o, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.u32(b.length);
        o.bytes(b);
    }

    private static void tensors(ByteOutput o, Map<String, Tensor> tensors) throws IOException {
        o.u32(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue().contiguous();
            int[] shape = t.shape();
            string(o, e.getKey());
            o.u8(t.dtype() == DType.F32 ? CODE_F32 : CODE_F64);
            o.u8(shape.length);
            for (int d : shape) {
                o.u32(d);
            }
            if (t.dtype() == DType.F32) {
                o.floats(t.floatData(), t.offset(), t.size());
            } else {
                o.doubles(t.doubleData(), t.offset(), t.size());
            }
        }
    }

    /** The exact file length, needed up front because the header records it. */
    static long length(Contents c) {
        long n = HEADER_BYTES + stringBytes(c.architecture()) + 4L;
        for (Map.Entry<String, String> e : c.metadata().entrySet()) {
            n += stringBytes(e.getKey()) + stringBytes(e.getValue());
        }
        for (Map<String, Tensor> group : List.of(c.parameters(), c.buffers())) {
            n += 4;
            for (Map.Entry<String, Tensor> e : group.entrySet()) {
                Tensor t = e.getValue();
                if (t.shape().length > MAX_RANK) {
                    throw new IllegalArgumentException("tensor '" + e.getKey() + "' has rank " + t.shape().length
                            + ", a model file holds at most rank " + MAX_RANK);
                }
                n += stringBytes(e.getKey()) + 2 + 4L * t.shape().length + (long) t.size() * t.dtype().bytes();
            }
        }
        return n + CHECKSUM_BYTES;
    }

    private static long stringBytes(String s) {
        return 4L + s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Reads a model file.
     *
     * @throws FileFormatException if the file is not a Dendrite model file, is of an unknown version,
     *     is truncated or damaged; the message names the file and what was expected
     */
    public static Contents read(Path file) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        long declared = checkHeader(file, source, size);
        verifyChecksum(file, source, declared);
        return body(file, source, declared);
    }

    /**
     * What {@link #inspect} found: the file's length, the checksum state ({@code null} when the CRC-32C matched,
     * else what is wrong), and the contents when the structure could be read (else {@code null} and
     * {@code structureProblem} says why). A file whose checksum does not match may still show its structure: the
     * damage can lie in the tensors' values.
     */
    public record Inspection(long length, String checksumProblem, Contents contents, String structureProblem) {
        /** True when the checksum matched and the structure was read. */
        public boolean intact() {
            return checksumProblem == null && contents != null;
        }
    }

    /**
     * Reads as much of a model file as can be read, for a report: unlike {@link #read}, a checksum mismatch or a
     * damaged structure is described in the result rather than thrown. Sizes are still checked before anything is
     * allocated.
     *
     * @throws IOException if the file cannot be opened
     */
    public static Inspection inspect(Path file) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        long declared;
        try {
            declared = checkHeader(file, source, size);
        } catch (FileFormatException e) {
            return new Inspection(size, detail(e), null, detail(e));
        }
        String checksum = null;
        try {
            verifyChecksum(file, source, declared);
        } catch (FileFormatException e) {
            checksum = detail(e);
        }
        try {
            return new Inspection(size, checksum, body(file, source, declared), null);
        } catch (FileFormatException e) {
            return new Inspection(size, checksum, null, detail(e));
        }
    }

    private static String detail(FileFormatException e) {
        String prefix = e.source() + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** Parses everything between the header and the checksum; every size is checked against the bytes left. */
    private static Contents body(Path file, String source, long declared) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteInput body = new ByteInput(in, source, declared - CHECKSUM_BYTES);
            body.bytes(HEADER_BYTES, "header");
            String architecture = string(body, "architecture");
            long m = count(body, "metadata entries", 8);
            Map<String, String> metadata = new LinkedHashMap<>();
            for (long i = 0; i < m; i++) {
                String key = string(body, "metadata key");
                String value = string(body, "value of metadata '" + printable(key) + "'");
                if (metadata.put(key, value) != null) {
                    throw body.error("metadata key '" + printable(key) + "' appears twice");
                }
            }
            Map<String, Tensor> parameters = tensors(body, "parameter");
            Map<String, Tensor> buffers = tensors(body, "buffer");
            if (body.remaining() != 0) {
                throw body.error(body.remaining() + " unexpected bytes after the last buffer, at byte "
                        + body.position() + " (written by a newer Dendrite?)");
            }
            return new Contents(architecture, metadata, parameters, buffers);
        }
    }

    /** Checks magic, version and length; returns the declared length (= the real one). */
    private static long checkHeader(Path file, String source, long size) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER_BYTES);
        }
        int magicBytes = Math.min(head.length, MAGIC.length);
        if (!Arrays.equals(head, 0, magicBytes, MAGIC, 0, magicBytes) || head.length == 0) {
            throw new FileFormatException(source, "not a Dendrite model file: expected magic 'DNDR' at byte 0, found "
                    + Hex.show(Arrays.copyOf(head, magicBytes)) + otherFormat(head));
        }
        if (head.length < HEADER_BYTES) {
            throw new FileFormatException(source, "truncated at byte " + size + ": expected a " + HEADER_BYTES
                    + "-byte header (incomplete download or copy?)");
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long version = b.getInt(4) & 0xFFFFFFFFL;
        if (version != VERSION) {
            throw new FileFormatException(source, "unknown model file format version " + version + " at byte 4: this "
                    + "Dendrite reads version " + VERSION + (version > VERSION ? " (written by a newer Dendrite; upgrade)" : ""));
        }
        long declared = b.getLong(8);
        if (declared != size) {
            if (declared > size && declared >= HEADER_BYTES + CHECKSUM_BYTES) {
                throw new FileFormatException(source, "truncated at byte " + size + ": the header (byte 8) declares "
                        + declared + " bytes, " + (declared - size) + " are missing (incomplete download or copy?)");
            }
            throw new FileFormatException(source, "the header (byte 8) declares a length of " + Long.toUnsignedString(declared)
                    + " bytes but the file has " + size + " (damaged header or bytes appended?)");
        }
        return declared;
    }

    private static String otherFormat(byte[] head) {
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return " (this is a zip archive, perhaps an .npz: read it with Npz.read)";
        }
        if (head.length >= 6 && Arrays.equals(head, 0, 6, Npy.MAGIC, 0, 6)) {
            return " (this is an .npy array: read it with Npy.read)";
        }
        return "";
    }

    private static void verifyChecksum(Path file, String source, long length) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 16];
        long left = length - CHECKSUM_BYTES;
        byte[] stored = new byte[CHECKSUM_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new FileFormatException(source, "truncated at byte " + (length - CHECKSUM_BYTES - left)
                            + " while reading (file changed during the read?)");
                }
                crc.update(buf, 0, n);
                left -= n;
            }
            if (in.readNBytes(stored, 0, CHECKSUM_BYTES) != CHECKSUM_BYTES) {
                throw new FileFormatException(source, "truncated: checksum missing (file changed during the read?)");
            }
        }
        long expected = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (expected != crc.getValue()) {
            throw new FileFormatException(source, String.format("checksum mismatch: the CRC-32C stored at byte %d is "
                    + "%08x, the content gives %08x — the file is damaged; use another copy or re-save the model",
                    length - CHECKSUM_BYTES, expected, crc.getValue()));
        }
    }

    private static String string(ByteInput in, String what) throws IOException {
        long at = in.position();
        long n = in.u32("length of " + what);
        in.require(n, what);
        byte[] b = in.bytes((int) n, what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw in.error("invalid UTF-8 in " + what + " at byte " + at);
        }
    }

    /** Reads a count and checks that that many items of at least {@code minItemBytes} each can fit. */
    private static long count(ByteInput in, String what, int minItemBytes) throws IOException {
        long at = in.position();
        in.require(4, "number of " + what);
        long n = in.u32("number of " + what);
        if (n * minItemBytes > in.remaining()) {
            throw in.error("the number of " + what + " at byte " + at + " is " + n + ", but only " + in.remaining()
                    + " bytes remain (at least " + minItemBytes + " per item): the file is corrupt");
        }
        return n;
    }

    private static Map<String, Tensor> tensors(ByteInput in, String kind) throws IOException {
        long n = count(in, kind + "s", 6);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
            String name = string(in, kind + " name");
            long at = in.position();
            int code = in.u8("dtype of " + kind + " '" + printable(name) + "'");
            if (code != CODE_F32 && code != CODE_F64) {
                throw in.error("unknown dtype code " + code + " for " + kind + " '" + printable(name) + "' at byte " + at
                        + ": expected 1 (F32) or 2 (F64)");
            }
            DType dtype = code == CODE_F32 ? DType.F32 : DType.F64;
            int rank = in.u8("rank of " + kind + " '" + printable(name) + "'");
            if (rank > MAX_RANK) {
                throw in.error("rank " + rank + " of " + kind + " '" + printable(name) + "' at byte " + (at + 1)
                        + " exceeds " + MAX_RANK + ": the file is corrupt");
            }
            in.require(4L * rank, "shape of " + kind + " '" + printable(name) + "'");
            int[] shape = new int[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                long dim = in.u32("shape of " + kind + " '" + printable(name) + "'");
                if (dim > Integer.MAX_VALUE) {
                    throw in.error("dimension " + dim + " of " + kind + " '" + printable(name) + "' exceeds " + Integer.MAX_VALUE);
                }
                shape[d] = (int) dim;
                // Saturate instead of overflowing: the size checks below then fail as they should.
                elements = dim != 0 && elements > SATURATED / dim ? SATURATED : elements * dim;
            }
            long bytes = elements * dtype.bytes();
            String what = "data of " + kind + " '" + printable(name) + "' " + Shapes.format(shape) + " " + dtype;
            if (bytes > in.remaining()) {
                throw in.error(what + " needs " + bytes + " bytes at byte " + in.position() + ", but only "
                        + in.remaining() + " remain before the checksum: the file is corrupt");
            }
            if (elements > Npy.MAX_ELEMENTS) {
                throw in.error(what + " has " + elements + " elements, more than a Dendrite tensor holds");
            }
            Tensor t;
            if (dtype == DType.F32) {
                float[] data = new float[(int) elements];
                in.elements(elements, 4, ByteOrder.LITTLE_ENDIAN, what,
                        (b, first, count) -> b.asFloatBuffer().get(data, first, count));
                t = Tensor.of(data, shape);
            } else {
                double[] data = new double[(int) elements];
                in.elements(elements, 8, ByteOrder.LITTLE_ENDIAN, what,
                        (b, first, count) -> b.asDoubleBuffer().get(data, first, count));
                t = Tensor.of(data, shape);
            }
            if (tensors.put(name, t) != null) {
                throw in.error(kind + " '" + printable(name) + "' appears twice");
            }
        }
        return tensors;
    }

    /** A name read from a file, for a message: control characters shown as '?', at most 60 characters. */
    static String printable(String text) {
        String t = text.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }
}
