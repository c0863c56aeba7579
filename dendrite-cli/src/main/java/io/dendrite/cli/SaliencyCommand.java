package io.dendrite.cli;

import io.dendrite.tensor.Tensor;
import io.dendrite.viz.ImageGrid;
import io.dendrite.viz.ImageGrid.Tile;
import io.dendrite.visualize.Saliency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dendrite saliency}: which pixels a saved model's class score depends on, for test images or picture files. */
@Command(name = "saliency", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Saliency maps (Simonyan et al. 2014, cs231n): for each image, how much each pixel can change the score"
                + " of its class, max over channels of |d score / d pixel|, at test time.",
                "Images come from the test split of --dataset (default: the dataset the model was trained on) from --index on,"
                        + " or from picture files of the model's input size (--images); a file's map explains the predicted class.",
                "Writes saliency.png (the images above their maps, as the course shows them), run.properties and report.html."})
final class SaliencyCommand implements Callable<Integer> {
    /** More columns would make a grid too wide to look at. */
    static final int MAX_COUNT = 50;

    @Mixin
    VisualizationOptions common = new VisualizationOptions();

    @Option(names = "--dataset", description = "mnist, fashion-mnist or cifar10 (default: the model's).")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the dataset's files (default: the cache, fetched on first use).")
    Path data;

    @Option(names = "--count", defaultValue = "5", description = "Number of test images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--index", defaultValue = "0", description = "The first test image (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--images", arity = "1..*", paramLabel = "FILE",
            description = "Picture files (PNG, JPEG, GIF, BMP) of the model's input size, instead of test images.")
    List<Path> images;

    @Option(names = "--invert", description = "Invert picture files (v -> 255 - v): dark digits on white for an MNIST model.")
    boolean invert;

    @Override
    public Integer call() throws Exception {
        common.validate();
        OptionChecks.atLeast("--count", count, 1, "a number of images >= 1");
        if (count > MAX_COUNT) {
            throw OptionChecks.invalid("--count", count, "at most " + MAX_COUNT + " images");
        }
        OptionChecks.atLeast("--index", index, 0, "a test example index >= 0");
        OptionChecks.nonEmpty("--data", data);
        ModelImages m = common.start();
        m.numClasses();   // a network without class scores is refused before any image is read
        Tensor x;
        int[] labels = null;
        String source;
        if (images != null) {
            x = m.fromFiles(images, invert, "--images");
            source = images.size() + " picture file(s)" + (invert ? ", inverted" : "");
        } else {
            String name = m.dataset(dataset);
            ModelImages.Examples ex = m.fromDataset(name, data, index, count);
            x = ex.x();
            labels = ex.labels();
            source = name + " test examples " + index + "–" + (index + count - 1);
        }
        int n = x.shape(0);
        Tensor probs = m.probabilities(x);
        int[] predicted = probs.argmax(1);
        int[] classes = labels != null ? labels : predicted;
        Tensor maps = Saliency.maps(m.net, x, classes);
        Tensor pictures = m.toUnit(x);
        Tile[] top = new Tile[n], bottom = new Tile[n];
        String[] headers = new String[n];
        Map<String, String> results = new LinkedHashMap<>();
        System.out.println("model    " + m.file + " (" + m.net.spec() + ")");
        System.out.println("images   " + source);
        for (int i = 0; i < n; i++) {
            Tensor map = maps.slice(i, i + 1);
            int at = map.argmax();
            int W = map.shape(2);
            String what = (labels != null ? "label " + m.className(labels[i]) + ", " : images.get(i).getFileName() + ": ")
                    + String.format(Locale.ROOT, "predicted %s (%.1f %%)", m.className(predicted[i]), 100 * probs.get(i, predicted[i]));
            String line = what + String.format(Locale.ROOT, ", largest saliency %.4g at row %d, column %d", map.max(), at / W,
                    at % W);
            System.out.println("  " + (labels != null ? "#" + (index + i) : "") + " " + line);
            results.put(String.format(Locale.ROOT, "image %02d", i + 1), (labels != null ? "#" + (index + i) + ": " : "") + line);
            top[i] = Tile.image(pictures.slice(i, i + 1));
            bottom[i] = Tile.heat(map);
            headers[i] = (labels != null ? m.classNames()[labels[i]] + " → " : "→ ") + m.classNames()[predicted[i]];
        }
        Path dir = common.dir("saliency");
        ImageGrid.builder("Saliency maps of the class score (label → prediction)").columns(headers)
                .row("image", top).row("saliency", bottom).build().write(dir.resolve(RunFolder.SALIENCY));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("images", source);
        settings.put("explained class", labels != null ? "each image's label" : "each image's predicted class");
        Path report = common.report(dir, "saliency", settings, results);
        System.out.println("grid     " + dir.resolve(RunFolder.SALIENCY));
        System.out.println("report   " + report);
        return 0;
    }
}
