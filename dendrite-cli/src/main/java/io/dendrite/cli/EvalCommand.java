package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.data.TrainValTest;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.ConfusionMatrix;
import io.dendrite.viz.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dendrite eval}: accuracy, per-class accuracy and the confusion matrix of a saved model on a dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a saved model: accuracy, per-class accuracy (recall) and precision, and the confusion matrix.",
                "The dataset defaults to the one the model was trained on (recorded in the model file)."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "The model to evaluate, e.g. runs/RUN/model.dnd.")
    Path modelFile;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--split", defaultValue = "test",
            description = "Which part of the data: test, val or train (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--seed", description = "Seed for generated or shuffled data (spiral, csv) (default: the seed the model was built with).")
    Long seed;

    @Option(names = "--plot", paramLabel = "FILE", description = "Also draw the confusion matrix to FILE (.png or .svg).")
    Path plot;

    @Option(names = "--batch-size", defaultValue = "500", description = "Examples per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        data.validate();
        OptionChecks.atLeast("--batch-size", batchSize, 1, "a batch size >= 1");
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
        OptionChecks.nonEmpty("--plot", plot);
        Threads.set(threads);
        ModelStore.Loaded loaded = SavedModels.load(modelFile);
        Network net = loaded.network();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--dataset") && loaded.metadata().containsKey("dataset")) {
            data.dataset = loaded.metadata().get("dataset");
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--features")) {
            data.features = loaded.metadata().get(SavedModels.FEATURES);   // null for a model on pixels
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--preset") && loaded.metadata().containsKey("preset")) {
            data.preset = loaded.metadata().get("preset");   // the split and the raw pixels training used
        }
        if ("true".equals(loaded.metadata().get(DataOptions.MAP_LABELS))) {
            data.mapLabels = true;   // the labels were mapped for training: map them the same way
        }
        long s = seed != null ? seed : SavedModels.seed(net);
        TrainValTest all = data.load(s, SavedModels.inputNormalizer(modelFile, loaded).orElse(null));
        Dataset d = switch (split.toLowerCase(Locale.ROOT)) {
            case "test" -> all.test();
            case "val", "validation" -> all.val();
            case "train" -> all.train();
            default -> throw new IllegalArgumentException("unknown --split '" + split + "' (expected test, val or train)");
        };
        int numClasses = Integer.parseInt(net.spec().get("numClasses", "" + d.numClasses()));
        if (data.mapLabels && loaded.metadata().containsKey("classNames")
                && !String.join(",", d.classNames()).equals(loaded.metadata().get("classNames"))) {
            throw new IllegalArgumentException(data.dataPath + ": its labels map to classes ["
                    + String.join(",", d.classNames()) + "] but " + modelFile + " was trained on ["
                    + loaded.metadata().get("classNames") + "] — --map-labels needs the same label set");
        }
        int[] expected = SavedModels.inputShape(loaded);
        if (Shapes.size(expected) != d.sampleSize()) {
            throw new IllegalArgumentException(modelFile + " takes samples of shape " + Shapes.format(expected) + " but "
                    + dataName() + " has samples of shape " + Shapes.format(d.sampleShape())
                    + " — evaluate on the dataset the model was trained on (--dataset)");
        }
        if (d.numClasses() > numClasses) {
            throw new IllegalArgumentException(modelFile + " predicts " + numClasses + " classes but " + dataName()
                    + " has " + d.numClasses() + " — evaluate on the dataset the model was trained on");
        }
        DType dtype = SavedModels.dtype(net);
        Tensor x = d.x(dtype);
        int[] predicted = new int[d.size()];
        for (int i = 0; i < d.size(); i += batchSize) {
            int end = Math.min(d.size(), i + batchSize);
            System.arraycopy(net.predict(x.slice(i, end)), 0, predicted, i, end - i);
        }
        ConfusionMatrix confusion = new ConfusionMatrix(SavedModels.classNames(loaded.metadata(), d.classNames(), numClasses));
        confusion.add(predicted, d.labels());
        long correct = Math.round(confusion.accuracy() * d.size());
        System.out.println("model    " + net.spec());
        System.out.println("data     " + data.dataset + " " + split + ": " + d.size() + " examples of shape "
                + Shapes.format(d.sampleShape()));
        System.out.printf(Locale.ROOT, "accuracy %.4f (%d / %d)%n%n", confusion.accuracy(), correct, d.size());
        System.out.print(confusion);
        if (plot != null) {
            Plots.defaults().confusionMatrix(confusion, plot);
            System.out.println();
            System.out.println("plot     " + plot);
        }
        return 0;
    }

    /** The dataset as the user knows it: its name, and the file or folder it was read from. */
    private String dataName() {
        return data.dataset + (data.dataPath != null ? " (" + data.dataPath + ")" : "");
    }
}
