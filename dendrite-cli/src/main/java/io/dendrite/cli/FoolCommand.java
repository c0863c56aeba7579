package io.dendrite.cli;

import io.dendrite.tensor.Tensor;
import io.dendrite.viz.ImageGrid;
import io.dendrite.viz.ImageGrid.Tile;
import io.dendrite.visualize.FoolingImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dendrite fool}: changes an image until a saved model predicts a chosen class, and says by how much. */
@Command(name = "fool", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fooling image (Szegedy et al. 2014, cs231n): gradient ascent on the --target class score, steps of"
                + " L2 length --learning-rate, until the model predicts the target or --max-steps is reached.",
                "Prints the steps taken and the size of the change (in pixels, 1 = the full range), and whether the saved 8-bit"
                        + " PNG still fools the model. The image is a test example (--index) or a picture file of the model's input size.",
                "Writes fooling.png (original, fooling image, change magnified), fooling-image.png (pixel for pixel),"
                        + " run.properties and report.html."})
final class FoolCommand implements Callable<Integer> {
    @Mixin
    VisualizationOptions common = new VisualizationOptions();

    @Option(names = "--target", required = true, description = "The class the model should end up predicting.")
    int target;

    @Option(names = "--index", defaultValue = "0", description = "The test example to change (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--image", paramLabel = "FILE", description = "A picture file of the model's input size to change, instead of a test example.")
    Path image;

    @Option(names = "--dataset", description = "mnist, fashion-mnist or cifar10 (default: the model's).")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the dataset's files (default: the cache, fetched on first use).")
    Path data;

    @Option(names = "--invert", description = "Invert the picture file (v -> 255 - v): a dark digit on white for an MNIST model.")
    boolean invert;

    @Option(names = "--learning-rate", defaultValue = "" + FoolingImage.DEFAULT_LEARNING_RATE,
            description = "L2 length of each step, in the model's input units (default: ${DEFAULT-VALUE}, the notebook's).")
    double learningRate;

    @Option(names = "--max-steps", defaultValue = "" + FoolingImage.DEFAULT_MAX_STEPS,
            description = "Most steps to take (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.validate();
        OptionChecks.atLeast("--index", index, 0, "a test example index >= 0");
        OptionChecks.positive("--learning-rate", learningRate, "a finite step length > 0");
        OptionChecks.atLeast("--max-steps", maxSteps, 0, "a number of steps >= 0");
        OptionChecks.nonEmpty("--image", image);
        OptionChecks.nonEmpty("--data", data);
        if (image != null && spec.commandLine().getParseResult().hasMatchedOption("--index")) {
            throw new IllegalArgumentException("give --index or --image, not both");
        }
        ModelImages m = common.start();
        if (target < 0 || target >= m.numClasses()) {
            throw OptionChecks.invalid("--target", target, "a class in [0, " + m.numClasses() + ") of " + m.file);
        }
        Tensor x;
        String source, label = null;
        if (image != null) {
            x = m.fromFiles(List.of(image), invert, "--image");
            source = image + (invert ? " (inverted)" : "");
        } else {
            String name = m.dataset(dataset);
            ModelImages.Examples ex = m.fromDataset(name, data, index, 1);
            x = ex.x();
            label = m.className(ex.labels()[0]);
            source = name + " test example #" + index;
        }
        Tensor p0 = m.probabilities(x);
        int before = p0.argmax(1)[0];
        FoolingImage f = FoolingImage.make(m.net, x, target, learningRate, maxSteps);
        Tensor p1 = m.probabilities(f.image());
        int after = p1.argmax(1)[0];
        Tensor original = m.toUnit(x), fooled = m.toUnit(f.image());
        Tensor change = fooled.sub(original);
        double l2 = Math.sqrt(change.square().sum()), max = change.abs().max();

        Path dir = common.dir("fool");
        Path png = ImageGrid.writeImage(fooled, dir.resolve(RunFolder.FOOLING_IMAGE));
        // what the 8-bit file holds: clipped to the pixel range and rounded to 1/255
        Tensor saved = m.fromFiles(List.of(png), false, "the written " + RunFolder.FOOLING_IMAGE);
        Tensor p2 = m.probabilities(saved);
        int fromPng = p2.argmax(1)[0];
        double magnify = max > 0 ? 0.5 / max : 1;   // ±max shown as ±half the grey range
        String was = (label != null ? "label " + label + ", " : "") + "predicted " + percent(m, p0, before);
        ImageGrid.builder("Fooling image: " + m.className(before) + " → " + m.className(target)).columns("original",
                        "fooling image", "change")
                .row("", Tile.image(original).caption(m.classNames()[before]),
                        Tile.image(fooled).caption(m.classNames()[after] + (f.fooled() ? "" : " (not fooled)")),
                        Tile.signed(change).caption(String.format(Locale.ROOT, "×%.3g", magnify)))
                .build().write(dir.resolve(RunFolder.FOOLING));

        String outcome = f.fooled()
                ? String.format(Locale.ROOT, "fooled after %d step(s): predicted %s", f.steps(), percent(m, p1, after))
                : String.format(Locale.ROOT, "not fooled after %d step(s)%s: predicted %s", f.steps(),
                f.steps() < maxSteps ? " (the target score stopped depending on the image)" : "", percent(m, p1, after));
        String size = String.format(Locale.ROOT, "L2 %.4g, max |change| %.4g (%.1f of 255 levels)", l2, max, 255 * max);
        String png8 = String.format(Locale.ROOT, "%s is predicted %s", RunFolder.FOOLING_IMAGE, percent(m, p2, fromPng));
        System.out.println("model    " + m.file + " (" + m.net.spec() + ")");
        System.out.println("image    " + source + ": " + was);
        System.out.println("target   " + m.className(target));
        System.out.println("result   " + outcome);
        System.out.println("change   " + size);
        System.out.println("8-bit    " + png8);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("image", source);
        settings.put("target", m.className(target));
        settings.put("learning rate", "" + learningRate);
        settings.put("max steps", "" + maxSteps);
        Map<String, String> results = new LinkedHashMap<>();
        results.put("before", was);
        results.put("result", outcome);
        results.put("steps", "" + f.steps());
        results.put("change", size);
        results.put("saved PNG", png8);
        Path report = common.report(dir, "fool", settings, results);
        System.out.println("grid     " + dir.resolve(RunFolder.FOOLING));
        System.out.println("report   " + report);
        return 0;
    }

    private static String percent(ModelImages m, Tensor probs, int k) {
        return String.format(Locale.ROOT, "%s (%.1f %%)", m.className(k), 100 * probs.get(0, k));
    }
}
