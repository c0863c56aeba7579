package io.dendrite.io.onnx;

import io.dendrite.io.FileFormatException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the fields of one protobuf message that lies in bytes [start, end) of a file held in memory. It is
 * defensive: every length is checked against the bytes that are really left in the message before anything is
 * allocated from it, varints longer than 10 bytes and field number 0 are refused, the deprecated group wire types
 * are refused, and every error names the file and the byte offset where the problem starts (a
 * {@link FileFormatException}). Fields a caller does not know are skipped by their wire type with {@link #skip}.
 *
 * <p>Use: {@code while (r.hasMore()) { int tag = r.tag(); switch (ProtoReader.field(tag)) { … default -> r.skip(tag); } }}
 */
final class ProtoReader {
    private final byte[] buf;
    private final String source;
    private final String message;
    private final int end;
    private int pos;

    /** A reader over a whole file's bytes; {@code message} names the top-level message for errors ("ModelProto"). */
    ProtoReader(byte[] buf, String source, String message) {
        this(buf, source, message, 0, buf.length);
    }

    private ProtoReader(byte[] buf, String source, String message, int start, int end) {
        this.buf = buf;
        this.source = source;
        this.message = message;
        this.pos = start;
        this.end = end;
    }

    /** The field number of a tag. */
    static int field(int tag) {
        return tag >>> 3;
    }

    /** The wire type of a tag. */
    static int wireType(int tag) {
        return tag & 7;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The byte offset of the next field in the file. */
    int position() {
        return pos;
    }

    String source() {
        return source;
    }

    /** An error at the reader's position in this message. */
    FileFormatException error(String detail) {
        return error(pos, detail);
    }

    FileFormatException error(int at, String detail) {
        return new FileFormatException(source, "at byte " + at + " (in " + message + "): " + detail);
    }

    /** Reads the next tag; refuses field number 0 and the group wire types 3, 4 and the unused 6, 7. */
    int tag() throws FileFormatException {
        int at = pos;
        long t = varint("a field tag");
        int wire = (int) (t & 7);
        long field = t >>> 3;
        if (field == 0 || field > (1 << 29) - 1) {
            throw error(at, "invalid field number " + field + " — not a protobuf message (is this an ONNX file?)");
        }
        if (wire == 3 || wire == 4) {
            throw error(at, "field " + field + " uses the deprecated group wire type " + wire + ", which ONNX never writes");
        }
        if (wire > 5) {
            throw error(at, "field " + field + " has invalid wire type " + wire + " — the file is damaged or not ONNX");
        }
        return (int) t;
    }

    /** Fails unless {@code tag} has the wire type the field is defined with. */
    void expect(int tag, int wireType, String fieldName) throws FileFormatException {
        if (wireType(tag) != wireType) {
            throw error("field " + field(tag) + " (" + fieldName + ") has wire type " + wireType(tag) + " ("
                    + wireName(wireType(tag)) + "), expected " + wireType + " (" + wireName(wireType) + ")");
        }
    }

    private static String wireName(int w) {
        return switch (w) {
            case ProtoWriter.VARINT -> "varint";
            case ProtoWriter.FIXED64 -> "fixed 64-bit";
            case ProtoWriter.LENGTH_DELIMITED -> "length-delimited";
            case ProtoWriter.FIXED32 -> "fixed 32-bit";
            default -> "invalid";
        };
    }

    /** A base-128 varint of at most 10 bytes. */
    long varint(String what) throws FileFormatException {
        int at = pos;
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw error(at, "truncated: " + what + " runs past the end of the " + (end == buf.length ? "file" : "message")
                        + " at byte " + end + " (incomplete download or copy?)");
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw error(at, what + " is a varint longer than 10 bytes — the file is damaged");
    }

    /** A varint field's value, checked against the field's wire type. */
    long int64(int tag, String fieldName) throws FileFormatException {
        expect(tag, ProtoWriter.VARINT, fieldName);
        return varint(fieldName);
    }

    /** An int32 or enum field: a varint whose value must fit in an int. */
    int int32(int tag, String fieldName) throws FileFormatException {
        int at = pos;
        long v = int64(tag, fieldName);
        if (v != (int) v) {
            throw error(at, fieldName + " = " + v + " does not fit in 32 bits");
        }
        return (int) v;
    }

    float float32(int tag, String fieldName) throws FileFormatException {
        expect(tag, ProtoWriter.FIXED32, fieldName);
        require(4, fieldName);
        int bits = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    /** The payload of a length-delimited field: its length is checked against what is left before copying. */
    byte[] bytes(int tag, String fieldName) throws FileFormatException {
        int len = length(tag, fieldName);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    /** A UTF-8 string field; malformed UTF-8 is an error. */
    String string(int tag, String fieldName) throws FileFormatException {
        int at = pos;
        int len = length(tag, fieldName);
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, pos, len)).toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw error(at, fieldName + " is not valid UTF-8 text");
        }
    }

    /** A nested message: a reader over its bytes; this reader moves past them. */
    ProtoReader message(int tag, String messageName) throws FileFormatException {
        int len = length(tag, messageName);
        ProtoReader nested = new ProtoReader(buf, source, messageName, pos, pos + len);
        pos += len;
        return nested;
    }

    /**
     * The values of a repeated int64 field, in either encoding protobuf allows: packed (one length-delimited run
     * of varints) or one varint per field occurrence. The caller appends them to its list.
     */
    void int64s(int tag, String fieldName, LongSink sink) throws FileFormatException {
        if (wireType(tag) == ProtoWriter.VARINT) {
            sink.accept(varint(fieldName));
            return;
        }
        ProtoReader run = message(tag, fieldName);
        while (run.hasMore()) {
            sink.accept(run.varint(fieldName));
        }
    }

    /** The values of a repeated float field, packed (length-delimited) or one fixed32 per occurrence. */
    void floats(int tag, String fieldName, FloatSink sink) throws FileFormatException {
        if (wireType(tag) == ProtoWriter.FIXED32) {
            sink.accept(float32(tag, fieldName));
            return;
        }
        expect(tag, ProtoWriter.LENGTH_DELIMITED, fieldName);
        int at = pos;
        int len = length(tag, fieldName);
        if (len % 4 != 0) {
            throw error(at, "packed " + fieldName + " holds " + len + " bytes, not a whole number of 4-byte floats");
        }
        for (int i = 0; i < len; i += 4) {
            int p = pos + i;
            sink.accept(Float.intBitsToFloat((buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8 | (buf[p + 2] & 0xFF) << 16
                    | (buf[p + 3] & 0xFF) << 24));
        }
        pos += len;
    }

    /** The values of a repeated double field, packed or one fixed64 per occurrence. */
    void doubles(int tag, String fieldName, DoubleSink sink) throws FileFormatException {
        if (wireType(tag) == ProtoWriter.FIXED64) {
            require(8, fieldName);
            sink.accept(Double.longBitsToDouble(fixed64At(pos)));
            pos += 8;
            return;
        }
        expect(tag, ProtoWriter.LENGTH_DELIMITED, fieldName);
        int at = pos;
        int len = length(tag, fieldName);
        if (len % 8 != 0) {
            throw error(at, "packed " + fieldName + " holds " + len + " bytes, not a whole number of 8-byte doubles");
        }
        for (int i = 0; i < len; i += 8) {
            sink.accept(Double.longBitsToDouble(fixed64At(pos + i)));
        }
        pos += len;
    }

    private long fixed64At(int p) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (buf[p + i] & 0xFF);
        }
        return v;
    }

    /** Skips a field this reader's caller does not use, by its wire type. */
    void skip(int tag) throws FileFormatException {
        switch (wireType(tag)) {
            case ProtoWriter.VARINT -> varint("field " + field(tag));
            case ProtoWriter.FIXED64 -> {
                require(8, "field " + field(tag));
                pos += 8;
            }
            case ProtoWriter.FIXED32 -> {
                require(4, "field " + field(tag));
                pos += 4;
            }
            case ProtoWriter.LENGTH_DELIMITED -> {
                int len = length(tag, "field " + field(tag));    // first: it moves pos past the length prefix
                pos += len;
            }
            default -> throw error("cannot skip field " + field(tag) + " of wire type " + wireType(tag));
        }
    }

    /** Reads a length prefix and checks it against the bytes left in this message. */
    private int length(int tag, String fieldName) throws FileFormatException {
        expect(tag, ProtoWriter.LENGTH_DELIMITED, fieldName);
        int at = pos;
        long len = varint("the length of " + fieldName);
        if (len < 0 || len > end - pos) {
            throw error(at, "truncated or damaged: " + fieldName + " claims " + Long.toUnsignedString(len)
                    + " bytes, but only " + (end - pos) + " are left in the " + message);
        }
        return (int) len;
    }

    private void require(int n, String what) throws FileFormatException {
        if (end - pos < n) {
            throw error("truncated: " + what + " needs " + n + " bytes, " + (end - pos) + " are left in the " + message);
        }
    }

    @FunctionalInterface
    interface LongSink {
        void accept(long v);
    }

    @FunctionalInterface
    interface FloatSink {
        void accept(float v);
    }

    @FunctionalInterface
    interface DoubleSink {
        void accept(double v);
    }
}
