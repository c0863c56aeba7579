package io.dendrite.optim;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs (PyTorch's {@code StepLR}):
 * <pre>  lr_e = lr0 · gamma^⌊e / stepSize⌋</pre>
 */
public final class StepDecay implements LearningRateSchedule {
    private final int stepSize;
    private final double gamma;

    public StepDecay(int stepSize, double gamma) {
        this.stepSize = Args.positive("StepDecay", "step size", stepSize);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("invalid gamma: " + gamma
                    + " for StepDecay (expected a factor in (0, 1], e.g. 0.1)");
        }
        this.gamma = gamma;
    }

    public int stepSize() {
        return stepSize;
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public double learningRate(double initialLr, int epoch) {
        return initialLr * Math.pow(gamma, LearningRateSchedule.checkEpoch(epoch) / stepSize);
    }

    @Override
    public String toString() {
        return "StepDecay(stepSize=" + stepSize + ", gamma=" + gamma + ")";
    }
}
