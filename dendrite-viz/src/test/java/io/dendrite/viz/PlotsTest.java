package io.dendrite.viz;

import static io.dendrite.viz.ImageAssertions.assertPng;
import static io.dendrite.viz.ImageAssertions.assertSvg;
import static io.dendrite.viz.ImageAssertions.distinctColors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.train.ConfusionMatrix;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlotsTest {
    @TempDir
    Path dir;

    private final Plots plots = Plots.defaults();

    private static double[] loss(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2.3 * Math.exp(-i / 30.0) + 0.1 * Math.sin(i * 1.7);
        }
        return v;
    }

    private static Map<String, double[][]> paths() {
        Map<String, double[][]> paths = new LinkedHashMap<>();
        paths.put("SGD", new double[][] {{-7, 2}, {-6.3, -1.8}, {-5.7, 1.6}, {-5.1, -1.4}});
        paths.put("Adam", new double[][] {{-7, 2}, {-6, 1.5}, {-4, 0.8}, {-1, 0.1}, {0, 0}});
        return paths;
    }

    private static Map<String, double[]> activations() {
        Map<String, double[]> acts = new LinkedHashMap<>();
        for (int layer = 1; layer <= 5; layer++) {
            double[] a = new double[500];
            for (int i = 0; i < a.length; i++) {
                a[i] = 1 / (1 + Math.exp(-Math.sin(i * 12.9898 * layer) * 4 / layer));
            }
            acts.put(layer + "-layer", a);
        }
        return acts;
    }

    private static final int[][] COUNTS = {{50, 2, 1}, {3, 40, 7}, {0, 5, 45}};
    private static final String[] NAMES = {"cat", "dog", "bird"};

    /** Class 0 left of x = 0, class 1 right of it. */
    private static final Classifier2d SPLIT = points -> {
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = points[i][0] < 0 ? 0 : 1;
        }
        return labels;
    };
    private static final double[][] X = {{-1, -1}, {-0.5, 0.8}, {-0.8, 0.1}, {1, 1}, {0.6, -0.7}, {0.9, 0.2}};
    private static final int[] Y = {0, 0, 0, 1, 1, 1};

    /** Draws every plot of {@link Plots} (except the filter grid) to {@code out}. */
    private void drawAll(Plots p, String ext) {
        p.lossCurve(loss(200), dir.resolve("loss." + ext));
        p.accuracyCurves(new double[] {0.2, 0.5, 0.7}, new double[] {0.25, 0.45, 0.6}, dir.resolve("acc." + ext));
        p.optimizerPaths(paths(), dir.resolve("opt." + ext));
        p.activationHistograms(activations(), 30, dir.resolve("hist." + ext));
        p.confusionMatrix(COUNTS, NAMES, dir.resolve("cm." + ext));
        p.decisionBoundary(SPLIT, X, Y, 50, dir.resolve("db." + ext));
        p.crossValidation(KS, FOLD_ACC, dir.resolve("cv." + ext));
    }

    private static final String[] ALL = {"loss", "acc", "opt", "hist", "cm", "db", "cv"};

    /** k-NN cross-validation: accuracy per k (rows, not sorted) and per fold. */
    private static final int[] KS = {1, 5, 3, 8};
    private static final double[][] FOLD_ACC = {{0.26, 0.25, 0.29, 0.27, 0.27}, {0.27, 0.29, 0.28, 0.30, 0.29},
        {0.24, 0.26, 0.27, 0.26, 0.25}, {0.26, 0.29, 0.28, 0.29, 0.28}};

    @Test
    void crossValidationChecksItsInput() {
        assertThatThrownBy(() -> plots.crossValidation(new int[] {1, 3}, FOLD_ACC, dir.resolve("cv.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ks has 2 values").hasMessageContaining("4 rows");
        assertThatThrownBy(() -> plots.crossValidation(new int[] {1, 3}, new double[][] {{0.5, 0.6}, {0.5}}, dir.resolve("cv.png")))
                .hasMessageContaining("accuracies[1] has 1 folds");
        assertThatThrownBy(() -> plots.crossValidation(new int[] {1}, new double[][] {{Double.NaN}}, dir.resolve("cv.png")))
                .hasMessageContaining("accuracies[0][0] is NaN");
    }

    @Test
    void everyPlotWritesAPngOfTheDefaultSize() throws Exception {
        drawAll(plots, "png");
        for (String name : ALL) {
            BufferedImage image = assertPng(dir.resolve(name + ".png"), 800, 600);
            assertThat(distinctColors(image)).as("%s.png has content", name).isGreaterThan(10);
        }
    }

    @Test
    void everyPlotWritesAnSvgOfTheDefaultSize() throws Exception {
        drawAll(plots, "svg");
        for (String name : ALL) {
            assertSvg(dir.resolve(name + ".svg"), 800, 600);
        }
    }

    @Test
    void sizeIsConfigurable() throws Exception {
        drawAll(plots.size(640, 480), "png");
        for (String name : ALL) {
            assertPng(dir.resolve(name + ".png"), 640, 480);
        }
    }

    @Test
    void extensionIsCaseInsensitiveAndParentFoldersAreCreated() throws Exception {
        Path out = dir.resolve("a/b/loss.PNG");
        assertThat(plots.lossCurve(loss(10), out)).isEqualTo(out);
        assertPng(out, 800, 600);
    }

    @Test
    void singleIterationAndSingleEpochStillPlot() throws Exception {
        plots.lossCurve(new double[] {2.3}, dir.resolve("one.png"));
        plots.accuracyCurves(new double[] {0.1}, new double[] {0.1}, dir.resolve("acc1.png"));
        assertPng(dir.resolve("one.png"), 800, 600);
        assertPng(dir.resolve("acc1.png"), 800, 600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"loss.jpg", "loss", "loss.png.txt"})
    void unknownExtensionIsRejectedWithTheFileName(String name) {
        assertThatThrownBy(() -> plots.lossCurve(loss(5), dir.resolve(name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(".png or .svg");
    }

    @Test
    void badCurvesAreRejectedWithClearMessages() {
        Path out = dir.resolve("x.png");
        assertThatThrownBy(() -> plots.lossCurve(new double[0], out)).hasMessageContaining("lossPerIteration is empty");
        assertThatThrownBy(() -> plots.lossCurve(null, out)).hasMessageContaining("lossPerIteration must not be null");
        assertThatThrownBy(() -> plots.lossCurve(new double[] {1, Double.NaN}, out))
                .hasMessageContaining("lossPerIteration[1] is NaN");
        assertThatThrownBy(() -> plots.accuracyCurves(new double[] {0.1, 0.2}, new double[] {0.1}, out))
                .hasMessageContaining("train has 2 values but val has 1");
        assertThatThrownBy(() -> plots.accuracyCurves(new double[0], new double[0], out)).hasMessageContaining("empty");
    }

    @Test
    void badOptimizerPathsAreRejected() {
        Path out = dir.resolve("x.png");
        assertThatThrownBy(() -> plots.optimizerPaths(Map.of(), out)).hasMessageContaining("paths is empty");
        assertThatThrownBy(() -> plots.optimizerPaths(Map.of("SGD", new double[0][]), out))
                .hasMessageContaining("'SGD' is empty");
        assertThatThrownBy(() -> plots.optimizerPaths(Map.of("SGD", new double[][] {{1, 2}, {1, 2, 3}}), out))
                .hasMessageContaining("point 1 has 3 coordinates, expected 2");
    }

    @Test
    void badHistogramsAreRejected() {
        Path out = dir.resolve("x.png");
        assertThatThrownBy(() -> plots.activationHistograms(Map.of("l1", new double[0]), 10, out))
                .hasMessageContaining("layer 'l1' are empty");
        assertThatThrownBy(() -> plots.activationHistograms(Map.of("l1", new double[] {1}), 0, out))
                .hasMessageContaining("bins must be positive, got 0");
        Map<String, double[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put("layer" + i, new double[] {i});
        }
        assertThatThrownBy(() -> plots.activationHistograms(many, 10, out))
                .hasMessageContaining("40 panels").hasMessageContaining("larger size");
    }

    @Test
    void constantActivationsStillPlot() throws Exception {
        plots.activationHistograms(Map.of("dead", new double[] {0, 0, 0}), 10, dir.resolve("dead.png"));
        assertPng(dir.resolve("dead.png"), 800, 600);
    }

    @Test
    void badConfusionMatricesAreRejected() {
        Path out = dir.resolve("x.png");
        assertThatThrownBy(() -> plots.confusionMatrix(new int[][] {{1, 2}, {3}}, new String[] {"a", "b"}, out))
                .hasMessageContaining("row 1 has 1 entries, expected 2");
        assertThatThrownBy(() -> plots.confusionMatrix(COUNTS, new String[] {"a", "b"}, out))
                .hasMessageContaining("3x3 but there are 2 class names");
        assertThatThrownBy(() -> plots.confusionMatrix(new int[][] {{1, -1}, {0, 1}}, new String[] {"a", "b"}, out))
                .hasMessageContaining("counts[0][1] is -1");
        assertThatThrownBy(() -> plots.confusionMatrix(new int[0][], new String[0], out)).hasMessageContaining("empty");
    }

    @Test
    void confusionMatrixOfAnAccumulatedMatrix() throws Exception {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2}, 3);
        plots.confusionMatrix(m, dir.resolve("cm.png"));
        assertPng(dir.resolve("cm.png"), 800, 600);
    }

    @Test
    void decisionBoundaryFillsEachClassRegionOnItsSide() throws Exception {
        plots.decisionBoundary(SPLIT, X, Y, 40, dir.resolve("db.png"));
        BufferedImage image = assertPng(dir.resolve("db.png"), 800, 600);
        int left = Palette.lighten(Palette.color(0), 0.65).getRGB();
        int right = Palette.lighten(Palette.color(1), 0.65).getRGB();
        long leftCount = 0;
        long rightCount = 0;
        double leftX = 0;
        double rightX = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (rgb == left) {
                    leftCount++;
                    leftX += x;
                } else if (rgb == right) {
                    rightCount++;
                    rightX += x;
                }
            }
        }
        long area = (long) image.getWidth() * image.getHeight();
        assertThat(leftCount).as("pixels of class 0's region").isGreaterThan(area / 10);
        assertThat(rightCount).as("pixels of class 1's region").isGreaterThan(area / 10);
        assertThat(leftX / leftCount).as("class 0's region lies left of class 1's").isLessThan(rightX / rightCount);
    }

    @Test
    void badDecisionBoundaryInputIsRejected() {
        Path out = dir.resolve("x.png");
        assertThatThrownBy(() -> plots.decisionBoundary(SPLIT, X, new int[] {0}, 10, out))
                .hasMessageContaining("x has 6 points but y has 1 labels");
        assertThatThrownBy(() -> plots.decisionBoundary(SPLIT, new double[][] {{1, 2, 3}}, new int[] {0}, 10, out))
                .hasMessageContaining("x[0] has 3 coordinates");
        assertThatThrownBy(() -> plots.decisionBoundary(SPLIT, X, Y, 1, out)).hasMessageContaining("resolution");
        assertThatThrownBy(() -> plots.decisionBoundary(points -> new int[3], X, Y, 10, out))
                .hasMessageContaining("returned 3 labels for 100 grid points");
        assertThatThrownBy(() -> plots.decisionBoundary(points -> new int[points.length], new double[0][], new int[0], 10, out))
                .hasMessageContaining("x is empty");
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> plots.size(10, 600)).hasMessageContaining("10x600").hasMessageContaining("[100, 10000]");
        assertThatThrownBy(() -> plots.emaWeight(1.0)).hasMessageContaining("[0, 1)");
        assertThat(plots.size(300, 200).size()).isEqualTo(new PlotSize(300, 200));
        assertThat(plots.emaWeight(0.5).emaWeight()).isEqualTo(0.5);
        assertThat(plots.size()).isEqualTo(PlotSize.DEFAULT);
    }
}
