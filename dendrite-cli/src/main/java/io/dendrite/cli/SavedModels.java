package io.dendrite.cli;

import io.dendrite.data.Normalizer;
import io.dendrite.model.ModelStore;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What eval, predict and gradcheck share about a saved model: loading it and reading its metadata. */
final class SavedModels {
    /** Metadata keys of the standardization training applied after pixel scaling (comma-separated floats). */
    static final String INPUT_MEAN = "inputMean";
    static final String INPUT_STD = "inputStd";
    /** Metadata keys of a model trained on image features: the feature names ("hog,hsv") and the images' (C, H, W). */
    static final String FEATURES = "features";
    static final String IMAGE_SHAPE = "imageShape";

    private SavedModels() {
    }

    /**
     * The standardization the model was trained with ("inputMean"/"inputStd": CIFAR-10's mean image, CSV features'
     * mean and std), to apply to new inputs after pixel scaling; empty for data that was not standardized.
     */
    static Optional<Normalizer> inputNormalizer(Path file, ModelStore.Loaded m) {
        String mean = m.metadata().get(INPUT_MEAN), std = m.metadata().get(INPUT_STD);
        if (mean == null && std == null) {
            return Optional.empty();
        }
        if (mean == null || std == null) {
            throw new IllegalArgumentException(file + ": the metadata has " + (mean == null ? INPUT_STD : INPUT_MEAN)
                    + " without " + (mean == null ? INPUT_MEAN : INPUT_STD) + " — the file was edited or damaged");
        }
        try {
            return Optional.of(Normalizer.of(inputShape(m), parseFloats(mean), parseFloats(std)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the input standardization in its metadata is unusable: "
                    + e.getMessage(), e);
        }
    }

    private static float[] parseFloats(String csv) {
        String[] parts = csv.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i].trim());   // NumberFormatException is an IllegalArgumentException
        }
        return out;
    }

    /** Loads a model file, or says in one line which file is missing and where train puts models. */
    static ModelStore.Loaded load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "model file not found (dendrite train writes RUN_DIR/model.dnd)");
        }
        ModelStore.Loaded loaded = ModelStore.load(file);
        checkConsistent(file, loaded);
        return loaded;
    }

    /**
     * Refuses a model whose parts disagree — a damaged file whose checksum was made to fit, or one edited by hand: the
     * network must take the input shape the file records and give one score per recorded class, and the recorded
     * seed and class count must be integers. One forward pass of a single zero sample tells.
     */
    private static void checkConsistent(Path file, ModelStore.Loaded m) {
        Network net = m.network();
        for (String key : new String[]{"seed", "numClasses"}) {
            String v = net.spec().get(key, null);
            if (v != null && !v.matches("-?\\d{1,18}")) {
                throw new IllegalArgumentException(file + ": its architecture gives " + key + "=" + v
                        + ", not an integer — the file is damaged; save the model again");
            }
        }
        int[] shape;
        try {
            shape = inputShape(m);
        } catch (IllegalArgumentException unknown) {
            return;   // no recorded shape: predict takes --input-shape, and there is nothing to compare
        }
        Tensor scores;
        try {
            scores = net.scores(Tensor.zeros(dtype(net), Shapes.batch(1, shape)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": its network does not take the input shape " + Shapes.format(shape)
                    + " the file records (" + e.getMessage() + ") — the file is damaged; save the model again", e);
        }
        for (String recorded : new String[]{m.metadata().get("numClasses"), net.spec().get("numClasses", null)}) {
            if (recorded != null && (scores.ndim() != 2 || !recorded.equals(Integer.toString(scores.shape(1))))) {
                throw new IllegalArgumentException(file + ": its network gives scores of shape " + Shapes.format(scores.shape())
                        + " for one sample, but the file records " + recorded + " classes — the file is damaged; save the"
                        + " model again");
            }
        }
    }

    /** The seed the model was built with (0 when none is recorded). */
    static long seed(Network net) {
        return Long.parseLong(net.spec().get("seed", "0"));   // checked by load
    }

    static DType dtype(Network net) {
        return net.dtype();
    }

    /** The sample shape recorded as "inputShape" ("(1, 28, 28)"), or from the architecture's inputDim. */
    static int[] inputShape(ModelStore.Loaded m) {
        String s = m.metadata().get("inputShape");
        if (s == null) {
            s = m.network().spec().get("inputDim", null);
        }
        if (s == null && m.network().inputShape().isPresent()) {
            return m.network().inputShape().get();
        }
        if (s == null) {
            throw new IllegalArgumentException("the model file records no input shape (metadata 'inputShape');"
                    + " pass it with --input-shape C,H,W");
        }
        return parseShape(s);
    }

    /** Parses "(1, 28, 28)", "1,28,28", "1x28x28" or "(2,)". */
    static int[] parseShape(String text) {
        String t = text.replaceAll("[()\\s]", "");
        List<Integer> dims = new ArrayList<>();
        for (String part : t.split("[,x×]")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                dims.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid shape '" + text + "' (expected e.g. 1,28,28)");
            }
        }
        if (dims.isEmpty() || dims.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("invalid shape '" + text + "' (expected positive sizes, e.g. 1,28,28)");
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Class names from the metadata's "classNames" when it has one per class, else "0", "1", …. */
    static String[] classNames(Map<String, String> metadata, List<String> fallback, int numClasses) {
        String s = metadata.get("classNames");
        if (s != null) {
            String[] names = s.split(",", -1);
            if (names.length == numClasses) {
                return names;
            }
        }
        if (fallback != null && fallback.size() == numClasses) {
            return fallback.toArray(new String[0]);
        }
        String[] names = new String[numClasses];
        Arrays.setAll(names, Integer::toString);
        return names;
    }
}
