package io.dendrite.io;

import io.dendrite.tensor.Shapes;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks the header of a safetensors file — everything before the data — without reading the data:
 * the length field, the JSON, each tensor's entry, and the offsets against each other and against the file's size.
 * Every failure is a {@link FileFormatException} naming the file, and the byte offset where one helps.
 */
final class SafetensorsHeader {
    private static final String METADATA = "__metadata__";

    private SafetensorsHeader() {
    }

    static Safetensors.Header read(Path file) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        byte[] head;
        long n;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(Safetensors.PREFIX_BYTES);
            if (prefix.length < Safetensors.PREFIX_BYTES) {
                throw new FileFormatException(source, "truncated at byte " + prefix.length
                        + ": a safetensors file starts with an 8-byte header length" + (size == 0 ? " (the file is empty)" : ""));
            }
            n = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > Safetensors.MAX_HEADER_BYTES) {
                throw new FileFormatException(source, "header length " + Long.toUnsignedString(n) + " at byte 0 exceeds "
                        + "the format's limit of " + Safetensors.MAX_HEADER_BYTES + " bytes: not a safetensors file, or a"
                        + " damaged one" + FileKind.hint(prefix));
            }
            if (Safetensors.PREFIX_BYTES + n > size) {
                throw new FileFormatException(source, "the header length at byte 0 is " + n + " bytes, but only "
                        + (size - Safetensors.PREFIX_BYTES) + " follow: truncated (incomplete download or copy?)"
                        + " or not a safetensors file" + FileKind.hint(prefix));
            }
            head = in.readNBytes((int) n);
            if (head.length != n) {
                throw new FileFormatException(source, "truncated at byte " + (Safetensors.PREFIX_BYTES + head.length)
                        + " while reading the header (file changed during the read?)");
            }
        }
        String text = utf8(source, head);
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new FileFormatException(source, "the JSON header at byte 8 must start with '{'"
                    + (text.isEmpty() ? ", found an empty header" : ", found '" + text.charAt(0) + "'"));
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.Syntax e) {
            long at = Safetensors.PREFIX_BYTES + text.substring(0, e.position()).getBytes(StandardCharsets.UTF_8).length;
            throw new FileFormatException(source, "malformed JSON header at byte " + at + ": " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> top)) {
            throw new FileFormatException(source, "the JSON header must be an object of tensors, found " + parsed);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Safetensors.TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                metadata = metadata(source, e.getValue());
            } else {
                tensors.add(tensor(source, name, e.getValue()));
            }
        }
        long dataBytes = size - Safetensors.PREFIX_BYTES - n;
        checkLayout(source, tensors, dataBytes, Safetensors.PREFIX_BYTES + n);
        return new Safetensors.Header(metadata, tensors, n, dataBytes);
    }

    private static String utf8(String source, byte[] bytes) throws FileFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(source, "the header at byte 8 is not valid UTF-8: not a safetensors file,"
                    + " or a damaged one");
        }
    }

    private static Map<String, String> metadata(String source, Object value) throws FileFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FileFormatException(source, "__metadata__ must be an object of strings, found " + value);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new FileFormatException(source, "__metadata__ entry " + Json.quote((String) e.getKey())
                        + " must be a string, found " + e.getValue());
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Safetensors.TensorInfo tensor(String source, String name, Object value) throws FileFormatException {
        String what = "tensor " + Json.quote(name);
        if (!(value instanceof Map<?, ?> entry)) {
            throw new FileFormatException(source, what + " must be an object with dtype, shape and data_offsets, found "
                    + value);
        }
        for (Object key : entry.keySet()) {
            if (!List.of("dtype", "shape", "data_offsets").contains(key)) {
                throw new FileFormatException(source, what + " has an unknown field " + Json.quote((String) key)
                        + ": expected dtype, shape and data_offsets");
            }
        }
        if (!(entry.get("dtype") instanceof String dtype)) {
            throw new FileFormatException(source, what + ": dtype must be a string such as \"F32\", found "
                    + entry.get("dtype"));
        }
        SafetensorsDType type = SafetensorsDType.of(dtype);
        if (type == null) {
            throw new FileFormatException(source, what + " has unknown dtype " + Json.quote(dtype) + ": expected one of "
                    + SafetensorsDType.READABLE + ", F8_E5M2, F8_E4M3");
        }
        List<Long> dims = integers(source, what + ": shape", entry.get("shape"), -1);
        int[] shape = new int[dims.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i);
            if (d > Integer.MAX_VALUE) {
                throw new FileFormatException(source, what + ": dimension " + d + " exceeds " + Integer.MAX_VALUE);
            }
            shape[i] = (int) d;
            // Saturate: the size check below then fails as it should instead of overflowing.
            elements = d != 0 && elements > Long.MAX_VALUE / 16 / d ? Long.MAX_VALUE / 16 : elements * d;
        }
        List<Long> offsets = integers(source, what + ": data_offsets", entry.get("data_offsets"), 2);
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw new FileFormatException(source, what + ": data_offsets [" + begin + ", " + end + "] end before they"
                    + " begin");
        }
        if (elements * type.bytes != end - begin) {
            throw new FileFormatException(source, what + " of shape " + Shapes.format(shape) + " and dtype " + dtype
                    + " needs " + elements * type.bytes + " bytes, but its data_offsets [" + begin + ", " + end
                    + "] span " + (end - begin));
        }
        return new Safetensors.TensorInfo(name, dtype, shape, begin, end);
    }

    /** A JSON array of non-negative integers, of length {@code count} unless it is -1. */
    private static List<Long> integers(String source, String what, Object value, int count) throws FileFormatException {
        if (!(value instanceof List<?> items) || (count >= 0 && items.size() != count)) {
            throw new FileFormatException(source, what + " must be an array of " + (count >= 0 ? count + " " : "")
                    + "non-negative integers, found " + (value == null ? "nothing" : value));
        }
        List<Long> out = new ArrayList<>();
        for (Object item : items) {
            long v;
            if (item instanceof Long l) {
                v = l;
            } else if (item instanceof BigDecimal big && big.signum() >= 0 && big.stripTrailingZeros().scale() <= 0
                    && big.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                v = big.longValueExact();
            } else {
                v = -1;
            }
            if (v < 0) {
                throw new FileFormatException(source, what + " must hold non-negative integers, found " + item);
            }
            out.add(v);
        }
        return out;
    }

    /**
     * The spec: the tensors' byte ranges must tile the data exactly — no holes, no overlaps, nothing after the
     * last one (so that no bytes hide in the file unread).
     */
    private static void checkLayout(String source, List<Safetensors.TensorInfo> tensors, long dataBytes, long dataStart)
            throws FileFormatException {
        List<Safetensors.TensorInfo> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(Safetensors.TensorInfo::begin).thenComparingLong(Safetensors.TensorInfo::end));
        long expected = 0;
        Safetensors.TensorInfo previous = null;
        for (Safetensors.TensorInfo t : byOffset) {
            if (t.end() > dataBytes) {
                throw new FileFormatException(source, "tensor " + Json.quote(t.name()) + " has data_offsets ["
                        + t.begin() + ", " + t.end() + "] beyond the " + dataBytes + " data bytes (byte "
                        + (dataStart + t.end()) + " of a " + (dataStart + dataBytes) + "-byte file): truncated"
                        + " (incomplete download or copy?)");
            }
            if (t.begin() < expected) {
                throw new FileFormatException(source, "tensor " + Json.quote(t.name()) + " at data_offsets ["
                        + t.begin() + ", " + t.end() + "] overlaps tensor " + Json.quote(previous.name()) + " at ["
                        + previous.begin() + ", " + previous.end() + "]");
            }
            if (t.begin() > expected) {
                throw new FileFormatException(source, "the data has a hole: bytes " + expected + " to " + t.begin()
                        + " (file byte " + (dataStart + expected) + ") belong to no tensor, the next is "
                        + Json.quote(t.name()));
            }
            expected = t.end();
            previous = t;
        }
        if (expected != dataBytes) {
            throw new FileFormatException(source, (dataBytes - expected) + " bytes after the last tensor's data, from"
                    + " byte " + (dataStart + expected) + ", belong to no tensor (damaged file or bytes appended?)");
        }
    }
}
