package io.dendrite.cli;

import io.dendrite.data.Sampling;
import io.dendrite.data.text.CharStreams;
import io.dendrite.data.text.Fortunes;
import io.dendrite.data.text.TextCorpus;
import io.dendrite.data.text.Tokens;
import io.dendrite.io.AtomicFiles;
import io.dendrite.model.CharLanguageModel;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.ConsoleProgress;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import io.dendrite.train.TrainingDivergedException;
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
 * {@code dendrite lm train}: a {@link CharLanguageModel} trained by the Solver with truncated backpropagation through
 * time ({@code Sampling.STREAMS} over the text's consecutive windows, the state carried from batch to batch), Adam and
 * gradient clipping; writes a run folder with the model, histories, plots, held-out perplexity and samples per epoch,
 * and a report.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a character-level language model (truncated BPTT) into a run folder.",
                "Writes the model, its history, held-out perplexity and samples per epoch and",
                "an HTML report. With no options: a 2-layer LSTM on Debian's fortunes",
                "(fetched on first use)."})
final class LmTrainCommand implements Callable<Integer> {
    /** The options that shape a run, recorded in its checkpoint and compared on --resume. */
    static final List<String> RECORDED = List.of("corpus", "limit-chars", "cell", "embed", "hidden", "layers", "steps",
            "batch-size", "lr", "clip-norm", "seed", "epochs");
    /** Length of the samples written after every epoch. */
    static final int SAMPLE_LENGTH = 300;

    @Option(names = "--corpus", defaultValue = Fortunes.NAME, paramLabel = "fortunes|FILE",
            description = {"fortunes: Debian's fortune cookies (2.6 million characters, fetched and cached on first use,"
                    + " the last 10 % of each file held out); or a UTF-8 text file, its last 10 % held out (default: ${DEFAULT-VALUE})."})
    String corpus;

    @Option(names = "--limit-chars", defaultValue = "0",
            description = "Use only the first N characters of the training text and N/9 of the held-out text, for quick runs (default: all).")
    int limitChars;

    @Option(names = "--cell", defaultValue = "LSTM", description = "Recurrent cell: lstm, gru or rnn (default: ${DEFAULT-VALUE}).")
    CharLanguageModel.Cell cell;

    @Option(names = "--embed", defaultValue = "" + CharLanguageModel.DEFAULT_EMBED,
            description = "Size of a character's embedding (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--hidden", defaultValue = "" + CharLanguageModel.DEFAULT_HIDDEN,
            description = "Hidden size of every recurrent layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--steps", defaultValue = "50",
            description = "Truncated-BPTT length: characters per window; the state carries across windows (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", defaultValue = "32",
            description = "Streams read side by side: the text is cut into this many parts, one batch row each (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the training text (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam's learning rate; the loss is a mean per character (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip-norm", defaultValue = "5",
            description = "Clip the gradients to this global L2 norm before every update, 0 = off (default: ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the initialization and the samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--print-every", defaultValue = "100",
            description = "Iterations between progress lines when not on a terminal (default: ${DEFAULT-VALUE}).")
    int printEvery;

    @Option(names = "--out", description = "Run folder (default: runs/<date>-lm).")
    Path out;

    @Option(names = "--resume", description = {"Continue from the checkpoint in this run folder: options not given take"
            + " the run's values; --lr, --epochs and --out may change, any other option that differs is refused."})
    Path resume;

    @Option(names = "--overwrite", description = "Replace the previous run in --out: its files are removed first.")
    boolean overwrite;

    @Spec
    CommandSpec spec;

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
            validate();
        }
        Map<String, String> options = ResumedRun.current(spec, RECORDED);
        TextCorpus text = corpus();
        int[] trainIds = text.encodedTrain();
        int[] heldOut = text.encodedHeldOut();
        int[][] rows = windows(trainIds, "training");
        if (rows.length < batchSize) {
            throw new IllegalArgumentException("--batch-size " + batchSize + " exceeds the " + rows.length + " windows of "
                    + steps + " characters in the " + trainIds.length + " training characters; use a smaller"
                    + " --batch-size or --steps, or a longer text");
        }
        int[][] heldRows = heldOut.length > steps ? CharStreams.windows(heldOut, steps) : new int[0][];
        CharLanguageModel model = CharLanguageModel.builder(text.vocabulary()).cell(cell).embed(embed).hidden(hidden)
                .layers(layers).seed(seed).build();
        Path runDir = out != null ? out : (resume != null ? resume : defaultRunDir());
        Files.createDirectories(runDir);
        LmRunLog log = new LmRunLog(model, heldOut, batchSize * steps, SAMPLE_LENGTH, seed, runDir, System.out);

        System.out.printf(Locale.ROOT, "model    %s, %,d parameters%n", model, model.parameterCount());
        System.out.printf(Locale.ROOT, "corpus   %s: %,d training and %,d held-out characters, %d distinct%n",
                corpus, trainIds.length, heldOut.length, text.vocabulary().size());
        System.out.printf(Locale.ROOT, "streams  %d of %,d windows of %d characters; Adam lr %s, clip-norm %s, %d thread(s)%n",
                batchSize, rows.length / batchSize, steps, lr, clipNorm, Threads.count());
        Solver.Builder b = Solver.builder(model).train(Tokens.inputs(rows), rows).updateRule(new Adam(lr))
                .sampling(Sampling.STREAMS).batchSize(batchSize).numEpochs(epochs).clipNorm(clipNorm).seed(seed)
                .listener(ConsoleProgress.toStdout(printEvery)).listener(log).checkpointDir(runDir).options(options);
        if (heldRows.length >= batchSize) {   // STREAMS evaluation needs one window per stream
            b.validation(Tokens.inputs(heldRows), heldRows);
        } else {
            System.out.println("held-out " + heldOut.length + " characters: too few for " + batchSize + " streams of "
                    + steps + "; no validation accuracy (the best epoch is judged on training windows)");
        }
        Solver solver = b.build();
        if (checkpoint != null) {
            solver.resume(checkpoint);
            if (continuesInPlace) {
                AtomicFiles.removeTemporaries(runDir, java.time.Duration.ZERO);
            }
            int done = solver.history().epochs();
            log.continueFrom(resume, done);
            System.out.println("resume   " + resume + " after epoch " + done + " of " + epochs);
            if (changes.has("lr")) {
                solver.learningRate(lr);
            }
            for (String line : changes.lines()) {
                System.out.println("resume   " + line);
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", model.toString());
        settings.put("corpus", text.toString());
        settings.put("optimizer", "Adam lr " + lr);
        settings.put("clipNorm", "" + clipNorm);
        settings.put("steps (BPTT length)", "" + steps);
        settings.put("batchSize (streams)", "" + batchSize);
        settings.put("epochs", "" + epochs);
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

        double perplexity = heldOut.length >= 2 ? model.perplexity(heldOut) : Double.NaN;
        String sample = model.sample("", SAMPLE_LENGTH, 0.8, new Rng(seed));
        log.addSample("final model (epoch " + history.bestEpoch() + "), temperature 0.8", sample);
        log.write();
        Map<String, String> results = new LinkedHashMap<>();
        results.put("held-out perplexity", fmt(perplexity) + " (" + fmt(Math.log(perplexity) / Math.log(2))
                + " bits/char), model of epoch " + history.bestEpoch());
        results.put("best " + history.metric(), fmt(history.bestValAcc()) + " (epoch " + history.bestEpoch() + ")");
        double[] speeds = Arrays.stream(log.speeds()).filter(v -> !Double.isNaN(v)).toArray();
        results.put("training speed", speeds.length == 0 ? "-" : String.format(Locale.ROOT,
                "%.0f chars/s (mean of %d epoch%s, evaluation excluded)", Arrays.stream(speeds).average().orElseThrow(),
                speeds.length, speeds.length == 1 ? "" : "s"));
        double seconds = Arrays.stream(history.epochSeconds()).sum();
        results.put("training time", String.format(Locale.ROOT, "%.1f s (%.1f s/epoch)", seconds,
                seconds / Math.max(1, history.epochs())));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("corpus", corpus);
        metadata.put("heldOutPerplexity", Double.toString(perplexity));
        metadata.put("epochs", Integer.toString(history.epochs()));
        model.save(runDir.resolve(RunFolder.MODEL), metadata);
        RunFolder.writeHistory(runDir, history, settings, results);
        Path report = RunFolder.rebuildReport(runDir);
        System.out.printf(Locale.ROOT, "held-out perplexity %.3f (%.3f bits/char), model of epoch %d%n", perplexity,
                Math.log(perplexity) / Math.log(2), history.bestEpoch());
        System.out.println("sample at temperature 0.8:");
        System.out.println(sample);
        System.out.println("model    " + runDir.resolve(RunFolder.MODEL));
        System.out.println("report   " + report);
        return 0;
    }

    /** The corpus: Debian's fortunes from the cache (fetched first when missing) or a text file; cut to --limit-chars. */
    private TextCorpus corpus() throws IOException {
        TextCorpus full;
        if (corpus.toLowerCase(Locale.ROOT).equals(Fortunes.NAME)) {
            full = Fortunes.load();
        } else {
            Path file = Path.of(corpus);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--corpus " + corpus + ": no such file; give fortunes or a UTF-8"
                        + " text file");
            }
            full = TextCorpus.read(file);
        }
        if (limitChars == 0) {
            return full;
        }
        return new TextCorpus(corpus, prefix(full.train(), limitChars), prefix(full.heldOut(), limitChars / 9));
    }

    /** The first {@code n} code points of {@code s} (never half a surrogate pair). */
    private static String prefix(String s, int n) {
        return Character.codePointCount(s, 0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }

    private int[][] windows(int[] ids, String what) {
        if (ids.length < steps + 1) {
            throw new IllegalArgumentException("--corpus " + corpus + ": the " + what + " text has " + ids.length
                    + " characters, fewer than one window of --steps " + steps + " needs (" + (steps + 1) + ")");
        }
        return CharStreams.windows(ids, steps);
    }

    /** Checks every option before any work: one line naming the option, the value and what is allowed. */
    private void validate() {
        if (corpus == null || corpus.isBlank()) {
            throw OptionChecks.invalid("--corpus", "''", "fortunes or a text file");
        }
        OptionChecks.atLeast("--limit-chars", limitChars, 0, "a number of characters >= 0, 0 = all");
        OptionChecks.atLeast("--embed", embed, 1, "an embedding size >= 1");
        OptionChecks.atLeast("--hidden", hidden, 1, "a hidden size >= 1");
        OptionChecks.atLeast("--layers", layers, 1, "a number of layers >= 1");
        OptionChecks.atLeast("--steps", steps, 1, "a number of characters per window >= 1");
        OptionChecks.atLeast("--batch-size", batchSize, 1, "a number of streams >= 1");
        OptionChecks.atLeast("--epochs", epochs, 1, "a number of epochs >= 1");
        OptionChecks.positive("--lr", lr, "a finite learning rate > 0");
        OptionChecks.nonNegative("--clip-norm", clipNorm, "a finite norm >= 0, 0 = no clipping");
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
        OptionChecks.atLeast("--print-every", printEvery, 1, "a number of iterations >= 1");
        OptionChecks.nonEmpty("--out", out);
        OptionChecks.nonEmpty("--resume", resume);
    }

    private static Path defaultRunDir() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", stamp + "-lm");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
