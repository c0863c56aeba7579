package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.data.TrainValTest;
import io.dendrite.model.CrossValidation;
import io.dendrite.model.KNearestNeighbor;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.viz.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code dendrite crossval}: k-fold cross-validation of k-NN over k, as cs231n's knn notebook. */
@Command(name = "crossval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"k-fold cross-validation over k for k-nearest neighbours (cs231n assignment 1).",
                "Splits the training set into --folds contiguous folds; for each fold, trains on the others and measures "
                        + "accuracy on it for every k (each fold's distances computed once).",
                "Prints accuracy per k and fold with mean and std, marks the best k, and writes crossval.csv, "
                        + "crossval.png/.svg and report.html to --out.",
                "Here --val-size defaults to 0: the folds are the held-out data."})
final class CrossvalCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--model", defaultValue = "knn", description = "Model to cross-validate: knn (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--k", split = ",", defaultValue = "1,3,5,8,10,12,15,20", paramLabel = "K",
            description = "Values of k to try (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--folds", defaultValue = "5", description = "Number of folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--metric", defaultValue = "L2", description = "Distance: L2 (Euclidean) or L1 (Manhattan) (default: ${DEFAULT-VALUE}).")
    KNearestNeighbor.Metric metric;

    @Option(names = "--dtype", defaultValue = "F32", description = "F32 or F64 (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for generated or shuffled data (spiral, csv) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", description = "Run folder (default: runs/<date>-crossval).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!model.equalsIgnoreCase("knn")) {
            throw new IllegalArgumentException("unknown --model '" + model + "' for crossval (expected knn)");
        }
        data.validate();
        for (int k : ks) {
            OptionChecks.atLeast("--k", k, 1, "numbers of neighbours >= 1");
        }
        OptionChecks.atLeast("--folds", folds, 2, "a number of folds >= 2");
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
        OptionChecks.nonEmpty("--out", out);
        Threads.set(threads);
        if (!spec.commandLine().getParseResult().hasMatchedOption("--val-size")) {
            data.valSize = 0; // cross-validation makes its own held-out folds from the training set
        }
        TrainValTest split = data.load(seed);
        Dataset train = split.train();
        Path dir = out != null ? out : Path.of("runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-crossval");
        Files.createDirectories(dir);
        String ksText = Arrays.stream(ks).mapToObj(Integer::toString).collect(Collectors.joining(","));
        System.out.println("data     " + data.describe(split));
        System.out.printf(Locale.ROOT, "crossval knn (%s, %s), %d folds of the %d training examples, k in %s, %d thread(s)%n",
                metric, dtype, folds, train.size(), ksText, Threads.count());
        long start = System.nanoTime();
        CrossValidation.Result r = CrossValidation.kNearestNeighbor(train.x(dtype), train.labels(), ks, folds, metric);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println();
        System.out.print(r.table());
        int best = r.bestIndex();
        System.out.printf(Locale.ROOT, "%nbest k = %d: mean accuracy %.4f ± %.4f (%.1f s)%n", r.bestK(), r.mean(best),
                r.std(best), seconds);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", String.format(Locale.ROOT, "knn cross-validation (%s, %s)", metric, dtype));
        settings.put("data", data.describe(split));
        settings.put("folds", "" + folds);
        settings.put("k", ksText);
        settings.put("threads", "" + Threads.count());
        settings.put("java", System.getProperty("java.version"));
        Map<String, String> results = new LinkedHashMap<>();
        results.put("best k", "" + r.bestK());
        results.put("best mean accuracy", String.format(Locale.ROOT, "%.4f ± %.4f", r.mean(best), r.std(best)));
        results.put("time", String.format(Locale.ROOT, "%.1f s", seconds));
        RunFolder.writeProperties(dir, settings, results);
        RunFolder.writeText(dir.resolve(RunFolder.CROSSVAL_CSV), r.csv());
        Plots plots = Plots.defaults();
        plots.crossValidation(r.ks(), r.accuracies(), dir.resolve("crossval.png"));
        plots.crossValidation(r.ks(), r.accuracies(), dir.resolve("crossval.svg"));
        Path report = RunFolder.rebuildReport(dir);
        System.out.println("table    " + dir.resolve(RunFolder.CROSSVAL_CSV));
        System.out.println("plot     " + dir.resolve("crossval.png"));
        System.out.println("report   " + report);
        return 0;
    }
}
