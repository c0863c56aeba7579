package io.dendrite.data;

import io.dendrite.io.Pickle;
import io.dendrite.tensor.MemoryBudget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * CIFAR-10's Python version, the one cs231n ships ({@code cifar-10-batches-py}: {@code data_batch_1}
 * … {@code data_batch_5}, {@code test_batch}, {@code batches.meta}). Each batch is a pickled dict with
 * {@code 'data'}, a uint8 numpy array (N, 3072) whose rows are laid out as the binary records (red
 * plane, green, blue — a (3, 32, 32) sample), {@code 'labels'}, a list of N ints in 0..9, and
 * {@code 'batch_label'} and {@code 'filenames'}, which are not needed. {@code batches.meta} holds
 * {@code 'label_names'}. The files are read with {@link Pickle}, which never executes anything.
 *
 * <p>Most users call {@link Cifar10#load}, which reads this folder or the binary one, whichever it finds.
 */
public final class Cifar10Pickle {
    /** The folder inside {@code cifar-10-python.tar.gz}. */
    public static final String FOLDER = "cifar-10-batches-py";
    static final List<String> TRAIN_FILES = List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4",
            "data_batch_5");
    static final String TEST_FILE = "test_batch";
    static final String META_FILE = "batches.meta";

    private static final int D = Cifar10.RECORD_BYTES - 1;

    private Cifar10Pickle() {
    }

    /** One pickled batch: samples of shape (3, 32, 32) with values 0..255, and their labels. */
    public static Dataset loadBatch(Path file) throws IOException {
        if (Files.isRegularFile(file)) {   // the file read, the array it holds, and the floats that array becomes
            MemoryBudget.require(Files.size(file) * (2 + Float.BYTES), file + ": a pickled CIFAR-10 batch of "
                    + MemoryBudget.format(Files.size(file)), "load fewer examples (--limit N)");
        }
        Map<?, ?> dict = dict(file, Pickle.load(file), "a CIFAR-10 batch");
        Object data = Pickle.get(dict, "data");
        Object labels = Pickle.get(dict, "labels");
        if (data == null || labels == null) {
            throw new DataFileException(file, "the dict has no '" + (data == null ? "data" : "labels") + "' entry;"
                    + " expected 'data' and 'labels' (keys found: " + keys(dict) + ")"
                    + (Pickle.get(dict, "fine_labels") != null ? " — a CIFAR-100 batch?" : ""));
        }
        if (!(data instanceof Pickle.NdArray a) || !a.dtype().equals("|u1") || a.shape().length != 2
                || a.shape()[1] != D || a.fortranOrder()) {
            throw new DataFileException(file, "'data' is " + describe(data) + ", expected a uint8 array of shape"
                    + " (N, " + D + ") in C order");
        }
        if (!(labels instanceof List<?> list)) {
            throw new DataFileException(file, "'labels' is " + describe(labels) + ", expected a list of ints");
        }
        int n = a.shape()[0];
        if (list.size() != n) {
            throw new DataFileException(file, "'data' holds " + n + " images but 'labels' has " + list.size()
                    + " entries; expected one label per image");
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0 || v >= Cifar10.NUM_CLASSES) {
                throw new DataFileException(file, "label " + i + " is " + (list.get(i) instanceof Long v ? v
                        : describe(list.get(i))) + ", expected an int in 0.." + (Cifar10.NUM_CLASSES - 1));
            }
            y[i] = (int) (long) v;
        }
        byte[] raw = a.data();
        float[] x = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = raw[i] & 0xFF;
        }
        return new Dataset(x, new int[] {Cifar10.CHANNELS, Cifar10.SIZE, Cifar10.SIZE}, y, Cifar10.NUM_CLASSES);
    }

    /** The class names of {@code batches.meta} ('label_names': ten strings). */
    public static List<String> classNames(Path meta) throws IOException {
        Object names = Pickle.get(dict(meta, Pickle.load(meta), "CIFAR-10's batches.meta"), "label_names");
        if (!(names instanceof List<?> list) || list.size() != Cifar10.NUM_CLASSES) {
            throw new DataFileException(meta, "'label_names' is " + describe(names) + ", expected a list of "
                    + Cifar10.NUM_CLASSES + " class names");
        }
        List<String> out = new ArrayList<>();
        for (Object v : list) {
            String s = Pickle.text(v);
            if (s == null || s.isBlank()) {
                throw new DataFileException(meta, "'label_names' holds " + describe(v) + ", expected class names");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<?, ?> dict(Path file, Object value, String what) throws DataFileException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new DataFileException(file, "pickles " + describe(value) + ", expected a dict (" + what + ")");
        }
        return m;
    }

    private static List<String> keys(Map<?, ?> dict) {
        List<String> keys = new ArrayList<>();
        for (Object k : dict.keySet()) {
            String s = Pickle.text(k);
            keys.add(s != null ? "'" + s + "'" : String.valueOf(k));
        }
        return keys;
    }

    private static String describe(Object v) {
        if (v instanceof Pickle.NdArray a) {
            return "an array of " + a.dtype() + " and shape " + Arrays.toString(a.shape())
                    + (a.fortranOrder() ? " in Fortran order" : "");
        }
        if (v == null) {
            return "missing (None)";
        }
        if (v instanceof List<?> l) {
            return "a list or tuple of " + l.size();
        }
        if (v instanceof Map<?, ?>) {
            return "a dict";
        }
        return "a " + (v instanceof Pickle.Bytes ? "byte string" : v.getClass().getSimpleName());
    }
}
