package io.dendrite.viz;

import java.util.Collection;
import java.util.Map;

/** Argument checks shared by the plots; every message names the argument and the offending value. */
final class Checks {
    private Checks() {
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    static void nonEmpty(double[] values, String name) {
        notNull(values, name);
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " is empty: nothing to plot");
        }
    }

    static void nonEmpty(Map<?, ?> values, String name) {
        notNull(values, name);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty: nothing to plot");
        }
    }

    static void nonEmpty(Collection<?> values, String name) {
        notNull(values, name);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty: nothing to plot");
        }
    }

    /** Rejects NaN and infinities, naming the first bad index: a diverged run should say so, not draw garbage. */
    static void finite(double[] values, String name) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i]
                        + ": every value must be finite (did training diverge? plot the prefix before it)");
            }
        }
    }

    static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    static void sameLength(double[] a, String nameA, double[] b, String nameB) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(nameA + " has " + a.length + " values but " + nameB
                    + " has " + b.length + ": they must have one value per epoch each");
        }
    }
}
