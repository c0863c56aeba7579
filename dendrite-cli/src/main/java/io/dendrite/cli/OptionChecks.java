package io.dendrite.cli;

import java.nio.file.Path;

/**
 * Range checks of numeric and path options, each failing with one line that names the option, the value and what is
 * allowed, e.g. {@code invalid --limit -5 (expected a positive number of examples)}.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    static IllegalArgumentException invalid(String option, Object value, String expected) {
        return new IllegalArgumentException("invalid " + option + " " + shown(value) + " (expected " + expected + ")");
    }

    /** {@code value ≥ min}. */
    static void atLeast(String option, long value, long min, String expected) {
        if (value < min) {
            throw invalid(option, value, expected);
        }
    }

    /** A finite {@code value > 0}. */
    static void positive(String option, double value, String expected) {
        if (!(Double.isFinite(value) && value > 0)) {
            throw invalid(option, value, expected);
        }
    }

    /** A finite {@code value ≥ 0}. */
    static void nonNegative(String option, double value, String expected) {
        if (!(Double.isFinite(value) && value >= 0)) {
            throw invalid(option, value, expected);
        }
    }

    /** A path option that, when given, is not empty (an empty one would silently mean the current folder). */
    static void nonEmpty(String option, Path path) {
        if (path != null && path.toString().isBlank()) {
            throw invalid(option, "''", "a non-empty path");
        }
    }

    /** A shape option such as {@code 1,28,28}: positive sizes, parsed as {@link SavedModels#parseShape} reads them. */
    static int[] shape(String option, String text) {
        try {
            return SavedModels.parseShape(text);
        } catch (IllegalArgumentException e) {
            throw invalid(option, "'" + text + "'", "positive sizes such as 1,28,28");
        }
    }

    private static String shown(Object value) {
        return String.valueOf(value);
    }
}
