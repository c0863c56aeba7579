package io.dendrite.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a GAN's training progress as the notebook does: one line every {@code printEvery} iterations with the
 * discriminator's and the generator's loss, and one summary line per epoch with the samples' quality.
 */
public final class GanProgress implements GanListener {
    private final PrintStream out;
    private final int printEvery;
    private int batchSize;
    private long epochStart;

    public GanProgress(PrintStream out, int printEvery) {
        this.out = out;
        this.printEvery = Math.max(1, printEvery);
    }

    @Override
    public void onStart(int numEpochs, int iterationsPerEpoch, int batchSize, int startEpoch) {
        this.batchSize = batchSize;
        this.epochStart = System.nanoTime();
        out.printf(Locale.ROOT, "training %d epoch%s of %d iterations (batch %d)%s%n", numEpochs - startEpoch,
                numEpochs - startEpoch == 1 ? "" : "s", iterationsPerEpoch, batchSize,
                startEpoch > 0 ? ", resuming after epoch " + startEpoch : "");
    }

    @Override
    public void onIteration(int epoch, int iteration, int iterationsPerEpoch, double dLoss, double gLoss) {
        if (iteration % printEvery == 0) {
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            out.printf(Locale.ROOT, "  epoch %d iteration %d/%d  D loss %.4f  G loss %.4f  %.0f ex/s  ETA %s%n", epoch,
                    iteration, iterationsPerEpoch, dLoss, gLoss, iteration * batchSize / Math.max(seconds, 1e-9),
                    ConsoleProgress.duration((iterationsPerEpoch - iteration) * seconds / iteration));
        }
    }

    @Override
    public void onEpochEnd(EpochSummary s) {
        epochStart = System.nanoTime();   // the next epoch's first iteration starts about now
        String quality = s.quality() == null ? "" : String.format(Locale.ROOT, "  coverage %d/%d  confidence %.3f  FD %.2f",
                s.quality().coverage(), s.quality().classCounts().length, s.quality().meanConfidence(),
                s.quality().frechetDistance());
        out.printf(Locale.ROOT, "epoch %d/%d  D loss %.4f  G loss %.4f  %.1fs%s%n", s.epoch(), s.numEpochs(),
                s.meanDiscriminatorLoss(), s.meanGeneratorLoss(), s.seconds(), quality);
    }
}
