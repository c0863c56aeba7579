package io.dendrite.viz;

import io.dendrite.tensor.Tensor;
import io.dendrite.train.ConfusionMatrix;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training plots, each written to a file whose extension picks the format ({@code .png} or
 * {@code .svg}); every plot has a title, axis labels and a legend, and works headless.
 *
 * <p>Immutable: {@code Plots.defaults()} draws 800 × 600 images; {@link #size} and
 * {@link #emaWeight} return changed copies.
 * <pre>{@code
 * Plots plots = Plots.defaults().size(1024, 768);
 * plots.lossCurve(history.loss(), dir.resolve("loss.png"));
 * plots.accuracyCurves(history.trainAcc(), history.valAcc(), dir.resolve("acc.svg"));
 * }</pre>
 * Every method checks its input (empty arrays, mismatched lengths, NaN) and throws
 * {@link IllegalArgumentException} naming the argument; I/O failures surface as
 * {@link java.io.UncheckedIOException} naming the file. Each returns {@code out}, so a report can
 * link the file it just wrote.
 */
public final class Plots {
    private static final Plots DEFAULTS = new Plots(PlotSize.DEFAULT, Smoothing.DEFAULT_EMA_WEIGHT);

    private final PlotSize size;
    private final double emaWeight;

    private Plots(PlotSize size, double emaWeight) {
        this.size = size;
        this.emaWeight = emaWeight;
    }

    /** 800 × 600 pixels, EMA weight {@value Smoothing#DEFAULT_EMA_WEIGHT}. */
    public static Plots defaults() {
        Headless.ensure();
        return DEFAULTS;
    }

    /** The same plots at another size, in pixels (each side in [100, 10000]). */
    public Plots size(int width, int height) {
        return new Plots(new PlotSize(width, height), emaWeight);
    }

    public Plots size(PlotSize size) {
        return new Plots(Checks.notNull(size, "size"), emaWeight);
    }

    /** The loss curve's smoothing: weight of the old value in the EMA, in [0, 1); see {@link Smoothing#ema}. */
    public Plots emaWeight(double weight) {
        Smoothing.ema(new double[0], weight); // validates with the same message as the smoothing itself
        return new Plots(size, weight);
    }

    public PlotSize size() {
        return size;
    }

    public double emaWeight() {
        return emaWeight;
    }

    /**
     * Loss per iteration: the raw values, light, under their bias-corrected exponential moving
     * average ({@link Smoothing#ema}, weight {@link #emaWeight()}).
     */
    public Path lossCurve(double[] lossPerIteration, Path out) {
        return write(LossCurve.figure(lossPerIteration, emaWeight, size), out);
    }

    /** Train and validation accuracy per epoch (epoch 1 first); a [0, 1] axis when both are fractions. */
    public Path accuracyCurves(double[] train, double[] val, Path out) {
        return write(AccuracyCurves.figure(train, val, size), out);
    }

    /**
     * A GAN's discriminator and generator loss per iteration, each raw (light) under its bias-corrected EMA
     * ({@link #emaWeight()}).
     */
    public Path ganLosses(double[] discriminatorLoss, double[] generatorLoss, Path out) {
        return write(GanCurves.losses(discriminatorLoss, generatorLoss, emaWeight, size), out);
    }

    /**
     * The quality of a GAN's samples per epoch (epoch 1 first) in three panels: class coverage on a [0, classes] axis,
     * mean top-class confidence on [0, 1], and the Fréchet distance (see {@code io.dendrite.train.SampleQuality}).
     */
    public Path sampleQuality(double[] coverage, double[] confidence, double[] frechetDistance, int classes, Path out) {
        return write(GanCurves.quality(coverage, confidence, frechetDistance, classes, size), out);
    }

    /**
     * The book's optimizer comparison (chapter 6): contour lines of {@code f(x, y) = x²/20 + y²} on
     * x ∈ [-10, 10], y ∈ [-5, 5] and each optimizer's path.
     *
     * @param paths optimizer name → its iterates, one {@code (x, y)} row per step (start point
     *              first); in map order, so pass a {@code LinkedHashMap} for a stable legend
     */
    public Path optimizerPaths(Map<String, double[][]> paths, Path out) {
        return write(OptimizerPaths.figure(paths, size), out);
    }

    /**
     * One histogram per layer in a grid under one title (the book's section 6.2): all panels share
     * the x range of all activations; each legend gives the count, mean and standard deviation.
     *
     * @param activationsByLayer layer name → its activation values, in map order
     * @param bins               number of equal-width bins per panel
     */
    public Path activationHistograms(Map<String, double[]> activationsByLayer, int bins, Path out) {
        return write(ActivationHistograms.figure(activationsByLayer, bins, size), out);
    }

    /**
     * A confusion matrix heat map with counts in the cells, colored by the share of each actual
     * class (row), with the overall accuracy in the title.
     *
     * @param counts     {@code counts[actual][predicted]}, square, non-negative
     * @param classNames one name per class, in label order
     */
    public Path confusionMatrix(int[][] counts, String[] classNames, Path out) {
        return write(ConfusionMatrixFigure.of(counts, classNames, size), out);
    }

    /** The heat map of an accumulated {@link ConfusionMatrix}, with its class names. */
    public Path confusionMatrix(ConfusionMatrix matrix, Path out) {
        return write(ConfusionMatrixFigure.of(matrix, size), out);
    }

    /**
     * Cross-validation accuracy per k, as cs231n draws it: each fold's accuracy as a dot, and the mean over the
     * folds with error bars of one standard deviation.
     *
     * @param ks         the values tried
     * @param accuracies {@code accuracies[i][fold]} for {@code ks[i]}
     */
    public Path crossValidation(int[] ks, double[][] accuracies, Path out) {
        return write(CrossValidationFigure.of(ks, accuracies, size), out);
    }

    /**
     * Class regions of a 2-D classifier with the labelled data on top.
     *
     * @param x          data points, {@code (N, 2)}
     * @param y          their labels, {@code N} values ≥ 0
     * @param resolution grid cells per axis at which the classifier is evaluated, in [2, 1000]
     */
    public Path decisionBoundary(Classifier2d classifier, double[][] x, int[] y, int resolution, Path out) {
        return write(DecisionBoundary.figure(classifier, x, y, resolution, size), out);
    }

    /**
     * First-layer convolution filters as an image grid (PNG only; the image's size follows from
     * the filters, not from {@link #size()}): see {@link FilterGrid} for the layout.
     *
     * @param filters shape {@code (F, C, HH, WW)} with C = 1 (grayscale) or 3 (RGB)
     * @param scale   pixels per weight, in [1, 64]
     */
    public Path filterGrid(Tensor filters, int scale, Path out) {
        return FilterGrid.write(filters, scale, FilterGrid.DEFAULT_PADDING, out);
    }

    /** {@link #filterGrid(Tensor, int, Path)} at {@value FilterGrid#DEFAULT_SCALE} pixels per weight. */
    public Path filterGrid(Tensor filters, Path out) {
        return FilterGrid.write(filters, out);
    }

    /**
     * A linear classifier's weights as one image per class (cs231n's templates; PNG or SVG, sized by the
     * templates): see {@link ClassTemplates}.
     *
     * @param w          weights (D, K) with D = C·H·W
     * @param imageShape the samples' (C, H, W), C = 1 or 3
     * @param classNames K names, or empty for "0", "1", …
     */
    public Path classTemplates(Tensor w, int[] imageShape, java.util.List<String> classNames, Path out) {
        return ClassTemplates.of(w, imageShape, classNames).write(out);
    }

    private static Path write(Figure figure, Path out) {
        Checks.notNull(out, "out");
        Format.of(out); // fail on a bad extension before drawing anything
        return FigureWriter.write(figure, out);
    }
}
