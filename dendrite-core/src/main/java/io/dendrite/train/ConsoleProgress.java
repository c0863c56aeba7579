package io.dendrite.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints training progress: on a terminal, one progress bar per epoch redrawn in place with the running loss,
 * throughput and ETA; elsewhere (logs, CI), one line every {@code printEvery} iterations. Always one summary
 * line per epoch.
 */
public final class ConsoleProgress implements TrainingListener {
    private static final int BAR_WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private final int printEvery;
    private int batchSize;
    private long epochStart;
    private double runningLoss = Double.NaN;

    public ConsoleProgress(PrintStream out, boolean interactive, int printEvery) {
        this.out = out;
        this.interactive = interactive;
        this.printEvery = Math.max(1, printEvery);
    }

    /** Progress to standard output, redrawn in place when it is a terminal. */
    public static ConsoleProgress toStdout(int printEvery) {
        return new ConsoleProgress(System.out, System.console() != null, printEvery);
    }

    @Override
    public void onStart(int numEpochs, int iterationsPerEpoch, int batchSize, int startEpoch) {
        this.batchSize = batchSize;
        out.printf(Locale.ROOT, "training %d epoch%s of %d iterations (batch %d)%s%n", numEpochs - startEpoch,
                numEpochs - startEpoch == 1 ? "" : "s", iterationsPerEpoch, batchSize,
                startEpoch > 0 ? ", resuming after epoch " + startEpoch : "");
    }

    @Override
    public void onIteration(int epoch, int iteration, int iterationsPerEpoch, double loss) {
        if (iteration == 1) {
            epochStart = System.nanoTime();
            runningLoss = loss;
        }
        runningLoss = 0.95 * runningLoss + 0.05 * loss;
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        double rate = iteration * batchSize / Math.max(seconds, 1e-9);
        double eta = (iterationsPerEpoch - iteration) * seconds / iteration;
        if (interactive) {
            int filled = (int) ((long) BAR_WIDTH * iteration / iterationsPerEpoch);
            out.printf(Locale.ROOT, "\repoch %d [%s%s] %d/%d loss %.4f  %.0f ex/s  ETA %s ", epoch,
                    "=".repeat(filled), " ".repeat(BAR_WIDTH - filled), iteration, iterationsPerEpoch, runningLoss,
                    rate, duration(eta));
            out.flush();
        } else if (iteration % printEvery == 0) {
            out.printf(Locale.ROOT, "  epoch %d iteration %d/%d loss %.4f  %.0f ex/s  ETA %s%n", epoch, iteration,
                    iterationsPerEpoch, loss, rate, duration(eta));
        }
    }

    @Override
    public void onEpochEnd(EpochSummary s) {
        if (interactive) {
            out.print("\r" + " ".repeat(BAR_WIDTH + 60) + "\r");
        }
        out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  train acc %.4f  val acc %s  lr %.3g  %.1fs (%.0f ex/s)%s%n",
                s.epoch(), s.numEpochs(), s.meanLoss(), s.trainAcc(),
                Double.isNaN(s.valAcc()) ? "-" : String.format(Locale.ROOT, "%.4f", s.valAcc()), s.learningRate(),
                s.seconds(), s.examplesPerSecond(), s.best() ? "  *best*" : "");
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
