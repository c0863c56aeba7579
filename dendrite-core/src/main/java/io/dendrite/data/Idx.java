package io.dendrite.data;

import io.dendrite.io.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reader and writer for the idx format of MNIST and Fashion-MNIST, raw or gzipped.
 *
 * <p>An idx file is a big-endian header — two zero bytes, a type byte ({@code 0x08}: unsigned
 * byte, the only type these datasets use), the number of dimensions, then one 32-bit size per
 * dimension — followed by the data in row-major order. Images are {@value #IMAGES_MAGIC_HEX}
 * (count, rows, cols); labels are {@value #LABELS_MAGIC_HEX} (count).
 *
 * <p>Gzip is recognised by its magic bytes {@code 1f 8b}, never by the file name. The header is
 * never trusted for an allocation: a raw file's length must match it exactly, and a gzipped
 * file's buffer is only allocated up front when the gzip trailer agrees with the header;
 * otherwise it grows as data actually arrives, so a lying header fails with a clear message
 * instead of an {@link OutOfMemoryError}.
 */
public final class Idx {
    /** Magic number of an idx3 unsigned-byte image file. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an idx1 unsigned-byte label file. */
    public static final int LABELS_MAGIC = 0x00000801;
    static final String IMAGES_MAGIC_HEX = "0x00000803";
    static final String LABELS_MAGIC_HEX = "0x00000801";

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int GZIP_BUFFER = 1 << 16;

    private Idx() {}

    /** The contents of an idx file: its dimensions and its unsigned bytes in row-major order. */
    public record Array(int[] dims, byte[] data) {
        /** Size of dimension {@code i}. */
        public int dim(int i) {
            return dims[i];
        }
    }

    /** Images of an idx3 file: {@code pixels} holds {@code count * rows * cols} unsigned bytes. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /** Reads an idx3 image file (magic {@value #IMAGES_MAGIC_HEX}), raw or gzipped. */
    public static Images readImages(Path file) throws IOException {
        Array a = read(file, 3, "images");
        return new Images(a.dim(0), a.dim(1), a.dim(2), a.data());
    }

    /** Reads an idx1 label file (magic {@value #LABELS_MAGIC_HEX}), raw or gzipped, as unsigned values. */
    public static int[] readLabels(Path file) throws IOException {
        byte[] b = read(file, 1, "labels").data();
        int[] labels = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            labels[i] = b[i] & 0xFF;
        }
        return labels;
    }

    /**
     * Reads an unsigned-byte idx file with {@code expectedDims} dimensions.
     *
     * @param what what the file should hold ("images", "labels"), for error messages
     */
    public static Array read(Path file, int expectedDims, String what) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            byte[] start = new byte[2];
            int got = readAt(ch, 0, start);
            if (got == 2 && (start[0] & 0xFF) == 0x1f && (start[1] & 0xFF) == 0x8b) {
                return readGzip(file, ch, length, expectedDims, what);
            }
            return readRaw(file, ch, length, expectedDims, what);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found (expected an idx file of " + what + ")", e);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, "cannot read the file: permission denied", e);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new DataFileException(file, "is a folder, expected an idx file of " + what, e);
            }
            throw new DataFileException(file, "cannot read the file: " + e.getMessage(), e);
        }
    }

    private static Array readRaw(Path file, FileChannel ch, long length, int expectedDims, String what)
            throws IOException {
        long headerLen = 4L + 4L * expectedDims;
        if (length >= 4) {
            // The magic number first: a wrong file should be called wrong, not truncated.
            ByteBuffer magic = ByteBuffer.allocate(4);
            readFully(ch, 0, magic);
            magic.flip();
            checkMagic(file, magic.getInt(), expectedDims, what);
        }
        if (length < headerLen) {
            throw new DataFileException(file, "truncated: an idx file of " + what + " needs a header of "
                    + headerLen + " bytes, the file holds only " + length + " bytes");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLen);
        readFully(ch, 0, header);
        header.flip();
        int[] dims = parseHeader(file, header, expectedDims, what);
        long dataLen = dataLength(file, dims, what);
        long expected = headerLen + dataLen;
        if (length < expected) {
            throw new DataFileException(file, "truncated: the header " + describe(dims, what) + " promises "
                    + expected + " bytes, the file holds only " + length + " bytes — an interrupted download?");
        }
        if (length > expected) {
            throw new DataFileException(file, "the header " + describe(dims, what) + " describes " + expected
                    + " bytes, but the file holds " + length + " bytes (" + (length - expected)
                    + " bytes too many) — is this the right file?");
        }
        byte[] data = new byte[(int) dataLen];
        readFully(ch, headerLen, ByteBuffer.wrap(data));
        return new Array(dims, data);
    }

    private static Array readGzip(Path file, FileChannel ch, long length, int expectedDims, String what)
            throws IOException {
        // ISIZE, the last 4 bytes of a gzip member, is the uncompressed length mod 2^32.
        long isize = -1;
        if (length >= 18) {
            ByteBuffer tail = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            readFully(ch, length - 4, tail);
            tail.flip();
            isize = tail.getInt() & 0xFFFFFFFFL;
        }
        ch.position(0);
        try (InputStream in = new GZIPInputStream(Channels.newInputStream(ch), GZIP_BUFFER)) {
            int headerLen = 4 + 4 * expectedDims;
            byte[] headerBytes = new byte[headerLen];
            int got = in.readNBytes(headerBytes, 0, headerLen);
            if (got >= 4) {
                checkMagic(file, ByteBuffer.wrap(headerBytes).getInt(), expectedDims, what);
            }
            if (got < headerLen) {
                throw new DataFileException(file, "truncated: an idx file of " + what + " needs a header of "
                        + headerLen + " bytes, the gzip stream holds only " + got + " bytes");
            }
            int[] dims = parseHeader(file, ByteBuffer.wrap(headerBytes), expectedDims, what);
            long dataLen = dataLength(file, dims, what);
            boolean trailerAgrees = isize == ((headerLen + dataLen) & 0xFFFFFFFFL);
            byte[] data = trailerAgrees
                    ? readExactly(in, (int) dataLen)
                    : readGrowing(in, (int) dataLen);
            if (data.length < dataLen) {
                throw new DataFileException(file, "truncated: the header " + describe(dims, what) + " promises "
                        + (headerLen + dataLen) + " uncompressed bytes, the gzip stream holds only "
                        + (headerLen + data.length) + " bytes — an interrupted download?");
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new DataFileException(file, "the header " + describe(dims, what) + " describes "
                        + (headerLen + dataLen) + " uncompressed bytes, but the gzip stream holds " + extra
                        + " bytes more — is this the right file?");
            }
            return new Array(dims, data);
        } catch (EOFException | ZipException e) {
            throw new DataFileException(file, "corrupt or truncated gzip data (" + e.getMessage()
                    + ") — delete the file and fetch it again", e);
        }
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] data = new byte[n];
        int got = in.readNBytes(data, 0, n);
        return got == n ? data : Arrays.copyOf(data, got);
    }

    /** Reads up to {@code n} bytes, growing the buffer only as data arrives. */
    private static byte[] readGrowing(InputStream in, int n) throws IOException {
        byte[] data = new byte[Math.min(n, 1 << 20)];
        int filled = 0;
        while (filled < n) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(n, 2L * data.length));
            }
            int r = in.read(data, filled, data.length - filled);
            if (r < 0) {
                break;
            }
            filled += r;
        }
        return filled == data.length ? data : Arrays.copyOf(data, filled);
    }

    private static int[] parseHeader(Path file, ByteBuffer header, int expectedDims, String what)
            throws DataFileException {
        checkMagic(file, header.getInt(), expectedDims, what);
        int[] dims = new int[expectedDims];
        for (int i = 0; i < expectedDims; i++) {
            dims[i] = header.getInt();
            if (dims[i] < 0) {
                throw new DataFileException(file, "the header gives dimension " + i + " a negative size "
                        + dims[i] + " (read as unsigned: " + (dims[i] & 0xFFFFFFFFL) + ")");
            }
        }
        return dims;
    }

    private static void checkMagic(Path file, int magic, int expectedDims, String what) throws DataFileException {
        int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims;
        if (magic != expectedMagic) {
            String hint = magic == IMAGES_MAGIC ? " — this is an image file"
                    : magic == LABELS_MAGIC ? " — this is a label file"
                    : (magic >>> 16) != 0 ? " — not an idx file at all" : "";
            throw new DataFileException(file, String.format(
                    "wrong magic number 0x%08X, expected 0x%08X (idx%d unsigned-byte %s)%s",
                    magic, expectedMagic, expectedDims, what, hint));
        }
    }

    private static long dataLength(Path file, int[] dims, String what) throws DataFileException {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE - 64) {
                throw new DataFileException(file, "the header " + describe(dims, what)
                        + " describes more than 2 GiB of data, more than one Java array holds");
            }
        }
        return n;
    }

    private static String describe(int[] dims, String what) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : " x ").append(dims[i]);
        }
        return sb.append(' ').append(what).append(')').toString();
    }

    private static int readAt(FileChannel ch, long pos, byte[] into) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into);
        int total = 0;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    private static void readFully(FileChannel ch, long pos, ByteBuffer buf) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new EOFException("file ended at byte " + p);
            }
            p += r;
        }
    }

    /** Writes an idx3 image file; gzipped when {@code gzip} is true. */
    public static void writeImages(Path file, byte[] pixels, int count, int rows, int cols, boolean gzip)
            throws IOException {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("writeImages: " + count + " images of " + rows + "x" + cols
                    + " need " + ((long) count * rows * cols) + " pixels, got " + pixels.length);
        }
        write(file, new int[] {count, rows, cols}, pixels, gzip);
    }

    /** Writes an idx1 label file from values in 0..255; gzipped when {@code gzip} is true. */
    public static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("writeLabels: label " + labels[i] + " at index " + i
                        + " does not fit in an unsigned byte");
            }
            b[i] = (byte) labels[i];
        }
        write(file, new int[] {labels.length}, b, gzip);
    }

    /** Writes any unsigned-byte idx file. */
    public static void write(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        AtomicFiles.write(file, raw -> {
            try (OutputStream z = gzip ? new GZIPOutputStream(raw, GZIP_BUFFER) : raw;
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(z, GZIP_BUFFER))) {
                out.writeInt((UNSIGNED_BYTE << 8) | dims.length);
                for (int d : dims) {
                    out.writeInt(d);
                }
                out.write(data);
            }
        });
    }
}
