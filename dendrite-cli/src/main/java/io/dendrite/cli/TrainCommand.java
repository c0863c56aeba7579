package io.dendrite.cli;

import io.dendrite.io.AtomicFiles;
import io.dendrite.data.TrainValTest;
import io.dendrite.model.KNearestNeighbor;
import io.dendrite.model.Network;
import io.dendrite.data.Augmentation;
import io.dendrite.optim.CosineAnnealing;
import io.dendrite.optim.LearningRateSchedule;
import io.dendrite.optim.StepDecay;
import io.dendrite.optim.UpdateRule;
import io.dendrite.optim.UpdateRules;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.ConsoleProgress;
import io.dendrite.train.History;
import io.dendrite.data.Sampling;
import io.dendrite.train.Solver;
import io.dendrite.train.TrainingDivergedException;
import io.dendrite.train.ConfusionMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dendrite train}: trains a network and writes a run folder with the model, histories, plots and a report.
 * Public and open for one reason: dendrite-spark's {@code spark-train} is this command with its rows on a cluster
 * ({@link #withData}), so that it takes the same options and prints the same lines.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network and write the model, its history, plots and an HTML report to a run folder.",
                "--model knn memorizes the training split instead and reports validation and test accuracy (--k, --metric).",
                "With no options: the book's SimpleConvNet on MNIST (fetched on first use) with Adam."})
public class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "Update rule: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", defaultValue = "1.0",
            description = "Factor applied to the learning rate after every epoch (default: ${DEFAULT-VALUE}).")
    double lrDecay;

    @Option(names = "--schedule",
            description = "Learning-rate schedule instead of --lr-decay: step:SIZE:GAMMA (multiply by GAMMA every SIZE epochs) or cosine[:MIN_LR] over --epochs.")
    String schedule;

    @Option(names = "--augment-pad", defaultValue = "0",
            description = "Random crops after zero-padding images by this many pixels, 0 = off (default: ${DEFAULT-VALUE}).")
    int augmentPad;

    @Option(names = "--augment-flip", description = "Random horizontal flips of training images (not for digits).")
    boolean augmentFlip;

    @Option(names = "--divergence-factor", defaultValue = "" + Solver.DEFAULT_DIVERGENCE_FACTOR,
            description = "Stop when the mean loss of the last " + Solver.DEFAULT_DIVERGENCE_WINDOW
                    + " iterations (or of one epoch, when shorter) exceeds this multiple of the first iteration's loss, 0 = off (default: ${DEFAULT-VALUE}).")
    double divergenceFactor;

    @Option(names = "--epochs", defaultValue = "2", description = "Number of epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--sampling", defaultValue = "SHUFFLE",
            description = "Batch sampling: SHUFFLE (each example once per epoch) or WITH_REPLACEMENT (as the seeds) (default: ${DEFAULT-VALUE}).")
    Sampling sampling;

    @Option(names = "--train-samples", defaultValue = "1000",
            description = "Training examples sampled to measure train accuracy each epoch, 0 = all (default: ${DEFAULT-VALUE}).")
    int trainSamples;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--k", defaultValue = "5",
            description = "knn: number of nearest neighbours that vote (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--metric", defaultValue = "L2",
            description = "knn: distance, L2 (Euclidean) or L1 (Manhattan) (default: ${DEFAULT-VALUE}).")
    KNearestNeighbor.Metric metric;

    @Option(names = "--out", description = "Run folder (default: runs/<date>-<model>).")
    Path out;

    @Option(names = "--resume", description = {"Continue from the checkpoint in this run folder: options not given take"
            + " the run's values; --lr, --epochs and --out may change, any other option that differs is refused."})
    Path resume;

    @Option(names = "--overwrite", description = {"Replace the previous run in --out: its files are removed first"
            + " (without this, an --out that holds a run is refused)."})
    boolean overwrite;

    @Option(names = "--print-every", defaultValue = "100",
            description = "Iterations between progress lines when not on a terminal (default: ${DEFAULT-VALUE}).")
    int printEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        Threads.set(threads);
        if (model.isKnn()) {
            if (resume != null) {
                throw new IllegalArgumentException("--resume does not apply to --model knn: it has no checkpoints");
            }
            Path dir = out != null ? out : defaultRunDir();
            if (out != null) {
                RunFolder.claim(out, overwrite);
            }
            Files.createDirectories(dir);
            return KnnRun.train(data, model.seed, model.dtype, k, metric, dir);
        }
        Path checkpoint = null;
        ResumedRun.Changes changes = null;
        boolean continuesInPlace = resume != null
                && (out == null || out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize()));
        if (out != null && !continuesInPlace) {
            RunFolder.claim(out, overwrite); // before any work: a re-used --out is refused at once
        }
        if (resume != null) {
            checkpoint = ResumedRun.checkpoint(resume);
            changes = ResumedRun.apply(spec, resume, Solver.recordedOptions(checkpoint));
            try {
                validate();   // the values taken from the run, too
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(checkpoint + ": the options it records do not hold up: " + e.getMessage()
                        + " — the checkpoint is damaged, or give the option on the command line", e);
            }
        }
        Map<String, String> options = ResumedRun.current(spec);
        TrainValTest split = data.load(model.seed);
        Network net = model.build(split.train());
        DType dtype = net.params().values().iterator().next().value().dtype();
        UpdateRule rule = UpdateRules.create(optimizer, lr);
        Path runDir = out != null ? out : (resume != null ? resume : defaultRunDir());
        Files.createDirectories(runDir);

        System.out.println("model    " + net.spec());
        System.out.println("data     " + data.describe(split));
        System.out.println("optimizer " + rule + ", lr decay " + lrDecay + ", " + Threads.count() + " thread(s)");
        Solver solver = withData(Solver.builder(net), net, split, dtype)
                .updateRule(rule).lrDecay(lrDecay).numEpochs(epochs).batchSize(batchSize).sampling(sampling)
                .numTrainSamples(trainSamples).seed(model.seed).divergenceFactor(checkDivergenceFactor())
                .listener(ConsoleProgress.toStdout(printEvery)).checkpointDir(runDir)
                .schedule(parseSchedule()).augmentation(augmentPad > 0 || augmentFlip
                        ? new Augmentation(augmentPad, augmentFlip, model.seed) : null)
                .options(options).build();
        if (checkpoint != null) {
            solver.resume(checkpoint);
            if (continuesInPlace) {
                // this run owns the folder now: what an interrupted write of the run left behind goes
                AtomicFiles.removeTemporaries(runDir, java.time.Duration.ZERO);
            }
            int done = solver.history().epochs();
            System.out.println("resume   " + resume + " after epoch " + done + " of " + epochs);
            if (changes.has("lr")) {
                solver.learningRate(lr);
            }
            for (String line : changes.lines()) {
                System.out.println("resume   " + line + (line.startsWith("--lr") ? ", used from epoch " + (done + 1) + " on" : ""));
            }
            if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
                System.out.println("resume   --out " + out + ": the continued run is written there; " + resume + " keeps its files");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", net.spec().toString());
        settings.put("data", data.describe(split));
        settings.put("optimizer", rule.toString());
        settings.put("lrDecay", "" + lrDecay);
        settings.put("epochs", "" + epochs);
        settings.put("batchSize", "" + batchSize);
        settings.put("sampling", sampling.name());
        settings.put("threads", "" + Threads.count());
        settings.put("divergenceFactor", "" + divergenceFactor);
        settings.put("java", System.getProperty("java.version"));
        History history;
        try {
            history = solver.train();
        } catch (TrainingDivergedException e) {
            // the run folder says so; no model is written, and the one-line message ends the command with status 1
            RunFolder.writeDiverged(runDir, solver.history(), settings, e.getMessage());
            throw e;
        }

        int[] predicted = net.predict(split.test().x(dtype));
        ConfusionMatrix confusion = ConfusionMatrix.of(predicted, split.test().labels(), split.test().numClasses());
        double testAcc = confusion.accuracy();
        Map<String, String> results = new LinkedHashMap<>();
        results.put("test accuracy", fmt(testAcc));
        results.put("best validation accuracy", fmt(history.bestValAcc()) + " (epoch " + history.bestEpoch() + ")");
        double seconds = java.util.Arrays.stream(history.epochSeconds()).sum();
        results.put("training time", String.format(Locale.ROOT, "%.1f s (%.1f s/epoch)", seconds,
                seconds / Math.max(1, history.epochs())));
        Path report = RunFolder.write(runDir, new RunFolder.Run(net, history, settings, results,
                data.modelMetadata(split), confusion));
        System.out.printf(Locale.ROOT, "test accuracy %.4f (%d examples)%n", testAcc, predicted.length);
        System.out.println("model    " + runDir.resolve(RunFolder.MODEL));
        System.out.println("plots    " + runDir + " (" + plotsIn(runDir) + ")");
        System.out.println("report   " + report);
        return 0;
    }

    /**
     * Gives the Solver its training and validation rows: here, the splits as tensors in {@code dtype}, in this process.
     * A subclass may hand them to somewhere else instead (a {@link io.dendrite.train.GradientSource}), and add the
     * options that shape that run to the checkpoint's ({@link Solver.Builder#options}).
     */
    protected Solver.Builder withData(Solver.Builder builder, Network net, TrainValTest split, DType dtype)
            throws Exception {
        return builder.train(split.train().x(dtype), split.train().labels())
                .validation(split.val().x(dtype), split.val().labels());
    }

    /** Checks every option before any work: one line naming the option, the value and what is allowed. */
    private void validate() {
        data.validate();
        model.validate();
        OptionChecks.atLeast("--epochs", epochs, 1, "a number of epochs >= 1");
        OptionChecks.atLeast("--batch-size", batchSize, 1, "a batch size >= 1");
        OptionChecks.positive("--lr", lr, "a finite learning rate > 0");
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw OptionChecks.invalid("--lr-decay", lrDecay, "a factor in (0, 1]");
        }
        OptionChecks.atLeast("--augment-pad", augmentPad, 0, "a number of pixels >= 0");
        OptionChecks.atLeast("--train-samples", trainSamples, 0, "a number of examples >= 0, 0 = all");
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
        OptionChecks.atLeast("--k", k, 1, "a number of neighbours >= 1");
        OptionChecks.atLeast("--print-every", printEvery, 1, "a number of iterations >= 1");
        OptionChecks.nonEmpty("--out", out);
        OptionChecks.nonEmpty("--resume", resume);
        checkDivergenceFactor();
        try {
            UpdateRules.create(optimizer, lr);   // an unknown name fails here, before any data is loaded
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--optimizer: " + e.getMessage(), e);
        }
    }

    private double checkDivergenceFactor() {
        if (!(divergenceFactor > 1 || divergenceFactor == 0)) {
            throw new IllegalArgumentException("invalid --divergence-factor " + divergenceFactor
                    + " (expected a number above 1, or 0 to turn the guard off)");
        }
        return divergenceFactor;
    }

    private LearningRateSchedule parseSchedule() {
        if (schedule == null) {
            return null;
        }
        String[] p = schedule.toLowerCase(Locale.ROOT).split(":");
        try {
            if (p[0].equals("step") && p.length == 3) {
                return new StepDecay(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
            }
            if (p[0].equals("cosine") && p.length <= 2) {
                return new CosineAnnealing(epochs, p.length == 2 ? Double.parseDouble(p[1]) : 0);
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("invalid --schedule '" + schedule + "' (expected step:SIZE:GAMMA or cosine[:MIN_LR])");
    }

    /** Names of the PNG plots RunFolder wrote, read from the folder rather than re-deciding which it makes. */
    private static String plotsIn(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted()
                    .map(n -> n.substring(0, n.length() - 4)).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    private Path defaultRunDir() {
        return RunFolder.defaultDir(model.type);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
