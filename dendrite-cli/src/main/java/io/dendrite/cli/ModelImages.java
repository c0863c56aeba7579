package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.data.Datasets;
import io.dendrite.data.ImageFiles;
import io.dendrite.data.Normalizer;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.visualize.PixelRange;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A saved image model as the visualization commands use it: the network, the (C, H, W) of its samples, its class
 * names, and the one conversion between pictures (pixels 0–255) and the network's inputs that training used — the
 * model's {@code pixelScale}, then its {@code inputMean}/{@code inputStd} standardization when it has one:
 * {@code x = (p·scale − mean) / std}. {@link #toUnit} undoes it for display, {@link #range} gives the visualize
 * package the same conversion per channel.
 *
 * <p>A mean image (CIFAR-10's standardization) is applied per value to pictures of the model's own size, and as its
 * per-channel means to pictures of other sizes (style transfer) and to the clamp ranges of grown images, which are
 * per channel.
 */
final class ModelImages {
    final Path file;
    final ModelStore.Loaded loaded;
    final Network net;
    final DType dtype;
    /** (C, H, W) of the model's samples. */
    final int[] shape;
    /** Class names, read on first use: a network of features only (for style transfer) has none. */
    private String[] classNames;
    /** The pixel range [0, 255·scale] and the per-channel standardization, for clamps. */
    final PixelRange range;
    private final double scale;
    /** The standardization's values: empty (none), one per channel, or one per value of a (C, H, W) sample. */
    private final double[] mean, std;
    private final double[] channelMean, channelStd;

    private ModelImages(Path file, ModelStore.Loaded loaded, int[] shape, double scale, Optional<Normalizer> norm) {
        this.file = file;
        this.loaded = loaded;
        this.net = loaded.network();
        this.dtype = net.dtype();
        this.shape = shape;
        this.scale = scale;
        int C = shape[0];
        this.mean = norm.map(n -> n.mean().toDoubleArray()).orElse(new double[0]);
        this.std = norm.map(n -> n.std().toDoubleArray()).orElse(new double[0]);
        this.channelMean = new double[C];
        this.channelStd = new double[C];
        for (int c = 0; c < C; c++) {
            channelMean[c] = channel(mean, c, 0);
            channelStd[c] = channel(std, c, 1);
        }
        this.range = PixelRange.of(0, 255 * scale, channelMean, channelStd);
    }

    /**
     * Loads a model file and checks that it takes pictures. {@code pixelScale}, {@code mean} and {@code std} replace
     * what its metadata says when given (a network imported from elsewhere records no standardization).
     */
    static ModelImages load(Path file, String pixelScale, double[] mean, double[] std) throws IOException {
        ModelStore.Loaded loaded = SavedModels.load(file);
        String features = loaded.metadata().get(SavedModels.FEATURES);
        if (features != null) {
            throw new IllegalArgumentException(file + " was trained on " + features + " features, not on pixels: gradients"
                    + " with respect to the image need a model on images");
        }
        int[] shape = PredictCommand.imageShape(SavedModels.inputShape(loaded));
        double scale;
        try {
            scale = ImageFiles.parseScale(pixelScale != null ? pixelScale : loaded.metadata().get("pixelScale"));
        } catch (IllegalArgumentException e) {
            throw pixelScale != null ? OptionChecks.invalid("--pixel-scale", pixelScale, "1/255, none or a finite number > 0")
                    : new IllegalArgumentException(file + ": " + e.getMessage() + " in its metadata", e);
        }
        if (!(Double.isFinite(scale) && scale > 0)) {
            throw pixelScale != null ? OptionChecks.invalid("--pixel-scale", pixelScale, "1/255, none or a finite number > 0")
                    : new IllegalArgumentException(file + ": invalid pixelScale " + loaded.metadata().get("pixelScale")
                    + " in its metadata (expected 1/255, none or a finite number > 0)");
        }
        Optional<Normalizer> norm = SavedModels.inputNormalizer(file, loaded);
        if (mean != null || std != null) {
            norm = Optional.of(givenNormalizer(shape, mean, std));
        }
        return new ModelImages(file, loaded, shape, scale, norm);
    }

    /** The standardization of --input-mean and --input-std: one value or one per channel each. */
    private static Normalizer givenNormalizer(int[] shape, double[] mean, double[] std) {
        int C = shape[0];
        double[] m = mean != null ? mean : new double[]{0}, s = std != null ? std : new double[]{1};
        for (String[] o : new String[][]{{"--input-mean", "" + m.length}, {"--input-std", "" + s.length}}) {
            int n = Integer.parseInt(o[1]);
            if (n != 1 && n != C) {
                throw OptionChecks.invalid(o[0], n + " values", "one value, or one per channel (" + C + ")");
            }
        }
        float[] fm = new float[C], fs = new float[C];
        for (int c = 0; c < C; c++) {
            fm[c] = (float) m[m.length == 1 ? 0 : c];
            fs[c] = (float) s[s.length == 1 ? 0 : c];
            if (!Float.isFinite(fm[c])) {
                throw OptionChecks.invalid("--input-mean", m[m.length == 1 ? 0 : c], "finite values");
            }
            if (!(fs[c] > 0) || Float.isInfinite(fs[c])) {
                throw OptionChecks.invalid("--input-std", s[s.length == 1 ? 0 : c], "finite values > 0");
            }
        }
        return Normalizer.of(shape, fm, fs);
    }

    int numClasses() {
        return classNames().length;
    }

    /** The class names: the metadata's when it has one per class, else "0", "1", …. */
    String[] classNames() {
        if (classNames == null) {
            classNames = SavedModels.classNames(loaded.metadata(), null, numClasses(net, shape));
        }
        return classNames;
    }

    /** "7" or "7 (sneaker)": a class index with its name when the name says more. */
    String className(int k) {
        String name = classNames()[k];
        return name.equals(Integer.toString(k)) ? name : k + " (" + name + ")";
    }

    /** Pictures as 0–255 values, (n, C, H, W) row-major, converted to the network's inputs in its dtype. */
    Tensor toInputs(double[] pixels, int n, int h, int w) {
        int C = shape[0], plane = h * w;
        double[] x = new double[pixels.length];
        for (int k = 0; k < x.length; k++) {
            int c = k / plane % C;
            x[k] = (pixels[k] * scale - mean(c, k % (C * plane), plane)) / std(c, k % (C * plane), plane);
        }
        return Tensor.of(x, n, C, h, w).to(dtype);
    }

    /** Network inputs (N, C, H, W) back to pixels in [0, 1] (not clipped): the inverse of {@link #toInputs}. */
    Tensor toUnit(Tensor x) {
        int C = shape[0], h = x.shape(2), w = x.shape(3), plane = h * w;
        double[] v = x.toDoubleArray();
        for (int k = 0; k < v.length; k++) {
            int c = k / plane % C;
            v[k] = (v[k] * std(c, k % (C * plane), plane) + mean(c, k % (C * plane), plane)) / (255 * scale);
        }
        return Tensor.of(v, x.shape());
    }

    /**
     * Picture files of exactly the model's size as inputs (n, C, H, W); a file of another size is refused naming both
     * sizes (a per-pixel instrument should see the picture's own pixels, not a resampling).
     */
    Tensor fromFiles(List<Path> files, boolean invert, String option) throws IOException {
        int C = shape[0], H = shape[1], W = shape[2], per = C * H * W;
        double[] pixels = new double[files.size() * per];
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            BufferedImage img = ImageFiles.read(f);
            if (img.getHeight() != H || img.getWidth() != W) {
                throw new IllegalArgumentException(option + " " + f + " is " + img.getWidth() + "×" + img.getHeight()
                        + " pixels (image shape " + Shapes.format(new int[]{C, img.getHeight(), img.getWidth()}) + ") but "
                        + file + " takes images of shape " + Shapes.format(shape) + " — resize it to " + W + "×" + H);
            }
            float[] one = ImageFiles.load(f, shape, 1, invert);
            for (int k = 0; k < per; k++) {
                pixels[i * per + k] = one[k];
            }
        }
        return toInputs(pixels, files.size(), H, W);
    }

    /**
     * A picture file of any size as an input (1, C, h, w) whose shorter side is {@code side} pixels (the notebook's
     * {@code preprocess(img, size)}), for style transfer.
     */
    Tensor fromFileResized(Path f, int side, boolean invert) throws IOException {
        BufferedImage img = ImageFiles.read(f);
        int w0 = img.getWidth(), h0 = img.getHeight();
        int h = h0 <= w0 ? side : (int) Math.round((double) h0 * side / w0);
        int w = w0 <= h0 ? side : (int) Math.round((double) w0 * side / h0);
        int[] s = {shape[0], Math.max(1, h), Math.max(1, w)};
        float[] one = ImageFiles.load(f, s, 1, invert);
        double[] pixels = new double[one.length];
        for (int k = 0; k < one.length; k++) {
            pixels[k] = one[k];
        }
        return toInputs(pixels, 1, s[1], s[2]);
    }

    /** The dataset given with --dataset, else the one the model was trained on (its metadata), else an error saying so. */
    String dataset(String given) {
        if (given != null) {
            return given;
        }
        String recorded = loaded.metadata().get("dataset");
        if (recorded == null) {
            throw new IllegalArgumentException(file + " records no dataset: give --dataset mnist|fashion-mnist|cifar10, or"
                    + " picture files");
        }
        return recorded;
    }

    /** Examples {@code from … from+count−1} of a dataset's test split, as inputs, with their labels. */
    Examples fromDataset(String dataset, Path data, int from, int count) throws IOException {
        String name = dataset.toLowerCase(Locale.ROOT);
        if (!name.contains("mnist") && !name.startsWith("cifar")) {
            throw new IllegalArgumentException("--dataset " + dataset + " has no images (expected mnist, fashion-mnist or"
                    + " cifar10), or give picture files");
        }
        Dataset test = Datasets.load(name, data).test();
        if (!Shapes.same(test.sampleShape(), shape)) {
            throw new IllegalArgumentException(dataset + " has images of shape " + Shapes.format(test.sampleShape())
                    + " but " + file + " takes " + Shapes.format(shape) + " — use the dataset the model was trained on");
        }
        if (from >= test.size() || from + count > test.size()) {
            throw new IllegalArgumentException("--index " + from + " and --count " + count + " ask for test examples "
                    + from + "–" + (from + count - 1) + " but " + dataset + " has " + test.size());
        }
        Dataset part = test.subset(from, from + count);
        // MNIST-like sets load in [0, 1], CIFAR-10 as 0..255 (Datasets.load): back to 0..255 pictures first
        double toPixels = name.startsWith("cifar") ? 1 : 255;
        float[] v = part.data();
        double[] pixels = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            pixels[k] = v[k] * toPixels;
        }
        return new Examples(toInputs(pixels, count, shape[1], shape[2]), part.labels());
    }

    /** Inputs (N, C, H, W) and their labels. */
    record Examples(Tensor x, int[] labels) {
    }

    /** The softmax probability of each class, (N, K). */
    Tensor probabilities(Tensor x) {
        return io.dendrite.nn.Functions.softmax(net.scores(x));
    }

    private double mean(int c, int k, int plane) {
        return mean.length == shape[0] * plane && plane == shape[1] * shape[2] && mean.length != shape[0]
                ? mean[k] : channelMean[c];
    }

    private double std(int c, int k, int plane) {
        return std.length == shape[0] * plane && plane == shape[1] * shape[2] && std.length != shape[0]
                ? std[k] : channelStd[c];
    }

    /** Channel c's value of a standardization: its own, or the mean over a per-value one; {@code none} when absent. */
    private double channel(double[] values, int c, double none) {
        if (values.length == 0) {
            return none;
        }
        if (values.length == shape[0]) {
            return values[c];
        }
        int plane = values.length / shape[0];
        double s = 0;
        for (int k = c * plane; k < (c + 1) * plane; k++) {
            s += values[k];
        }
        return s / plane;
    }

    /** The number of classes the network scores: one forward pass of a zero sample. */
    private static int numClasses(Network net, int[] shape) {
        Tensor scores = net.scores(Tensor.zeros(net.dtype(), Shapes.batch(1, shape)));
        if (scores.ndim() != 2) {
            throw new IllegalArgumentException("the network gives " + Shapes.format(scores.shape()) + " for one image, not"
                    + " class scores (1, K): this command needs a classifier");
        }
        return scores.shape(1);
    }
}
