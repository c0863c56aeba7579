package io.dendrite.cli;

import io.dendrite.model.CharLanguageModel;
import io.dendrite.tensor.Rng;
import io.dendrite.train.TrainingListener;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code dendrite lm train} measures after every epoch besides the Solver's history: the held-out perplexity,
 * the training speed in characters per second (iterations only, evaluation excluded) and samples at a few
 * temperatures — printed, and rewritten into the run folder's {@value RunFolder#PERPLEXITY_CSV} and
 * {@value RunFolder#TEXT_SAMPLES} after every epoch, so that an interrupted run keeps them and a resumed one continues them.
 */
final class LmRunLog implements TrainingListener {
    /** The temperatures of the samples written after every epoch. */
    static final double[] TEMPERATURES = {0.5, 0.8, 1.0};
    private static final String CSV_HEADER = "epoch,perplexity,bits_per_char,train_chars_per_second";
    private static final String SAMPLE_HEADER = "=== ";
    private static final java.util.regex.Pattern EPOCH_SAMPLE = java.util.regex.Pattern.compile("=== epoch (\\d+),");

    private final CharLanguageModel model;
    private final int[] heldOut;
    private final int charsPerIteration;
    private final int sampleLength;
    private final long seed;
    private final Path dir;
    private final PrintStream out;
    private final List<String> rows = new ArrayList<>();
    private final List<String> samples = new ArrayList<>();
    private long firstIteration;
    private long lastIteration;
    private int iterations;

    /**
     * @param heldOut           the held-out text's ids, or fewer than 2 for none (no perplexity)
     * @param charsPerIteration batch size × steps: the characters one iteration predicts
     */
    LmRunLog(CharLanguageModel model, int[] heldOut, int charsPerIteration, int sampleLength, long seed, Path dir,
             PrintStream out) {
        this.model = model;
        this.heldOut = heldOut;
        this.charsPerIteration = charsPerIteration;
        this.sampleLength = sampleLength;
        this.seed = seed;
        this.dir = dir;
        this.out = out;
    }

    /** Takes the rows and samples of epochs 1 … {@code epochs} from the folder of the run being resumed. */
    void continueFrom(Path runDir, int epochs) throws IOException {
        Path csv = runDir.resolve(RunFolder.PERPLEXITY_CSV);
        if (Files.isRegularFile(csv)) {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                if (!line.equals(CSV_HEADER) && !line.isBlank() && Integer.parseInt(line.split(",")[0]) <= epochs) {
                    rows.add(line);
                }
            }
        }
        Path text = runDir.resolve(RunFolder.TEXT_SAMPLES);
        if (Files.isRegularFile(text)) {
            for (String block : Files.readString(text, StandardCharsets.UTF_8).split("(?=" + SAMPLE_HEADER + ")")) {
                java.util.regex.Matcher m = EPOCH_SAMPLE.matcher(block);
                if (m.lookingAt() && Integer.parseInt(m.group(1)) <= epochs) {
                    samples.add(block);
                }
            }
        }
    }

    @Override
    public void onIteration(int epoch, int iteration, int iterationsPerEpoch, double loss) {
        long now = System.nanoTime();
        if (iteration == 1) {   // timing starts after the first iteration: it includes warm-up
            firstIteration = now;
            iterations = 0;
        } else {
            iterations++;
        }
        lastIteration = now;
    }

    /** Characters per second of the last epoch's iterations after its first; NaN for an epoch of one iteration. */
    double charsPerSecond() {
        return iterations == 0 ? Double.NaN : (double) iterations * charsPerIteration / ((lastIteration - firstIteration) / 1e9);
    }

    @Override
    public void onEpochEnd(EpochSummary s) {
        double perplexity = heldOut.length >= 2 ? model.perplexity(heldOut) : Double.NaN;
        double speed = charsPerSecond();
        rows.add(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.0f", s.epoch(), perplexity,
                Math.log(perplexity) / Math.log(2), speed));
        out.printf(Locale.ROOT, "epoch %d: held-out perplexity %s, training %.0f chars/s%n", s.epoch(),
                Double.isNaN(perplexity) ? "- (no held-out text)" : String.format(Locale.ROOT, "%.3f (%.3f bits/char)",
                        perplexity, Math.log(perplexity) / Math.log(2)), speed);
        for (int k = 0; k < TEMPERATURES.length; k++) {
            String text = model.sample("", sampleLength, TEMPERATURES[k], new Rng(seed + 1000L * s.epoch() + k));
            addSample("epoch " + s.epoch() + ", temperature " + TEMPERATURES[k], text);
            if (TEMPERATURES[k] == 0.8) {
                out.println("sample at temperature 0.8:");
                out.println(text);
            }
        }
        try {
            write();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + RunFolder.PERPLEXITY_CSV + " or " + RunFolder.TEXT_SAMPLES
                    + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds a sample under {@code title} (which, for epoch samples, starts with "epoch K,"). */
    void addSample(String title, String text) {
        samples.add(SAMPLE_HEADER + title + " ===\n" + text + (text.endsWith("\n") ? "\n" : "\n\n"));
    }

    /** Rewrites {@value RunFolder#PERPLEXITY_CSV} and {@value RunFolder#TEXT_SAMPLES} in the run folder. */
    void write() throws IOException {
        Files.createDirectories(dir);
        RunFolder.writeText(dir.resolve(RunFolder.PERPLEXITY_CSV), CSV_HEADER + "\n" + String.join("\n", rows)
                + (rows.isEmpty() ? "" : "\n"));
        RunFolder.writeText(dir.resolve(RunFolder.TEXT_SAMPLES), String.join("", samples));
    }

    /** The training speed of every epoch of this run so far (those resumed from included), characters per second. */
    double[] speeds() {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[3])).toArray();
    }
}
