package io.dendrite.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads little-endian fields from a stream while counting bytes, so that every error can say at
 * which byte of which file it happened, and so that a length read from a header is checked against
 * the bytes that are really left before anything is allocated from it.
 */
final class ByteInput {
    private static final int CHUNK_BYTES = 1 << 16;

    private final InputStream in;
    private final String source;
    private final long length;
    private long position;
    private byte[] chunk;

    /**
     * @param length total bytes the stream holds from here on, or -1 when unknown (then only
     *     end-of-stream tells that data is missing)
     */
    ByteInput(InputStream in, String source, long length) {
        this.in = in;
        this.source = source;
        this.length = length;
    }

    String source() {
        return source;
    }

    /** The underlying stream, for reading past what this class counts (the caller then stops using this). */
    InputStream inputStream() {
        return in;
    }

    long position() {
        return position;
    }

    boolean lengthKnown() {
        return length >= 0;
    }

    /** Bytes left before the end, or {@link Long#MAX_VALUE} when the length is unknown. */
    long remaining() {
        return length >= 0 ? length - position : Long.MAX_VALUE;
    }

    FileFormatException error(String detail) {
        return new FileFormatException(source, detail);
    }

    /** Fails with a truncation error unless {@code n} more bytes are known to be there. */
    void require(long n, String what) throws FileFormatException {
        if (n > remaining()) {
            throw truncated(n, remaining(), what);
        }
    }

    private FileFormatException truncated(long expected, long found, String what) {
        return error("truncated at byte " + (position + found) + ": expected " + expected + " bytes of " + what
                + " at byte " + position + ", found " + found + " (incomplete download or copy?)");
    }

    void readFully(byte[] dst, int off, int len, String what) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(dst, off + done, len - done);
            if (n < 0) {
                throw truncated(len, done, what);
            }
            done += n;
        }
        position += len;
    }

    byte[] bytes(int n, String what) throws IOException {
        require(n, what);
        byte[] b = new byte[n];
        readFully(b, 0, n, what);
        return b;
    }

    private ByteBuffer fixed(int n, String what) throws IOException {
        byte[] b = new byte[n];
        readFully(b, 0, n, what);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    int u8(String what) throws IOException {
        return fixed(1, what).get() & 0xFF;
    }

    int u16(String what) throws IOException {
        return fixed(2, what).getShort() & 0xFFFF;
    }

    long u32(String what) throws IOException {
        return fixed(4, what).getInt() & 0xFFFFFFFFL;
    }

    long i64(String what) throws IOException {
        return fixed(8, what).getLong();
    }

    /**
     * Reads {@code count} elements of {@code itemBytes} bytes each in chunks and hands each chunk,
     * ordered as {@code order}, to {@code sink} together with the index of its first element.
     */
    void elements(long count, int itemBytes, ByteOrder order, String what, ChunkSink sink) throws IOException {
        if (chunk == null) {
            chunk = new byte[CHUNK_BYTES];
        }
        int perChunk = CHUNK_BYTES / itemBytes;
        long done = 0;
        while (done < count) {
            int n = (int) Math.min(perChunk, count - done);
            int bytes = n * itemBytes;
            int got = 0;
            while (got < bytes) {
                int r = in.read(chunk, got, bytes - got);
                if (r < 0) {
                    long expected = count * itemBytes;
                    long found = done * itemBytes + got;
                    throw error("truncated at byte " + (position + got) + ": expected " + expected + " bytes of "
                            + what + ", found " + found + " (incomplete download or copy?)");
                }
                got += r;
            }
            position += bytes;
            sink.accept(ByteBuffer.wrap(chunk, 0, bytes).order(order), (int) done, n);
            done += n;
        }
    }

    /** Receives one chunk of elements; {@code first} is the index of the chunk's first element. */
    @FunctionalInterface
    interface ChunkSink {
        void accept(ByteBuffer chunk, int first, int count);
    }
}
