package io.dendrite.viz;

/**
 * Smoothing for noisy per-iteration curves such as the minibatch loss.
 *
 * <p>{@link #ema} is a bias-corrected exponential moving average, the same smoothing TensorBoard
 * applies to scalars: {@code m_t = w·m_{t-1} + (1-w)·x_t} with {@code m_0 = 0}, reported as
 * {@code m_t / (1 - w^t)}. The correction removes the pull towards zero at the start, so the
 * smoothed curve begins at the first value instead of near zero, and a constant input stays
 * exactly constant. A weight {@code w} averages over roughly the last {@code 1/(1-w)} values.
 */
public final class Smoothing {
    /** Default EMA weight of the old value: an effective window of about 20 iterations. */
    public static final double DEFAULT_EMA_WEIGHT = 0.95;

    private Smoothing() {
    }

    /**
     * Bias-corrected exponential moving average of {@code values}.
     *
     * @param weight weight of the old average, in [0, 1); 0 returns a copy of the input
     * @return a new array of the same length
     */
    public static double[] ema(double[] values, double weight) {
        Checks.notNull(values, "values");
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("EMA weight must be in [0, 1), got " + weight
                    + " (0 = no smoothing, 0.99 = average over about 100 values)");
        }
        double[] out = new double[values.length];
        double m = 0;
        double decay = 1; // w^t, kept as a running product to avoid pow per step
        for (int t = 0; t < values.length; t++) {
            m = weight * m + (1 - weight) * values[t];
            decay *= weight;
            out[t] = m / (1 - decay);
        }
        return out;
    }
}
