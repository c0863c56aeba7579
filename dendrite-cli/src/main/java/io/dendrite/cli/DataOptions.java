package io.dendrite.cli;

import io.dendrite.data.CsvDataset;
import io.dendrite.data.Cs231nCifar10;
import io.dendrite.data.Dataset;
import io.dendrite.data.Datasets;
import io.dendrite.data.Normalizer;
import io.dendrite.data.Synthetic;
import io.dendrite.data.TrainTest;
import io.dendrite.data.TrainValTest;
import io.dendrite.data.features.FeatureFunction;
import io.dendrite.data.features.ImageFeatures;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The options that choose and split a dataset, shared by train, eval and search. */
final class DataOptions {
    /** The one preset: CIFAR-10 as cs231n's assignment 1 prepares it. */
    static final String CS231N = "cs231n";
    /** Metadata key: the CSV labels were mapped, in sorted order, to 0..C−1 (the originals are the class names). */
    static final String MAP_LABELS = "mapLabels";

    @Option(names = "--dataset", defaultValue = "mnist",
            description = "mnist, fashion-mnist, cifar10 (needs --data DIR), csv (needs --data FILE) or spiral (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data", description = "Folder with the dataset's standard files (or the CSV file); default: the cache, fetched on first use.")
    Path dataPath;

    @Option(names = "--val-size", defaultValue = "5000",
            description = "Training examples held out for validation (default: ${DEFAULT-VALUE}; spiral uses its training set).")
    int valSize;

    @Option(names = "--limit", defaultValue = "0",
            description = "Use only the first N training and N/5 test examples (CSV: the first N rows), read as the files"
                    + " load, for quick runs or a small heap (default: all).")
    int limit;

    @Option(names = "--label-column", defaultValue = "-1", description = "CSV: column of the label, -1 = last (default: ${DEFAULT-VALUE}).")
    int labelColumn;

    @Option(names = "--header", description = "CSV: the first line is a header.")
    boolean header;

    @Option(names = "--map-labels",
            description = "CSV: map integer labels that are not 0..C-1 (e.g. 1,2,3 or -1,1), in sorted order, to 0..C-1;"
                    + " the original labels are saved with the model as its class names (default: such labels are refused).")
    boolean mapLabels;

    @Option(names = "--features", paramLabel = "NAMES",
            description = "Use image features instead of pixels: hog, hsv or hog,hsv (cs231n's HOG and hue histogram; hsv needs"
                    + " colour images), standardized with the training set's mean and std (default: pixels; eval: the model's).")
    String features;

    @Option(names = "--preset", paramLabel = "NAME",
            description = {"Defaults taken from a course; options given explicitly still win. cs231n: CIFAR-10 as cs231n's"
                    + " assignment 1 loads it (implies --dataset cifar10): train on the first 49 000 training images,"
                    + " validate on the next 1 000 (--val-size), test on the first 1 000 test images, raw 0-255 pixels"
                    + " less the training mean image (no /255); --limit N trains on N images and tests on N/5."})
    String preset;

    /** The command this mixin is part of: tells options given on the command line from defaults. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Options a resumed run took from the run it continues ({@link ResumedRun}): they count as given. */
    final java.util.Set<String> takenFromRun = new java.util.HashSet<>();

    /** The normalizer the last {@link #load} fitted on the training split or was given; null when the data needs none. */
    private Normalizer normalizer;

    /** The feature functions of the last {@link #load}, null for pixels; and the shape of the images they were computed on. */
    private List<FeatureFunction> featureFns;
    private int[] imageShape;

    /**
     * Checks the numeric options (ranges), failing with one line that names the option; every command that uses these
     * options calls it before any work. --limit 0 is the default (all examples) and is refused only when given.
     */
    void validate() {
        if (limit < 0 || limit == 0 && mixee != null && mixee.commandLine() != null
                && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption("--limit")) {
            throw OptionChecks.invalid("--limit", limit, "a positive number of examples");
        }
        OptionChecks.atLeast("--val-size", valSize, 0, "a number of examples >= 0");
        OptionChecks.atLeast("--label-column", labelColumn, -1, "a column index >= 0, or -1 for the last");
        OptionChecks.nonEmpty("--data", dataPath);
    }

    TrainValTest load(long seed) throws IOException {
        return load(seed, null);
    }

    /**
     * Loads and splits the dataset as {@link #loadData}; with {@code --features}, replaces every image by its features,
     * standardized with {@code saved} (a trained model's) or with statistics fitted on the training features.
     */
    TrainValTest load(long seed, Normalizer saved) throws IOException {
        featureFns = features == null ? null : ImageFeatures.parse(features);
        TrainValTest s = loadData(seed, saved);
        if (featureFns == null) {
            return s;
        }
        imageShape = s.train().sampleShape();
        if (saved != null) {
            normalizer = saved;
            return ImageFeatures.extract(s, featureFns, saved);
        }
        ImageFeatures.Standardized f = ImageFeatures.extractStandardized(s, featureFns);
        normalizer = f.normalizer();
        return f.data();
    }

    /**
     * Loads and splits the dataset. Datasets that are standardized (CSV per feature, CIFAR-10 by the mean image) use
     * {@code saved} when given (a trained model's, so that evaluation sees what training saw), else one fitted on
     * the training split. With features, images stay unstandardized (pixels in [0, 1]) for the feature functions.
     */
    private TrainValTest loadData(long seed, Normalizer saved) throws IOException {
        normalizer = null;
        if (cs231n()) {
            return loadCs231n(saved);
        }
        String name = dataset.toLowerCase(Locale.ROOT);
        if (featureFns != null && (name.equals("spiral") || name.equals("csv"))) {
            throw new IllegalArgumentException("--features needs image data (mnist, fashion-mnist, cifar10); --dataset "
                    + dataset + " has no images");
        }
        switch (name) {
            case "spiral": {
                Dataset d = Synthetic.spiral(100, 3, new Rng(seed));
                return new TrainValTest(d, d, d);
            }
            case "csv": {
                if (dataPath == null) {
                    throw new IllegalArgumentException("--dataset csv needs --data FILE");
                }
                Dataset all = CsvDataset.load(dataPath, labelColumn, header, mapLabels, limit).shuffled(new Rng(seed));
                int n = all.size();
                int test = n / 10, val = Math.min(valSize, n / 10);
                Dataset train = all.subset(0, n - test - val);
                Normalizer norm = fitOrUse(saved, train);
                return new TrainValTest(norm.apply(train), norm.apply(all.subset(n - test - val, n - test)),
                        norm.apply(all.subset(n - test, n)));
            }
            case "cifar10":
            case "cifar-10": {
                TrainTest tt = Datasets.load("cifar10", dataPath, limit, testLimit());
                TrainValTest s = tt.withValidation(Math.min(valSize, tt.train().size() / 10));
                if (featureFns != null) {
                    return new TrainValTest(s.train().toUnitRange(), s.val().toUnitRange(), s.test().toUnitRange());
                }
                Normalizer norm = fitOrUse(saved, s.train().toUnitRange());
                return new TrainValTest(norm.apply(s.train().toUnitRange()), norm.apply(s.val().toUnitRange()),
                        norm.apply(s.test().toUnitRange()));
            }
            default: {
                TrainTest tt;
                try {
                    tt = Datasets.load(name, dataPath, limit, testLimit());
                } catch (IllegalArgumentException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith("unknown dataset")) {
                        throw new IllegalArgumentException("unknown --dataset '" + dataset
                                + "' (expected mnist, fashion-mnist, cifar10, csv or spiral)", e);
                    }
                    throw e;
                }
                return tt.withValidation(Math.min(valSize, tt.train().size() / 5));
            }
        }
    }

    /** True for {@code --preset cs231n}; then the dataset is CIFAR-10 (refusing another one given explicitly). */
    private boolean cs231n() {
        if (preset == null) {
            return false;
        }
        if (!preset.equalsIgnoreCase(CS231N)) {
            throw new IllegalArgumentException("unknown --preset '" + preset + "' (expected " + CS231N + ")");
        }
        boolean cifar = dataset.toLowerCase(Locale.ROOT).startsWith("cifar");
        if (!cifar && given("--dataset")) {
            throw new IllegalArgumentException("--preset cs231n prepares CIFAR-10, not --dataset " + dataset
                    + "; drop one of the two");
        }
        dataset = "cifar10";
        return true;
    }

    /** cs231n's split and mean-image subtraction on raw pixels, sized down by --limit and --val-size when given. */
    private TrainValTest loadCs231n(Normalizer saved) throws IOException {
        int numTrain = limit > 0 ? limit : Cs231nCifar10.NUM_TRAIN;
        int numVal = given("--val-size") ? valSize : Cs231nCifar10.NUM_VAL;
        TrainTest tt = Datasets.load("cifar10", dataPath, limit > 0 ? numTrain + numVal : 0, limit > 0 ? testLimit() : 0);
        int numTest = limit > 0 ? Math.min(testLimit(), tt.test().size()) : Cs231nCifar10.NUM_TEST;
        Cs231nCifar10.Prepared p;
        try {
            p = Cs231nCifar10.prepare(tt, numTrain, numVal, numTest, saved);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--preset cs231n: " + e.getMessage()
                    + (limit > 0 ? "" : " — it needs all of CIFAR-10; --limit N uses fewer"), e);
        }
        normalizer = p.meanImage();
        return p.data();
    }

    /** Whether {@code option} was given on the command line (false when this object was not made by picocli). */
    private boolean given(String option) {
        return takenFromRun.contains(option) || mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** {@code saved}, else CIFAR-10's mean image or per-feature standardization fitted on {@code train}; kept for the metadata. */
    private Normalizer fitOrUse(Normalizer saved, Dataset train) {
        normalizer = saved != null ? saved
                : dataset.toLowerCase(Locale.ROOT).startsWith("cifar") ? Normalizer.meanImage(train) : Normalizer.perChannel(train);
        return normalizer;
    }

    /** Test examples kept under --limit N: N/5, at least 1; 0 (all) without a limit. */
    private int testLimit() {
        return limit > 0 ? Math.max(limit / 5, 1) : 0;
    }

    private static String floats(Tensor t) {
        StringBuilder sb = new StringBuilder();
        for (float v : t.contiguous().floatData()) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }

    String describe(TrainValTest s) {
        return String.format(Locale.ROOT, "%s%s: %d train / %d validation / %d test, samples %s, %d classes", dataset,
                preset != null ? " (preset " + preset.toLowerCase(Locale.ROOT) + ")" : "",
                s.train().size(), s.val().size(), s.test().size(), Shapes.format(s.train().sampleShape()),
                s.train().numClasses())
                + (featureFns == null ? "" : ", " + ImageFeatures.describe(featureFns) + " features of images "
                + Shapes.format(imageShape));
    }

    /** What predict needs to know about the inputs of a model trained on this data. */
    /**
     * The pixel scaling a model trained on {@code dataset} expects: 1/255 for the MNIST family and CIFAR-10, none for
     * the rest — and for cs231n's preset, which keeps raw 0..255 pixels (its saved mean image applies to them unscaled).
     */
    static String pixelScale(String dataset, boolean cs231n) {
        String name = dataset.toLowerCase(Locale.ROOT);
        return !cs231n && (name.contains("mnist") || name.startsWith("cifar")) ? "1/255" : "none";
    }

    Map<String, String> modelMetadata(TrainValTest s) {
        boolean cs231n = cs231n();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        if (cs231n) {
            m.put("preset", CS231N);
        }
        m.put("inputShape", Shapes.format(s.train().sampleShape()));
        m.put("numClasses", "" + s.train().numClasses());
        if (!s.train().classNames().isEmpty()) {
            m.put("classNames", String.join(",", s.train().classNames()));
        }
        if (mapLabels && dataset.equalsIgnoreCase("csv")) {
            m.put(MAP_LABELS, "true"); // eval maps the same way; classNames holds the original labels
        }
        m.put("pixelScale", pixelScale(dataset, cs231n));
        if (featureFns != null) {
            m.put(SavedModels.FEATURES, ImageFeatures.describe(featureFns));
            m.put(SavedModels.IMAGE_SHAPE, Shapes.format(imageShape));
        }
        if (normalizer != null) {
            m.put(SavedModels.INPUT_MEAN, floats(normalizer.mean()));
            m.put(SavedModels.INPUT_STD, floats(normalizer.std()));
        }
        return m;
    }
}
