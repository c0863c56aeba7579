package io.dendrite.train;

/** Thrown when the loss becomes NaN or infinite: says at which iteration and where the first bad value appeared. */
public final class TrainingDivergedException extends RuntimeException {
    private final int iteration;

    public TrainingDivergedException(String message, int iteration) {
        super(message);
        this.iteration = iteration;
    }

    /** The global iteration (from 1) whose loss was not finite. */
    public int iteration() {
        return iteration;
    }
}
