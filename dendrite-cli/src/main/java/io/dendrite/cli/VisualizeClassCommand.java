package io.dendrite.cli;

import io.dendrite.nn.Functions;
import io.dendrite.tensor.Tensor;
import io.dendrite.viz.ImageGrid;
import io.dendrite.viz.ImageGrid.Tile;
import io.dendrite.visualize.ClassVisualization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dendrite visualize-class}: images grown from noise that a saved model scores highly for chosen classes. */
@Command(name = "visualize-class", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Class visualization (Simonyan et al. 2014, Yosinski et al. 2015; cs231n): an image grown from noise"
                + " by gradient ascent on the class score minus an L2 penalty, with random jitter, clamping to the pixel"
                + " range and a periodic Gaussian blur.",
                "The notebook's learning rate and jitter suit 224x224 ImageNet images; the defaults here scale them to the"
                        + " model's image size (MNIST: learning rate 1.80, jitter 2).",
                "Prints each class score before and after; writes class-visualization.png, run.properties and report.html."})
final class VisualizeClassCommand implements Callable<Integer> {
    /** Images per row of the grid. */
    private static final int PER_ROW = 5;

    @Mixin
    VisualizationOptions common = new VisualizationOptions();

    @Option(names = "--class", split = ",", paramLabel = "K", description = "Classes to visualize, e.g. 7 or 0,1,2 (default: all).")
    int[] classes;

    @Option(names = "--iterations", defaultValue = "" + ClassVisualization.DEFAULT_ITERATIONS,
            description = "Gradient steps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--l2", defaultValue = "" + ClassVisualization.DEFAULT_L2_REG,
            description = "L2 regularization strength of the image (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--learning-rate", description = "L2 length of each step (default: "
            + ClassVisualization.DEFAULT_LEARNING_RATE + " × sqrt(C·H·W / (3·224·224))).")
    Double learningRate;

    @Option(names = "--blur-every", defaultValue = "" + ClassVisualization.DEFAULT_BLUR_EVERY,
            description = "Blur after every this many steps, 0 = never (default: ${DEFAULT-VALUE}).")
    int blurEvery;

    @Option(names = "--blur-sigma", defaultValue = "" + ClassVisualization.DEFAULT_BLUR_SIGMA,
            description = "Width of the Gaussian blur in pixels (default: ${DEFAULT-VALUE}).")
    double blurSigma;

    @Option(names = "--max-jitter", description = "Largest jitter in pixels, 0 = none (default: "
            + ClassVisualization.DEFAULT_MAX_JITTER + " × W / 224, rounded).")
    Integer maxJitter;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the starting noise and the jitter (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        common.validate();
        OptionChecks.atLeast("--iterations", iterations, 1, "a number of steps >= 1");
        OptionChecks.nonNegative("--l2", l2, "a finite regularization strength >= 0");
        if (learningRate != null) {
            OptionChecks.positive("--learning-rate", learningRate, "a finite step length > 0");
        }
        OptionChecks.atLeast("--blur-every", blurEvery, 0, "a number of steps >= 0, 0 = never");
        OptionChecks.nonNegative("--blur-sigma", blurSigma, "a finite width >= 0");
        if (maxJitter != null) {
            OptionChecks.atLeast("--max-jitter", maxJitter, 0, "a number of pixels >= 0");
        }
        ModelImages m = common.start();
        int[] ks = classes != null ? classes : java.util.stream.IntStream.range(0, m.numClasses()).toArray();
        for (int k : ks) {
            if (k < 0 || k >= m.numClasses()) {
                throw OptionChecks.invalid("--class", k, "classes in [0, " + m.numClasses() + ") of " + m.file);
            }
        }
        ClassVisualization.Builder b = ClassVisualization.builder().scaledTo(m.shape).l2Reg(l2).iterations(iterations)
                .blurEvery(blurEvery).blurSigma(blurSigma).pixelRange(m.range).seed(seed);
        if (learningRate != null) {
            b.learningRate(learningRate);
        }
        if (maxJitter != null) {
            b.maxJitter(maxJitter);
        }
        ClassVisualization vis = b.build();
        System.out.println("model    " + m.file + " (" + m.net.spec() + ")");
        Map<String, String> results = new LinkedHashMap<>();
        List<Tile> tiles = new ArrayList<>();
        long start = System.nanoTime();
        for (int k : ks) {
            ClassVisualization.Result r = vis.generate(m.net, k, m.shape);
            double p = Functions.softmax(m.net.scores(r.image())).get(0, k);
            String line = String.format(Locale.ROOT, "score %.4g → %.4g, probability %.3f", r.scores()[0], r.finalScore(), p);
            System.out.println("  class " + m.className(k) + ": " + line);
            results.put(String.format(Locale.ROOT, "class %03d", k), m.className(k) + ": " + line);
            tiles.add(Tile.image(m.toUnit(r.image())).caption(String.format(Locale.ROOT, "%s: %.3g → %.3g", m.classNames()[k],
                    r.scores()[0], r.finalScore())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "time     %.1f s for %d class(es), %d steps each%n", seconds, ks.length, iterations);
        Path dir = common.dir("visualize-class");
        ImageGrid.Builder grid = ImageGrid.builder("Class visualization (class: score of the noise → of the image)");
        for (int i = 0; i < tiles.size(); i += PER_ROW) {
            grid.row("", tiles.subList(i, Math.min(tiles.size(), i + PER_ROW)));
        }
        grid.build().write(dir.resolve(RunFolder.CLASS_VISUALIZATION));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("settings", vis.toString());
        settings.put("seed", "" + seed);
        results.put("time", String.format(Locale.ROOT, "%.1f s", seconds));
        Path report = common.report(dir, "visualize-class", settings, results);
        System.out.println("grid     " + dir.resolve(RunFolder.CLASS_VISUALIZATION));
        System.out.println("report   " + report);
        return 0;
    }
}
