package io.dendrite.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Counts of (actual class, predicted class) pairs, and the accuracies read from them.
 *
 * <p>Rows are actual classes, columns predicted ones: {@code count(actual, predicted)}. Per-class
 * accuracy, as the cs231n notebooks and the PyTorch tutorial report it ("accuracy of cat: 52 %"),
 * is the fraction of that class's examples classified correctly, which is its recall; precision
 * is the fraction of predictions of that class that are right. A class with no examples (or no
 * predictions) has an undefined recall (precision), reported as {@code NaN}, and printed as "-".
 * viz draws it as a heat map ({@code Plots.confusionMatrix}).
 */
public final class ConfusionMatrix {
    private final String[] classNames;
    private final long[][] counts;

    /** An empty matrix for classes named "0", "1", …. */
    public ConfusionMatrix(int numClasses) {
        this(defaultNames(numClasses));
    }

    /** An empty matrix for the given class names (one per class, in label order). */
    public ConfusionMatrix(String[] classNames) {
        Objects.requireNonNull(classNames, "classNames must not be null");
        if (classNames.length == 0) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class, got 0 class names");
        }
        for (int i = 0; i < classNames.length; i++) {
            if (classNames[i] == null) {
                throw new IllegalArgumentException("classNames[" + i + "] is null");
            }
        }
        this.classNames = classNames.clone();
        this.counts = new long[classNames.length][classNames.length];
    }

    /** A matrix filled from one batch of predictions. */
    public static ConfusionMatrix of(int[] predicted, int[] actual, int numClasses) {
        ConfusionMatrix m = new ConfusionMatrix(numClasses);
        m.add(predicted, actual);
        return m;
    }

    private static String[] defaultNames(int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        String[] names = new String[numClasses];
        for (int i = 0; i < numClasses; i++) {
            names[i] = Integer.toString(i);
        }
        return names;
    }

    /**
     * Adds one count per example; call once per batch to accumulate over a data set.
     *
     * @throws IllegalArgumentException if the arrays differ in length or hold a label outside
     *                                  [0, numClasses); nothing is added then
     */
    public ConfusionMatrix add(int[] predicted, int[] actual) {
        Objects.requireNonNull(predicted, "predicted must not be null");
        Objects.requireNonNull(actual, "actual must not be null");
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("predicted has " + predicted.length + " labels but actual has "
                    + actual.length + ": give one prediction per example");
        }
        int k = numClasses();
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("example " + i + ": actual " + actual[i] + ", predicted "
                        + predicted[i] + "; labels must be in [0, " + k + ") — is numClasses right?");
            }
        }
        for (int i = 0; i < actual.length; i++) {
            counts[actual[i]][predicted[i]]++;
        }
        return this;
    }

    public int numClasses() {
        return classNames.length;
    }

    public String[] classNames() {
        return classNames.clone();
    }

    /** How many examples of class {@code actual} were predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        checkClass(actual, "actual");
        checkClass(predicted, "predicted");
        return counts[actual][predicted];
    }

    /** A copy of the counts, {@code [actual][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Number of examples counted. */
    public long total() {
        long t = 0;
        for (long[] row : counts) {
            t += Arrays.stream(row).sum();
        }
        return t;
    }

    /** Examples of class {@code c} (row sum). */
    public long support(int c) {
        checkClass(c, "class");
        return Arrays.stream(counts[c]).sum();
    }

    /** Predictions of class {@code c} (column sum). */
    public long predictedCount(int c) {
        checkClass(c, "class");
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    /** Fraction of all examples classified correctly; {@code NaN} when empty. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return ratio(correct, total());
    }

    /** Fraction of class {@code c}'s examples classified correctly: the same as {@link #recall}. */
    public double classAccuracy(int c) {
        return recall(c);
    }

    /** TP / (TP + FN): of the examples of class {@code c}, the fraction predicted as {@code c}. */
    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    /** TP / (TP + FP): of the predictions of class {@code c}, the fraction that are right. */
    public double precision(int c) {
        return ratio(counts[c][c], predictedCount(c));
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    private void checkClass(int c, String what) {
        if (c < 0 || c >= numClasses()) {
            throw new IndexOutOfBoundsException(what + " " + c + " is outside [0, " + numClasses() + ")");
        }
    }

    /** A text table: per-class support, precision and recall, then the counts and overall accuracy. */
    @Override
    public String toString() {
        int k = numClasses();
        int nameWidth = "class".length();
        for (String n : classNames) {
            nameWidth = Math.max(nameWidth, n.length());
        }
        int countWidth = 5;
        for (long[] row : counts) {
            for (long v : row) {
                countWidth = Math.max(countWidth, Long.toString(v).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String nameFmt = "%-" + nameWidth + "s";
        sb.append(String.format(Locale.ROOT, nameFmt + "  %9s  %9s  %9s%n", "class", "support", "precision", "recall"));
        for (int c = 0; c < k; c++) {
            sb.append(String.format(Locale.ROOT, nameFmt + "  %9d  %9s  %9s%n",
                    classNames[c], support(c), percent(precision(c)), percent(recall(c))));
        }
        sb.append(String.format(Locale.ROOT, "%naccuracy %s (%d examples)%n%n", percent(accuracy()), total()));
        String rowFmt = "%-" + Math.max(nameWidth, "actual\\pred".length()) + "s";
        sb.append(String.format(Locale.ROOT, rowFmt, "actual\\pred"));
        String cell = "  %" + Math.max(countWidth, nameWidth) + "s";
        for (String n : classNames) {
            sb.append(String.format(Locale.ROOT, cell, n));
        }
        sb.append(System.lineSeparator());
        for (int a = 0; a < k; a++) {
            sb.append(String.format(Locale.ROOT, rowFmt, classNames[a]));
            for (int p = 0; p < k; p++) {
                sb.append(String.format(Locale.ROOT, cell, counts[a][p]));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
