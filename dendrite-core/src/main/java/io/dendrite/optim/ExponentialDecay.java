package io.dendrite.optim;

/**
 * cs231n's per-epoch learning-rate decay ({@code lr_decay}): after every epoch the rate is multiplied by
 * {@code decay}, so during epoch {@code e}
 * <pre>  lr_e = lr0 · decay^e</pre>
 * {@code decay = 1} keeps the rate constant; cs231n's Solver default is 1.0, its notebooks use 0.95.
 */
public final class ExponentialDecay implements LearningRateSchedule {
    /** cs231n's Solver default ({@value}): no decay. */
    public static final double DEFAULT_DECAY = 1.0;

    private final double decay;

    public ExponentialDecay(double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("invalid lr decay: " + decay
                    + " for ExponentialDecay (expected a factor in (0, 1], e.g. 0.95)");
        }
        this.decay = decay;
    }

    public double decay() {
        return decay;
    }

    @Override
    public double learningRate(double initialLr, int epoch) {
        return initialLr * Math.pow(decay, LearningRateSchedule.checkEpoch(epoch));
    }

    @Override
    public String toString() {
        return "ExponentialDecay(decay=" + decay + ")";
    }
}
