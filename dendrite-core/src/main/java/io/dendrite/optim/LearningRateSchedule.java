package io.dendrite.optim;

/**
 * The learning rate to use during an epoch, given the rule's initial learning rate. Epochs count from 0:
 * epoch 0 always trains with {@code initialLr} (for the schedules here), and the Solver sets
 * {@code schedule.learningRate(lr0, e)} on the rule before epoch {@code e}.
 *
 * <p>A schedule holds no learning rate of its own, so one schedule fits any rule:
 * {@link ExponentialDecay} (cs231n's {@code lr_decay}), {@link StepDecay}, {@link CosineAnnealing},
 * {@link #constant()}.
 */
public interface LearningRateSchedule {

    /** The learning rate for {@code epoch} (≥ 0) when training started with {@code initialLr}. */
    double learningRate(double initialLr, int epoch);

    /** No schedule: every epoch uses the initial learning rate. */
    static LearningRateSchedule constant() {
        return ConstantSchedule.INSTANCE;
    }

    /** Refuses a negative epoch; shared by the implementations. */
    static int checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("invalid epoch: " + epoch + " (epochs count from 0)");
        }
        return epoch;
    }
}
