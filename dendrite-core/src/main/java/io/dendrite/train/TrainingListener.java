package io.dendrite.train;

/** Receives the Solver's progress; {@link ConsoleProgress} prints it. All methods default to doing nothing. */
public interface TrainingListener {
    /** Called once before the first iteration. */
    default void onStart(int numEpochs, int iterationsPerEpoch, int batchSize, int startEpoch) {
    }

    /** Called after every iteration with its loss; {@code iteration} counts from 1 within the epoch. */
    default void onIteration(int epoch, int iteration, int iterationsPerEpoch, double loss) {
    }

    /** Called after every epoch with its evaluation. */
    default void onEpochEnd(EpochSummary summary) {
    }

    /**
     * What one epoch achieved; {@code trainAcc} and {@code valAcc} are accuracies, or for a sequence model the values
     * of its metric ({@link History#metric()}).
     */
    record EpochSummary(int epoch, int numEpochs, double meanLoss, double trainAcc, double valAcc,
                        double learningRate, double seconds, double examplesPerSecond, boolean best) {
    }
}
