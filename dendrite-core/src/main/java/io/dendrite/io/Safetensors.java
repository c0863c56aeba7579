package io.dendrite.io;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes Hugging Face's safetensors format, the usual way PyTorch and Hugging Face weights travel.
 *
 * <h2>The format</h2>
 * <pre>
 * bytes 0-7   N, the header's length: unsigned 64-bit little-endian, at most 100 000 000
 * bytes 8-…   N bytes of UTF-8 JSON, an object (it starts with '{'; trailing spaces pad it):
 *               {"__metadata__": {"format": "pt"},                                   (optional, strings only)
 *                "fc1.weight": {"dtype": "F32", "shape": [3, 4], "data_offsets": [0, 48]}, …}
 * then        the data: each tensor's elements, little-endian, row-major, at [begin, end) counted from the
 *             first byte after the header
 * </pre>
 *
 * <h2>Reading is strict</h2>
 * The header length is bounded (the format's 100 MB) and checked against the file's size before anything is
 * allocated; the JSON is parsed by a strict reader of our own (a duplicate key is an error); every tensor entry
 * must have exactly a known dtype, a shape of non-negative integers and two data offsets whose span is the shape's
 * element count times the dtype's size; and the tensors' byte ranges must tile the data exactly — no overlap, no
 * hole, nothing past the end of the file, nothing after the last tensor. Each failure is a
 * {@link FileFormatException} that names the file and says what was wrong, with the byte offset where it helps.
 *
 * <p>Dtypes read, and the tensor each becomes (the rule of {@link Npy}): F32 → F32 and F64 → F64 bit for bit;
 * F16 and BF16 → F32 exactly; I8, U8, BOOL, I16, U16 → F32 exactly; I32, U32, I64, U64 → F64 (exact up to
 * 2<sup>53</sup>). The 8-bit floats are refused with a message that lists what is read.
 *
 * <h2>Writing</h2>
 * F32 tensors as F32, F64 as F64, in the map's order, contiguous from offset 0, the header padded with spaces so
 * that the data starts at a multiple of 8 bytes (as the reference implementation does); optional string metadata
 * goes under {@code __metadata__}. Atomic through {@link AtomicFiles}.
 */
public final class Safetensors {
    /** The format's limit on the header's length, in bytes. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The recommended file-name extension. */
    public static final String EXTENSION = ".safetensors";
    static final int PREFIX_BYTES = 8;
    private static final int ALIGN = 8;

    private Safetensors() {
    }

    /**
     * One tensor's entry in the header, as written there.
     *
     * @param dtype the format's name for the element type ("F32", "BF16", …)
     * @param begin first byte of the data, counted from the first byte after the header
     * @param end   one past the last byte
     */
    public record TensorInfo(String name, String dtype, int[] shape, long begin, long end) {
        public TensorInfo {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The number of elements. */
        public long size() {
            return Shapes.size(shape);
        }

        /** The number of data bytes. */
        public long bytes() {
            return end - begin;
        }
    }

    /**
     * A checked header: the metadata (empty when the file has none), the tensors in header order, the JSON's length
     * and the data's length in bytes.
     */
    public record Header(Map<String, String> metadata, List<TensorInfo> tensors, long headerBytes, long dataBytes) {
        public Header {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            tensors = List.copyOf(tensors);
        }
    }

    /** The tensors of a file by name, in header order, and its metadata. Maps are unmodifiable. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** Reads and checks the header of {@code file} without reading the tensors' data. */
    public static Header readHeader(Path file) throws IOException {
        return SafetensorsHeader.read(file);
    }

    /**
     * Reads every tensor of {@code file}, converted as the class comment says, and its metadata.
     *
     * @throws FileFormatException if the file is not a well-formed safetensors file, or holds a dtype not read
     */
    public static Contents read(Path file) throws IOException {
        Header header = readHeader(file);
        String source = file.toString();
        for (TensorInfo t : header.tensors()) {
            SafetensorsDType type = SafetensorsDType.of(t.dtype());
            if (type.target == null) {
                throw new FileFormatException(source, "tensor " + Json.quote(t.name()) + " has dtype " + t.dtype()
                        + ", which Dendrite does not read: expected one of " + SafetensorsDType.READABLE);
            }
            if (t.size() > Npy.MAX_ELEMENTS) {
                throw new FileFormatException(source, "tensor " + Json.quote(t.name()) + " of shape "
                        + Shapes.format(t.shape()) + " has more elements than a Dendrite tensor holds");
            }
        }
        List<TensorInfo> byOffset = header.tensors().stream()
                .sorted((a, b) -> Long.compare(a.begin(), b.begin())).toList();
        Map<String, Tensor> read = new LinkedHashMap<>();
        long dataStart = PREFIX_BYTES + header.headerBytes();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteInput body = new ByteInput(in, source, dataStart + header.dataBytes());
            body.bytes((int) dataStart, "header");
            for (TensorInfo t : byOffset) {   // the ranges tile the data: one forward pass reads them all
                read.put(t.name(), tensor(body, t));
            }
        }
        Map<String, Tensor> inHeaderOrder = new LinkedHashMap<>();
        header.tensors().forEach(t -> inHeaderOrder.put(t.name(), read.get(t.name())));
        return new Contents(inHeaderOrder, header.metadata());
    }

    private static Tensor tensor(ByteInput in, TensorInfo t) throws IOException {
        SafetensorsDType type = SafetensorsDType.of(t.dtype());
        int count = (int) t.size();
        String what = "data of tensor " + Json.quote(t.name()) + " " + Shapes.format(t.shape()) + " " + t.dtype();
        if (type.target == DType.F32) {
            float[] out = new float[count];
            in.elements(count, type.bytes, ByteOrder.LITTLE_ENDIAN, what, (b, first, n) -> type.decode(b, out, first, n));
            return Tensor.of(out, t.shape());
        }
        double[] out = new double[count];
        in.elements(count, type.bytes, ByteOrder.LITTLE_ENDIAN, what, (b, first, n) -> type.decode(b, out, first, n));
        return Tensor.of(out, t.shape());
    }

    /** Writes {@code tensors} without metadata; see {@link #write(Path, Map, Map)}. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} (F32 or F64, each in its own dtype) and {@code metadata} to {@code file} atomically.
     *
     * @throws IllegalArgumentException if a name is empty or {@code __metadata__}
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> write(out, header, tensors));
    }

    /** Writes a safetensors file to {@code out}; flushes but does not close it. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(out, header(tensors, metadata), tensors);
    }

    private static void write(OutputStream out, byte[] header, Map<String, Tensor> tensors) throws IOException {
        ByteOutput o = new ByteOutput(out);
        o.i64(header.length);
        o.bytes(header);
        for (Tensor tensor : tensors.values()) {
            Tensor t = tensor.contiguous();
            if (t.dtype() == DType.F32) {
                o.floats(t.floatData(), t.offset(), t.size());
            } else {
                o.doubles(t.doubleData(), t.offset(), t.size());
            }
        }
        o.flush();
    }

    /** The JSON header, padded with spaces so that 8 + its length is a multiple of 8. */
    static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                json.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        long offset = 0;
        String sep = metadata.isEmpty() ? "" : ",";
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.isEmpty() || name.equals("__metadata__") || t == null) {
                throw new IllegalArgumentException("safetensors names must be non-empty and not __metadata__, and"
                        + " tensors non-null, found '" + name + "' → " + t);
            }
            long bytes = (long) t.size() * t.dtype().bytes();
            json.append(sep).append(Json.quote(name)).append(":{\"dtype\":\"")
                    .append(t.dtype() == DType.F32 ? "F32" : "F64").append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i > 0 ? "," : "").append(shape[i]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            sep = ",";
        }
        json.append('}');
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + ALIGN - 1) / ALIGN * ALIGN;
        byte[] out = new byte[padded];
        System.arraycopy(text, 0, out, 0, text.length);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }
}
