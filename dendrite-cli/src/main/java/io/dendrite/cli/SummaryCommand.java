package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code dendrite summary}: every layer of a saved model (or of a ready-made network built from train's model
 * options) with its output shape and parameter count, and the totals, as Keras' {@code model.summary()}.
 */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List a network's layers with their output shapes and parameter counts, and the totals.",
                "Give a model file, or no file and the options train takes (--model, --hidden, …) with --input-shape"
                        + " and --classes.",
                "Examples: dendrite summary runs/…/model.dnd;  dendrite summary --model deep-conv"})
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model file (.dnd) written by train or import.")
    Path modelFile;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    SampleOptions samples = new SampleOptions();

    @Override
    public Integer call() throws Exception {
        Network net;
        int[] shape;
        if (modelFile != null) {
            ModelStore.Loaded loaded = SavedModels.load(modelFile);
            net = loaded.network();
            shape = SavedModels.inputShape(loaded);
        } else {
            model.validate();
            Dataset described = samples.described();
            shape = described.sampleShape();
            net = model.build(described);
        }
        System.out.println("model    " + net.spec());
        System.out.print(net.summary(shape));
        return 0;
    }
}
