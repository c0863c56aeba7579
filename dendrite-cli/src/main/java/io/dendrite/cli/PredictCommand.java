package io.dendrite.cli;

import io.dendrite.data.ImageFiles;
import io.dendrite.data.Normalizer;
import io.dendrite.data.features.ImageFeatures;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.nn.Functions;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** {@code dendrite predict}: the top-k classes of a saved model for image files of any size. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify image files (PNG, JPEG, GIF, BMP; any size) with a saved model and print the top classes with their probabilities.",
                "Each image is converted to grayscale or RGB as the model needs, resized to its input size (area averaging when shrinking,"
                        + " bilinear when growing) and scaled as in training. Transparent pixels count as white.",
                "MNIST digits are white on black: use --invert for a dark digit drawn on a light background.",
                "A model trained with --features gets the same features of each image, standardized as in training."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "The model, e.g. runs/RUN/model.dnd.")
    Path modelFile;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files to classify.")
    List<Path> images;

    @Option(names = "--top", defaultValue = "3", description = "Number of classes to print per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--invert", description = "Invert the image (v -> 255 - v) before scaling: for black-on-white drawings given to an MNIST model.")
    boolean invert;

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "Sample shape the model takes (default: the model file's 'inputShape'; for a model on features, the"
                    + " images' shape, default its 'imageShape').")
    String inputShape;

    @Option(names = "--pixel-scale", description = "Factor applied to 0..255 pixel values: 1/255, none or a number (default: the model file's 'pixelScale').")
    String pixelScale;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--top", top, 1, "a number of classes >= 1");
        if (pixelScale != null) {
            double scale;
            try {
                scale = ImageFiles.parseScale(pixelScale);
            } catch (IllegalArgumentException e) {
                throw OptionChecks.invalid("--pixel-scale", "'" + pixelScale + "'", "1/255, none or a finite number > 0");
            }
            if (!(Double.isFinite(scale) && scale > 0)) {
                throw OptionChecks.invalid("--pixel-scale", pixelScale, "1/255, none or a finite number > 0");
            }
        }
        if (inputShape != null) {
            OptionChecks.shape("--input-shape", inputShape);   // before the model is read
        }
        ModelStore.Loaded loaded = SavedModels.load(modelFile);
        Network net = loaded.network();
        String features = loaded.metadata().get(SavedModels.FEATURES);
        int[] shape = SavedModels.inputShape(loaded);
        int[] image;
        if (features == null) {
            shape = inputShape != null ? OptionChecks.shape("--input-shape", inputShape) : shape;
            image = imageShape(shape);
        } else {                                  // the model takes features of images of the recorded shape
            String recorded = loaded.metadata().get(SavedModels.IMAGE_SHAPE);
            if (inputShape == null && recorded == null) {
                throw new IllegalArgumentException(modelFile + " was trained on " + features + " features but records no "
                        + SavedModels.IMAGE_SHAPE + "; pass the image shape with --input-shape C,H,W");
            }
            image = imageShape(inputShape != null ? OptionChecks.shape("--input-shape", inputShape)
                    : SavedModels.parseShape(recorded));
        }
        double scale = ImageFiles.parseScale(pixelScale != null ? pixelScale : loaded.metadata().get("pixelScale"));
        if (!(Double.isFinite(scale) && scale > 0)) {
            throw OptionChecks.invalid(pixelScale != null ? "--pixel-scale" : "pixelScale of " + modelFile,
                    pixelScale != null ? pixelScale : loaded.metadata().get("pixelScale"), "1/255, none or a finite number > 0");
        }
        int n = images.size(), pixels = Shapes.size(image);
        float[] batch = new float[n * pixels];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ImageFiles.load(images.get(i), image, scale, invert), 0, batch, i * pixels, pixels);
        }
        if (features != null) {
            batch = ImageFeatures.extract(batch, n, image, ImageFeatures.parse(features));
            if (batch.length != n * Shapes.size(shape)) {
                throw new IllegalArgumentException(modelFile + " takes " + Shapes.size(shape) + " features but " + features
                        + " of images " + Shapes.format(image) + " gives " + batch.length / n);
            }
        }
        Optional<Normalizer> standardize = SavedModels.inputNormalizer(modelFile, loaded);
        if (standardize.isPresent()) {
            standardize.get().applyInto(batch, batch, n);
        }
        Tensor x = Tensor.of(batch, Shapes.batch(n, shape)).to(SavedModels.dtype(net));
        Tensor probs = Functions.softmax(net.scores(x));
        int classes = probs.shape(1);
        String[] names = SavedModels.classNames(loaded.metadata(), null, classes);
        int k = Math.min(top, classes);
        for (int i = 0; i < n; i++) {
            final int row = i;
            Integer[] order = IntStream.range(0, classes).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -probs.get(row, c)));
            System.out.printf(Locale.ROOT, "%s  (%s, %s%s)%n", images.get(i), image[0] == 1 ? "grayscale" : "RGB",
                    image[1] + "×" + image[2], invert ? ", inverted" : "");
            for (int r = 0; r < k; r++) {
                System.out.printf(Locale.ROOT, "  %d. %-12s %7.2f%%%n", r + 1, names[order[r]], 100 * probs.get(row, order[r]));
            }
        }
        return 0;
    }

    /** (C, H, W) of the model's samples; a flat (H·W,) input is taken as a square grayscale image. */
    static int[] imageShape(int[] shape) {
        if (shape.length == 3 && (shape[0] == 1 || shape[0] == 3)) {
            return shape;
        }
        int size = Shapes.size(shape);
        int side = (int) Math.round(Math.sqrt(size));
        if (shape.length == 1 && side * side == size && size > 1) {
            return new int[]{1, side, side};
        }
        throw new IllegalArgumentException("the model takes samples of shape " + Shapes.format(shape)
                + ", which are not images (expected (1, H, W), (3, H, W) or a square H·W); predict needs an image model");
    }
}
