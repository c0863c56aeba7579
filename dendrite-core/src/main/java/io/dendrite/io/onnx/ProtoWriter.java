package io.dendrite.io.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one protobuf message in memory: fields are appended as tag (field number and wire type) and value,
 * in the wire format of protocol buffers (varints, little-endian fixed-width numbers, length-delimited bytes).
 * A nested message is built in its own writer and appended with {@link #message}, which writes its length first.
 *
 * <pre>
 *   tag     = varint(field &lt;&lt; 3 | wireType)
 *   varint  : 7 bits a byte, least significant group first, high bit set on every byte but the last;
 *             negative int64 values take 10 bytes (two's complement), as protobuf writes them
 *   wire types: 0 varint, 1 fixed 64-bit, 2 length-delimited (varint length, then bytes), 5 fixed 32-bit
 * </pre>
 *
 * Only what ONNX files need is here; the message layouts live in {@link OnnxFields}.
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;
    /** protobuf messages cannot exceed 2 GiB; the ONNX format shares the limit. */
    static final long MAX_MESSAGE_BYTES = Integer.MAX_VALUE - 8;

    private byte[] buf = new byte[64];
    private int size;

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    int size() {
        return size;
    }

    ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    /** A varint field that protobuf omits when it is zero (proto3 scalar default). */
    ProtoWriter int64IfNonZero(int field, long value) {
        return value == 0 ? this : int64(field, value);
    }

    ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        fixed32(Float.floatToRawIntBits(value));
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A string field, omitted when the value is null or empty. */
    ProtoWriter stringIfPresent(int field, String value) {
        return value == null || value.isEmpty() ? this : string(field, value);
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        append(value, value.length);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter nested) {
        tag(field, LENGTH_DELIMITED);
        varint(nested.size);
        append(nested.buf, nested.size);
        return this;
    }

    /** A repeated int64 field in packed form (one length-delimited run of varints), omitted when empty. */
    ProtoWriter packedInt64(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        ProtoWriter run = new ProtoWriter();
        for (long v : values) {
            run.varint(v);
        }
        tag(field, LENGTH_DELIMITED);
        varint(run.size);
        append(run.buf, run.size);
        return this;
    }

    /** A repeated float field in packed form (one length-delimited run of little-endian floats), omitted when empty. */
    ProtoWriter packedFloat(int field, float[] values) {
        if (values.length == 0) {
            return this;
        }
        tag(field, LENGTH_DELIMITED);
        varint(4L * values.length);
        for (float v : values) {
            fixed32(Float.floatToRawIntBits(v));
        }
        return this;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        put((byte) v);
    }

    private void fixed32(int v) {
        for (int i = 0; i < 4; i++) {
            put((byte) (v >>> (8 * i)));
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void append(byte[] src, int len) {
        ensure(len);
        System.arraycopy(src, 0, buf, size, len);
        size += len;
    }

    private void ensure(int more) {
        long need = (long) size + more;
        if (need > MAX_MESSAGE_BYTES) {
            throw new IllegalStateException("the ONNX model would exceed protobuf's 2 GiB message limit ("
                    + need + " bytes) — ONNX files this large need external data, which Dendrite does not write");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(MAX_MESSAGE_BYTES, Math.max(need, 2L * buf.length)));
        }
    }
}
