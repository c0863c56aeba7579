package io.dendrite.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What a training run produced: the loss of every iteration, train and validation accuracy after every
 * epoch, the learning rate and wall-clock seconds of every epoch, and the best validation accuracy
 * (whose parameters the Solver leaves in the model). Immutable: accessors return copies.
 *
 * <p>{@code metric} names what the "accuracy" histories hold: {@value #ACCURACY} for a classifier, the
 * {@link io.dendrite.model.SequenceModel#metricName() metric} of a sequence model (token accuracy, say) otherwise;
 * {@code bestValAcc} is then the best validation value of that metric.
 */
public record History(double[] lossHistory, double[] trainAccHistory, double[] valAccHistory,
                      double[] learningRates, double[] epochSeconds, double bestValAcc, int bestEpoch, String metric) {
    /** The metric of a classifier's History. */
    public static final String ACCURACY = "accuracy";

    public History {
        Objects.requireNonNull(metric, "History: metric name is null");
        lossHistory = lossHistory.clone();
        trainAccHistory = trainAccHistory.clone();
        valAccHistory = valAccHistory.clone();
        learningRates = learningRates.clone();
        epochSeconds = epochSeconds.clone();
    }

    /** A classifier's History: the histories hold accuracies. */
    public History(double[] lossHistory, double[] trainAccHistory, double[] valAccHistory, double[] learningRates,
                   double[] epochSeconds, double bestValAcc, int bestEpoch) {
        this(lossHistory, trainAccHistory, valAccHistory, learningRates, epochSeconds, bestValAcc, bestEpoch, ACCURACY);
    }

    @Override
    public double[] lossHistory() {
        return lossHistory.clone();
    }

    @Override
    public double[] trainAccHistory() {
        return trainAccHistory.clone();
    }

    @Override
    public double[] valAccHistory() {
        return valAccHistory.clone();
    }

    @Override
    public double[] learningRates() {
        return learningRates.clone();
    }

    @Override
    public double[] epochSeconds() {
        return epochSeconds.clone();
    }

    /** Number of completed epochs. */
    public int epochs() {
        return valAccHistory.length;
    }

    /**
     * Per-epoch table as CSV: epoch, train_acc, val_acc, learning_rate, seconds, mean_loss; for another metric than
     * accuracy its columns are named after it (train_token_accuracy, val_token_accuracy).
     */
    public String epochsCsv() {
        String column = ACCURACY.equals(metric) ? "acc" : metric.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        StringBuilder sb = new StringBuilder("epoch,train_" + column + ",val_" + column
                + ",learning_rate,seconds,mean_loss\n");
        int perEpoch = epochs() == 0 ? 0 : lossHistory.length / epochs();
        for (int e = 0; e < epochs(); e++) {
            double mean = perEpoch == 0 ? Double.NaN
                    : Arrays.stream(lossHistory, e * perEpoch, (e + 1) * perEpoch).average().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6g,%.3f,%.6f%n", e + 1, trainAccHistory[e],
                    valAccHistory[e], learningRates[e], epochSeconds[e], mean));
        }
        return sb.toString();
    }

    /** Per-iteration losses as CSV: iteration, loss. */
    public String lossCsv() {
        StringBuilder sb = new StringBuilder("iteration,loss\n");
        for (int i = 0; i < lossHistory.length; i++) {
            sb.append(i + 1).append(',').append(String.format(Locale.ROOT, "%.6f", lossHistory[i])).append('\n');
        }
        return sb.toString();
    }

    /** The whole history as a JSON object; it names the metric when that is not accuracy. */
    public String toJson() {
        String named = ACCURACY.equals(metric) ? ""
                : ",\n  \"metric\": \"" + metric.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return "{\n  \"bestValAcc\": " + num(bestValAcc) + ",\n  \"bestEpoch\": " + bestEpoch + named
                + ",\n  \"trainAcc\": " + arr(trainAccHistory) + ",\n  \"valAcc\": " + arr(valAccHistory)
                + ",\n  \"learningRate\": " + arr(learningRates) + ",\n  \"epochSeconds\": " + arr(epochSeconds)
                + ",\n  \"loss\": " + arr(lossHistory) + "\n}\n";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    private static String arr(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? ", " : "").append(num(values[i]));
        }
        return sb.append(']').toString();
    }
}
