package io.dendrite.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes little-endian fields and bulk float/double arrays through one reusable buffer. */
final class ByteOutput {
    private static final int CHUNK_BYTES = 1 << 16;

    private final OutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    ByteOutput(OutputStream out) {
        this.out = out;
    }

    void u8(int v) throws IOException {
        out.write(v);
    }

    void u16(int v) throws IOException {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    void u32(long v) throws IOException {
        buffer.clear();
        buffer.putInt((int) v);
        out.write(buffer.array(), 0, 4);
    }

    void i64(long v) throws IOException {
        buffer.clear();
        buffer.putLong(v);
        out.write(buffer.array(), 0, 8);
    }

    void bytes(byte[] b) throws IOException {
        out.write(b);
    }

    void floats(float[] a, int offset, int count) throws IOException {
        int per = CHUNK_BYTES / Float.BYTES;
        for (int done = 0; done < count; done += per) {
            int n = Math.min(per, count - done);
            buffer.clear();
            buffer.asFloatBuffer().put(a, offset + done, n);
            out.write(buffer.array(), 0, n * Float.BYTES);
        }
    }

    void doubles(double[] a, int offset, int count) throws IOException {
        int per = CHUNK_BYTES / Double.BYTES;
        for (int done = 0; done < count; done += per) {
            int n = Math.min(per, count - done);
            buffer.clear();
            buffer.asDoubleBuffer().put(a, offset + done, n);
            out.write(buffer.array(), 0, n * Double.BYTES);
        }
    }

    void flush() throws IOException {
        out.flush();
    }
}
