package io.dendrite.data;

import io.dendrite.io.AtomicFiles;
import io.dendrite.tensor.MemoryBudget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10: 32×32 colour images in 10 classes, read from the standard binary batches
 * ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}) in a folder the
 * user gives. Each record is one label byte followed by 3072 pixel bytes: the 1024 red values,
 * then green, then blue, each row-major — exactly a (3, 32, 32) sample. Pixels stay 0..255 as
 * cs231n loads them (subtract the mean image with {@link Normalizer#meanImage}).
 *
 * <p>CIFAR-10 cannot be fetched by Dendrite: download {@code cifar-10-binary.tar.gz} (or the Python
 * version cs231n uses, {@code cifar-10-python.tar.gz}) yourself and unpack it. The folder may be
 * {@code cifar-10-batches-bin} / {@code cifar-10-batches-py} itself or the one that contains it.
 */
public final class Cifar10 {
    public static final int CHANNELS = 3;
    public static final int SIZE = 32;
    /** Bytes per record: 1 label + 3 × 32 × 32 pixels. */
    public static final int RECORD_BYTES = 1 + CHANNELS * SIZE * SIZE;
    public static final int NUM_CLASSES = 10;
    /** The standard class names, used when the folder has no {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");
    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";
    static final String META_FILE = "batches.meta.txt";

    private Cifar10() {}

    /**
     * The five training batches concatenated, and the test batch, from a folder of the binary batches
     * ({@code data_batch_1.bin} …, as in {@code cifar-10-binary.tar.gz}) or of the pickled ones cs231n uses
     * ({@code data_batch_1} …, as in {@code cifar-10-python.tar.gz}, read by {@link Cifar10Pickle}) — whichever
     * the folder holds; the binary ones when it holds both. The folder may also be the one that contains
     * {@code cifar-10-batches-bin} or {@code cifar-10-batches-py}.
     */
    public static TrainTest load(Path folder) throws IOException {
        return load(folder, 0, 0);
    }

    /**
     * As {@link #load(Path)}, keeping only the first {@code trainLimit} training and {@code testLimit} test images
     * (all for a limit &lt;= 0): binary batches are read only as far as needed, later batch files are not read.
     */
    public static TrainTest load(Path folder, int trainLimit, int testLimit) throws IOException {
        Path dir = folder;
        if (Files.isDirectory(folder.resolve("cifar-10-batches-bin"))) {
            dir = folder.resolve("cifar-10-batches-bin");
        } else if (Files.isDirectory(folder.resolve(Cifar10Pickle.FOLDER))) {
            dir = folder.resolve(Cifar10Pickle.FOLDER);
        }
        boolean pickled = !Files.exists(dir.resolve(TRAIN_FILES.get(0)))
                && Files.exists(dir.resolve(Cifar10Pickle.TRAIN_FILES.get(0)));
        List<String> trainFiles = pickled ? Cifar10Pickle.TRAIN_FILES : TRAIN_FILES;
        String testFile = pickled ? Cifar10Pickle.TEST_FILE : TEST_FILE;
        List<String> expected = new ArrayList<>(trainFiles);
        expected.add(testFile);
        IdxFolder.checkFolder(dir, "CIFAR-10", expected);
        for (String f : expected) {
            if (!Files.exists(dir.resolve(f))) {
                throw new DataFileException(dir, "no " + f + " in this CIFAR-10 folder; expected " + expected
                        + (pickled ? " (the Python version, cifar-10-python.tar.gz)"
                                : " (the binary version, cifar-10-binary.tar.gz, or the Python version's data_batch_1 …)")
                        + ", it holds: " + IdxFolder.list(dir));
            }
        }
        List<String> names = pickled ? pickledClassNames(dir) : classNames(dir);
        List<Dataset> parts = new ArrayList<>();
        int have = 0;
        for (String f : trainFiles) {
            if (trainLimit > 0 && have >= trainLimit) {
                break;
            }
            Dataset part = batch(dir.resolve(f), pickled, trainLimit > 0 ? trainLimit - have : 0);
            parts.add(part);
            have += part.size();
        }
        Dataset train = concat(parts).withClassNames(names);
        return new TrainTest(train, batch(dir.resolve(testFile), pickled, testLimit).withClassNames(names));
    }

    /** The first {@code limit} images (all for a limit <= 0) of a binary or pickled batch. */
    private static Dataset batch(Path file, boolean pickled, int limit) throws IOException {
        if (!pickled) {
            return loadBatch(file, limit);
        }
        Dataset d = Cifar10Pickle.loadBatch(file);
        return limit > 0 && limit < d.size() ? d.subset(0, limit) : d;
    }

    private static List<String> pickledClassNames(Path dir) throws IOException {
        Path meta = dir.resolve(Cifar10Pickle.META_FILE);
        return Files.exists(meta) ? Cifar10Pickle.classNames(meta) : CLASS_NAMES;
    }

    /** cs231n's split: 49 000 train, 1 000 validation (training samples 49 000..49 999), 1 000 test. */
    public static TrainValTest loadCs231n(Path folder) throws IOException {
        return cs231nSplit(load(folder));
    }

    /** cs231n's 49 000 / 1 000 / 1 000 split of loaded data. */
    public static TrainValTest cs231nSplit(TrainTest data) {
        return data.split(49_000, 1_000, 1_000);
    }

    /** One binary batch file: any whole number of records, samples of shape (3, 32, 32), values 0..255. */
    public static Dataset loadBatch(Path file) throws IOException {
        return loadBatch(file, 0);
    }

    /** As {@link #loadBatch(Path)}, reading only the first {@code limit} records (all for a limit of 0 or less). */
    public static Dataset loadBatch(Path file, int limit) throws IOException {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            if (length == 0) {
                throw new DataFileException(file, "is empty; expected records of " + RECORD_BYTES
                        + " bytes (1 label + 3072 pixels)");
            }
            if (length % RECORD_BYTES != 0) {
                throw new DataFileException(file, "holds " + length + " bytes, not a whole number of "
                        + RECORD_BYTES + "-byte records (1 label + 3072 pixels): " + (length / RECORD_BYTES)
                        + " records and " + (length % RECORD_BYTES) + " bytes left over — truncated, or not a"
                        + " CIFAR-10 binary batch");
            }
            if (length > Integer.MAX_VALUE - 64) {
                throw new DataFileException(file, "holds " + length + " bytes, more than one batch can hold");
            }
            long records = length / RECORD_BYTES;
            if (limit > 0 && limit < records) {
                records = limit;
            }
            MemoryBudget.require(records * RECORD_BYTES * Idx.LOADED_BYTES_PER_VALUE, file + ": " + records
                    + " CIFAR-10 images", "load fewer examples (--limit N)");
            bytes = new byte[(int) (records * RECORD_BYTES)];
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new DataFileException(file, "ended after " + buf.position() + " of " + bytes.length + " bytes");
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found (expected a CIFAR-10 binary batch)", e);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, "cannot read the file: permission denied", e);
        }
        int n = bytes.length / RECORD_BYTES;
        int d = RECORD_BYTES - 1;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int off = i * RECORD_BYTES;
            int label = bytes[off] & 0xFF;
            if (label >= NUM_CLASSES) {
                throw new DataFileException(file, "record " + i + " (byte " + off + ") has label " + label
                        + ", outside the class range 0.." + (NUM_CLASSES - 1) + " — not a CIFAR-10 batch"
                        + " (CIFAR-100 records have 2 label bytes)");
            }
            y[i] = label;
            int xo = i * d;
            for (int j = 0; j < d; j++) {
                x[xo + j] = bytes[off + 1 + j] & 0xFF;
            }
        }
        return new Dataset(x, new int[] {CHANNELS, SIZE, SIZE}, y, NUM_CLASSES);
    }

    /** Writes samples of 3072 values (rounded, clamped to 0..255) in the binary batch format. */
    public static void writeBatch(Path file, Dataset data) throws IOException {
        if (data.sampleSize() != RECORD_BYTES - 1 || data.numClasses() > 256) {
            throw new IllegalArgumentException("writeBatch: CIFAR-10 records hold 3072 values, the samples have "
                    + data.sampleSize());
        }
        int d = RECORD_BYTES - 1;
        byte[] out = new byte[data.size() * RECORD_BYTES];
        float[] x = data.data();
        for (int i = 0; i < data.size(); i++) {
            out[i * RECORD_BYTES] = (byte) data.label(i);
            for (int j = 0; j < d; j++) {
                out[i * RECORD_BYTES + 1 + j] = (byte) Math.max(0, Math.min(255, Math.round(x[i * d + j])));
            }
        }
        AtomicFiles.write(file, os -> os.write(out));
    }

    private static List<String> classNames(Path dir) throws IOException {
        Path meta = dir.resolve(META_FILE);
        if (!Files.exists(meta)) {
            return CLASS_NAMES;
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(meta)) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != NUM_CLASSES) {
            throw new DataFileException(meta, "lists " + names.size() + " class names, expected "
                    + NUM_CLASSES + " (one per line)");
        }
        return names;
    }

    private static Dataset concat(List<Dataset> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        for (Dataset p : parts) {
            n += p.size();
        }
        int d = parts.get(0).sampleSize();
        MemoryBudget.requireArray((long) n * d, Float.BYTES, n + " CIFAR-10 training images", "load fewer examples (--limit N)");
        float[] x = new float[n * d];
        int[] y = new int[n];
        int at = 0;
        for (Dataset p : parts) {
            System.arraycopy(p.data(), 0, x, at * d, p.size() * d);
            System.arraycopy(p.labels(), 0, y, at, p.size());
            at += p.size();
        }
        return new Dataset(x, parts.get(0).sampleShape(), y, NUM_CLASSES);
    }
}
