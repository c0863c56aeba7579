package io.dendrite.optim;

/** Argument checks shared by the update rules and schedules; every message names the value it refused. */
final class Args {
    private Args() {
    }

    static double learningRate(String owner, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("invalid learning rate: " + lr + " for " + owner
                    + " (expected a finite value >= 0, e.g. 1e-3)");
        }
        return lr;
    }

    /** A factor in [0, 1): momentum, decay rates, betas. 1 or more would let the running average never forget. */
    static double unitInterval(String owner, String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " for " + owner
                    + " (expected a value in [0, 1), e.g. 0.9)");
        }
        return value;
    }

    static double epsilon(String owner, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("invalid epsilon: " + eps + " for " + owner
                    + " (expected a finite value > 0 so that a zero gradient does not divide by zero, e.g. 1e-8)");
        }
        return eps;
    }

    static double nonNegative(String owner, String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " for " + owner
                    + " (expected a finite value >= 0)");
        }
        return value;
    }

    static int positive(String owner, String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " for " + owner
                    + " (expected an integer >= 1)");
        }
        return value;
    }

    /** Shape equality without {@code shape()}'s defensive copies, so that a training step allocates nothing. */
    static boolean sameShape(io.dendrite.tensor.Tensor a, io.dendrite.tensor.Tensor b) {
        int nd = a.ndim();
        if (nd != b.ndim()) {
            return false;
        }
        for (int k = 0; k < nd; k++) {
            if (a.shape(k) != b.shape(k)) {
                return false;
            }
        }
        return true;
    }
}
