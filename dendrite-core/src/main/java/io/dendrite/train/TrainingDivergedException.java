package io.dendrite.train;

/**
 * Thrown when the loss becomes NaN or infinite (the message says at which iteration and where the first bad value
 * appeared) or stays finite but runs away past the Solver's divergence bound (the message gives the window's mean
 * loss, the starting loss and the bound).
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int iteration;

    public TrainingDivergedException(String message, int iteration) {
        super(message);
        this.iteration = iteration;
    }

    /** The global iteration (from 1) at which training stopped. */
    public int iteration() {
        return iteration;
    }
}
