package io.dendrite.cli;

import io.dendrite.model.CharLanguageModel;
import io.dendrite.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dendrite lm sample}: text from a trained character language model. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write text with a model trained by `dendrite lm train`.",
                "Prints the prime, then --length characters, each drawn at --temperature",
                "(0 = always the most likely character)."})
final class LmSampleCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, paramLabel = "FILE",
            description = "The model.dnd of an lm train run (or its run folder).")
    Path modelFile;

    @Option(names = "--prime", defaultValue = "",
            description = "Text the model reads first and continues; it starts the output (default: none, the model"
                    + " starts as after a line break).")
    String prime;

    @Option(names = "--length", defaultValue = "500", description = "Characters to write after the prime (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "0.8",
            description = "Softmax temperature: 1 samples the model's distribution, lower is more conservative, 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed: same seed, same text (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        OptionChecks.nonEmpty("--model-file", modelFile);
        OptionChecks.atLeast("--length", length, 0, "a number of characters >= 0");
        OptionChecks.nonNegative("--temperature", temperature, "a finite temperature >= 0, 0 = greedy");
        Path file = Files.isDirectory(modelFile) ? modelFile.resolve(RunFolder.MODEL) : modelFile;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--model-file " + modelFile + ": no such file; give the "
                    + RunFolder.MODEL + " of a `dendrite lm train` run folder");
        }
        CharLanguageModel model = CharLanguageModel.load(file).model();
        System.out.println(model.sample(prime, length, temperature, new Rng(seed)));
        return 0;
    }
}
