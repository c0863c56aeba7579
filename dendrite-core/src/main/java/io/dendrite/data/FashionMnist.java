package io.dendrite.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando): 60 000 training and 10 000 test images of clothing, 28×28 grey
 * pixels, 10 classes — a drop-in, harder replacement for MNIST with the same file names and format.
 * See {@link Mnist} for the folder layout and options.
 */
public final class FashionMnist {
    /** The ten class names, in label order. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** Pixels in [0, 1], samples of shape (1, 28, 28). */
    public static TrainTest load(Path folder) throws IOException {
        return load(folder, true, false);
    }

    /**
     * Pixels in [0, 1], samples of shape (1, 28, 28): only the first {@code trainLimit} training and
     * {@code testLimit} test examples are kept (all for a limit &lt;= 0), read as the files are loaded.
     */
    public static TrainTest load(Path folder, int trainLimit, int testLimit) throws IOException {
        return IdxFolder.load(folder, "Fashion-MNIST", CLASS_NAMES, true, false, trainLimit, testLimit);
    }

    /** As {@link Mnist#load(Path, boolean, boolean)}. */
    public static TrainTest load(Path folder, boolean normalize, boolean flatten) throws IOException {
        return IdxFolder.load(folder, "Fashion-MNIST", CLASS_NAMES, normalize, flatten);
    }
}
