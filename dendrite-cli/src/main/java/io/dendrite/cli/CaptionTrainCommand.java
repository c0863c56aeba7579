package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.data.TrainTest;
import io.dendrite.data.text.CaptionData;
import io.dendrite.data.text.MnistCaptions;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.io.AtomicFiles;
import io.dendrite.model.CaptionEvaluation;
import io.dendrite.model.CaptionModel;
import io.dendrite.model.CaptionModels;
import io.dendrite.model.CaptioningRnn;
import io.dendrite.model.ImageEncoder;
import io.dendrite.model.CaptioningTransformer;
import io.dendrite.model.ModelSpec;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.ConsoleProgress;
import io.dendrite.train.History;
import io.dendrite.train.SlotEncoders;
import io.dendrite.train.Solver;
import io.dendrite.train.TrainingDivergedException;
import io.dendrite.viz.CaptionSamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dendrite caption train}: features of the images computed once (MNIST strips through {@code --encoder}, or
 * cs231n's COCO features as given), then a captioner of {@code --model} kind trained on them by the Solver; writes a
 * run folder and prints BLEU-1 and exact-caption accuracy of greedy captions of the held-out images.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an image captioner (cs231n's CaptioningRNN) and write the model, its history, curves, sample"
                + " captions and an HTML report to a run folder; prints BLEU-1 and exact-caption accuracy of greedy"
                + " captions of held-out images.",
                "Default task: MNIST strips of 1 to 4 digits captioned with their words (\"seven two\"), held-out strips"
                        + " made of test digits. --coco-npz: cs231n's COCO features and captions."})
final class CaptionTrainCommand implements Callable<Integer> {
    /** The options that shape a run, recorded in its checkpoint and checked on --resume (names without dashes). */
    static final List<String> RECORDED = List.of("data", "coco-npz", "vocab", "train-count", "val-count", "encoder",
            "encoder-digits", "encoder-epochs", "model", "cell", "hidden", "wordvec", "reg", "dtype", "seed", "lr",
            "lr-decay", "batch-size", "epochs", "clip-norm");
    /** Digits held out to choose the encoder's best epoch (fewer when MNIST's training set is small). */
    static final int ENCODER_HELD_OUT = 1000;

    @Mixin
    CaptionDataOptions data = new CaptionDataOptions();

    @Option(names = "--model", defaultValue = CaptioningRnn.KIND,
            description = {"Kind of captioner: rnn (cs231n's CaptioningRNN) or transformer (the Transformer_Captioning"
                    + " notebook's decoder: --wordvec is its width E, --hidden its feed-forward width, 4 heads, 2"
                    + " layers; with the conv encoder each 28-pixel slot is one memory token) (default: ${DEFAULT-VALUE})."})
    String modelKind;

    @Option(names = "--cell", defaultValue = "lstm", description = "rnn: the recurrent cell, rnn, lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--encoder", defaultValue = "conv",
            description = {"MNIST: image features. conv: a small convnet trained here on single digits, its 64"
                    + " penultimate activations for each 28-pixel slot, in order (4 × 64); pixels: the 3136 pixels"
                    + " (default: ${DEFAULT-VALUE})."})
    String encoder;

    @Option(names = "--encoder-digits", defaultValue = "30000",
            description = "conv: MNIST training digits the encoder learns from (default: ${DEFAULT-VALUE}).")
    int encoderDigits;

    @Option(names = "--encoder-epochs", defaultValue = "2", description = "conv: epochs of the encoder (default: ${DEFAULT-VALUE}).")
    int encoderEpochs;

    @Option(names = "--train-count", defaultValue = "10000",
            description = "Training captions: MNIST strips made, or COCO captions drawn (default: ${DEFAULT-VALUE}).")
    int trainCount;

    @Option(names = "--val-count", defaultValue = "1000",
            description = "Held-out captions: MNIST strips of test digits, or COCO validation captions (default: ${DEFAULT-VALUE}).")
    int valCount;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden size H (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--wordvec", defaultValue = "64", description = "Word-vector size W (default: ${DEFAULT-VALUE}).")
    int wordvec;

    @Option(names = "--reg", defaultValue = "0", description = "L2 strength on the weight matrices (default: ${DEFAULT-VALUE}).")
    double reg;

    @Option(names = "--epochs", defaultValue = "10", description = "Number of epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "2e-3",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}; cs231n's 5e-3 learns the MNIST task more slowly).")
    double lr;

    @Option(names = "--lr-decay", defaultValue = "0.95",
            description = "Factor applied to the learning rate after every epoch (default: ${DEFAULT-VALUE}).")
    double lrDecay;

    @Option(names = "--clip-norm", defaultValue = "0",
            description = "Clip the gradients to this global L2 norm before every update, 0 = off (default: ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--dtype", defaultValue = "F32", description = "F32 or F64 (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the data, the encoder, the weights and the batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--samples", defaultValue = "12",
            description = "Held-out images shown with their captions in the report (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--print-every", defaultValue = "100",
            description = "Iterations between progress lines when not on a terminal (default: ${DEFAULT-VALUE}).")
    int printEvery;

    @Option(names = "--out", description = "Run folder (default: runs/<date>-caption-<cell>).")
    Path out;

    @Option(names = "--resume", description = {"Continue from the checkpoint in this run folder: options not given take"
            + " the run's values; --lr, --epochs and --out may change, any other option that differs is refused. The"
            + " conv encoder is trained again, identically, from --seed."})
    Path resume;

    @Option(names = "--overwrite", description = "Replace the previous run in --out (without this, an --out that holds a run is refused).")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    /** The features and captions a captioner trains and is judged on, and what made them. */
    private record Prepared(Tensor trainX, int[][] trainCaptions, Tensor valX, int[][] valCaptions, Vocabulary vocabulary,
                            ImageEncoder encoder, Tensor valImages, String description, Map<String, String> results) {
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Threads.set(threads);
        Path checkpoint = null;
        ResumedRun.Changes changes = null;
        boolean continuesInPlace = resume != null
                && (out == null || out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize()));
        if (out != null && !continuesInPlace) {
            RunFolder.claim(out, overwrite);   // before any work: a re-used --out is refused at once
        }
        if (resume != null) {
            checkpoint = ResumedRun.checkpoint(resume);
            changes = ResumedRun.apply(spec, resume, Solver.recordedOptions(checkpoint));
            validate();   // the values taken from the run, too
        }
        Map<String, String> options = ResumedRun.current(spec, RECORDED);
        Prepared p = data.coco() ? prepareCoco() : prepareMnist();
        CaptionModel model = CaptionModels.create(modelSpec(p.trainX().shape(1)), p.vocabulary(), dtype, seed);
        Path runDir = out != null ? out : (resume != null ? resume : defaultRunDir());
        Files.createDirectories(runDir);
        System.out.println("model    " + model);
        System.out.println("data     " + p.description());
        System.out.printf(Locale.ROOT, "optimizer Adam(lr=%s), lr decay %s, clip norm %s, %d thread(s)%n", lr, lrDecay,
                clipNorm > 0 ? clipNorm : "off", Threads.count());
        Solver solver = Solver.builder(model).train(p.trainX(), p.trainCaptions())
                .validation(p.valX(), p.valCaptions()).updateRule(new Adam(lr)).lrDecay(lrDecay).numEpochs(epochs)
                .batchSize(batchSize).clipNorm(clipNorm).seed(seed).listener(ConsoleProgress.toStdout(printEvery))
                .checkpointDir(runDir).options(options).build();
        if (checkpoint != null) {
            solver.resume(checkpoint);
            if (continuesInPlace) {
                AtomicFiles.removeTemporaries(runDir, java.time.Duration.ZERO);
            }
            int done = solver.history().epochs();
            System.out.println("resume   " + resume + " after epoch " + done + " of " + epochs);
            if (changes.has("lr")) {
                solver.learningRate(lr);
            }
            for (String line : changes.lines()) {
                System.out.println("resume   " + line);
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", model.spec().toString());
        settings.put("data", p.description());
        settings.put("encoder", p.encoder() == null ? "given features" : p.encoder().toString());
        settings.put("optimizer", "Adam(lr=" + lr + ")");
        settings.put("lrDecay", "" + lrDecay);
        settings.put("clipNorm", "" + clipNorm);
        settings.put("epochs", "" + epochs);
        settings.put("batchSize", "" + batchSize);
        settings.put("dtype", dtype.name());
        settings.put("seed", "" + seed);
        settings.put("threads", "" + Threads.count());
        settings.put("java", System.getProperty("java.version"));
        History history;
        try {
            history = solver.train();
        } catch (TrainingDivergedException e) {
            RunFolder.writeDiverged(runDir, solver.history(), settings, e.getMessage());
            throw e;
        }

        CaptionEvaluation eval = CaptionEvaluation.of(model, p.valX(), p.valCaptions(), 1);
        Map<String, String> results = new LinkedHashMap<>();
        results.put("held-out BLEU-1", TrainCommand.fmt(eval.bleu1()));
        results.put("held-out exact-caption accuracy", TrainCommand.fmt(eval.exact()));
        results.put("best validation " + history.metric(), TrainCommand.fmt(history.bestValAcc()) + " (epoch "
                + history.bestEpoch() + ")");
        double seconds = java.util.Arrays.stream(history.epochSeconds()).sum();
        results.put("training time", String.format(Locale.ROOT, "%.1f s (%.1f s/epoch)", seconds,
                seconds / Math.max(1, history.epochs())));
        results.putAll(p.results());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("dataset", data.coco() ? "coco" : "mnist");
        metadata.put("maxLength", Integer.toString(p.valCaptions()[0].length - 1));
        if (p.valImages() != null) {
            metadata.put("imageShape", Shapes.format(sampleShape(p.valImages())));
        }
        metadata.put("heldOutBleu1", TrainCommand.fmt(eval.bleu1()));
        metadata.put("heldOutExact", TrainCommand.fmt(eval.exact()));
        Path report = RunFolder.writeCaptions(runDir, new RunFolder.CaptionRun(model, p.encoder(), history, settings,
                results, metadata, samples(model.vocabulary(), p, eval)));
        System.out.printf(Locale.ROOT, "held-out BLEU-1 %.4f, exact-caption accuracy %.4f (%d images, greedy)%n",
                eval.bleu1(), eval.exact(), eval.hypotheses().length);
        System.out.println("model    " + runDir.resolve(RunFolder.MODEL));
        System.out.println("report   " + report);
        return 0;
    }

    /** MNIST strips of training and test digits, encoded once by the chosen encoder. */
    private Prepared prepareMnist() throws java.io.IOException {
        TrainTest mnist = data.mnist();
        CaptionData.Splits s = MnistCaptions.splits(mnist, trainCount, valCount, seed, false);
        Map<String, String> results = new LinkedHashMap<>();
        ImageEncoder enc;
        if (encoder.equalsIgnoreCase("pixels")) {
            enc = ImageEncoder.pixels();
        } else {
            Dataset digits = mnist.train();
            int held = Math.min(ENCODER_HELD_OUT, digits.size() / 6);
            int n = Math.min(encoderDigits, digits.size() - held);
            long start = System.nanoTime();
            SlotEncoders.Trained t = SlotEncoders.train(digits.subset(0, n), digits.subset(digits.size() - held,
                    digits.size()), encoderEpochs, seed, List.of());
            enc = t.encoder();
            System.out.printf(Locale.ROOT, "encoder  conv: %d digits, %d epoch(s), held-out digit accuracy %.4f"
                            + " (%d digits), %.1f s%n", n, encoderEpochs, t.heldOutAccuracy(), held,
                    (System.nanoTime() - start) / 1e9);
            results.put("encoder held-out digit accuracy", TrainCommand.fmt(t.heldOutAccuracy()));
        }
        long start = System.nanoTime();
        Tensor trainX = enc.encode(s.train().features()).to(dtype);
        Tensor valX = enc.encode(s.val().features()).to(dtype);
        System.out.printf(Locale.ROOT, "features %s: %d per image, %.1f s%n", encoder.toLowerCase(Locale.ROOT),
                trainX.shape(1), (System.nanoTime() - start) / 1e9);
        String description = String.format(Locale.ROOT, "MNIST strips of 1-%d digits %s: %d train (training digits)"
                        + " / %d held-out (test digits), captions of %d ids", MnistCaptions.MAX_DIGITS,
                Shapes.format(sampleShape(s.train().features())), trainCount, valCount, MnistCaptions.CAPTION_LENGTH);
        // one caption per strip, in order: the features' rows are the captions' rows
        return new Prepared(trainX, s.train().captions(), valX, s.val().captions(), s.train().vocabulary(), enc,
                s.val().features(), description, results);
    }

    /** cs231n's COCO: --train-count training and --val-count validation captions with their images' features. */
    private Prepared prepareCoco() throws java.io.IOException {
        CaptionData train = data.coco("train");
        CaptionData val = data.coco("val");
        CaptionData.Batch tr = CaptionDataOptions.pick(train, trainCount, seed);
        CaptionData.Batch va = CaptionDataOptions.pick(val, valCount, seed + 1);
        String description = String.format(Locale.ROOT, "%s: %d of %d training / %d of %d validation captions,"
                        + " features %s, %d words", data.describe(), tr.captions().length, train.size(),
                va.captions().length, val.size(), Shapes.format(sampleShape(train.features())),
                train.vocabulary().size());
        return new Prepared(tr.features().to(dtype), tr.captions(), va.features().to(dtype), va.captions(),
                train.vocabulary(), null, null, description, Map.of());
    }

    /** The first --samples held-out images (or, for COCO, captions) with their greedy and true captions. */
    private List<CaptionSamples.Sample> samples(Vocabulary v, Prepared p, CaptionEvaluation eval) {
        List<CaptionSamples.Sample> out = new ArrayList<>();
        int n = Math.min(samples, eval.hypotheses().length);
        for (int i = 0; i < n; i++) {
            Tensor image = p.valImages() == null ? null
                    : p.valImages().slice(i, i + 1).reshape(sampleShape(p.valImages()));
            out.add(new CaptionSamples.Sample(image, v.decodeToString(eval.hypotheses()[i]),
                    v.decodeToString(p.valCaptions()[i])));
        }
        return out;
    }

    private static int[] sampleShape(Tensor batch) {
        return java.util.Arrays.copyOfRange(batch.shape(), 1, batch.ndim());
    }

    /** The captioner's recipe from the options; a kind reads the options it knows. */
    private ModelSpec modelSpec(int inputDim) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("cell", CaptioningRnn.Cell.parse(cell).id());
        o.put("inputDim", Integer.toString(inputDim));
        o.put("wordvecDim", Integer.toString(wordvec));
        o.put("hiddenDim", Integer.toString(hidden));
        o.put("reg", Double.toString(reg));
        o.put("metric", data.coco() ? "bleu1" : "exact");   // COCO captions are almost never exactly right
        if (!data.coco() && encoder.equalsIgnoreCase("conv")) {
            o.put("memoryTokens", Integer.toString(MnistCaptions.MAX_DIGITS));   // the conv features are (slots · 64)
        }
        return new ModelSpec(modelKind.toLowerCase(Locale.ROOT), o);
    }

    /** Checks every option before any work: one line naming the option, the value and what is allowed. */
    private void validate() {
        data.validate();
        if (!CaptionModels.kinds().contains(modelKind.toLowerCase(Locale.ROOT))) {
            throw OptionChecks.invalid("--model", modelKind, String.join(" or ", CaptionModels.kinds()));
        }
        if (!List.of("rnn", "lstm", "gru").contains(cell.toLowerCase(Locale.ROOT))) {
            throw OptionChecks.invalid("--cell", cell, "rnn, lstm or gru");
        }
        if (!List.of("conv", "pixels").contains(encoder.toLowerCase(Locale.ROOT))) {
            throw OptionChecks.invalid("--encoder", encoder, "conv or pixels");
        }
        if (data.coco()) {
            for (String option : List.of("--encoder", "--encoder-digits", "--encoder-epochs")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " encodes MNIST images; with --coco-npz the features"
                            + " are cs231n's, as given: drop " + option);
                }
            }
        }
        OptionChecks.atLeast("--encoder-digits", encoderDigits, 1, "a number of digits >= 1");
        OptionChecks.atLeast("--encoder-epochs", encoderEpochs, 1, "a number of epochs >= 1");
        OptionChecks.atLeast("--train-count", trainCount, 1, "a number of captions >= 1");
        OptionChecks.atLeast("--val-count", valCount, 1, "a number of captions >= 1");
        OptionChecks.atLeast("--hidden", hidden, 1, "a hidden size >= 1");
        OptionChecks.atLeast("--wordvec", wordvec, 1, "a word-vector size >= 1");
        if (modelKind.equalsIgnoreCase(CaptioningTransformer.KIND) && wordvec % CaptioningTransformer.DEFAULT_HEADS != 0) {
            throw OptionChecks.invalid("--wordvec", Integer.toString(wordvec), "a multiple of "
                    + CaptioningTransformer.DEFAULT_HEADS + " for --model transformer (its attention heads)");
        }
        OptionChecks.nonNegative("--reg", reg, "a finite strength >= 0");
        OptionChecks.atLeast("--epochs", epochs, 1, "a number of epochs >= 1");
        OptionChecks.atLeast("--batch-size", batchSize, 1, "a batch size >= 1");
        OptionChecks.positive("--lr", lr, "a finite learning rate > 0");
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw OptionChecks.invalid("--lr-decay", lrDecay, "a factor in (0, 1]");
        }
        OptionChecks.nonNegative("--clip-norm", clipNorm, "a finite norm > 0, or 0 for no clipping");
        OptionChecks.atLeast("--samples", samples, 0, "a number of images >= 0");
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
        OptionChecks.atLeast("--print-every", printEvery, 1, "a number of iterations >= 1");
        OptionChecks.nonEmpty("--out", out);
        OptionChecks.nonEmpty("--resume", resume);
    }

    private Path defaultRunDir() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", stamp + "-caption-" + cell.toLowerCase(Locale.ROOT));
    }
}
