package io.dendrite.io;

import io.dendrite.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes numpy's {@code .npz} archives: a zip file holding one {@code .npy} file per
 * array, named after the array with {@code .npy} appended — what {@code np.savez} (entries stored)
 * and {@code np.savez_compressed} (entries deflated) write and {@code np.load} reads.
 *
 * <p>Arrays keep their order: {@link #read(Path)} returns them in the archive's order, and the
 * writers store them in the map's iteration order. Every entry's CRC-32 is checked on read, so a
 * damaged archive is refused rather than read as wrong numbers. See {@link Npy} for the dtypes
 * read and how each maps to F32 or F64.
 */
public final class Npz {
    /** numpy (through Python's zipfile) stamps every entry 1980-01-01; so do we, for reproducible bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    /** Reads every array in {@code file}, keyed by entry name without {@code .npy}, in archive order. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String source = file + "[" + name + "]";
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                CRC32 crc = new CRC32();
                Tensor t;
                try (InputStream in = new CheckedInputStream(new BufferedInputStream(zip.getInputStream(entry)), crc)) {
                    t = Npy.read(in, source, entry.getSize(), key);
                } catch (ZipException e) {
                    throw new FileFormatException(source, "corrupt zip entry: " + e.getMessage());
                } catch (java.io.EOFException e) {
                    throw new FileFormatException(source, "the entry's data ends early (the archive records "
                            + entry.getSize() + " bytes) — the file is truncated or damaged");
                }
                if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                    throw new FileFormatException(source, String.format(
                            "CRC-32 mismatch: the archive records %08x, the data gives %08x (file damaged)",
                            entry.getCrc(), crc.getValue()));
                }
                if (arrays.put(key, t) != null) {
                    throw new FileFormatException(source, "array '" + key + "' appears twice in the archive");
                }
            }
        } catch (ZipException e) {
            throw new FileFormatException(file.toString(), "not a readable .npz (zip) archive: " + e.getMessage()
                    + startHint(file));
        }
        return arrays;
    }

    private static String startHint(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(6);
            if (Arrays.equals(start, Npy.MAGIC)) {
                return " (this is a single .npy array; read it with Npy.read)";
            }
            if (start.length >= 4 && start[0] == 'D' && start[1] == 'N' && start[2] == 'D' && start[3] == 'R') {
                return " (this is a Dendrite model file; read it with ModelFile.read)";
            }
            return start.length >= 2 && start[0] == 'P' && start[1] == 'K' ? " (truncated or damaged?)" : "";
        }
    }

    /** Writes {@code arrays} like {@code np.savez}: entries stored uncompressed. Atomic. */
    public static void write(Path file, Map<String, Tensor> arrays) throws IOException {
        AtomicFiles.write(file, out -> write(out, arrays, false));
    }

    /** Writes {@code arrays} like {@code np.savez_compressed}: entries deflated. Atomic. */
    public static void writeCompressed(Path file, Map<String, Tensor> arrays) throws IOException {
        AtomicFiles.write(file, out -> write(out, arrays, true));
    }

    /** Writes an {@code .npz} archive to {@code out}, which is finished but not closed. */
    public static void write(OutputStream out, Map<String, Tensor> arrays, boolean compressed) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            String key = e.getKey();
            Tensor t = e.getValue();
            if (key == null || key.isEmpty() || t == null) {
                throw new IllegalArgumentException("npz array names must be non-empty and tensors non-null, found '"
                        + key + "' → " + t);
            }
            ZipEntry entry = new ZipEntry(key + ".npy");
            entry.setTimeLocal(ENTRY_TIME);
            if (compressed) {
                entry.setMethod(ZipEntry.DEFLATED);
            } else {
                // A stored entry's size and CRC go in its local header, before the data: one pass to
                // compute them, a second to write (cheaper than holding the whole array as bytes).
                entry.setMethod(ZipEntry.STORED);
                long size = Npy.byteCount(t.dtype(), t.shape());
                CheckedOutputStream sink = new CheckedOutputStream(OutputStream.nullOutputStream(), new CRC32());
                Npy.write(sink, t);
                entry.setSize(size);
                entry.setCompressedSize(size);
                entry.setCrc(sink.getChecksum().getValue());
            }
            zip.putNextEntry(entry);
            Npy.write(zip, t);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }
}
