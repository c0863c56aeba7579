package io.dendrite.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads a folder holding the four standard idx files of an MNIST-like dataset. */
final class IdxFolder {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final int NUM_CLASSES = 10;

    private IdxFolder() {}

    static TrainTest load(Path folder, String what, List<String> classNames, boolean normalize, boolean flatten)
            throws IOException {
        return load(folder, what, classNames, normalize, flatten, 0, 0);
    }

    /** The first {@code trainLimit} training and {@code testLimit} test examples (all for a limit <= 0). */
    static TrainTest load(Path folder, String what, List<String> classNames, boolean normalize, boolean flatten,
            int trainLimit, int testLimit) throws IOException {
        checkFolder(folder, what, List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS));
        Dataset train = loadPair(find(folder, TRAIN_IMAGES, what), find(folder, TRAIN_LABELS, what), classNames,
                normalize, flatten, trainLimit);
        Dataset test = loadPair(find(folder, TEST_IMAGES, what), find(folder, TEST_LABELS, what), classNames,
                normalize, flatten, testLimit);
        return new TrainTest(train, test);
    }

    /** The first {@code limit} images and labels of the two files (all for a limit <= 0); both files are checked whole. */
    static Dataset loadPair(Path imagesFile, Path labelsFile, List<String> classNames, boolean normalize,
            boolean flatten, int limit) throws IOException {
        Idx.Array imageArray = Idx.read(imagesFile, 3, "images", limit);
        Idx.Array labelArray = Idx.read(labelsFile, 1, "labels", limit);
        if (labelArray.dim(0) != imageArray.dim(0)) {
            throw new DataFileException(labelsFile, "holds " + labelArray.dim(0) + " labels, but " + imagesFile
                    + " holds " + imageArray.dim(0) + " images — the two files must come from the same set");
        }
        Idx.Images images = new Idx.Images(imageArray.records(), imageArray.dim(1), imageArray.dim(2), imageArray.data());
        int[] labels = Idx.unsigned(labelArray.data());
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= NUM_CLASSES) {
                throw new DataFileException(labelsFile, "label " + labels[i] + " at index " + i
                        + " is outside the class range 0.." + (NUM_CLASSES - 1));
            }
        }
        float[] x = toFloats(images.pixels(), normalize);
        int[] shape = flatten ? new int[] {images.rows() * images.cols()}
                : new int[] {1, images.rows(), images.cols()};
        return new Dataset(x, shape, labels, NUM_CLASSES, classNames);
    }

    /** Unsigned bytes to floats (divided by 255 when {@code normalize}) through a 256-entry table. */
    static float[] toFloats(byte[] b, boolean normalize) {
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = normalize ? v / 255f : v;
        }
        float[] x = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            x[i] = table[b[i] & 0xFF];
        }
        return x;
    }

    static void checkFolder(Path folder, String what, List<String> expected) throws DataFileException {
        if (!Files.exists(folder)) {
            throw new DataFileException(folder, what + " folder not found; expected a folder holding "
                    + String.join(", ", expected));
        }
        if (!Files.isDirectory(folder)) {
            throw new DataFileException(folder, "is a file, expected a " + what + " folder holding "
                    + String.join(", ", expected));
        }
        if (!Files.isReadable(folder)) {
            throw new DataFileException(folder, "cannot read the " + what + " folder: permission denied");
        }
        if (list(folder).isEmpty()) {
            throw new DataFileException(folder, what + " folder is empty; expected "
                    + String.join(", ", expected));
        }
    }

    /** {@code base} or {@code base.gz} inside the folder; the raw file wins when both exist. */
    static Path find(Path folder, String base, String what) throws DataFileException {
        Path raw = folder.resolve(base);
        if (Files.exists(raw)) {
            return raw;
        }
        Path gz = folder.resolve(base + ".gz");
        if (Files.exists(gz)) {
            return gz;
        }
        throw new DataFileException(folder, "no " + base + " or " + base + ".gz in this " + what
                + " folder; it holds: " + list(folder));
    }

    static List<String> list(Path folder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            names.add("(unreadable: " + e.getMessage() + ")");
        }
        names.sort(null);
        return names;
    }
}
