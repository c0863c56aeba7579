package io.dendrite.cli;

import io.dendrite.data.Dataset;
import picocli.CommandLine.Option;

/** What a command that builds a network without data needs to know of the samples: their shape and the classes. */
final class SampleOptions {
    @Option(names = "--input-shape", defaultValue = "1,28,28", paramLabel = "C,H,W",
            description = "Shape of one sample, e.g. 784 or 3,32,32 (default: ${DEFAULT-VALUE}, MNIST).")
    String inputShape;

    @Option(names = "--classes", defaultValue = "10", description = "Number of classes (default: ${DEFAULT-VALUE}).")
    int classes;

    /** A dataset with no samples that describes them: what ModelOptions and DataOptions read to build and record. */
    Dataset described() {
        if (classes < 1) {
            throw new IllegalArgumentException("invalid --classes " + classes + " (expected >= 1)");
        }
        return new Dataset(new float[0], SavedModels.parseShape(inputShape), new int[0], classes);
    }
}
