package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.data.Datasets;
import io.dendrite.data.TrainTest;
import io.dendrite.io.AtomicFiles;
import io.dendrite.model.GanModels;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.GanHistory;
import io.dendrite.train.GanListener;
import io.dendrite.train.GanProgress;
import io.dendrite.train.GanTrainer;
import io.dendrite.train.SampleQuality;
import io.dendrite.train.TrainingDivergedException;
import io.dendrite.viz.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dendrite gan train}: trains one of cs231n's GANs ({@link GanModels}) with the {@link GanTrainer} and writes a
 * run folder: the generator and discriminator, a checkpoint per epoch, a sample grid per epoch and at the end, the loss
 * curves, the sample quality per epoch ({@link SampleQuality}) and the report.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a GAN on MNIST-like digits as cs231n's GANs notebook: Adam (lr 1e-3, beta1 0.5) for both"
                + " networks, batch 128, noise uniform in [-1, 1], images scaled to [-1, 1].",
                "After every epoch: a grid of samples (samples-epoch-NN.png), the samples' quality judged by a classifier"
                        + " (class coverage, mean confidence, Frechet distance of its features) and a checkpoint."})
final class GanTrainCommand implements Callable<Integer> {
    /** The options that shape a run, recorded in its checkpoint and compared on --resume. */
    static final List<String> RECORDED = List.of("model", "dataset", "data", "limit", "seed", "batch-size", "lr", "beta1",
            "epochs", "classifier", "classifier-epochs", "quality-samples", "preview");
    /** What a resumed run may change: more epochs. */
    static final List<String> MAY_CHANGE = List.of("epochs");

    @Option(names = "--model", defaultValue = "dc",
            description = "fc (fully connected GAN), ls (LSGAN: fc's networks, least-squares losses) or dc (DCGAN) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data", description = "Folder with the dataset's standard idx files; default: the cache, fetched on first use.")
    Path dataPath;

    @Option(names = "--limit", defaultValue = "0",
            description = "Use only the first N training and N/5 test images, for quick runs (default: all).")
    int limit;

    @Option(names = "--epochs", description = "Number of epochs (default: 10 for fc and ls, 5 for dc, as the notebook).")
    Integer epochs;

    @Option(names = "--batch-size", defaultValue = "" + GanTrainer.DEFAULT_BATCH_SIZE,
            description = "Real images per batch, and as many samples (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + GanTrainer.DEFAULT_LEARNING_RATE,
            description = "Adam's learning rate, for both networks (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--beta1", defaultValue = "" + GanTrainer.DEFAULT_BETA1,
            description = "Adam's beta1, for both networks (default: ${DEFAULT-VALUE}).")
    double beta1;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights, batches and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--classifier", paramLabel = "FILE",
            description = "A classifier model file (e.g. from dendrite train on the same dataset) that judges the samples;"
                    + " default: a small convnet trained here on the training images, saved as classifier.dnd.")
    Path classifier;

    @Option(names = "--classifier-epochs", defaultValue = "1",
            description = "Epochs of the classifier trained here (default: ${DEFAULT-VALUE}).")
    int classifierEpochs;

    @Option(names = "--quality-samples", defaultValue = "" + GanTrainer.DEFAULT_QUALITY_SAMPLES,
            description = "Samples judged after every epoch, 0 = no quality measurement (default: ${DEFAULT-VALUE}).")
    int qualitySamples;

    @Option(names = "--preview", defaultValue = "" + GanTrainer.DEFAULT_PREVIEW,
            description = "Images in each sample grid, drawn from the same noise every epoch (default: ${DEFAULT-VALUE}).")
    int preview;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", description = "Run folder (default: runs/<date>-gan-<model>).")
    Path out;

    @Option(names = "--resume", description = {"Continue from the checkpoint in this run folder: options not given take"
            + " the run's values; --epochs and --out may change, any other option that differs is refused."})
    Path resume;

    @Option(names = "--overwrite", description = "Replace the previous run in --out: its files are removed first.")
    boolean overwrite;

    @Option(names = "--print-every", defaultValue = "100",
            description = "Iterations between progress lines (default: ${DEFAULT-VALUE}).")
    int printEvery;

    @Spec
    CommandSpec spec;

    /** What judged the samples, for the settings and the console. */
    private String classifierLine;

    @Override
    public Integer call() throws Exception {
        validate();
        Threads.set(threads);
        boolean continuesInPlace = resume != null
                && (out == null || out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize()));
        if (out != null && !continuesInPlace) {
            RunFolder.claim(out, overwrite);   // before any work: a re-used --out is refused at once
        }
        Path checkpoint = null;
        ResumedRun.Changes changes = null;
        if (resume != null) {
            checkpoint = ResumedRun.checkpoint(resume);
            changes = ResumedRun.apply(spec, resume, GanTrainer.recordedOptions(checkpoint), MAY_CHANGE);
            validate();   // the values taken from the run, too
        }
        if (epochs == null) {
            epochs = model.equalsIgnoreCase("dc") ? 5 : 10;
        }
        Map<String, String> options = ResumedRun.current(spec, RECORDED);
        GanModels.Gan gan = GanModels.of(model, seed);
        Path runDir = out != null ? out : (resume != null ? resume : Path.of("runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-gan-" + gan.kind()));
        Files.createDirectories(runDir);

        TrainTest data = load();
        Tensor images = GanTrainer.fromUnitRange(data.train().x(DType.F32));
        String dataLine = String.format(Locale.ROOT, "%s: %d train / %d test images %s", dataset, data.train().size(),
                data.test().size(), Shapes.format(data.train().sampleShape()));
        System.out.println("model    " + gan.kind() + " (" + gan.loss() + " losses), noise " + gan.noiseDim());
        System.out.println("data     " + dataLine);
        String judge = null;
        SampleQuality quality = null;
        if (qualitySamples > 0) {
            Network c = classifier(data, runDir);
            Tensor real = data.test().x(DType.F32);
            quality = SampleQuality.of(c, real.slice(0, Math.min(real.shape(0), 10_000)));
            judge = classifierLine;
        }
        Plots plots = Plots.defaults();
        GanTrainer.Builder b = GanTrainer.builder(gan).images(images).numEpochs(epochs).batchSize(batchSize).seed(seed)
                .generatorRule(new Adam(lr, beta1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON))
                .discriminatorRule(new Adam(lr, beta1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON))
                .previewCount(preview).checkpointDir(runDir).options(options)
                .listener(new GanProgress(System.out, printEvery))
                .listener(new GanListener() {
                    @Override
                    public void onEpochEnd(EpochSummary s) {
                        plots.filterGrid(GanTrainer.toUnitRange(s.samples()), 2, runDir.resolve(RunFolder.epochSamples(s.epoch())));
                    }
                });
        if (quality != null) {
            b.quality(quality, qualitySamples);
        }
        GanTrainer trainer = b.build();
        if (checkpoint != null) {
            trainer.resume(checkpoint);
            if (continuesInPlace) {
                AtomicFiles.removeTemporaries(runDir, java.time.Duration.ZERO);
            }
            System.out.println("resume   " + resume + " after epoch " + trainer.history().epochs() + " of " + epochs);
            for (String line : changes.lines()) {
                System.out.println("resume   " + line);
            }
        }
        System.out.println("optimizer Adam(lr " + lr + ", beta1 " + beta1 + ") for G and for D, " + Threads.count() + " thread(s)");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", "gan " + gan.kind() + " (" + gan.loss() + " losses)");
        settings.put("data", dataLine);
        settings.put("optimizer", "Adam lr=" + lr + " beta1=" + beta1 + " for each network");
        settings.put("epochs", "" + epochs);
        settings.put("batchSize", "" + batchSize);
        settings.put("seed", "" + seed);
        settings.put("threads", "" + Threads.count());
        if (judge != null) {
            settings.put("classifier", judge);
            settings.put("qualitySamples", "" + qualitySamples);
        }
        settings.put("java", System.getProperty("java.version"));
        GanHistory history;
        try {
            history = trainer.train();
        } catch (TrainingDivergedException e) {
            writeHistory(runDir, trainer.history(), plots);
            RunFolder.writeProperties(runDir, settings, Map.of("diverged", e.getMessage()));
            throw e;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("gan", gan.kind());
        metadata.put("loss", gan.loss().toString());
        metadata.put("dataset", dataset);
        metadata.put("inputShape", "(" + gan.noiseDim() + ",)");
        metadata.put("pixelRange", "-1,1");
        metadata.put("epochs", "" + history.epochs());
        ModelStore.save(gan.generator(), metadata, runDir.resolve(RunFolder.GENERATOR));
        metadata.put("inputShape", Shapes.format(data.train().sampleShape()));
        ModelStore.save(gan.discriminator(), metadata, runDir.resolve(RunFolder.DISCRIMINATOR));
        plots.filterGrid(GanTrainer.toUnitRange(trainer.sample(preview, new io.dendrite.tensor.Rng(seed))), 2,
                runDir.resolve(RunFolder.SAMPLES));
        writeHistory(runDir, history, plots);
        Map<String, String> results = results(history);
        RunFolder.writeProperties(runDir, settings, results);
        Path report = RunFolder.rebuildReport(runDir);
        results.forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println("generator " + runDir.resolve(RunFolder.GENERATOR));
        System.out.println("samples  " + runDir.resolve(RunFolder.SAMPLES));
        System.out.println("report   " + report);
        return 0;
    }

    /** The last epoch's losses and quality, and the time per epoch. */
    private static Map<String, String> results(GanHistory h) {
        Map<String, String> r = new LinkedHashMap<>();
        int e = h.epochs();
        if (e == 0) {
            return r;
        }
        String[] lines = h.epochsCsv().split("\n");
        String[] last = lines[lines.length - 1].split(",");
        r.put("D loss (last epoch's mean)", last[1]);
        r.put("G loss (last epoch's mean)", last[2]);
        if (h.hasQuality()) {
            r.put("class coverage", (int) h.coverage()[e - 1] + " classes with a sample at probability >= " + SampleQuality.CONFIDENCE);
            r.put("mean confidence", String.format(Locale.ROOT, "%.4f", h.confidence()[e - 1]));
            r.put("Frechet distance", String.format(Locale.ROOT, "%.3f", h.frechetDistance()[e - 1]));
        }
        double seconds = Arrays.stream(h.epochSeconds()).sum();
        r.put("training time", String.format(Locale.ROOT, "%.1f s (%.1f s/epoch)", seconds, seconds / e));
        return r;
    }

    /** history.csv, loss.csv, the loss curves and the quality figure. */
    private static void writeHistory(Path dir, GanHistory h, Plots plots) throws IOException {
        RunFolder.writeText(dir.resolve("history.csv"), h.epochsCsv());
        RunFolder.writeText(dir.resolve("loss.csv"), h.lossCsv());
        if (h.discriminatorLoss().length > 0 && allFinite(h.discriminatorLoss()) && allFinite(h.generatorLoss())) {
            plots.ganLosses(h.discriminatorLoss(), h.generatorLoss(), dir.resolve(RunFolder.GAN_LOSSES));
            plots.ganLosses(h.discriminatorLoss(), h.generatorLoss(), dir.resolve("gan-losses.svg"));
        }
        if (h.hasQuality()) {
            plots.sampleQuality(h.coverage(), h.confidence(), h.frechetDistance(), 10, dir.resolve(RunFolder.QUALITY));
        }
    }

    private static boolean allFinite(double[] v) {
        return Arrays.stream(v).allMatch(Double::isFinite);
    }

    /**
     * The classifier that judges the samples: --classifier, else the run folder's classifier.dnd (a resumed run keeps
     * its judge), else a small convnet trained now on the training images and saved there.
     */
    private Network classifier(TrainTest data, Path runDir) throws IOException {
        Path own = runDir.resolve(RunFolder.CLASSIFIER);
        Path earlier = resume != null ? resume.resolve(RunFolder.CLASSIFIER) : null;
        Path file = classifier != null ? classifier : earlier != null && Files.isRegularFile(earlier) ? earlier : null;
        if (file != null) {
            ModelStore.Loaded loaded = SavedModels.load(file);
            if (SavedModels.inputNormalizer(file, loaded).isPresent() || loaded.metadata().containsKey(SavedModels.FEATURES)) {
                throw new IllegalArgumentException("--classifier " + file + " standardizes its inputs or reads features;"
                        + " give a classifier trained on the images' pixels in [0, 1] (dendrite train --dataset " + dataset + ")");
            }
            int[] shape = SavedModels.inputShape(loaded);
            if (!Arrays.equals(shape, data.train().sampleShape())) {
                throw new IllegalArgumentException("--classifier " + file + " takes samples of shape " + Shapes.format(shape)
                        + ", the GAN makes " + Shapes.format(data.train().sampleShape()));
            }
            if (earlier != null && file.equals(earlier) && !own.equals(earlier)) {
                Files.copy(earlier, own, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            classifierLine = file + ", " + accuracyOn(loaded.network(), data.test());
            System.out.println("judge    " + classifierLine);
            return loaded.network();
        }
        System.out.println("judge    training a small convnet for " + classifierEpochs + " epoch(s) to score the samples");
        Network net = SampleQuality.trainClassifier(data.train().x(DType.F32), data.train().labels(),
                data.train().numClasses(), classifierEpochs, seed, null);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("inputShape", Shapes.format(data.train().sampleShape()));
        m.put("numClasses", "" + data.train().numClasses());
        m.put("pixelScale", DataOptions.pixelScale(dataset, false));
        if (!data.train().classNames().isEmpty()) {
            m.put("classNames", String.join(",", data.train().classNames()));
        }
        ModelStore.save(net, m, own);
        classifierLine = RunFolder.CLASSIFIER + " (trained here, " + classifierEpochs + " epoch(s)), " + accuracyOn(net, data.test());
        System.out.println("judge    " + classifierLine);
        return net;
    }

    private static String accuracyOn(Network net, Dataset test) {
        int[] predicted = net.predict(test.x(DType.F32));
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == test.label(i) ? 1 : 0;
        }
        return String.format(Locale.ROOT, "test accuracy %.4f", (double) correct / Math.max(1, predicted.length));
    }

    /** The dataset, cut to --limit; the GAN's networks take 1×28×28 images. */
    private TrainTest load() throws IOException {
        String name = dataset.toLowerCase(Locale.ROOT);
        if (!name.equals("mnist") && !name.equals("fashion-mnist")) {
            throw new IllegalArgumentException("unknown --dataset '" + dataset + "' for a GAN (expected mnist or fashion-mnist:"
                    + " the networks make 1×28×28 images)");
        }
        TrainTest tt = Datasets.load(name, dataPath);
        if (limit > 0) {
            tt = new TrainTest(tt.train().subset(0, Math.min(limit, tt.train().size())),
                    tt.test().subset(0, Math.min(Math.max(limit / 5, 2), tt.test().size())));
        }
        if (tt.train().size() < batchSize) {
            throw new IllegalArgumentException("--batch-size " + batchSize + " is larger than the " + tt.train().size()
                    + " training images" + (limit > 0 ? " left by --limit " + limit : "") + " — lower it or use more images");
        }
        return tt;
    }

    /** Checks every option before any work: one line naming the option, the value and what is allowed. */
    private void validate() {
        if (!GanModels.KINDS.contains(model.toLowerCase(Locale.ROOT))) {
            throw OptionChecks.invalid("--model", model, "one of fc, ls, dc");
        }
        if (limit < 0 || limit == 0 && spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--limit")) {
            throw OptionChecks.invalid("--limit", limit, "a positive number of images");
        }
        if (epochs != null) {
            OptionChecks.atLeast("--epochs", epochs, 1, "a number of epochs >= 1");
        }
        OptionChecks.atLeast("--batch-size", batchSize, 1, "a batch size >= 1");
        OptionChecks.positive("--lr", lr, "a finite learning rate > 0");
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw OptionChecks.invalid("--beta1", beta1, "a decay rate in [0, 1)");
        }
        OptionChecks.atLeast("--classifier-epochs", classifierEpochs, 1, "a number of epochs >= 1");
        if (qualitySamples != 0 && qualitySamples < 2) {
            throw OptionChecks.invalid("--quality-samples", qualitySamples, "a number of samples >= 2, or 0 for none");
        }
        OptionChecks.atLeast("--preview", preview, 1, "a number of images >= 1");
        if (preview > 10_000) {
            throw OptionChecks.invalid("--preview", preview, "at most 10000 images in one grid");
        }
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
        OptionChecks.atLeast("--print-every", printEvery, 1, "a number of iterations >= 1");
        OptionChecks.nonEmpty("--out", out);
        OptionChecks.nonEmpty("--resume", resume);
        OptionChecks.nonEmpty("--data", dataPath);
        OptionChecks.nonEmpty("--classifier", classifier);
    }
}
