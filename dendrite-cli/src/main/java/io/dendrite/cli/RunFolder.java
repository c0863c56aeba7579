package io.dendrite.cli;

import io.dendrite.io.AtomicFiles;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.train.Solver;
import io.dendrite.train.ConfusionMatrix;
import io.dendrite.train.History;
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
 * the files. {@code dendrite lm train} adds {@value #PERPLEXITY_CSV} and {@value #SAMPLES} (shown in the report) and
 * saves a character language model as its {@code model.dnd}. k-NN runs leave {@code run.properties}, the confusion matrix and the report; {@code dendrite crossval}
 * leaves {@code run.properties}, {@value #CROSSVAL_CSV}, {@code crossval.png}/{@code .svg} and the report.
 */
public final class RunFolder {
    public static final String MODEL = "model.dnd";
    public static final String REPORT = "report.html";
    public static final String PROPERTIES = "run.properties";
    /** The class templates of a linear classifier trained on images. */
    public static final String TEMPLATES = "templates.png";

    /** Accuracy per k and fold of {@code dendrite crossval}. */
    public static final String CROSSVAL_CSV = "crossval.csv";
    /** Held-out perplexity per epoch of {@code dendrite lm train}. */
    public static final String PERPLEXITY_CSV = "perplexity.csv";
    /** Text sampled after every epoch of {@code dendrite lm train}. */
    public static final String SAMPLES = "samples.txt";

    /** Files whose presence means a folder holds a previous run, in the order the refusal names them. */
    private static final List<String> RUN_MARKERS = List.of(PROPERTIES, MODEL, Solver.CHECKPOINT_FILE);

    /** Everything any run writes into its folder: what {@code --overwrite} removes before the new run starts. */
    private static final List<String> RUN_FILES = List.of(MODEL, Solver.CHECKPOINT_FILE, PROPERTIES, REPORT,
            "history.csv", "loss.csv", "history.json", CROSSVAL_CSV, PERPLEXITY_CSV, SAMPLES,
            "loss.png", "loss.svg", "accuracy.png", "accuracy.svg", "confusion.png", "confusion.svg",
            "filters.png", TEMPLATES, "crossval.png", "crossval.svg");

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
            AtomicFiles.removeTemporaries(dir, java.time.Duration.ZERO);
        } else {
            AtomicFiles.removeTemporaries(dir, AtomicFiles.STALE_AFTER);
        }
    }

    /** Everything a run produced, ready to be written. */
    public record Run(Network network, History history, Map<String, String> settings, Map<String, String> results,
                      Map<String, String> modelMetadata, ConfusionMatrix testConfusion) {
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
        HtmlReport.Builder report = HtmlReport.builder("Dendrite run: " + settings.getOrDefault("model", dir.getFileName().toString()));
        report.rows(results);
        List<List<String>> rows = new ArrayList<>();
        settings.forEach((k, v) -> rows.add(List.of(k, v)));
        report.table("Settings", List.of("setting", "value"), rows);
        csvTable(report, dir.resolve("history.csv"), "Epochs");
        csvTable(report, dir.resolve(CROSSVAL_CSV), "Cross-validation accuracy per k and fold");
        csvTable(report, dir.resolve(PERPLEXITY_CSV), "Held-out perplexity per epoch");
        Path samples = dir.resolve(SAMPLES);
        if (Files.isRegularFile(samples)) {
            report.preformatted("Samples after each epoch", Files.readString(samples, StandardCharsets.UTF_8));
        }
        String[][] images = {{"loss.png", "Loss per iteration"}, {"accuracy.png", "Accuracy per epoch"},
                {"confusion.png", "Confusion matrix on the test set"}, {"filters.png", "First-layer filters"},
                {TEMPLATES, "Learned weights of each class (templates)"},
                {"crossval.png", "Cross-validation on k"}};
        for (String[] img : images) {
            Path f = dir.resolve(img[0]);
            if (Files.isRegularFile(f)) {
                report.image(img[1], f);
            }
        }
        return report.build().write(dir.resolve(REPORT));
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
