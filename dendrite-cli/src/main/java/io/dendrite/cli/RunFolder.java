package io.dendrite.cli;

import io.dendrite.io.AtomicFiles;
import io.dendrite.model.CaptionModel;
import io.dendrite.model.CaptionModels;
import io.dendrite.model.ImageEncoder;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.train.Solver;
import io.dendrite.train.ConfusionMatrix;
import io.dendrite.train.History;
import io.dendrite.viz.CaptionSamples;
import io.dendrite.viz.HtmlReport;
import io.dendrite.viz.Plots;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The folder a training run leaves behind: {@code model.dnd} (the best-validation network), {@code history.csv}
 * (per epoch), {@code loss.csv} (per iteration), {@code history.json}, {@code run.properties} (settings and
 * results), the plots as PNG and SVG (loss, accuracy, confusion matrix, first-layer filters for convnets, the class
 * templates of a linear classifier on images) and
 * a self-contained {@code report.html} that shows them. {@link #rebuildReport} makes the report again from
 * the files. {@code dendrite lm train} adds {@value #PERPLEXITY_CSV} and {@value #TEXT_SAMPLES} (shown in the report)
 * and saves a character language model as its {@code model.dnd}. k-NN runs leave {@code run.properties}, the confusion matrix and the report; {@code dendrite crossval}
 * leaves {@code run.properties}, {@value #CROSSVAL_CSV}, {@code crossval.png}/{@code .svg} and the report. The
 * visualization commands ({@code saliency}, {@code fool}, {@code visualize-class}, {@code style}) leave their pictures
 * (the {@value #SALIENCY}, {@value #FOOLING}, {@value #CLASS_VISUALIZATION}, {@value #STYLE} grids, the pictures
 * themselves pixel for pixel), {@code run.properties} and the report ({@link #writeReport});
 * {@code dendrite gan train} leaves {@value #GENERATOR}, {@value #DISCRIMINATOR}, the checkpoint, a sample grid per epoch
 * ({@code samples-epoch-01.png}, …) and {@value #SAMPLES}, {@value #GAN_LOSSES}, {@value #QUALITY}, {@code history.csv},
 * {@code loss.csv}, {@code run.properties} and the report;
 * {@code dendrite caption train} leaves a caption model, the history files and curves, {@value #CAPTIONS_CSV} and, for
 * images, {@value #CAPTIONS_PNG}.
 */
public final class RunFolder {
    public static final String MODEL = "model.dnd";
    public static final String REPORT = "report.html";
    public static final String PROPERTIES = "run.properties";
    /** The class templates of a linear classifier trained on images. */
    public static final String TEMPLATES = "templates.png";

    /** The grids of the visualization commands, and the pictures they computed, pixel for pixel. */
    public static final String SALIENCY = "saliency.png", FOOLING = "fooling.png", FOOLING_IMAGE = "fooling-image.png",
            CLASS_VISUALIZATION = "class-visualization.png", STYLE = "style.png", STYLE_RESULT = "style-result.png",
            STYLE_LOSS_CSV = "style-loss.csv";

    /** Accuracy per k and fold of {@code dendrite crossval}. */
    public static final String CROSSVAL_CSV = "crossval.csv";
    /** Held-out images of {@code dendrite caption train} beside their predicted and true captions. */
    public static final String CAPTIONS_PNG = "captions.png";
    /** Held-out captions of {@code dendrite caption train}: image, predicted, true. */
    public static final String CAPTIONS_CSV = "captions.csv";

    /** A GAN run's generator, discriminator, and the classifier that judged its samples when it trained one. */
    public static final String GENERATOR = "generator.dnd", DISCRIMINATOR = "discriminator.dnd", CLASSIFIER = "classifier.dnd";
    /** A GAN run's sample grids: the final generator's, and one per epoch ({@link #epochSamples}). */
    public static final String SAMPLES = "samples.png";
    /** A GAN run's loss curves and sample-quality figure. */
    public static final String GAN_LOSSES = "gan-losses.png", QUALITY = "quality.png";
    private static final java.util.regex.Pattern EPOCH_SAMPLES = java.util.regex.Pattern.compile("samples-epoch-(\\d+)\\.png");
    /** Held-out perplexity per epoch of {@code dendrite lm train}. */
    public static final String PERPLEXITY_CSV = "perplexity.csv";
    /** Text sampled after every epoch of {@code dendrite lm train}. */
    public static final String TEXT_SAMPLES = "samples.txt";

    /** Files whose presence means a folder holds a previous run, in the order the refusal names them. */
    private static final List<String> RUN_MARKERS = List.of(PROPERTIES, MODEL, Solver.CHECKPOINT_FILE, GENERATOR);

    /**
     * Everything any run writes into its folder: what {@code --overwrite} removes before the new run starts (with the
     * per-epoch sample grids of a GAN run).
     */
    private static final List<String> RUN_FILES = List.of(MODEL, Solver.CHECKPOINT_FILE, PROPERTIES, REPORT,
            "history.csv", "loss.csv", "history.json", CROSSVAL_CSV, PERPLEXITY_CSV, SAMPLES,
            "loss.png", "loss.svg", "accuracy.png", "accuracy.svg", "confusion.png", "confusion.svg",
            "filters.png", TEMPLATES, "crossval.png", "crossval.svg",
            SALIENCY, FOOLING, FOOLING_IMAGE, CLASS_VISUALIZATION, STYLE, STYLE_RESULT, STYLE_LOSS_CSV,
            GENERATOR, DISCRIMINATOR, CLASSIFIER, SAMPLES, GAN_LOSSES, "gan-losses.svg", QUALITY, CAPTIONS_PNG, CAPTIONS_CSV);

    private RunFolder() {
    }

    /** The first file in {@code dir} that marks a previous run ({@value #PROPERTIES}, the model or checkpoint), or null. */
    static String previousRun(Path dir) {
        for (String name : RUN_MARKERS) {
            if (Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return name;
            }
        }
        return null;
    }

    /**
     * Makes {@code dir} ready for a new run given with {@code --out}: refuses in one line when it holds a previous
     * run and {@code overwrite} is false; with {@code overwrite}, removes that run's files (any other file stays)
     * and every temporary file an interrupted write left, so the folder ends up with only the new run's output.
     */
    static void claim(Path dir, boolean overwrite) throws IOException {
        String marker = previousRun(dir);
        if (marker != null && !overwrite) {
            throw new IllegalArgumentException("--out " + dir + " holds a previous run (" + marker + "): give --resume "
                    + dir + " to continue it, or --overwrite to replace it");
        }
        if (overwrite) {
            for (String name : RUN_FILES) {
                Files.deleteIfExists(dir.resolve(name));
            }
            for (Path grid : epochSamples(dir)) {
                Files.delete(grid);
            }
            AtomicFiles.removeTemporaries(dir, java.time.Duration.ZERO);
        } else {
            AtomicFiles.removeTemporaries(dir, AtomicFiles.STALE_AFTER);
        }
    }

    /** A new folder under runs/ named by the time and {@code name}: runs/20250101-120000-NAME. */
    static Path defaultDir(String name) {
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", stamp + "-" + name);
    }

    /**
     * Finishes the folder of a visualization command: {@code run.properties} with the command, the model file, the
     * settings and the results, then the report, which shows the pictures the command wrote. Returns the report.
     */
    static Path writeReport(Path dir, String command, Path modelFile, Map<String, String> settings,
                            Map<String, String> results) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(COMMAND, command);
        all.put("modelFile", modelFile.toString());
        all.putAll(settings);
        writeProperties(dir, all, results);
        return rebuildReport(dir);
    }

    /** The setting that names the command of a visualization run; its report is titled after it. */
    private static final String COMMAND = "command";

    /** Everything a run produced, ready to be written. */
    public record Run(Network network, History history, Map<String, String> settings, Map<String, String> results,
                      Map<String, String> modelMetadata, ConfusionMatrix testConfusion) {
    }

    /**
     * What a caption training run produced ({@code dendrite caption train}): the captioner and its image encoder (null
     * for given features), the history, settings, results, the model file's metadata, and held-out samples — their
     * images ((1, H, W) each; null for features without pictures) with predicted and true captions.
     */
    public record CaptionRun(CaptionModel model, ImageEncoder encoder, History history, Map<String, String> settings,
                             Map<String, String> results, Map<String, String> modelMetadata,
                             List<CaptionSamples.Sample> samples) {
    }

    /**
     * Writes the folder of a caption run — {@code model.dnd} (the captioner with its words and encoder), the history
     * files and curves as {@link #write} does, {@value #CAPTIONS_CSV} and, with images, {@value #CAPTIONS_PNG} — and
     * returns the report's path.
     */
    public static Path writeCaptions(Path dir, CaptionRun run) throws IOException {
        Files.createDirectories(dir);
        CaptionModels.save(run.model(), run.encoder(), run.modelMetadata(), dir.resolve(MODEL));
        writeHistory(dir, run.history(), run.settings(), run.results());
        StringBuilder csv = new StringBuilder("image,predicted,true\n");
        boolean pictures = !run.samples().isEmpty();
        for (int i = 0; i < run.samples().size(); i++) {
            CaptionSamples.Sample s = run.samples().get(i);
            csv.append(i).append(',').append(s.predicted().replace(',', ' ')).append(',')
                    .append(s.truth() == null ? "" : s.truth().replace(',', ' ')).append('\n');
            pictures &= s.image() != null;
        }
        writeText(dir.resolve(CAPTIONS_CSV), csv.toString());
        if (pictures) {
            CaptionSamples.of("Held-out images: predicted and true captions", run.samples())
                    .write(dir.resolve(CAPTIONS_PNG));
        }
        return rebuildReport(dir);
    }

    /** Writes the whole folder and returns the report's path. */
    public static Path write(Path dir, Run run) throws IOException {
        Files.createDirectories(dir);
        ModelStore.save(run.network(), run.modelMetadata(), dir.resolve(MODEL));
        writeHistory(dir, run.history(), run.settings(), run.results());
        Plots plots = Plots.defaults();
        for (String ext : new String[]{".png", ".svg"}) {
            if (run.testConfusion() != null) {
                plots.confusionMatrix(run.testConfusion(), dir.resolve("confusion" + ext));
            }
        }
        Parameter w1 = run.network().params().get("W1");
        if (w1 != null && w1.value().ndim() == 4) {
            plots.filterGrid(w1.value(), dir.resolve("filters.png"));
        }
        int[] images = templateShape(run);
        if (images != null) {
            plots.classTemplates(w1.value(), images, classNames(run.modelMetadata()), dir.resolve(TEMPLATES));
        }
        return rebuildReport(dir);
    }

    /**
     * Writes what every trained run leaves, whatever its model: {@code history.csv}, {@code loss.csv},
     * {@code history.json}, {@code run.properties} and the loss and per-epoch metric plots (PNG and SVG). The caller
     * writes the model file (and its own extra files) and then {@link #rebuildReport}.
     */
    public static void writeHistory(Path dir, History h, Map<String, String> settings, Map<String, String> results)
            throws IOException {
        Files.createDirectories(dir);
        writeText(dir.resolve("history.csv"), h.epochsCsv());
        writeText(dir.resolve("loss.csv"), h.lossCsv());
        writeText(dir.resolve("history.json"), h.toJson());
        writeProperties(dir, settings, results);
        Plots plots = Plots.defaults();
        for (String ext : new String[]{".png", ".svg"}) {
            if (h.lossHistory().length > 0) {
                plots.lossCurve(h.lossHistory(), dir.resolve("loss" + ext));
            }
            if (h.epochs() > 0) {
                double[] val = h.valAccHistory();
                plots.accuracyCurves(h.trainAccHistory(), hasNaN(val) ? h.trainAccHistory() : val,
                        dir.resolve("accuracy" + ext));
            }
        }
    }

    /**
     * Records a run that stopped with a diverging loss: {@code loss.csv}, {@code history.json}, the loss plot
     * and {@code run.properties} with {@code result.diverged} set to the message; no model file is written, and
     * one a previous run left in the folder is removed, so that nothing there reads as this run's result.
     */
    public static void writeDiverged(Path dir, History h, Map<String, String> settings, String message)
            throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(MODEL));
        writeText(dir.resolve("loss.csv"), h.lossCsv());
        writeText(dir.resolve("history.json"), h.toJson());
        writeProperties(dir, settings, Map.of("diverged", message));
        if (h.lossHistory().length > 0) {
            Plots.defaults().lossCurve(h.lossHistory(), dir.resolve("loss.png"));
        }
    }

    /** The (C, H, W) image shape when the network is a linear classifier on images (not on features), else null. */
    private static int[] templateShape(Run run) {
        Parameter w1 = run.network().params().get("W1");
        String input = run.modelMetadata().get("inputShape");
        if (!run.network().spec().type().equals("linear") || w1 == null || w1.value().ndim() != 2 || input == null) {
            return null;
        }
        int[] shape = SavedModels.parseShape(input);
        boolean image = shape.length == 3 && (shape[0] == 1 || shape[0] == 3);
        return image && io.dendrite.tensor.Shapes.size(shape) == w1.value().shape(0) ? shape : null;
    }

    private static List<String> classNames(Map<String, String> metadata) {
        String names = metadata.get("classNames");
        return names == null ? List.of() : List.of(names.split(",", -1));
    }

    /** Writes {@code run.properties}: the settings and results of a run, read back by {@link #rebuildReport}. */
    static void writeProperties(Path dir, Map<String, String> settings, Map<String, String> results) throws IOException {
        Properties p = new Properties();
        settings.forEach((k, v) -> p.setProperty("setting." + k, v));
        results.forEach((k, v) -> p.setProperty("result." + k, v));
        AtomicFiles.write(dir.resolve(PROPERTIES), out -> {
            Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            p.store(w, "Dendrite run");
            w.flush();
        });
    }

    private static boolean hasNaN(double[] v) {
        for (double x : v) {
            if (Double.isNaN(x)) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code report.html} from the files in a run folder (run.properties and the PNG plots). */
    public static Path rebuildReport(Path dir) throws IOException {
        Path props = dir.resolve(PROPERTIES);
        if (!Files.isRegularFile(props)) {
            throw new IOException(dir + " is not a Dendrite run folder: " + PROPERTIES + " is missing");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> results = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (key.startsWith("setting.")) {
                settings.put(key.substring(8), p.getProperty(key));
            } else if (key.startsWith("result.")) {
                results.put(key.substring(7), p.getProperty(key));
            }
        }
        HtmlReport.Builder report = HtmlReport.builder(settings.containsKey(COMMAND)
                ? "Dendrite " + settings.get(COMMAND) + ": " + settings.getOrDefault("modelFile", dir.getFileName().toString())
                : "Dendrite run: " + settings.getOrDefault("model", dir.getFileName().toString()));
        report.rows(results);
        List<List<String>> rows = new ArrayList<>();
        settings.forEach((k, v) -> rows.add(List.of(k, v)));
        report.table("Settings", List.of("setting", "value"), rows);
        csvTable(report, dir.resolve("history.csv"), "Epochs");
        csvTable(report, dir.resolve(CROSSVAL_CSV), "Cross-validation accuracy per k and fold");
        csvTable(report, dir.resolve(PERPLEXITY_CSV), "Held-out perplexity per epoch");
        Path samples = dir.resolve(TEXT_SAMPLES);
        if (Files.isRegularFile(samples)) {
            report.preformatted("Samples after each epoch", Files.readString(samples, StandardCharsets.UTF_8));
        }
                if (!Files.isRegularFile(dir.resolve(CAPTIONS_PNG))) {   // the picture shows the same captions
            csvTable(report, dir.resolve(CAPTIONS_CSV), "Captions of held-out images");
        }
        String[][] images = {{SALIENCY, "Saliency maps: how much each pixel can change the class score"},
                {FOOLING, "Fooling image: the original, the changed image and the change (magnified)"},
                {CLASS_VISUALIZATION, "Class visualization: images grown from noise to score high for a class"},
                {STYLE, "Style transfer: content, style and result"},
                {"loss.png", "Loss per iteration"}, {"accuracy.png", "Accuracy per epoch"},
                {"confusion.png", "Confusion matrix on the test set"}, {"filters.png", "First-layer filters"},
                {TEMPLATES, "Learned weights of each class (templates)"},
                {"crossval.png", "Cross-validation on k"},
                {SAMPLES, "Samples of the final generator"}, {GAN_LOSSES, "Discriminator and generator loss per iteration"},
                {QUALITY, "Sample quality per epoch (classifier-judged)"},
                {CAPTIONS_PNG, "Captions of held-out images (greedy decoding)"}};
        for (String[] img : images) {
            Path f = dir.resolve(img[0]);
            if (Files.isRegularFile(f)) {
                report.image(img[1], f);
            }
        }
        for (Path grid : epochSamples(dir)) {
            java.util.regex.Matcher m = EPOCH_SAMPLES.matcher(grid.getFileName().toString());
            m.matches();
            report.image("Samples after epoch " + Integer.parseInt(m.group(1)), grid);
        }
        return report.build().write(dir.resolve(REPORT));
    }

    /** The name of the sample grid of {@code epoch} (from 1): samples-epoch-01.png, sorting in epoch order. */
    public static String epochSamples(int epoch) {
        return String.format(java.util.Locale.ROOT, "samples-epoch-%02d.png", epoch);
    }

    /** The per-epoch sample grids of a GAN run in {@code dir}, in epoch order. */
    static List<Path> epochSamples(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> EPOCH_SAMPLES.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f))
                    .sorted(java.util.Comparator.comparingInt(f -> {
                        java.util.regex.Matcher m = EPOCH_SAMPLES.matcher(f.getFileName().toString());
                        m.matches();
                        return Integer.parseInt(m.group(1));
                    })).toList();
        }
    }

    /** Adds a CSV file of the run folder (header line first) as a table of the report, when it exists. */
    private static void csvTable(HtmlReport.Builder report, Path csv, String caption) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.size() > 1) {
            List<List<String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                rows.add(List.of(line.split(",")));
            }
            report.table(caption, List.of(lines.get(0).split(",")), rows);
        }
    }

    static void writeText(Path file, String text) throws IOException {
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

}
