package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.data.Synthetic;
import io.dendrite.model.Network;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.nn.WeightInit;
import io.dendrite.optim.OptimizerPaths;
import io.dendrite.optim.UpdateRules;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.train.Solver;
import io.dendrite.viz.Experiments;
import io.dendrite.viz.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dendrite plot}: the book's and cs231n's experiment pictures, each computed and drawn by the library. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw a classic picture (optimizers, weight-init or spiral) to a PNG or SVG file:",
                "  optimizers   SGD, Momentum, AdaGrad and Adam paths on f(x, y) = x²/20 + y² (book 6.1, its learning rates)",
                "  weight-init  activation histograms of a deep MLP on random inputs for std 0.01, Xavier and He (book 6.2);"
                        + " rows: init, columns: first, middle and last layer",
                "  spiral       decision boundary of a two-layer net trained on cs231n's 3-class spiral"})
final class PlotCommand implements Callable<Integer> {
    @Parameters(paramLabel = "KIND", description = "optimizers, weight-init or spiral.")
    String kind;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file, .png or .svg (default: KIND.png).")
    Path out;

    @Option(names = "--width", defaultValue = "1000", description = "Width in pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "750", description = "Height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", defaultValue = "30", description = "optimizers: update steps per path (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--activation", defaultValue = "sigmoid", description = "weight-init: sigmoid, relu or tanh (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--layers", defaultValue = "5", description = "weight-init: hidden layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--nodes", defaultValue = "100", description = "weight-init: units per layer (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--examples", defaultValue = "1000", description = "weight-init: random input examples (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--bins", defaultValue = "30", description = "weight-init: histogram bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--hidden", defaultValue = "100", description = "spiral: hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--epochs", defaultValue = "2000", description = "spiral: full-batch SGD steps (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "1.0", description = "spiral: SGD learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--reg", defaultValue = "1e-3", description = "spiral: L2 regularization (default: ${DEFAULT-VALUE}).")
    double reg;

    @Override
    public Integer call() throws Exception {
        String k = kind.toLowerCase(Locale.ROOT).replace('_', '-');
        Path file = out != null ? out : Path.of(k + ".png");
        Plots plots = Plots.defaults().size(width, height);
        switch (k) {
            case "optimizers" -> {
                Map<String, double[][]> paths = new LinkedHashMap<>();
                paths.put("SGD (lr 0.95)", OptimizerPaths.onBookFunction(UpdateRules.create("sgd", 0.95), steps));
                paths.put("Momentum (lr 0.1)", OptimizerPaths.onBookFunction(UpdateRules.create("momentum", 0.1), steps));
                paths.put("AdaGrad (lr 1.5)", OptimizerPaths.onBookFunction(UpdateRules.create("adagrad", 1.5), steps));
                paths.put("Adam (lr 0.3)", OptimizerPaths.onBookFunction(UpdateRules.create("adam", 0.3), steps));
                plots.optimizerPaths(paths, file);
            }
            case "weight-init" -> {
                Map<String, WeightInit> inits = new LinkedHashMap<>();
                inits.put("std 0.01", WeightInit.std(0.01));
                inits.put("Xavier", WeightInit.xavier());
                inits.put("He", WeightInit.he());
                plots.activationHistograms(Experiments.weightInitActivations(activation, inits, layers, nodes, examples,
                        new Rng(seed)), bins, file);
            }
            case "spiral" -> {
                Dataset d = Synthetic.spiral(100, 3, new Rng(seed));
                Network net = TwoLayerNet.builder().inputDim(2).hiddenDim(hidden).numClasses(3).weightScale(0.01)
                        .reg(reg).dtype(DType.F64).seed(seed).build();
                Solver solver = Solver.builder(net).train(d.x(DType.F64), d.labels()).validation(d.x(DType.F64), d.labels())
                        .updateRule(UpdateRules.create("sgd", lr)).numEpochs(epochs).batchSize(d.size())
                        .numTrainSamples(0).seed(seed).build();
                double acc = solver.train().bestValAcc();
                double[][] xy = new double[d.size()][];
                for (int i = 0; i < d.size(); i++) {
                    float[] s = d.sample(i);
                    xy[i] = new double[]{s[0], s[1]};
                }
                plots.decisionBoundary(Experiments.classifier2d(net), xy, d.labels(), 200, file);
                System.out.printf(Locale.ROOT, "training accuracy %.4f after %d epochs%n", acc, epochs);
            }
            default -> throw new IllegalArgumentException("unknown plot '" + kind + "' (expected optimizers, weight-init or spiral)");
        }
        System.out.println("plot     " + file);
        return 0;
    }
}
