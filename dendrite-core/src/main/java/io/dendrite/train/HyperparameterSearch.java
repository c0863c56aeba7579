package io.dendrite.train;

import io.dendrite.tensor.Rng;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Random hyperparameter search (the book's section 6.5.3): each trial draws every hyperparameter from its
 * range — log-uniformly for scales such as the learning rate and weight decay, uniformly otherwise — runs the
 * caller's training function, which reports a validation accuracy, and ranks the trials best first.
 * The same seed draws the same trials. A trial whose training throws {@link TrainingDivergedException} (a
 * non-finite or runaway loss) is kept as diverged, with validation accuracy -1, and ranked last.
 */
public final class HyperparameterSearch {
    private final Map<String, Range> ranges = new LinkedHashMap<>();
    private int trials = 20;
    private long seed;

    /** A range to draw from. */
    public record Range(double lo, double hi, boolean logScale) {
        public Range {
            if (!(lo <= hi) || (logScale && !(lo > 0))) {
                throw new IllegalArgumentException("invalid range [" + lo + ", " + hi + "]"
                        + (logScale ? " (log-uniform ranges must be positive)" : ""));
            }
        }

        double draw(Rng rng) {
            return logScale ? Math.exp(rng.uniform(Math.log(lo), Math.log(hi))) : rng.uniform(lo, hi);
        }
    }

    /**
     * One trial's hyperparameters, its validation accuracy (-1 when it has none) and its history; a diverged
     * trial has an empty history, accuracy -1 and the exception's message in {@code diverged}, otherwise null.
     */
    public record Trial(int index, Map<String, Double> params, double valAcc, History history, String diverged) {
        public boolean isDiverged() {
            return diverged != null;
        }
    }

    /** Samples {@code name} log-uniformly in [lo, hi] (e.g. learning rate 1e-6..1e-2). */
    public HyperparameterSearch logUniform(String name, double lo, double hi) {
        ranges.put(name, new Range(lo, hi, true));
        return this;
    }

    /** Samples {@code name} uniformly in [lo, hi]. */
    public HyperparameterSearch uniform(String name, double lo, double hi) {
        ranges.put(name, new Range(lo, hi, false));
        return this;
    }

    public HyperparameterSearch trials(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("invalid number of trials: " + n);
        }
        this.trials = n;
        return this;
    }

    public HyperparameterSearch seed(long s) {
        this.seed = s;
        return this;
    }

    /** The hyperparameters of every trial, drawn in order from the seed, without training anything. */
    public List<Map<String, Double>> draws() {
        if (ranges.isEmpty()) {
            throw new IllegalStateException("no hyperparameter ranges given (call logUniform or uniform)");
        }
        Rng rng = new Rng(seed);
        List<Map<String, Double>> out = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, Double> p = new LinkedHashMap<>();
            ranges.forEach((name, range) -> p.put(name, range.draw(rng)));
            out.add(p);
        }
        return out;
    }

    /**
     * Runs every trial through {@code train}, which trains with the given hyperparameters and returns its
     * History (whose best validation accuracy ranks the trial); returns the leaderboard, best first, diverged
     * trials last.
     */
    public List<Trial> run(Function<Map<String, Double>, History> train) {
        List<Trial> results = new ArrayList<>();
        List<Map<String, Double>> draws = draws();
        for (int t = 0; t < draws.size(); t++) {
            try {
                History h = train.apply(draws.get(t));
                double acc = Double.isNaN(h.bestValAcc()) ? -1 : h.bestValAcc();
                results.add(new Trial(t + 1, draws.get(t), acc, h, null));
            } catch (TrainingDivergedException e) {
                History empty = new History(new double[0], new double[0], new double[0], new double[0], new double[0],
                        Double.NaN, 0);
                results.add(new Trial(t + 1, draws.get(t), -1, empty, e.getMessage()));
            }
        }
        results.sort(Comparator.comparing(Trial::isDiverged).thenComparing(Comparator.comparingDouble(Trial::valAcc)
                .reversed()).thenComparingInt(Trial::index));
        return results;
    }

    /** The leaderboard as a text table. */
    public static String table(List<Trial> board) {
        StringBuilder sb = new StringBuilder();
        if (board.isEmpty()) {
            return "(no trials)\n";
        }
        sb.append(String.format(Locale.ROOT, "%-5s %-6s %-9s", "rank", "trial", "val acc"));
        for (String name : board.get(0).params().keySet()) {
            sb.append(String.format(Locale.ROOT, " %-12s", name));
        }
        sb.append('\n');
        for (int r = 0; r < board.size(); r++) {
            Trial t = board.get(r);
            sb.append(String.format(Locale.ROOT, "%-5d %-6d %-9s", r + 1, t.index(),
                    t.isDiverged() ? "diverged" : String.format(Locale.ROOT, "%.4f", t.valAcc())));
            for (double v : t.params().values()) {
                sb.append(String.format(Locale.ROOT, " %-12.4g", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
