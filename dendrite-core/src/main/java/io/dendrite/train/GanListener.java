package io.dendrite.train;

import io.dendrite.tensor.Tensor;

/** Receives a {@link GanTrainer}'s progress; {@link GanProgress} prints it. All methods default to doing nothing. */
public interface GanListener {
    /** Called once before the first iteration; {@code startEpoch} is the number of epochs a resumed run has done. */
    default void onStart(int numEpochs, int iterationsPerEpoch, int batchSize, int startEpoch) {
    }

    /** Called after every iteration (a discriminator step and a generator step); {@code iteration} counts from 1. */
    default void onIteration(int epoch, int iteration, int iterationsPerEpoch, double discriminatorLoss,
                             double generatorLoss) {
    }

    /** Called after every epoch, before its checkpoint is written. */
    default void onEpochEnd(EpochSummary summary) {
    }

    /**
     * What one epoch did.
     *
     * @param epoch                 the epoch just finished, from 1
     * @param meanDiscriminatorLoss mean of the epoch's discriminator losses
     * @param meanGeneratorLoss     mean of the epoch's generator losses
     * @param seconds               wall time of the epoch's training iterations (not of the quality measurement)
     * @param quality               the samples' quality, or null when the trainer measures none
     * @param samples               the generator's images for the trainer's fixed preview noise, in [−1, 1], (P, C, H, W)
     */
    record EpochSummary(int epoch, int numEpochs, double meanDiscriminatorLoss, double meanGeneratorLoss, double seconds,
                        SampleQuality.Scores quality, Tensor samples) {
    }
}
