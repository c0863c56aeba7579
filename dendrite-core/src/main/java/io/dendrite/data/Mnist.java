package io.dendrite.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST handwritten digits: 60 000 training and 10 000 test images of 28×28 grey pixels, labels 0–9.
 *
 * <p>Reads a folder holding the standard files {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each raw or gzipped ({@code .gz}). {@link Datasets#fetch(String)} fetches them into the cache.
 * The options follow the book's {@code load_mnist(normalize, flatten, one_hot_label)}; one-hot
 * labels come from {@link Dataset#oneHot()}.
 */
public final class Mnist {
    /** Class names "0" … "9". */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private Mnist() {}

    /** Pixels in [0, 1], samples of shape (1, 28, 28). */
    public static TrainTest load(Path folder) throws IOException {
        return load(folder, true, false);
    }

    /**
     * Pixels in [0, 1], samples of shape (1, 28, 28): only the first {@code trainLimit} training and
     * {@code testLimit} test examples are kept (all for a limit &lt;= 0), read as the files are loaded.
     */
    public static TrainTest load(Path folder, int trainLimit, int testLimit) throws IOException {
        return IdxFolder.load(folder, "MNIST", CLASS_NAMES, true, false, trainLimit, testLimit);
    }

    /**
     * @param normalize pixels divided by 255 into [0, 1]; otherwise 0..255
     * @param flatten   samples of shape (784,); otherwise (1, 28, 28)
     */
    public static TrainTest load(Path folder, boolean normalize, boolean flatten) throws IOException {
        return IdxFolder.load(folder, "MNIST", CLASS_NAMES, normalize, flatten);
    }
}
