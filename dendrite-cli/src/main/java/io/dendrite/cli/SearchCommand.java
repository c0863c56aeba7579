package io.dendrite.cli;

import io.dendrite.data.TrainValTest;
import io.dendrite.model.Network;
import io.dendrite.optim.UpdateRules;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.History;
import io.dendrite.train.HyperparameterSearch;
import io.dendrite.train.Solver;
import io.dendrite.train.TrainingDivergedException;
import io.dendrite.viz.SearchPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dendrite search}: random search over learning rate and regularization (the book's section 6.5.3). */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Random search over learning rate and L2 regularization (book 6.5.3).",
                "Each trial draws both log-uniformly from their ranges, trains for a few epochs and is ranked by its best"
                        + " validation accuracy.",
                "Prints the leaderboard and writes leaderboard.csv and search.png (validation accuracy against learning rate) to --out.",
                "Defaults as in the book: --model fc on the first --limit 500 training examples."})
final class SearchCommand implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 500;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--lr-range", split = ",", defaultValue = "1e-6,1e-2", paramLabel = "LO,HI",
            description = "Learning rates, drawn log-uniformly (default: ${DEFAULT-VALUE}).")
    double[] lrRange;

    @Option(names = "--reg-range", split = ",", defaultValue = "1e-8,1e-4", paramLabel = "LO,HI",
            description = "L2 regularization strengths, drawn log-uniformly (default: ${DEFAULT-VALUE}).")
    double[] regRange;

    @Option(names = "--trials", defaultValue = "20", description = "Number of trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs per trial (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "sgd",
            description = "Update rule: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", description = "Folder for leaderboard.csv and search.png (default: runs/<date>-search).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!spec.commandLine().getParseResult().hasMatchedOption("--model")) {
            model.type = "fc";
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--limit")) {
            data.limit = DEFAULT_LIMIT;
        }
        data.validate();
        model.validate();
        checkRange("--lr-range", lrRange);
        checkRange("--reg-range", regRange);
        OptionChecks.atLeast("--trials", trials, 1, "a number of trials >= 1");
        OptionChecks.atLeast("--epochs", epochs, 1, "a number of epochs >= 1");
        OptionChecks.atLeast("--batch-size", batchSize, 1, "a batch size >= 1");
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
        OptionChecks.nonEmpty("--out", out);
        Threads.set(threads);
        UpdateRules.create(optimizer, lrRange[0]); // an unknown optimizer fails before any training
        TrainValTest split = data.load(model.seed);
        Path dir = out != null ? out : Path.of("runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-search");
        Files.createDirectories(dir);
        System.out.println("data     " + data.describe(split));
        System.out.printf(Locale.ROOT, "search   %d trials of %d epochs, %s %s, lr in [%.3g, %.3g], reg in [%.3g, %.3g]%n", trials,
                epochs, model.type, optimizer, lrRange[0], lrRange[1], regRange[0], regRange[1]);
        HyperparameterSearch search = new HyperparameterSearch().logUniform("lr", lrRange[0], lrRange[1])
                .logUniform("reg", regRange[0], regRange[1]).trials(trials).seed(model.seed);
        int[] count = {0};
        List<HyperparameterSearch.Trial> board = search.run(p -> {
            count[0]++;
            long start = System.nanoTime();
            try {
                History h = trial(split, p);
                printTrial(count[0], p, String.format(Locale.ROOT, "%.4f", h.bestValAcc()), start);
                return h;
            } catch (TrainingDivergedException e) {
                printTrial(count[0], p, "diverged", start);
                throw e;   // the search keeps the trial as diverged and ranks it last
            }
        });
        System.out.println();
        System.out.print(HyperparameterSearch.table(board));
        StringBuilder csv = new StringBuilder("rank,trial,val_acc,lr,reg,diverged\n");
        double[] lr = new double[board.size()], reg = new double[board.size()], acc = new double[board.size()];
        for (int r = 0; r < board.size(); r++) {
            HyperparameterSearch.Trial t = board.get(r);
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6e,%.6e,%b%n", r + 1, t.index(), t.valAcc(),
                    t.params().get("lr"), t.params().get("reg"), t.isDiverged()));
            lr[r] = t.params().get("lr");
            reg[r] = t.params().get("reg");
            acc[r] = Math.max(0, t.valAcc());
        }
        RunFolder.writeText(dir.resolve("leaderboard.csv"), csv.toString());
        SearchPlot.write(lr, reg, acc, dir.resolve("search.png"));
        System.out.println("leaderboard " + dir.resolve("leaderboard.csv"));
        System.out.println("plot        " + dir.resolve("search.png"));
        return 0;
    }

    private void printTrial(int n, Map<String, Double> p, String acc, long start) {
        System.out.printf(Locale.ROOT, "trial %3d/%d  lr %.3e  reg %.3e  val acc %s  (%.1f s)%n", n, trials,
                p.get("lr"), p.get("reg"), acc, (System.nanoTime() - start) / 1e9);
    }

    private History trial(TrainValTest split, Map<String, Double> p) {
        model.reg = p.get("reg");
        Network net = model.build(split.train());
        DType dtype = SavedModels.dtype(net);
        Solver solver = Solver.builder(net)
                .train(split.train().x(dtype), split.train().labels())
                .validation(split.val().x(dtype), split.val().labels())
                .updateRule(UpdateRules.create(optimizer, p.get("lr"))).numEpochs(epochs).batchSize(batchSize)
                .seed(model.seed).build();
        return solver.train();
    }

    private static void checkRange(String name, double[] range) {
        if (range.length != 2 || !(range[0] > 0) || !(range[0] <= range[1]) || !Double.isFinite(range[1])) {
            throw new IllegalArgumentException("invalid " + name + " " + java.util.Arrays.toString(range)
                    + " (expected LO,HI with 0 < LO <= HI, e.g. 1e-6,1e-2)");
        }
    }
}
