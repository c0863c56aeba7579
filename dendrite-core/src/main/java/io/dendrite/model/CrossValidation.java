package io.dendrite.model;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * k-fold cross-validation over k for {@link KNearestNeighbor}, as cs231n's {@code knn.ipynb}: the training set is
 * split into {@code folds} contiguous folds ({@code np.array_split}: the first {@code N mod folds} folds get one
 * example more); for each fold, a classifier trained on the other folds predicts the held-out fold once for every
 * k, and the accuracies are kept per k and per fold.
 *
 * <pre>{@code
 * CrossValidation.Result r = CrossValidation.kNearestNeighbor(x, y, new int[]{1, 3, 5, 8, 10}, 5, Metric.L2);
 * System.out.print(r.table());            // k, accuracy per fold, mean, std; the best k marked
 * int k = r.bestK();
 * }</pre>
 *
 * <p>Each fold's distances are computed once: its held-out examples get their {@code max(k)} nearest neighbours,
 * nearest first ({@link KNearestNeighbor#nearest}), and every k votes among the first k of them — the same votes
 * as {@code predict(x, k)} for each k separately, at the cost of one.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** Examples [from, to) of one fold. */
    public record Fold(int from, int to) {
        public int size() {
            return to - from;
        }
    }

    /** {@code np.array_split(range(n), folds)}: contiguous folds, sizes differing by at most one, larger first. */
    public static List<Fold> folds(int n, int folds) {
        if (folds < 2 || folds > n) {
            throw new IllegalArgumentException("cross-validation needs 2 ≤ folds ≤ examples, got " + folds + " folds of "
                    + n + " examples");
        }
        List<Fold> out = new ArrayList<>(folds);
        int from = 0;
        for (int f = 0; f < folds; f++) {
            int size = n / folds + (f < n % folds ? 1 : 0);
            out.add(new Fold(from, from + size));
            from += size;
        }
        return out;
    }

    /**
     * Cross-validates k-NN over {@code ks}.
     *
     * @param x      examples (N, d1, …)
     * @param y      their labels
     * @param ks     values of k to try, each in [1, smallest training part]
     * @param folds  number of folds, in [2, N]
     * @param metric distance
     */
    public static Result kNearestNeighbor(Tensor x, int[] y, int[] ks, int folds, KNearestNeighbor.Metric metric) {
        if (x == null || y == null || ks == null) {
            throw new IllegalArgumentException("cross-validation: x, y and ks must not be null");
        }
        if (x.ndim() < 2 || x.shape(0) != y.length) {
            throw new IllegalArgumentException("cross-validation: x " + Shapes.format(x.shape()) + " must have one row per "
                    + "label, and y has " + y.length);
        }
        if (ks.length == 0) {
            throw new IllegalArgumentException("cross-validation: no values of k to try");
        }
        int n = y.length;
        List<Fold> parts = folds(n, folds);
        int smallestTrain = n - parts.get(0).size();
        int kMax = 0;
        for (int k : ks) {
            if (k < 1 || k > smallestTrain) {
                throw new IllegalArgumentException("cross-validation: k = " + k + " must be in [1, " + smallestTrain
                        + "] (the examples left for training when a fold of " + parts.get(0).size() + " is held out)");
            }
            kMax = Math.max(kMax, k);
        }
        double[][] acc = new double[ks.length][folds];
        for (int f = 0; f < folds; f++) {
            Fold held = parts.get(f);
            KNearestNeighbor knn = new KNearestNeighbor(metric);
            knn.train(allBut(x, held), allBut(y, held));
            int[][] nearest = knn.nearest(x.slice(held.from(), held.to()), kMax);
            int[] labels = knn.trainLabels();
            int[] counts = new int[knn.numClasses()];
            for (int ki = 0; ki < ks.length; ki++) {
                int correct = 0;
                for (int i = 0; i < held.size(); i++) {
                    correct += KNearestNeighbor.vote(nearest[i], ks[ki], labels, counts) == y[held.from() + i] ? 1 : 0;
                }
                acc[ki][f] = (double) correct / held.size();
            }
        }
        return new Result(ks, acc);
    }

    private static Tensor allBut(Tensor x, Fold held) {
        int n = x.shape(0);
        if (held.from() == 0) {
            return x.slice(held.to(), n);
        }
        if (held.to() == n) {
            return x.slice(0, held.from());
        }
        return Tensor.concat(0, x.slice(0, held.from()), x.slice(held.to(), n));
    }

    private static int[] allBut(int[] y, Fold held) {
        int[] out = new int[y.length - held.size()];
        System.arraycopy(y, 0, out, 0, held.from());
        System.arraycopy(y, held.to(), out, held.from(), y.length - held.to());
        return out;
    }

    /** Accuracies per k (rows, in the order tried) and per fold (columns). */
    public static final class Result {
        private final int[] ks;
        private final double[][] accuracies;

        Result(int[] ks, double[][] accuracies) {
            this.ks = ks.clone();
            this.accuracies = new double[accuracies.length][];
            for (int i = 0; i < accuracies.length; i++) {
                this.accuracies[i] = accuracies[i].clone();
            }
        }

        public int[] ks() {
            return ks.clone();
        }

        public int folds() {
            return accuracies[0].length;
        }

        /** {@code [k index][fold]}, a copy. */
        public double[][] accuracies() {
            double[][] out = new double[accuracies.length][];
            for (int i = 0; i < out.length; i++) {
                out[i] = accuracies[i].clone();
            }
            return out;
        }

        /** Mean accuracy over the folds for {@code ks()[kIndex]}. */
        public double mean(int kIndex) {
            return Arrays.stream(accuracies[kIndex]).average().orElse(Double.NaN);
        }

        /** Standard deviation over the folds (population, as {@code np.std}) for {@code ks()[kIndex]}. */
        public double std(int kIndex) {
            double mu = mean(kIndex), s = 0;
            for (double a : accuracies[kIndex]) {
                s += (a - mu) * (a - mu);
            }
            return Math.sqrt(s / accuracies[kIndex].length);
        }

        /** Index into {@link #ks()} of the highest mean accuracy; the smaller k on a tie. */
        public int bestIndex() {
            int best = 0;
            for (int i = 1; i < ks.length; i++) {
                double m = mean(i), b = mean(best);
                if (m > b || (m == b && ks[i] < ks[best])) {
                    best = i;
                }
            }
            return best;
        }

        public int bestK() {
            return ks[bestIndex()];
        }

        /** One line per k: k, the accuracy of each fold, mean and std; the best k marked. */
        public String table() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s", "k"));
            for (int f = 0; f < folds(); f++) {
                sb.append(String.format(Locale.ROOT, "  %7s", "fold " + (f + 1)));
            }
            sb.append(String.format(Locale.ROOT, "  %7s  %7s%n", "mean", "std"));
            int best = bestIndex();
            for (int i = 0; i < ks.length; i++) {
                sb.append(String.format(Locale.ROOT, "%4d", ks[i]));
                for (double a : accuracies[i]) {
                    sb.append(String.format(Locale.ROOT, "  %7.4f", a));
                }
                sb.append(String.format(Locale.ROOT, "  %7.4f  %7.4f%s%n", mean(i), std(i), i == best ? "  ← best" : ""));
            }
            return sb.toString();
        }

        /** {@code k,fold_1,…,fold_F,mean,std} and one row per k. */
        public String csv() {
            StringBuilder sb = new StringBuilder("k");
            for (int f = 0; f < folds(); f++) {
                sb.append(",fold_").append(f + 1);
            }
            sb.append(",mean,std\n");
            for (int i = 0; i < ks.length; i++) {
                sb.append(ks[i]);
                for (double a : accuracies[i]) {
                    sb.append(String.format(Locale.ROOT, ",%.6f", a));
                }
                sb.append(String.format(Locale.ROOT, ",%.6f,%.6f%n", mean(i), std(i)));
            }
            return sb.toString();
        }
    }
}
