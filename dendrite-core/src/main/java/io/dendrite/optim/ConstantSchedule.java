package io.dendrite.optim;

/** The schedule that never changes the learning rate; get it from {@link LearningRateSchedule#constant()}. */
public final class ConstantSchedule implements LearningRateSchedule {
    static final ConstantSchedule INSTANCE = new ConstantSchedule();

    private ConstantSchedule() {
    }

    @Override
    public double learningRate(double initialLr, int epoch) {
        LearningRateSchedule.checkEpoch(epoch);
        return initialLr;
    }

    @Override
    public String toString() {
        return "constant";
    }
}
