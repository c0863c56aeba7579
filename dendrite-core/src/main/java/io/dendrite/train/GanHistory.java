package io.dendrite.train;

import java.util.Locale;

/**
 * What a GAN run produced: the discriminator's and the generator's loss at every iteration, and per epoch the wall
 * time of its training iterations and the quality of its samples (class coverage, mean confidence, Fréchet distance;
 * NaN when the run measured none — see {@link SampleQuality}). Immutable: accessors return copies.
 */
public record GanHistory(double[] discriminatorLoss, double[] generatorLoss, double[] epochSeconds, double[] coverage,
                         double[] confidence, double[] frechetDistance) {
    public GanHistory {
        discriminatorLoss = discriminatorLoss.clone();
        generatorLoss = generatorLoss.clone();
        epochSeconds = epochSeconds.clone();
        coverage = coverage.clone();
        confidence = confidence.clone();
        frechetDistance = frechetDistance.clone();
    }

    @Override
    public double[] discriminatorLoss() {
        return discriminatorLoss.clone();
    }

    @Override
    public double[] generatorLoss() {
        return generatorLoss.clone();
    }

    @Override
    public double[] epochSeconds() {
        return epochSeconds.clone();
    }

    @Override
    public double[] coverage() {
        return coverage.clone();
    }

    @Override
    public double[] confidence() {
        return confidence.clone();
    }

    @Override
    public double[] frechetDistance() {
        return frechetDistance.clone();
    }

    /** Epochs finished. */
    public int epochs() {
        return epochSeconds.length;
    }

    /** Whether the epochs' samples were scored. */
    public boolean hasQuality() {
        return epochs() > 0 && !Double.isNaN(coverage[epochs() - 1]);
    }

    /** One line per epoch: epoch, mean D loss, mean G loss, seconds, coverage, confidence, fd ("-" when unmeasured). */
    public String epochsCsv() {
        StringBuilder sb = new StringBuilder("epoch,d_loss,g_loss,seconds,coverage,confidence,frechet_distance\n");
        int perEpoch = epochs() == 0 ? 0 : discriminatorLoss.length / epochs();
        for (int e = 0; e < epochs(); e++) {
            sb.append(e + 1).append(',').append(num(mean(discriminatorLoss, e * perEpoch, perEpoch))).append(',')
                    .append(num(mean(generatorLoss, e * perEpoch, perEpoch))).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", epochSeconds[e])).append(',')
                    .append(Double.isNaN(coverage[e]) ? "-" : Integer.toString((int) coverage[e])).append(',')
                    .append(num(confidence[e])).append(',').append(num(frechetDistance[e])).append('\n');
        }
        return sb.toString();
    }

    /** One line per iteration: iteration, D loss, G loss. */
    public String lossCsv() {
        StringBuilder sb = new StringBuilder("iteration,d_loss,g_loss\n");
        for (int i = 0; i < discriminatorLoss.length; i++) {
            sb.append(i + 1).append(',').append(discriminatorLoss[i]).append(',').append(generatorLoss[i]).append('\n');
        }
        return sb.toString();
    }

    private static double mean(double[] v, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += v[i];
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
