package io.dendrite.data;

import io.dendrite.io.AtomicFiles;
import io.dendrite.tensor.MemoryBudget;
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
 * never trusted for an allocation: a raw file's length must match it exactly; a gzipped file's header may not
 * promise more than {@value #MAX_DEFLATE_RATIO} times the file's size (DEFLATE's limit), its buffer is only
 * allocated up front when the gzip trailer agrees with the header (otherwise it grows as data actually
 * arrives), and the stream is streamed through, not kept, to check its length; what is kept is first asked of
 * {@link MemoryBudget}. So a lying header or a gzip bomb fails with a clear message instead of an
 * {@link OutOfMemoryError}. A limit keeps only the first records in memory while still checking the whole file.
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

    /**
     * The contents of an idx file: its dimensions as the header declares them, and its unsigned bytes in row-major
     * order — all of them, or only the first {@link #records()} records when a limit was given.
     */
    public record Array(int[] dims, byte[] data) {
        /** Size of dimension {@code i}, as declared. */
        public int dim(int i) {
            return dims[i];
        }

        /** How many records (entries of the first dimension) {@code data} holds. */
        public int records() {
            long per = 1;
            for (int i = 1; i < dims.length; i++) {
                per *= dims[i];
            }
            return per == 0 ? dims[0] : (int) (data.length / per);
        }
    }

    /** Images of an idx3 file: {@code pixels} holds {@code count * rows * cols} unsigned bytes. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /**
     * Memory a loader needs per value it reads: the byte, and the float or int the loaders turn it into — what
     * {@link io.dendrite.tensor.MemoryBudget} is asked for before the bytes are allocated.
     */
    static final int LOADED_BYTES_PER_VALUE = 1 + Float.BYTES;
    /**
     * The most one byte of DEFLATE data can expand to (a 258-byte match in two one-bit codes): a gzip file whose
     * header promises more than this many times its size cannot hold what it promises.
     */
    static final int MAX_DEFLATE_RATIO = 1032;

    /** Reads an idx3 image file (magic {@value #IMAGES_MAGIC_HEX}), raw or gzipped. */
    public static Images readImages(Path file) throws IOException {
        return readImages(file, 0);
    }

    /** As {@link #readImages(Path)}, holding only the first {@code limit} images (all when {@code limit <= 0}). */
    public static Images readImages(Path file, int limit) throws IOException {
        Array a = read(file, 3, "images", limit);
        return new Images(a.records(), a.dim(1), a.dim(2), a.data());
    }

    /** Reads an idx1 label file (magic {@value #LABELS_MAGIC_HEX}), raw or gzipped, as unsigned values. */
    public static int[] readLabels(Path file) throws IOException {
        return readLabels(file, 0);
    }

    /** As {@link #readLabels(Path)}, only the first {@code limit} labels (all when {@code limit <= 0}). */
    public static int[] readLabels(Path file, int limit) throws IOException {
        return unsigned(read(file, 1, "labels", limit).data());
    }

    /** Unsigned bytes as ints. */
    static int[] unsigned(byte[] b) {
        int[] values = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            values[i] = b[i] & 0xFF;
        }
        return values;
    }

    /**
     * Reads an unsigned-byte idx file with {@code expectedDims} dimensions.
     *
     * @param what what the file should hold ("images", "labels"), for error messages
     */
    public static Array read(Path file, int expectedDims, String what) throws IOException {
        return read(file, expectedDims, what, 0);
    }

    /**
     * As {@link #read(Path, int, String)}, holding in memory only the first {@code limit} records (entries of the
     * first dimension; all when {@code limit <= 0}). The whole file is still checked against its header — a raw
     * file's size, a gzip stream's length (streamed through, not kept) — and what is kept is asked of
     * {@link io.dendrite.tensor.MemoryBudget} before it is allocated, so a header that promises more than the
     * heap holds is refused in one line.
     */
    public static Array read(Path file, int expectedDims, String what, int limit) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            byte[] start = new byte[2];
            int got = readAt(ch, 0, start);
            if (got == 2 && (start[0] & 0xFF) == 0x1f && (start[1] & 0xFF) == 0x8b) {
                return readGzip(file, ch, length, expectedDims, what, limit);
            }
            return readRaw(file, ch, length, expectedDims, what, limit);
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

    private static Array readRaw(Path file, FileChannel ch, long length, int expectedDims, String what, int limit)
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
        byte[] data = new byte[reserve(file, dims, what, limit)];
        readFully(ch, headerLen, ByteBuffer.wrap(data));
        return new Array(dims, data);
    }

    private static Array readGzip(Path file, FileChannel ch, long length, int expectedDims, String what, int limit)
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
            if (headerLen + dataLen > (long) MAX_DEFLATE_RATIO * length) {
                throw new DataFileException(file, "the header " + describe(dims, what) + " promises "
                        + (headerLen + dataLen) + " uncompressed bytes, more than a gzip file of " + length
                        + " bytes can hold (at most " + MAX_DEFLATE_RATIO + " times its size) — a damaged or"
                        + " crafted file; delete it and fetch it again");
            }
            boolean trailerAgrees = isize == ((headerLen + dataLen) & 0xFFFFFFFFL);
            int wanted = reserve(file, dims, what, limit);
            byte[] data = trailerAgrees ? readExactly(in, new byte[wanted]) : readGrowing(in, wanted);
            long rest = dataLen - wanted;
            long after = data.length < wanted ? 0 : count(in, rest + 1);
            if (data.length < wanted || after < rest) {
                throw new DataFileException(file, "truncated: the header " + describe(dims, what) + " promises "
                        + (headerLen + dataLen) + " uncompressed bytes, the gzip stream holds only "
                        + (headerLen + data.length + after) + " bytes — an interrupted download?");
            }
            if (after > rest) {
                throw new DataFileException(file, "the header " + describe(dims, what) + " describes "
                        + (headerLen + dataLen) + " uncompressed bytes, but the gzip stream holds more — is this the"
                        + " right file?");
            }
            return new Array(dims, data);
        } catch (EOFException | ZipException e) {
            throw new DataFileException(file, "corrupt or truncated gzip data (" + e.getMessage()
                    + ") — delete the file and fetch it again", e);
        }
    }

    /**
     * The number of bytes of the first {@code limit} records (all when {@code limit <= 0}) of a file with
     * {@code dims}, once the memory budget has agreed to them and to what the loaders make of them.
     */
    private static int reserve(Path file, int[] dims, String what, int limit) {
        int records = limit > 0 ? Math.min(limit, dims[0]) : dims[0];
        long perRecord = 1;
        for (int i = 1; i < dims.length; i++) {
            perRecord *= dims[i];
        }
        long values = records * perRecord;   // at most the whole file's, which dataLength bounds
        int[] kept = dims.clone();
        kept[0] = records;
        MemoryBudget.require(values * LOADED_BYTES_PER_VALUE, file + ": " + sizes(kept, what),
                "load fewer examples (--limit N)");
        return (int) values;
    }

    /** Reads until {@code into} is full or the stream ends; the bytes read, in an array of their own length. */
    private static byte[] readExactly(InputStream in, byte[] into) throws IOException {
        int got = in.readNBytes(into, 0, into.length);
        return got == into.length ? into : Arrays.copyOf(into, got);
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

    /** Streams through at most {@code max} bytes without keeping them; how many there were. */
    private static long count(InputStream in, long max) throws IOException {
        byte[] buf = new byte[GZIP_BUFFER];
        long total = 0;
        while (total < max) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, max - total));
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
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

    /** "(60000 x 28 x 28 images)". */
    private static String describe(int[] dims, String what) {
        return "(" + sizes(dims, what) + ")";
    }

    /** "60000 x 28 x 28 images". */
    private static String sizes(int[] dims, String what) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : " x ").append(dims[i]);
        }
        return sb.append(' ').append(what).toString();
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
