package io.dendrite.cli;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.viz.ImageGrid;
import io.dendrite.viz.ImageGrid.Tile;
import io.dendrite.viz.Plots;
import io.dendrite.visualize.StyleTransfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code dendrite style}: the content of one picture in the style of another, through a saved convnet's features. */
@Command(name = "style", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Neural style transfer (Gatys et al. 2016, cs231n): an image with the content of --content and the"
                + " style of --style, found by Adam on the pixels against a content loss at one layer, a style loss on Gram"
                + " matrices at several layers and a total-variation loss.",
                "Any convnet model serves as the feature extractor. Layers are counted from 0 as the model's top-level"
                        + " layers, which the command prints with their indices; the default content layer is the last one that"
                        + " gives feature maps (N, C, H, W), the default style layers are all of those.",
                "Pictures of any size are resized so that their shorter side is --size (--style-size) pixels.",
                "Writes style.png (content, style, result), style-result.png (pixel for pixel), style-loss.csv, loss.png,"
                        + " run.properties and report.html."})
final class StyleCommand implements Callable<Integer> {
    @Mixin
    VisualizationOptions common = new VisualizationOptions();

    @Option(names = "--content", required = true, paramLabel = "FILE", description = "The content picture (PNG, JPEG, GIF, BMP).")
    Path content;

    @Option(names = "--style", required = true, paramLabel = "FILE", description = "The style picture.")
    Path style;

    @Option(names = "--content-layer", description = "Layer of the content loss (default: the last layer with feature maps).")
    Integer contentLayer;

    @Option(names = "--style-layers", split = ",", paramLabel = "L", description = "Layers of the style loss, e.g. 0,2 (default: every layer with feature maps).")
    int[] styleLayers;

    @Option(names = "--style-weights", split = ",", paramLabel = "W",
            description = "Weight of each style layer, or one for all (default: " + StyleTransfer.DEFAULT_STYLE_WEIGHT + ").")
    double[] styleWeights;

    @Option(names = "--content-weight", defaultValue = "" + StyleTransfer.DEFAULT_CONTENT_WEIGHT,
            description = "Weight of the content loss (default: ${DEFAULT-VALUE}).")
    double contentWeight;

    @Option(names = "--tv-weight", defaultValue = "" + StyleTransfer.DEFAULT_TV_WEIGHT,
            description = "Weight of the total-variation loss (default: ${DEFAULT-VALUE}).")
    double tvWeight;

    @Option(names = "--iterations", defaultValue = "" + StyleTransfer.DEFAULT_ITERATIONS,
            description = "Adam steps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--learning-rate", defaultValue = "" + StyleTransfer.DEFAULT_LEARNING_RATE,
            description = "Adam's learning rate, in pixels of [0, 1] for a model on such pixels (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--decayed-learning-rate", defaultValue = "" + StyleTransfer.DEFAULT_DECAYED_LEARNING_RATE,
            description = "Adam's learning rate from --decay-at on (default: ${DEFAULT-VALUE}).")
    double decayedLearningRate;

    @Option(names = "--decay-at", defaultValue = "" + StyleTransfer.DEFAULT_DECAY_AT,
            description = "Step at which the decayed learning rate takes over (default: ${DEFAULT-VALUE}).")
    int decayAt;

    @Option(names = "--size", description = "Shorter side of the content picture and the result, in pixels (default: the model's input height).")
    Integer size;

    @Option(names = "--style-size", description = "Shorter side of the style picture (default: --size).")
    Integer styleSize;

    @Option(names = "--init", defaultValue = "content", description = "Start from the content picture or from random noise: content or random (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random start (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--invert", description = "Invert both pictures (v -> 255 - v): dark on white for an MNIST model.")
    boolean invert;

    @Override
    public Integer call() throws Exception {
        common.validate();
        OptionChecks.nonEmpty("--content", content);
        OptionChecks.nonEmpty("--style", style);
        OptionChecks.nonNegative("--content-weight", contentWeight, "a finite weight >= 0");
        OptionChecks.nonNegative("--tv-weight", tvWeight, "a finite weight >= 0");
        if (styleWeights != null) {
            for (double w : styleWeights) {
                OptionChecks.nonNegative("--style-weights", w, "finite weights >= 0");
            }
        }
        OptionChecks.atLeast("--iterations", iterations, 1, "a number of steps >= 1");
        OptionChecks.positive("--learning-rate", learningRate, "a finite learning rate > 0");
        OptionChecks.positive("--decayed-learning-rate", decayedLearningRate, "a finite learning rate > 0");
        OptionChecks.atLeast("--decay-at", decayAt, 0, "a step >= 0");
        if (size != null) {
            OptionChecks.atLeast("--size", size, 1, "a number of pixels >= 1");
        }
        if (styleSize != null) {
            OptionChecks.atLeast("--style-size", styleSize, 1, "a number of pixels >= 1");
        }
        boolean random = switch (init.toLowerCase(Locale.ROOT)) {
            case "content" -> false;
            case "random" -> true;
            default -> throw OptionChecks.invalid("--init", init, "content or random");
        };
        ModelImages m = common.start();
        int side = size != null ? size : Math.min(m.shape[1], m.shape[2]);
        Tensor c = m.fromFileResized(content, side, invert);
        Tensor s = m.fromFileResized(style, styleSize != null ? styleSize : side, invert);
        int[] spatial = StyleTransfer.spatialLayers(m.net, m.shape[0], c.shape(2), c.shape(3));
        int layers = m.net.layers().size();
        if (spatial.length == 0 && (contentLayer == null || styleLayers == null)) {
            throw new IllegalArgumentException(m.file + " has no layer that gives feature maps (N, C, H, W) for pictures of "
                    + Shapes.format(new int[]{m.shape[0], c.shape(2), c.shape(3)}) + " — its layers are " + m.net.layerList());
        }
        if (contentLayer != null && (contentLayer < 0 || contentLayer >= layers)) {
            throw OptionChecks.invalid("--content-layer", contentLayer, "a layer index in [0, " + layers + "): "
                    + m.net.layerList());
        }
        int[] sLayers = styleLayers != null ? styleLayers : spatial;
        for (int l : sLayers) {
            if (Arrays.stream(spatial).noneMatch(k -> k == l)) {
                throw OptionChecks.invalid("--style-layers", l, "layers that give feature maps (N, C, H, W) for these"
                        + " pictures: " + Arrays.toString(spatial) + " of " + m.net.layerList());
            }
        }
        if (styleWeights != null && styleWeights.length != 1 && styleWeights.length != sLayers.length) {
            throw OptionChecks.invalid("--style-weights", Arrays.stream(styleWeights).mapToObj(Double::toString)
                    .collect(Collectors.joining(",")), "one weight per style layer (" + sLayers.length + "), or one for all");
        }
        int cLayer = contentLayer != null ? contentLayer : spatial[spatial.length - 1];
        StyleTransfer.Builder b = StyleTransfer.builder().contentLayer(cLayer).styleLayers(sLayers)
                .contentWeight(contentWeight).tvWeight(tvWeight).iterations(iterations).learningRate(learningRate)
                .decayedLearningRate(decayedLearningRate).decayAt(decayAt).initRandom(random).seed(seed).pixelRange(m.range);
        if (styleWeights != null) {
            b.styleWeights(styleWeights);
        }
        StyleTransfer st = b.build();
        System.out.println("model    " + m.file + " (" + m.net.spec() + ")");
        System.out.println("layers   " + m.net.layerList());
        System.out.println("inputs   " + m.range);
        System.out.println("content  " + content + " as " + Shapes.format(c.shape()) + ", layer " + cLayer);
        System.out.println("style    " + style + " as " + Shapes.format(s.shape()) + ", layers " + Arrays.toString(sLayers));
        long start = System.nanoTime();
        StyleTransfer.Result r = st.transfer(m.net, c, s);
        double seconds = (System.nanoTime() - start) / 1e9;
        int last = r.total().length - 1;
        String losses = String.format(Locale.ROOT, "total %.4g → %.4g, content %.4g → %.4g, style %.4g → %.4g, TV %.4g → %.4g",
                r.total()[0], r.total()[last], r.content()[0], r.content()[last], r.style()[0], r.style()[last],
                r.tv()[0], r.tv()[last]);
        System.out.println("loss     " + losses);
        System.out.printf(Locale.ROOT, "time     %.1f s for %d steps%n", seconds, iterations);

        Path dir = common.dir("style");
        Tensor result = m.toUnit(r.image());
        ImageGrid.writeImage(result, dir.resolve(RunFolder.STYLE_RESULT));
        ImageGrid.builder("Style transfer").columns("content", "style", "result")
                .row("", Tile.image(m.toUnit(c)), Tile.image(m.toUnit(s)), Tile.image(result))
                .build().write(dir.resolve(RunFolder.STYLE));
        StringBuilder csv = new StringBuilder("step,total,content,style,tv\n");
        for (int t = 0; t <= last; t++) {
            csv.append(String.format(Locale.ROOT, "%d,%.9g,%.9g,%.9g,%.9g%n", t, r.total()[t], r.content()[t],
                    r.style()[t], r.tv()[t]));
        }
        RunFolder.writeText(dir.resolve(RunFolder.STYLE_LOSS_CSV), csv.toString());
        Plots.defaults().lossCurve(r.total(), dir.resolve("loss.png"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("content", content + " as " + Shapes.format(c.shape()));
        settings.put("style", style + " as " + Shapes.format(s.shape()));
        settings.put("transfer", st.toString());
        Map<String, String> results = new LinkedHashMap<>();
        results.put("loss", losses);
        results.put("time", String.format(Locale.ROOT, "%.1f s", seconds));
        Path report = common.report(dir, "style", settings, results);
        System.out.println("result   " + dir.resolve(RunFolder.STYLE_RESULT));
        System.out.println("report   " + report);
        return 0;
    }
}
